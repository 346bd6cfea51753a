package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/model"
)

// TestReuseMatchesFreshModel builds a generated site's model with serve's
// caches, edits the site (a title, a seed's date, which moves its dates
// among the others', a deleted briefing, a new one), builds it again and
// compares what the model orders site-wide with a fresh build's; a build
// that fails comes between.
func TestReuseMatchesFreshModel(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 60)
	p := newPreview(dir, "", model.Options{})
	load := func(cached bool) *model.Site {
		t.Helper()
		opts, caches := model.Options{}, (*parseCaches)(nil)
		if cached {
			opts, caches = p.opts, p.parsed
		}
		m, _, errs := loadModelCached(mustOpenSite(t, dir), opts, "", caches)
		if errs != nil {
			t.Fatal(errs)
		}
		return m
	}
	load(true)

	names, _ := filepath.Glob(filepath.Join(dir, "content/briefings/*.md"))
	slices.Sort(names)
	edit := func(name, old, new string) {
		t.Helper()
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(name, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
	}
	for step := range 3 {
		b := names[7+step*11]
		edit(b, "\ntitle: ", fmt.Sprintf("\ntitle: Step %d, ", step))
		seed := filepath.Join(dir, "seeds", strings.TrimSuffix(filepath.Base(names[20+step]), ".md")+".txt")
		data, _ := os.ReadFile(seed)
		edit(seed, string(data[:len(" date 2020-01-02")]), fmt.Sprintf(" date 2021-0%d-15", step+3))
		os.Remove(names[40+step])
		copyFile(t, names[50+step], filepath.Join(dir, "content/briefings", fmt.Sprintf("2021-07-0%d-new.md", step+1)))

		// A build that fails between two that do, with a briefing
		// changed in it.
		edit(names[30+step], "\ntitle: ", fmt.Sprintf("\ntitle: Failed step %d, ", step))
		edit(names[5], "\nactors: [", "\nactors: [no-such-actor, ")
		if _, _, errs := loadModelCached(mustOpenSite(t, dir), p.opts, "", p.parsed); errs == nil {
			t.Fatalf("step %d: an unknown actor built", step)
		}
		edit(names[5], "\nactors: [no-such-actor, ", "\nactors: [")

		got, want := load(true), load(false)
		if g, w := dateOrder(got), dateOrder(want); !slices.Equal(g, w) {
			t.Fatalf("step %d: %d dates with serve's caches, %d fresh; the first differing at %d", step, len(g), len(w), firstDifference(g, w))
		}
		if len(dateOrder(got)) < 100 {
			t.Fatalf("step %d: only %d dates", step, len(dateOrder(got)))
		}
		for i, a := range want.Actors {
			ga := got.Actors[i]
			if ga.ID != a.ID || len(ga.Mentions) != len(a.Mentions) || len(ga.Events) != len(a.Events) || len(ga.Briefings) != len(a.Briefings) || len(ga.Related) != len(a.Related) {
				t.Fatalf("step %d: actor %s differs from a fresh build's", step, a.ID)
			}
		}
	}
}

func dateOrder(m *model.Site) []string {
	var out []string
	for _, d := range m.Dates {
		out = append(out, fmt.Sprintf("%s@%d=%s", d.Briefing.Slug, d.Start, d.Value))
	}
	return out
}

func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
