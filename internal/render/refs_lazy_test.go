package render

import (
	"bytes"
	"testing"

	"github.com/briefing-dev/briefing/templates"
)

// TestPagesWithoutRefs: the actor and month pages that make the refs
// they list, as a build that remakes few of them does (refsPay), are
// those made with every briefing's refs made at once.
func TestPagesWithoutRefs(t *testing.T) {
	defer func(n, perPage int) { timelineInline, monthPerPage = n, perPage }(timelineInline, monthPerPage)
	timelineInline, monthPerPage = 0, 7
	m := bigSite(t, 120)
	tmpl, problems := LoadTemplates(templates.FS, nil)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	render := func(once bool) *memoryOutput {
		out := &memoryOutput{}
		r, err := newRun(m, tmpl, out)
		if err != nil {
			t.Fatal(err)
		}
		if !once {
			r.refs = func() briefingRefs { return nil }
		}
		var files []File
		for _, f := range r.files() {
			if f.Kind == "actor" || f.Kind == "month" {
				files = append(files, f)
			}
		}
		if err := r.make(files, func() {}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	once, each := render(true), render(false)
	if len(once.files) < 10 {
		t.Fatalf("only %d pages made", len(once.files))
	}
	for p, want := range once.files {
		if got := each.files[p]; !bytes.Equal(got, want) {
			t.Errorf("%s differs without the refs made at once", p)
		}
	}
}

// TestRefsPay: the refs are made at once for the pages that list at
// least as many entries as the site has briefings.
func TestRefsPay(t *testing.T) {
	pages := func(kind string, n int) []File {
		files := make([]File, n)
		for i := range files {
			files[i].Kind = kind
		}
		return files
	}
	for _, tt := range []struct {
		name      string
		todo      []File
		briefings int
		want      bool
	}{
		{"nothing to make", nil, 10000, false},
		{"a few actor pages", pages("actor", 4), 10000, false},
		{"a few month pages", pages("month", 3), 10000, false},
		{"other kinds alone", pages("briefing", 20000), 10000, false},
		{"every actor page", pages("actor", 10000/actorPerPage), 10000, true},
		{"every month page", pages("month", 10000/monthPerPage+1), 10000, true},
		{"a small site", pages("actor", 1), actorPerPage, true},
	} {
		if got := refsPay(tt.todo, tt.briefings); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
