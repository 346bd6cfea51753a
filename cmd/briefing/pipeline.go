package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/briefing-dev/briefing/static"
	"github.com/briefing-dev/briefing/templates"
)

// loadModel runs the stages up to the site model: seeds and annotations
// are read and checked together, so one run reports every error.
func loadModel(site fs.FS, opts model.Options, baseURL string) (*model.Site, diag.List, diag.List) {
	// The two loads are independent, and each has stretches on one core
	// (listing, sorting, merging): together they keep both busy.
	var seedFiles map[string]*seeds.Seed
	var serrs diag.List
	var seedsLoaded sync.WaitGroup
	seedsLoaded.Go(func() { seedFiles, serrs = seeds.Load(site) })
	content, errs := annotations.Load(site)
	seedsLoaded.Wait()
	errs = append(errs, serrs...)
	if baseURL != "" {
		if !strings.HasPrefix(baseURL, "http://") && !strings.HasPrefix(baseURL, "https://") {
			errs.Add(diag.Pos{File: "-base-url"}, "%q is not an absolute http or https URL", baseURL)
		}
		content.Config.BaseURL = baseURL
	}
	m, problems := model.Build(content, seedFiles, opts)
	warnings := problems.Warnings()
	errs = append(errs, problems.Errors()...)
	if len(errs) > 0 {
		return nil, warnings, errs
	}
	return m, warnings, nil
}

// limitMemory sets a soft memory limit of two and a half times the heap
// that the site model holds (plus 96 MB for the rest), unless GOMEMLIMIT
// says otherwise. Rendering makes much short-lived garbage, and without a
// limit the runtime lets the heap grow to twice what is live: a
// 10,000-briefing build (a 162 MB model) peaks at about 510 MB with this
// limit, 590 MB with three times the model and 770-830 MB with none, the
// tighter limits costing a few per cent more time in the collector.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	debug.SetMemoryLimit(int64(m.HeapAlloc)*5/2 + 96<<20)
}

// loadMatcher reads the site's actor registry alone, as extract and
// suggest need, and prints its warnings; the errors are for the caller.
func loadMatcher(site string, stderr io.Writer) (*extract.Matcher, diag.List) {
	actors, errs := annotations.LoadActors(os.DirFS(site))
	matcher, problems := model.NewMatcher(actors)
	report(stderr, site, "warning: ", problems.Warnings())
	return matcher, append(errs, problems.Errors()...)
}

// loadTemplates reads the built-in templates with the site's overrides.
// Its errors, a diag.List, name files under templates/; report puts the
// site's directory in front, as it does for content errors.
func loadTemplates(dir string) (*render.Templates, error) {
	t, problems := render.LoadTemplates(templates.FS, os.DirFS(filepath.Join(dir, "templates")))
	return t, problems.Err()
}

// renderSite runs every stage but the write, for build, serve and tests:
// each file goes to out as soon as it is rendered.
func renderSite(dir string, opts model.Options, baseURL string, out render.Output, progress func(done, total int)) (*model.Site, diag.List, error) {
	m, warnings, errs := loadModel(os.DirFS(dir), opts, baseURL)
	if errs != nil {
		return nil, warnings, errs
	}
	t, err := loadTemplates(dir)
	if err != nil {
		return nil, warnings, err
	}
	limitMemory()
	return m, warnings, render.Site(m, t, out, progress)
}

// buildSite renders the site into the directory out, replacing it only
// when everything succeeded. It returns the model and the number of files
// and pages written.
func buildSite(dir, out string, opts model.Options, baseURL string, progress func(done, total int)) (m *model.Site, files, pages int, warnings diag.List, err error) {
	o, err := write.Begin(out)
	if err != nil {
		return nil, 0, 0, nil, err
	}
	counted := &countingOutput{Output: o}
	m, warnings, err = renderSite(dir, opts, baseURL, counted, progress)
	copied := 0
	if err == nil {
		copied, err = o.CopyStatic(siteStatic(dir), static.FS)
	}
	if err != nil {
		o.Abort()
		return nil, 0, 0, warnings, err
	}
	return m, int(counted.files.Load()) + copied, int(counted.pages.Load()), warnings, o.Commit()
}

// countingOutput counts the files and the HTML pages rendered, for the
// build's summary line.
type countingOutput struct {
	*write.Output
	files, pages atomic.Int64
}

func (c *countingOutput) count(p string) {
	c.files.Add(1)
	if strings.HasSuffix(p, ".html") {
		c.pages.Add(1)
	}
}

func (c *countingOutput) WriteFile(p string, data []byte) error {
	c.count(p)
	return c.Output.WriteFile(p, data)
}

func (c *countingOutput) Create(p string) (io.WriteCloser, error) {
	c.count(p)
	return c.Output.Create(p)
}

// siteStatic is the site's own static/ directory; missing is fine.
func siteStatic(dir string) fs.FS {
	p := filepath.Join(dir, "static")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return os.DirFS(p)
}
