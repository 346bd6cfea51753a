package render

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/templates"
)

// renderBothWays renders a site with the built-in templates, its pages
// written in Go, and again with html/template alone, and reports every
// file that differs: html/template is the oracle of gopages.go.
func renderBothWays(t *testing.T, name string, m *model.Site) {
	t.Helper()
	tmpl, problems := LoadTemplates(templates.FS, fstest.MapFS{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	var inGo []string
	for kind, ok := range tmpl.inGo {
		if ok {
			inGo = append(inGo, kind)
		}
	}
	if want := pageKinds; len(inGo) != len(want) {
		t.Fatalf("%s: pages in Go of %v, want every kind of page %v", name, inGo, want)
	}
	goOut := &memoryOutput{}
	if err := Site(m, tmpl, goOut, nil); err != nil {
		t.Fatal(err)
	}
	tmpl.inGo = nil
	templateOut := &memoryOutput{}
	if err := Site(m, tmpl, templateOut, nil); err != nil {
		t.Fatal(err)
	}
	if len(goOut.files) != len(templateOut.files) {
		t.Errorf("%s: %d files in Go, %d with html/template", name, len(goOut.files), len(templateOut.files))
	}
	paths := make([]string, 0, len(templateOut.files))
	for p := range templateOut.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	differ := 0
	for _, p := range paths {
		want, got := templateOut.files[p], goOut.files[p]
		if !bytes.Equal(got, want) {
			if differ++; differ <= 5 {
				t.Errorf("%s: %s differs from html/template's: %s", name, p, firstLineDiff(want, got))
			}
		}
	}
	if differ > 5 {
		t.Errorf("%s: and %d files more", name, differ-5)
	}
}

// hostile sets every value that the frame and the briefing page print
// to one html/template escapes in each place: quotes, '+', NUL, markup,
// invalid UTF-8, URLs with a scheme it refuses.
func hostile(m *model.Site) {
	const nasty = "a<b>&\"c'+d\x00e\xff é"
	m.Config.Title = "Title " + nasty
	m.Config.Description = "Description " + nasty
	m.Config.Author = "Author " + nasty
	m.Config.Language = "fr\"" + nasty
	m.Config.BaseURL = "javascript:alert(1)//x/"
	for i, b := range m.Briefings {
		b.Title += nasty
		b.File += nasty
		if i%2 == 0 {
			b.Seed.URL = "JavaScript:alert('x')"
			b.Seed.Source = nasty
			b.Seed.Author = ""
			b.Draft = true
		} else {
			b.Seed.URL = "https://example.org/a b?c=d+e&f=\"g\"%zz%41#é"
			b.Seed.Source = ""
			b.Seed.Author = "By " + nasty
		}
	}
	for i, a := range m.Actors {
		a.Name += nasty
		a.Aliases = append(a.Aliases, "alias "+nasty, "b+c")
		a.Wikidata = "Q1 " + nasty + "?x=1&y=%41"
		if i%2 == 0 {
			a.Wikidata = ""
		}
	}
	ov, _, _ := i18n.ParseOverrides(i18n.OverrideFile, []byte(
		"frame.skip: \"Skip <to> \\\"the\\\" & 'main' + text\"\nbriefing.article: \"Art+icle & <co>\"\n"))
	m.Lang, _ = i18n.New("fr", ov)
}

// TestPagesInGo compares the pages written in Go with html/template's on
// the example site, on sites whose lists span pages, and with values that
// need escaping everywhere.
func TestPagesInGo(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0

	months, _, _ := loadSite(t, "testdata/months.txtar")
	renderBothWays(t, "months.txtar", months)

	// A month of more than one page, an actor on several and one never
	// mentioned, no language set.
	big := bigSiteFS(2*monthPerPage/2 + 20)
	big["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Big\n")}
	big["content/actors/actors.yaml"] = &fstest.MapFile{Data: []byte(
		"- id: ada-lovelace\n  name: Ada Lovelace\n  kind: person\n- id: nobody\n  name: Nobody Here\n  kind: person\n")}
	renderBothWays(t, "bigSite", buildModel(t, big))

	nasty := bigSite(t, 40)
	hostile(nasty)
	renderBothWays(t, "hostile", nasty)

	example := os.DirFS("../..")
	content, problems := annotations.Load(example)
	seedFiles, serrs := seeds.Load(example)
	problems = append(problems, serrs...)
	m, mproblems := model.Build(content, seedFiles, model.Options{})
	if err := append(problems, mproblems...).Err(); err != nil {
		t.Fatal(err)
	}
	if len(m.Briefings) == 0 {
		t.Fatal("the example site has no briefings")
	}
	timelineInline = 2000
	renderBothWays(t, "example site", m)
	hostile(m)
	renderBothWays(t, "example site, hostile", m)
}

// TestPagesInGoRefuse: a page whose data the Go writers cannot show is
// left to the template, which says what is wrong at its place, as it did
// before the pages were written in Go; nothing of the Go frame is left
// before it.
func TestPagesInGoRefuse(t *testing.T) {
	tmpl, problems := LoadTemplates(templates.FS, fstest.MapFS{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	s := &model.Site{}
	for _, tt := range []struct {
		kind string
		data any
		want string
	}{
		{"briefing", &BriefingView{Briefing: &model.Briefing{}}, "templates/briefing.html:4:"},
		{"briefing", nil, "templates/base.html:"},
		{"actor", &ActorView{}, "templates/actor.html:"},
		{"month", nil, "templates/month.html:"},
	} {
		p := newPage(s, tt.kind, "x/y.html", "T", "D")
		p.Data = tt.data
		var buf bytes.Buffer
		buf.WriteString("before ")
		err := tmpl.execute(&buf, p)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s with %T: error %v, want one at %s", tt.kind, tt.data, err, tt.want)
		}
		if strings.Count(buf.String(), "<!DOCTYPE html>") > 1 || !strings.HasPrefix(buf.String(), "before ") {
			t.Errorf("%s with %T: the page's start twice, or what came before it lost:\n%.300s", tt.kind, tt.data, buf.String())
		}
	}
}
