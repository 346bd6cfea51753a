package render

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/templates"
)

// BenchmarkFrame renders the smallest page, which is mostly base.html's
// frame (head, navigation, footer): every page pays for it, and each
// template action in it costs about half a microsecond and six
// allocations.
func BenchmarkFrame(b *testing.B) {
	ts, err := LoadTemplates(templates.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := &model.Site{Config: annotations.Config{Title: "Bench", BaseURL: "https://example.org/"}}
	p := newPage(s, "404", "briefings/x.html", "Not found", "Nothing here")
	p.JSONLD = `{"a":1}`
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := ts.execute(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
}

// processCPU is the CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// carryAll is an output that carries every file over, as an incremental
// build with nothing changed does: Site then lists and keys every file
// and makes none.
type carryAll struct{ salt string }

func (carryAll) WriteFile(string, []byte) error        { return nil }
func (carryAll) Create(string) (io.WriteCloser, error) { return nil, errors.New("not carried") }
func (carryAll) Carry(string, string) (bool, error)    { return true, nil }
func (c carryAll) KeySalt() string                     { return c.salt }

// BenchmarkKeys lists and keys every file of a site, carrying all over:
// what every incremental build does before it makes the few files that
// changed. BRIEFING_BENCH_SITE names a site on disk (a generated corpus)
// to use instead of a small one made here.
func BenchmarkKeys(b *testing.B) {
	m, tmpl := benchSite(b)
	out := carryAll{salt: strings.Repeat("5a", 32)}
	if err := Site(m, tmpl, out, nil); err != nil {
		b.Fatal(err)
	}
	b.Run("site", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			start := processCPU()
			if err := Site(m, tmpl, out, nil); err != nil {
				b.Fatal(err)
			}
			cpu += processCPU() - start
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	})
	// The keys alone, of files listed anew each time: what their inputs
	// are made from is made when first asked, as in a build.
	// On a busy machine the time of the process's CPUs is steadier
	// than the wall's: it is reported as cpu-ns/op.
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			r, err := newRun(m, tmpl, out)
			if err != nil {
				b.Fatal(err)
			}
			files := r.files()
			fp := newFingerprints(m)
			runtime.GC()
			b.StartTimer()
			start := processCPU()
			for _, f := range files {
				fp.key(tmpl, out.salt, f)
			}
			cpu += processCPU() - start
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	})
}

// benchSite is the model and templates of the site the benchmarks use:
// the one BRIEFING_BENCH_SITE names (a generated corpus), else a small
// one made here.
func benchSite(b *testing.B) (*model.Site, *Templates) {
	b.Helper()
	site := fs.FS(bigSiteFS(2000))
	if dir := os.Getenv("BRIEFING_BENCH_SITE"); dir != "" {
		site = os.DirFS(dir)
	}
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	problems = append(problems, serrs...)
	m, mproblems := model.Build(content, seedFiles, model.Options{})
	if err := append(problems, mproblems...).Err(); err != nil {
		b.Fatal(err)
	}
	tmpl, tproblems := LoadTemplates(templates.FS, nil)
	if err := tproblems.Err(); err != nil {
		b.Fatal(err)
	}
	tmpl.Remember(NewSummaries())
	return m, tmpl
}

// dropFiles is an output that drops every file, counting its bytes.
type dropFiles struct{ bytes *atomic.Int64 }

func (d dropFiles) WriteFile(_ string, data []byte) error {
	d.bytes.Add(int64(len(data)))
	return nil
}
func (d dropFiles) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

// BenchmarkKinds makes the files of one kind at a time, on one CPU, from
// a model loaded once: where the CPU of a clean build goes, kind by kind
// (-bench 'Kinds/actor$' -cpuprofile for one). The files are listed anew
// for each round, outside the timing, so that what they share and make
// when first asked (an actor's cut into pages) is made again, as in a
// build. BRIEFING_BENCH_SITE names a site as for BenchmarkKeys.
func BenchmarkKinds(b *testing.B) {
	m, tmpl := benchSite(b)
	var written atomic.Int64
	r, err := newRun(m, tmpl, dropFiles{&written})
	if err != nil {
		b.Fatal(err)
	}
	tmpl.lang.Store(r.lang)
	r.files() // the sitemap lists the pages of every other kind
	// What the lists of actor and month pages write of each briefing is
	// made once a run, for every page: its cost is apart.
	b.Run("briefingRefs", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		for b.Loop() {
			start := processCPU()
			newBriefingRefs(m.Briefings)
			cpu += processCPU() - start
		}
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	})
	for i := range kinds {
		k := &kinds[i]
		b.Run(k.Name, func(b *testing.B) {
			b.ReportAllocs()
			var cpu time.Duration
			var buf bytes.Buffer
			written.Store(0)
			for b.Loop() {
				b.StopTimer()
				r.kind = k
				files := k.Files(r)
				r.kind = nil
				runtime.GC()
				b.StartTimer()
				start := processCPU()
				for _, f := range files {
					buf.Reset()
					if err := r.write(f, &buf); err != nil {
						b.Fatal(err)
					}
				}
				cpu += processCPU() - start
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(written.Load())/float64(b.N), "bytes/op")
		})
	}
}

// BenchmarkSearchIndex builds the search index of a site whose every
// briefing's terms are in the term cache but one's: what an incremental
// build that changed one briefing does. BRIEFING_BENCH_SITE names a site
// as for BenchmarkKeys.
func BenchmarkSearchIndex(b *testing.B) {
	m, tmpl := benchSite(b)
	tmpl.KeepTerms(export.NewTermCache())
	r, err := newRun(m, tmpl, carryAll{})
	if err != nil {
		b.Fatal(err)
	}
	r.fp = newFingerprints(m)
	r.newSearch() // fills the cache
	changed := m.Briefings[len(m.Briefings)/2]
	keys := r.fp.briefing
	b.ReportAllocs()
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		// One briefing's key is new in each round.
		k := keys[changed]
		k[0], k[1] = byte(i), byte(i>>8)
		keys[changed] = k
		runtime.GC()
		b.StartTimer()
		start := processCPU()
		if r.newSearch() == nil {
			b.Fatal("no index")
		}
		cpu += processCPU() - start
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
