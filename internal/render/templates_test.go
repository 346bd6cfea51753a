package render

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/templates"
)

// TestOldListTemplates checks that a site template printing a list whole,
// as templates did before lists came in pieces, is an error that says
// where and how to write it, and that ranging over a list is fine.
func TestOldListTemplates(t *testing.T) {
	tests := []struct {
		file, src, want string // want "" for no error
	}{
		{"index.html", `{{define "main"}}<ol>{{range .BriefingList}}{{.}}{{end}}</ol>{{end}}`, ""},
		{"index.html", "{{define \"main\"}}\n<ol>\n{{.BriefingList}}</ol>{{end}}",
			"templates/index.html:3:2: {{.BriefingList}} is a list of HTML pieces and would print as text; write {{range .BriefingList}}{{.}}{{end}}"},
		{"actor.html", `{{define "main"}}{{$a := .Actor}}{{if $a.Mentions}}<ol>{{$a.MentionList}}</ol>{{end}}{{end}}`,
			"templates/actor.html:1:57: {{$a.MentionList}} is a list"},
		{"month.html", `{{define "main"}}{{with index .Months 0}}{{.List}}{{end}}{{end}}`, "templates/month.html:1:43: {{.List}}"},
		{"actor.html", `{{define "main"}}{{.Actor.EventList}} {{len .Actor.MentionList}}{{end}}`, ""},
		{"base.html", `<body>{{block "main" .}}{{end}}{{with .Months}}{{range .}}{{.List}}{{end}}{{end}}</body>`, "templates/base.html:1:60: {{.List}}"},
	}
	for _, tt := range tests {
		site := fstest.MapFS{tt.file: {Data: []byte(tt.src)}}
		_, err := LoadTemplates(templates.FS, site)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%s:\nerror %v\nwant  %s…", tt.src, err, tt.want)
		}
	}
}

// TestTemplateProblemsCollected checks that every problem of every
// template is reported, each at templates/NAME.html:line[:col], and that
// html/template's escaping problems are found when the templates load.
func TestTemplateProblemsCollected(t *testing.T) {
	site := fstest.MapFS{
		"index.html":   {Data: []byte("{{define \"main\"}}\n{{.BriefingList}}\n{{.BriefingList}}{{end}}")},
		"tag.html":     {Data: []byte("{{define \"main\"}}\n\n{{if}}{{end}}")},
		"archive.html": {Data: []byte("{{define \"main\"}}<p {{if .Root}}title=\"a\"{{else}}>{{end}}</p>{{end}}")},
		"search.html":  {Data: []byte("{{define \"main\"}}{{nosuchfunc}}{{end}}")},
	}
	ts, problems := LoadTemplates(templates.FS, site)
	if ts != nil {
		t.Errorf("templates loaded despite the problems")
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		"templates/archive.html:1:25: {{if}} branches end in different contexts",
		"templates/index.html:2:2: {{.BriefingList}} is a list",
		"templates/index.html:3:2: {{.BriefingList}} is a list",
		"templates/search.html:1: function \"nosuchfunc\" not defined",
		"templates/tag.html:3: missing value for if",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n%s\nwant %s…", i, got[i], want[i])
		}
	}
}

// LoadTemplatesAgain gives the last templates again while their sources
// stay, and parses anew when one changes, is added or is removed; a
// load that fails leaves the last templates for the next.
func TestLoadTemplatesAgain(t *testing.T) {
	own := `{{define "main"}}<p>own</p>{{end}}`
	site := fstest.MapFS{"tag.html": {Data: []byte(own)}}
	first, problems := LoadTemplatesAgain(nil, templates.FS, site)
	if problems.Err() != nil {
		t.Fatal(problems.Err())
	}
	steps := []struct {
		name   string
		change func()
		same   bool // the last templates given again
		fails  bool
	}{
		{"nothing changed", func() {}, true, false},
		{"a template changed", func() { site["tag.html"] = &fstest.MapFile{Data: []byte(own + " ")} }, false, false},
		{"nothing changed since", func() {}, true, false},
		{"a template broken", func() { site["tag.html"] = &fstest.MapFile{Data: []byte("{{if}}")} }, false, true},
		{"mended as it was", func() { site["tag.html"] = &fstest.MapFile{Data: []byte(own + " ")} }, true, false},
		{"a template added", func() { site["archive.html"] = &fstest.MapFile{Data: []byte(own)} }, false, false},
		{"the site's template removed, the default's the same bytes", func() {
			data, err := templates.FS.ReadFile("archive.html")
			if err != nil {
				t.Fatal(err)
			}
			site["archive.html"] = &fstest.MapFile{Data: data}
		}, false, false},
		{"and removed", func() { delete(site, "archive.html") }, false, false},
	}
	last := first
	for _, step := range steps {
		step.change()
		got, problems := LoadTemplatesAgain(last, templates.FS, site)
		if step.fails {
			if got != nil || problems.Err() == nil {
				t.Errorf("%s: templates %p, problems %v; want none and an error", step.name, got, problems)
			}
			continue
		}
		if problems.Err() != nil {
			t.Fatalf("%s: %v", step.name, problems.Err())
		}
		if (got == last) != step.same {
			t.Errorf("%s: the last templates given again: %v, want %v", step.name, got == last, step.same)
		}
		last = got
	}
}

// TestExecutionErrors checks that a template that fails while a page is
// rendered (here a field no page has) is an error at its place in the
// template that names the page.
func TestExecutionErrors(t *testing.T) {
	site := fstest.MapFS{"search.html": {Data: []byte("{{define \"main\"}}\n<p>{{.Data.Nope}}</p>{{end}}")}}
	tmpl, problems := LoadTemplates(templates.FS, site)
	if problems.Err() != nil {
		t.Fatal(problems.Err())
	}
	err := Site(&model.Site{}, tmpl, discard{}, nil)
	var list diag.List
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("error %v, want a list of one", err)
	}
	if got, want := list[0].Error(), "templates/search.html:2:10: .Data.Nope: nil pointer evaluating interface {}.Nope (rendering search.html)"; got != want {
		t.Errorf("error\n%s\nwant\n%s", got, want)
	}
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
func (discard) Create(string) (io.WriteCloser, error) {
	return nopCloser{io.Discard}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
