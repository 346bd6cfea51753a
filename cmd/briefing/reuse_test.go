package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
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
		if g, w := dumpModel(got), dumpModel(want); g != w {
			t.Fatalf("step %d: the model with serve's caches differs from a fresh one at %q", step, firstLineDiff(g, w))
		}
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

// TestPatchedModelMatchesFresh makes random edits to a generated site, a
// few at a time, and after each builds the model with serve's caches,
// which patch the last model, and afresh: the two must hold the same.
// Builds that fail come between, and must leave the model to patch as it
// was.
func TestPatchedModelMatchesFresh(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		t.Run(fmt.Sprintf("drafts=%v", drafts), func(t *testing.T) {
			testPatchedModel(t, drafts, 40)
		})
	}
}

func testPatchedModel(t *testing.T, drafts bool, steps int) {
	dir := t.TempDir()
	writeCorpus(t, dir, 40)
	p := newPreview(dir, "", model.Options{Drafts: drafts})
	load := func(cached bool) (*model.Site, error) {
		t.Helper()
		opts, caches := model.Options{Drafts: drafts}, (*parseCaches)(nil)
		if cached {
			opts, caches = p.opts, p.parsed
		}
		m, _, errs := loadModelCached(mustOpenSite(t, dir), opts, "", caches)
		if errs != nil {
			return nil, errs
		}
		return m, nil
	}
	if _, err := load(true); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, uint64(steps)))
	briefings := func() []string {
		names, _ := filepath.Glob(filepath.Join(dir, "content/briefings/*.md"))
		slices.Sort(names)
		return names
	}
	seedOf := func(name string) string {
		data, _ := os.ReadFile(name)
		m := regexp.MustCompile(`(?m)^seed: (.*)$`).FindSubmatch(data)
		return filepath.Join(dir, "seeds", string(m[1]))
	}
	replaceLine := func(name, field, line string) {
		data, _ := os.ReadFile(name)
		re := regexp.MustCompile(`(?m)^` + field + `: .*\n`)
		if re.Match(data) {
			data = re.ReplaceAll(data, []byte(line))
		} else {
			data = []byte(strings.Replace(string(data), "\ntitle: ", "\n"+line+"title: ", 1))
		}
		os.WriteFile(name, data, 0o644)
	}
	tagSets := []string{"tags: [elections]\n", "tags: [security, new-tag]\n", "tags: [only-here]\n", "tags: []\n", "tags: [elections, elections]\n", ""}
	actorSets := []string{"actors: [kapel-dorlannor]\n", "actors: []\n", "actors: [fake-council, kapel-dorlannor]\n", ""}
	edits := []struct {
		name string
		do   func(name string)
	}{
		{"title", func(name string) { replaceLine(name, "title", fmt.Sprintf("title: Edited %d\n", rnd.IntN(1000))) }},
		{"tags", func(name string) { replaceLine(name, "tags", tagSets[rnd.IntN(len(tagSets))]) }},
		{"key actors", func(name string) { replaceLine(name, "actors", actorSets[rnd.IntN(len(actorSets))]) }},
		{"draft", func(name string) {
			if data, _ := os.ReadFile(name); strings.Contains(string(data), "\ndraft: true") {
				replaceLine(name, "draft", "")
			} else {
				replaceLine(name, "draft", "draft: true\n")
			}
		}},
		{"seed date", func(name string) {
			seed := seedOf(name)
			data, _ := os.ReadFile(seed)
			date := fmt.Sprintf(" date 20%02d-%02d-%02d", 19+rnd.IntN(3), 1+rnd.IntN(12), 1+rnd.IntN(28))
			os.WriteFile(seed, append([]byte(date), data[len(date):]...), 0o644)
		}},
		{"seed text", func(name string) {
			seed := seedOf(name)
			data, _ := os.ReadFile(seed)
			os.WriteFile(seed, append(data, "\nKapel Dorlannor and Fake Council met on Monday, and Digarka agreed.\n"...), 0o644)
		}},
		{"no events", func(name string) {
			data, _ := os.ReadFile(name)
			if i := strings.Index(string(data), "events:\n"); i >= 0 {
				j := strings.Index(string(data), "\n---\n")
				os.WriteFile(name, append(data[:i:i], data[j+1:]...), 0o644)
			}
		}},
		{"delete", func(name string) { os.Remove(name) }},
		{"new", func(name string) {
			copyFile(t, name, filepath.Join(dir, "content/briefings", fmt.Sprintf("2021-08-%02d-new.md", 1+rnd.IntN(28))))
		}},
	}
	failing := func(name string) (undo func()) {
		data, _ := os.ReadFile(name)
		os.WriteFile(name, []byte(strings.Replace(string(data), "\ntitle: ", "\nactors: [no-such-actor]\ntitle: ", 1)), 0o644)
		return func() { os.WriteFile(name, data, 0o644) }
	}
	patched := p.opts.Reuse.Patched()
	for step := range steps {
		names := briefings()
		var did []string
		for range 1 + rnd.IntN(3) {
			e := edits[rnd.IntN(len(edits))]
			name := names[rnd.IntN(len(names))]
			if _, err := os.Stat(name); err != nil {
				continue
			}
			e.do(name)
			did = append(did, e.name+" "+filepath.Base(name))
		}
		if rnd.IntN(4) == 0 {
			undo := failing(names[rnd.IntN(len(names))])
			if _, err := load(true); err == nil {
				t.Fatalf("step %d (%v): an unknown actor built", step, did)
			}
			undo()
		}
		got, err := load(true)
		want, werr := load(false)
		if (err == nil) != (werr == nil) {
			t.Fatalf("step %d (%v): with serve's caches %v, fresh %v", step, did, err, werr)
		}
		if err != nil {
			continue
		}
		if g, w := dumpModel(got), dumpModel(want); g != w {
			t.Fatalf("step %d (%v): the patched model differs from a fresh one at %q", step, did, firstLineDiff(g, w))
		}
	}
	if n := p.opts.Reuse.Patched() - patched; n < steps/2 {
		t.Errorf("%d of %d builds patched the last model", n, steps)
	}
}

// firstLineDiff is the first line of got that want lacks there, with
// the line want has.
func firstLineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("got %.300s, want %.300s", g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(g), len(w))
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

// dumpModel writes out everything a model holds that a page may show:
// every exported field of the site, its briefings (with their mentions,
// dates, events and notes), actors and tags. A briefing, actor, tag or
// seed met inside another is named, not written again.
func dumpModel(m *model.Site) string {
	var b strings.Builder
	d := modelDumper{w: &b}
	d.top("site", reflect.ValueOf(m))
	for _, br := range m.Briefings {
		d.top("briefing", reflect.ValueOf(br))
		for _, x := range br.Mentions {
			d.top("mention", reflect.ValueOf(x))
		}
		for _, x := range br.Dates {
			d.top("date", reflect.ValueOf(x))
		}
		for _, x := range br.Events {
			d.top("event", reflect.ValueOf(x))
		}
		for _, x := range br.Notes {
			d.top("note", reflect.ValueOf(x))
		}
	}
	for _, a := range m.Actors {
		d.top("actor", reflect.ValueOf(a))
	}
	for _, t := range m.Tags {
		d.top("tag", reflect.ValueOf(t))
	}
	return b.String()
}

type modelDumper struct{ w *strings.Builder }

func (d modelDumper) top(what string, v reflect.Value) {
	fmt.Fprintf(d.w, "%s %s:\n", what, d.name(v))
	d.value(v.Elem())
	d.w.WriteString("\n")
}

// name identifies a value of the model that is written on its own.
func (d modelDumper) name(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case *model.Site:
		return "site"
	case *model.Briefing:
		return "B(" + x.Slug + ")"
	case *model.Actor:
		return "A(" + x.ID + ")"
	case *model.Tag:
		return "T(" + x.Name + ")"
	case *model.Mention:
		return fmt.Sprintf("M(%s#%d)", x.Briefing.Slug, x.Index)
	case *model.Date:
		return fmt.Sprintf("D(%s#%d@%d)", x.Briefing.Slug, x.Index, x.Start)
	case *model.Event:
		return fmt.Sprintf("E(%s#%s)", x.Briefing.Slug, x.Anchor)
	case *model.Note:
		return fmt.Sprintf("N(%s#%s)", x.Briefing.Slug, x.Anchor)
	case *seeds.Seed:
		return "S(" + x.Name + ")"
	case *i18n.Lang:
		return "lang"
	}
	return ""
}

func (d modelDumper) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			d.w.WriteString("nil")
		} else if name := d.name(v); name != "" {
			d.w.WriteString(name)
		} else {
			d.value(v.Elem())
		}
	case reflect.Struct:
		if s, ok := v.Interface().(fmt.Stringer); ok {
			d.w.WriteString(s.String())
			return
		}
		d.w.WriteString("{")
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fmt.Fprintf(d.w, "%s:", f.Name)
				d.value(v.Field(i))
				d.w.WriteString(" ")
			}
		}
		d.w.WriteString("}")
	case reflect.Slice:
		if v.IsNil() {
			d.w.WriteString("nil") // JSON tells nil from empty
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			fmt.Fprintf(d.w, "%q", v.Bytes())
			return
		}
		fmt.Fprintf(d.w, "%d[", v.Len())
		for i := range v.Len() {
			d.value(v.Index(i))
			d.w.WriteString(" ")
		}
		d.w.WriteString("]")
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		d.w.WriteString("map[")
		for _, k := range keys {
			fmt.Fprintf(d.w, "%v:", k)
			d.value(v.MapIndex(k))
			d.w.WriteString(" ")
		}
		d.w.WriteString("]")
	default:
		fmt.Fprintf(d.w, "%v", v.Interface())
	}
}
