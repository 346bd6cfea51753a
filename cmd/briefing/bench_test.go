package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/corpus"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/write"
)

// writeCorpus writes the synthetic site of n briefings that gen-corpus
// writes with its default seed and length into dir.
func writeCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := corpus.Write(corpus.Options{Briefings: n, Seed: 1}, corpus.Dir(dir), nil); err != nil {
		tb.Fatal(err)
	}
}

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
				errs := problems
				b.Fatal(errs)
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

// TestCorpusBuilds keeps the generated corpus honest: it must build with
// no warning, with both events of every briefing found, and with dated
// mentions throughout.
func TestCorpusBuilds(t *testing.T) {
	const n = 20
	dir := t.TempDir()
	writeCorpus(t, dir, n)
	out := &memoryOutput{}
	m, warnings, err := renderSite(mustOpenSite(t, dir), model.Options{}, "", out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if len(m.Briefings) != n || len(m.Events) != 2*n || len(m.Dates) < 20*n {
		t.Errorf("%d briefings, %d events, %d dates", len(m.Briefings), len(m.Events), len(m.Dates))
	}
	if len(m.Actors) != 200 {
		t.Errorf("%d actors, want 200", len(m.Actors))
	}
	mentions := 0
	for _, b := range m.Briefings {
		mentions += len(b.Mentions)
	}
	if mentions < 50*n {
		t.Errorf("only %d mentions", mentions)
	}
	if len(out.files) < n {
		t.Errorf("only %d files written", len(out.files))
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

// BenchmarkServeSave times serve's rebuild after a save of one briefing's
// title, with every cache of serve warm: ns/op to the end of the rebuild,
// shown-ms/op until the briefing's page, open in a browser, is in place,
// and cpu-shown-ms/op the CPU time the process spent until then. The site
// is a generated one of 1,000 briefings, or a copy of the site that
// BRIEFING_BENCH_SITE names:
//
//	BRIEFING_BENCH_SITE=/dev/shm/c10k/briefing go test -run '^$' -bench ServeSave -benchtime 10x ./cmd/briefing
func BenchmarkServeSave(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if src := os.Getenv("BRIEFING_BENCH_SITE"); src != "" {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
	} else {
		writeCorpus(b, dir, 1000)
	}
	out := filepath.Join(b.TempDir(), "public")
	if err := os.Mkdir(out, 0o755); err != nil {
		b.Fatal(err)
	}
	p := newPreview(dir, out, model.Options{})
	p.files = newSiteCache()
	if _, _, _, err := p.rebuild(nil, nil); err != nil {
		b.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "content", "briefings", "*.md"))
	slices.Sort(names)
	title := regexp.MustCompile(`(?m)^title: .*$`)
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	var shown, shownCPU time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		name := names[(i*7919)%len(names)]
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		os.WriteFile(name, title.ReplaceAll(data, []byte(fmt.Sprintf("title: Saved %d", i))), 0o644)
		p.files.forget([]string{"content/briefings/" + filepath.Base(name)})
		page := "briefings/" + strings.TrimSuffix(filepath.Base(name), ".md") + ".html"
		i++
		b.StartTimer()
		start, cpu0 := time.Now(), cpu()
		if _, _, _, err := p.rebuild([]string{page}, func() { shown, shownCPU = shown+time.Since(start), shownCPU+cpu()-cpu0 }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(shown.Milliseconds())/float64(i), "shown-ms/op")
	b.ReportMetric(float64(shownCPU.Milliseconds())/float64(i), "cpu-shown-ms/op")
}
