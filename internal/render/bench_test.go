package render

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
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
	out := carryAll{salt: strings.Repeat("5a", 32)}
	if err := Site(m, tmpl, out, nil); err != nil {
		b.Fatal(err)
	}
	b.Run("site", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := Site(m, tmpl, out, nil); err != nil {
				b.Fatal(err)
			}
		}
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
