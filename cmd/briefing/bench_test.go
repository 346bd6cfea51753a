package main

import (
	"fmt"

	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/write"
)

// writeCorpus writes a synthetic site of n briefings into dir, in the
// manner of shared/bench/gen-corpus: 200 actors, news-like prose of about
// 600 words with every kind of mention and date, two events a briefing.
func writeCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	syl := strings.Fields("ka lo mi ra ve to su ne di fa go hu ja ke li mo pa ri sa te vo zu bel dor fen gar hal jor kel lan mar nor pel ros sten tor val win")
	word := func(parts int) string {
		var b strings.Builder
		for range parts {
			b.WriteString(syl[rng.IntN(len(syl))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	type actor struct{ id, name, kind, alias, short string }
	var actors []actor
	seen := map[string]bool{}
	unique := func(make func() string) string {
		for {
			if s := make(); !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	for range 120 {
		first, last := unique(func() string { return word(2) }), unique(func() string { return word(3) })
		actors = append(actors, actor{id: strings.ToLower(first + "-" + last), name: first + " " + last, kind: "person", short: last})
	}
	for range 40 {
		name := unique(func() string { return word(2) + " Agency" })
		acr := unique(func() string { return strings.ToUpper(word(1)[:1] + word(1)[:1] + word(1)[:1]) })
		actors = append(actors, actor{id: strings.ToLower(strings.ReplaceAll(name, " ", "-")), name: name, kind: "organization", alias: acr})
	}
	for range 40 {
		name := unique(func() string { return word(3) })
		actors = append(actors, actor{id: strings.ToLower(name), name: name, kind: "country", alias: unique(func() string { return name + "ian" })})
	}
	var reg strings.Builder
	for _, a := range actors {
		fmt.Fprintf(&reg, "- id: %s\n  name: %q\n  kind: %s\n", a.id, a.name, a.kind)
		if a.alias != "" {
			fmt.Fprintf(&reg, "  aliases: [%q]\n", a.alias)
		}
		if a.short != "" {
			fmt.Fprintf(&reg, "  short: %q\n", a.short)
		}
	}
	files := map[string]string{
		"content/site.yaml":          "title: Bench\nbase_url: https://example.org/b/\n",
		"content/actors/actors.yaml": reg.String(),
	}
	weekdays := strings.Fields("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
	months := strings.Fields("January February March April May June July August September October November December")
	fill := strings.Fields("officials said the talks would continue as negotiators weighed the proposal while markets watched closely and diplomats stressed that any agreement must hold")
	for i := range n {
		pub := fmt.Sprintf("2022-%02d-%02d", 1+i%12, 1+i%28)
		who := func() string {
			a := actors[rng.IntN(len(actors))]
			forms := []string{a.name}
			if a.alias != "" {
				forms = append(forms, a.alias)
			}
			if a.short != "" {
				forms = append(forms, a.short+"'s")
			}
			return forms[rng.IntN(len(forms))]
		}
		when := func() string {
			switch rng.IntN(5) {
			case 0:
				return "on " + weekdays[rng.IntN(7)]
			case 1:
				return fmt.Sprintf("on %d %s", 1+rng.IntN(28), months[rng.IntN(12)])
			case 2:
				return "last week"
			case 3:
				return "the next day"
			}
			return "in " + months[rng.IntN(12)] + " 2021"
		}
		var text strings.Builder
		var signed string // the accord's sentence, which its event quotes
		fmt.Fprintf(&text, " date %s ", pub)
		for p := range 8 {
			if p > 0 {
				text.WriteString("\n\n")
			}
			if p == 3 {
				signed = fmt.Sprintf("signed the accord-%d %s", i, when())
				fmt.Fprintf(&text, "They %s.\n\n", signed)
			}
			for range 4 {
				fmt.Fprintf(&text, "%s said %s that", who(), when())
				for range 10 {
					text.WriteString(" " + fill[rng.IntN(len(fill))])
				}
				fmt.Fprintf(&text, ", and %s agreed. ", who())
			}
		}
		slug := fmt.Sprintf("%s-%06d", pub, i)
		files["seeds/"+slug+".txt"] = text.String() + "\n"
		files["content/briefings/"+slug+".md"] = fmt.Sprintf("---\nseed: %s.txt\ntitle: Briefing %d\nsummary: The *talks* continue.\ntags: [t%d, all]\nactors: [%s]\nevents:\n  - quote: \"%s\"\n    title: The accord is signed\n    actors: [%[4]s]\n---\nCommentary.\n", slug, i, i%10, actors[i%len(actors)].id, signed)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// discard (in templatecheck.go) throws the files away, to time rendering
// alone.

// BenchmarkBuild times a whole build of a 300-briefing site, and each stage
// on its own, so that a regression shows where it is:
//
//	go test -run '^$' -bench Build -benchmem ./cmd/briefing
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	writeCorpus(b, dir, 300)
	site := os.DirFS(dir)
	opts := model.Options{}

	b.Run("all", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "public")
		for b.Loop() {
			if _, _, _, _, err := buildSite(write.Target{Out: out, Site: dir}, opts, "", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, errs := annotations.Load(site); errs != nil {
				b.Fatal(errs)
			}
			if _, errs := seeds.Load(site); errs != nil {
				b.Fatal(errs)
			}
		}
	})
	content, _ := annotations.Load(site)
	seedFiles, _ := seeds.Load(site)
	b.Run("model", func(b *testing.B) { // extraction included
		for b.Loop() {
			if _, problems := model.Build(content, seedFiles, opts); problems.Err() != nil {
				b.Fatal(problems.Err())
			}
		}
	})
	m, _, errs := loadModel(site, opts, "")
	if errs != nil {
		b.Fatal(errs)
	}
	t, err := loadTemplates(mustOpenSite(b, dir))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if err := render.Site(m, t, discard{}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestCorpusBuilds keeps the benchmark's corpus honest: it must build, with
// every briefing's event found and dated mentions throughout.
func TestCorpusBuilds(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 20)
	m, warnings, errs := loadModel(os.DirFS(dir), model.Options{}, "")
	if errs != nil {
		t.Fatal(errs)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if len(m.Briefings) != 20 || len(m.Events) != 20 || len(m.Dates) < 20*20 {
		t.Errorf("%d briefings, %d events, %d dates", len(m.Briefings), len(m.Events), len(m.Dates))
	}
	mentions := 0
	for _, b := range m.Briefings {
		mentions += len(b.Mentions)
	}
	if mentions < 20*50 {
		t.Errorf("only %d mentions", mentions)
	}
}

// TestSameOutputOnAnyCPUCount builds one site single-threaded and on four
// threads: the bytes must not depend on how the work was scheduled.
func TestSameOutputOnAnyCPUCount(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 40)
	build := func(procs int) map[string]string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		out := &memoryOutput{}
		if _, _, err := renderSite(mustOpenSite(t, dir), model.Options{}, "", out, nil); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range out.files {
			files[f.Name] = string(f.Data)
		}
		return files
	}
	one, four := build(1), build(4)
	if len(one) != len(four) || len(one) < 100 {
		t.Fatalf("%d files single-threaded, %d on four threads", len(one), len(four))
	}
	for name, data := range one {
		if four[name] != data {
			t.Errorf("%s differs between one and four threads", name)
		}
	}
}
