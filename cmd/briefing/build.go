package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
)

func runBuild(args []string, stdout, stderr io.Writer) error {
	fl := flags("build", "[-site DIR] [-out DIR] [-force] [-full] [-base-url URL] [-drafts]",
		"Build renders the site in DIR into the output directory, DIR/public unless\n"+
			"-out says otherwise. The output is written beside the old one and\n"+
			"swapped in only when complete, so a failed or interrupted build leaves\n"+
			"the previous output untouched. Build replaces only a directory that it\n"+
			"wrote itself (or an empty one), and never the site, a folder it reads,\n"+
			"or a directory that holds the site or the working directory.\n\n"+
			"A file whose inputs (the briefings, actors, settings and templates it\n"+
			"is made from, and the version of briefing) are those of the previous\n"+
			"build is carried over from the previous output, hard linked into the\n"+
			"new one, instead of being made again; the result is the same, byte for\n"+
			"byte, as a clean build's. -full makes every file anew and extracts\n"+
			"every seed again, ignoring the extraction cache.", stderr)
	site := fl.String("site", ".", "site `directory` (holding content/, seeds/, templates/, static/)")
	out := fl.String("out", "", "output `directory`, relative to the working directory (default DIR/public)")
	force := fl.Bool("force", false, "replace an existing directory that briefing did not write, losing its files")
	full := fl.Bool("full", false, "a clean build: render every file anew and extract every seed again")
	baseURL := fl.String("base-url", "", "absolute `URL` of the published site, overriding content/site.yaml")
	drafts := fl.Bool("drafts", false, "include briefings marked draft")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile to `file` (for go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile to `file` at the end of the build")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, stderr)
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errUsage
	}
	if *out == "" {
		*out = filepath.Join(*site, "public")
	}
	start := time.Now()
	progress, stopProgress := progressLine(stderr)
	target := write.Target{Out: *out, Site: *site, Force: *force, Fresh: *full}
	m, files, pages, warnings, err := buildSite(target, model.Options{Drafts: *drafts}, *baseURL, progress)
	stopProgress()
	report(stderr, *site, "warning: ", warnings)
	var list diag.List
	if errors.As(err, &list) {
		n := report(stderr, *site, "", list)
		fmt.Fprintf(stderr, "build failed: %d errors; %s left as it was\n", n, *out)
		return errReported
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "built %d briefings, %d actors, %d events: %d pages, %d files in %s → %s\n",
		len(m.Briefings), len(m.Actors), len(m.Events), pages, files,
		time.Since(start).Round(time.Millisecond), *out)
	return nil
}

// progressLine shows "rendering done/total" on a terminal, redrawn a few
// times a second, for builds long enough to wonder about. Elsewhere (logs,
// CI, tests) it shows nothing.
func progressLine(w io.Writer) (progress func(done, total int), stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, func() {}
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	var done, total atomic.Int64
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-quit:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
				if t := total.Load(); t > 0 {
					fmt.Fprintf(f, "\rrendering %d/%d files", done.Load(), t)
					shown = true
				}
			}
		}
	}()
	return func(d, t int) {
			done.Store(int64(d))
			total.Store(int64(t))
		}, func() {
			close(quit)
			<-finished
		}
}

func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(name string, stderr io.Writer) {
	f, err := os.Create(name)
	if err == nil {
		runtime.GC()
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "memprofile: %v\n", err)
	}
}
