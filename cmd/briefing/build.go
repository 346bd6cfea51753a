package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/briefing-dev/briefing/static"
)

func runBuild(args []string, stdout, stderr io.Writer) error {
	fl := flags("build", "[-site DIR] [-out DIR] [-base-url URL] [-drafts]",
		"Build renders the site in DIR into the output directory. The output is\n"+
			"written beside the old one and swapped in only when complete, so a\n"+
			"failed build leaves the previous output untouched.", stderr)
	site := fl.String("site", ".", "site `directory` (holding content/, seeds/, templates/, static/)")
	out := fl.String("out", "public", "output `directory`, relative to the working directory")
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
	start := time.Now()
	files, m, warnings, err := renderSite(*site, model.Options{Drafts: *drafts}, *baseURL)
	report(stderr, *site, "warning: ", warnings)
	var list diag.List
	if errors.As(err, &list) {
		report(stderr, *site, "", list)
		fmt.Fprintf(stderr, "build failed: %d errors; %s left as it was\n", len(list), *out)
		return errReported
	}
	if err != nil {
		return err
	}
	if err := write.Site(*out, files, siteStatic(*site), static.FS); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "built %d briefings, %d actors, %d events: %d pages, %d files in %s → %s\n",
		len(m.Briefings), len(m.Actors), len(m.Events), countPages(files), len(files),
		time.Since(start).Round(time.Millisecond), *out)
	return nil
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

// siteStatic is the site's own static/ directory; missing is fine.
func siteStatic(dir string) fs.FS {
	p := filepath.Join(dir, "static")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return os.DirFS(p)
}
