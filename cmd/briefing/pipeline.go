package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/sitefs"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/briefing-dev/briefing/static"
	"github.com/briefing-dev/briefing/templates"
)

// loadModel runs the stages up to the site model: seeds and annotations
// are read and checked together, so one run reports every error.
func loadModel(site fs.FS, opts model.Options, baseURL string) (*model.Site, diag.List, diag.List) {
	return loadModelCached(site, opts, baseURL, nil)
}

// loadModelCached is loadModel with the briefings and seeds parsed
// before taken from parsed, for serve and build.
func loadModelCached(site fs.FS, opts model.Options, baseURL string, parsed *parseCaches) (*model.Site, diag.List, diag.List) {
	// The two loads are independent, and each has stretches on one core
	// (listing, sorting, merging): together they keep both busy.
	var seedFiles map[string]*seeds.Seed
	var serrs diag.List
	var seedsLoaded sync.WaitGroup
	seedsLoaded.Go(func() { seedFiles, serrs = seeds.LoadCached(site, parsed.seeds()) })
	content, errs := annotations.LoadCached(site, parsed.briefings())
	parsed.parsedAll()
	seedsLoaded.Wait()
	errs = append(errs, serrs...)
	if baseURL != "" {
		if err := annotations.CheckBaseURL(baseURL); err != nil {
			errs.Add(diag.Pos{File: "-base-url"}, "%q %w", baseURL, err)
		}
		content.Config.BaseURL = baseURL
	}
	if parsed != nil && parsed.extract != nil {
		opts.Cache = parsed.extract()
		if opts.Cache.Len() > 0 {
			collectLessWhileLoading()
		} else {
			collectLessWhileExtracting()
		}
	}
	m, problems := model.Build(content, seedFiles, opts)
	problems = append(errs, problems...)
	lang, langProblems := loadLang(site, content.Config.Language)
	problems = append(problems, langProblems...)
	if m != nil {
		m.Lang = lang
	}
	if errs := problems.Errors(); len(errs) > 0 {
		return nil, problems.Warnings(), errs
	}
	return m, problems.Warnings(), nil
}

// parseCaches are what a load starts from: serve's parsed briefings and
// seeds, kept in memory, or build's parsed briefings and extraction
// cache, read from disk; nil is none.
type parseCaches struct {
	briefing *annotations.ParseCache
	seed     *seeds.ParseCache
	// When not nil, these give the parsed briefings and the extraction
	// cache, which build reads from disk while it reads the site.
	readBriefings func() *annotations.ParseCache
	extract       func() *model.ExtractCache
	// parsed, when not nil, is given the parsed briefings as soon as
	// every file is parsed, and the load lets them go: build saves them
	// then, beside the rest of the load, so that they are not held with
	// the extraction cache and the model at the load's peak of memory.
	parsed func(*annotations.ParseCache)
}

// parsedAll hands the parsed briefings to c.parsed, once.
func (c *parseCaches) parsedAll() {
	if c == nil || c.parsed == nil {
		return
	}
	c.parsed(c.briefings())
	c.briefing, c.parsed = nil, nil
}

func newParseCaches() *parseCaches {
	return &parseCaches{briefing: annotations.NewParseCache(), seed: seeds.NewParseCache()}
}

func (c *parseCaches) briefings() *annotations.ParseCache {
	if c == nil {
		return nil
	}
	if c.readBriefings != nil {
		c.briefing, c.readBriefings = c.readBriefings(), nil
	}
	return c.briefing
}

func (c *parseCaches) seeds() *seeds.ParseCache {
	if c == nil {
		return nil
	}
	return c.seed
}

// loadLang makes the site's interface language: the language that
// site.yaml names, with the strings that the site's content/strings.yaml
// replaces (none when the file is absent).
func loadLang(site fs.FS, language string) (*i18n.Lang, diag.List) {
	var problems diag.List
	var ov i18n.Overrides
	data, err := fs.ReadFile(site, i18n.OverrideFile)
	switch {
	case err == nil:
		var warnings, errs diag.List
		ov, warnings, errs = i18n.ParseOverrides(i18n.OverrideFile, data)
		problems = append(append(problems, errs...), warnings...)
	case !errors.Is(err, fs.ErrNotExist):
		problems.Add(diag.Pos{File: i18n.OverrideFile}, "%w", err)
	}
	lang, warnings := i18n.New(language, ov)
	return lang, append(problems, warnings...)
}

// limitMemory sets a soft memory limit of two and a half times the heap
// that is live when rendering starts (the model, mostly), plus a margin
// for the rest, unless GOMEMLIMIT says otherwise. Rendering makes much
// short-lived garbage, and without a limit the runtime lets the heap grow
// to twice what is live and more; a tighter limit costs more time in the
// collector. The margin is what lets a small or middling site collect
// less often: it weighs little beside a large site's model. The README's
// Performance section has the figures.
func limitMemory() {
	noteHeap() // loading's garbage and all: the heap is at its largest
	if fromCaches.Load() && backedPercent.Load() != 0 {
		// A build from the caches whose heap was backed (backHeap):
		// loading's garbage lies in pages backed already, and a
		// collection would mark the whole model for nothing. The heap
		// grows on to what was backed, under backHeap's limit, until
		// countingOutput.Planned knows how many files it makes. The
		// limit is raised to what a collection now would have set, or
		// more, for a site that grew since the heap was planned.
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(max(debug.SetMemoryLimit(-1), heapInUse()*5/2+renderMargin))
		}
		return
	}
	if gc := loadGC.Load(); gc != 0 {
		debug.SetGCPercent(int(gc))
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	debug.SetMemoryLimit(int64(m.HeapAlloc)*5/2 + renderMargin)
	if loadGC.Load() != 0 && fromCaches.Load() {
		// A build from the caches makes few files, as a rule: the heap
		// may grow to three times the model before the collector runs,
		// until countingOutput.Planned knows how many (see there).
		debug.SetGCPercent(200)
	}
}

// renderMargin is limitMemory's margin over the model.
const renderMargin = 192 << 20

// loadGC is the collector's setting to restore, when backHeap,
// collectLessWhileLoading or collectLessWhileExtracting changed it: when
// loading ends, and again when a build from the caches turns out to make
// many files. fromCaches says which changed it last.
// They are the process's, as the collector is: builds at once in one
// process (tests) share them.
var (
	loadGC     atomic.Int64
	fromCaches atomic.Bool
)

// collectLessWhileLoading lets the heap grow to five times what is live
// before the collector runs, until limitMemory, unless GOGC says
// otherwise: build calls it when the model is made with an extraction
// cache that holds seeds. A model made from the caches makes little
// garbage: almost all it allocates is the model, live until the end, and
// each collection on the way marks all of it again for nothing; the heap
// reaches what it would have reached anyway before limitMemory's
// collection.
//
// A model made without (a clean build, or a new registry or program)
// extracts every seed and makes much garbage: collectLessWhileExtracting
// lets the heap grow to three times what is live. The last collections
// before limitMemory's mark a model almost whole; with fewer of them the
// heap still peaks below what rendering's memory limit lets it reach, so
// the pages it takes from the system are rendering's too.
func collectLessWhileLoading() { collectLess(400, true) }

func collectLessWhileExtracting() { collectLess(200, false) }

func collectLess(percent int, caches bool) {
	if !caches {
		// A model extracted makes much garbage: the collector's usual
		// pace, not the heap backed's (see endBacked).
		endBacked()
	}
	if os.Getenv("GOGC") != "" {
		return
	}
	loadAsked.Store(int64(percent))
	if caches {
		// Nor before the heap reaches what backHeap backed.
		percent = max(percent, int(backedPercent.Load()))
	}
	loadGC.CompareAndSwap(0, int64(debug.SetGCPercent(percent)))
	fromCaches.Store(caches)
}

// loadAsked is the percentage collectLess was asked for last, which
// endBacked restores.
var loadAsked atomic.Int64

// openSite opens a site directory for reading. Every stage reads the site
// through it, so that links out of the site, pipes and devices are never
// read and never published (see sitefs); a missing site reads as empty,
// as the loaders then say what is missing.
func openSite(dir string) (*sitefs.FS, error) {
	site, err := sitefs.New(dir)
	if err != nil {
		return nil, fmt.Errorf("site directory: %w", err)
	}
	return site, nil
}

// loadMatcher reads the site's actor registry alone, as extract and
// suggest need, and prints its warnings; the errors are for the caller.
func loadMatcher(dir string, stderr io.Writer) (*extract.Matcher, []annotations.Actor, diag.List, error) {
	site, err := openSite(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	actors, problems := annotations.LoadActors(site)
	matcher, more := model.NewMatcher(actors)
	problems = append(problems, more...)
	report(stderr, dir, "warning: ", append(problems.Warnings(), site.Skipped()...))
	return matcher, actors, problems.Errors(), nil
}

// loadTemplates reads the built-in templates with the site's overrides.
// Its errors, a diag.List, name files under templates/; report puts the
// site's directory in front, as it does for content errors.
func loadTemplates(site *sitefs.FS) (*render.Templates, error) {
	return loadTemplatesAgain(nil, site)
}

// loadTemplatesAgain is loadTemplates that gives last again when the
// sources are those it was parsed from (render.LoadTemplatesAgain).
func loadTemplatesAgain(last *render.Templates, site *sitefs.FS) (*render.Templates, error) {
	own, err := fs.Sub(site, "templates")
	if err != nil {
		return nil, err
	}
	t, problems := render.LoadTemplatesAgain(last, templates.FS, own)
	return t, problems.Err()
}

// renderSite runs every stage but the write, for build, serve and tests:
// each file goes to out as soon as it is rendered.
func renderSite(site *sitefs.FS, opts model.Options, baseURL string, out render.Output, progress func(done, total int)) (*model.Site, diag.List, error) {
	m, t, warnings, err := prepareSite(site, opts, baseURL, nil)
	if err != nil {
		return nil, warnings, err
	}
	return m, warnings, renderModel(m, t, out, progress)
}

// prepareSite runs the stages before rendering: the model and the
// templates.
func prepareSite(site *sitefs.FS, opts model.Options, baseURL string, caches *parseCaches) (*model.Site, *render.Templates, diag.List, error) {
	m, warnings, errs := loadModelCached(site, opts, baseURL, caches)
	if errs != nil {
		return nil, nil, warnings, errs
	}
	t, err := loadTemplates(site)
	if err != nil {
		return nil, nil, warnings, err
	}
	return m, t, warnings, nil
}

// renderModel renders a model; each file goes to out as soon as it is
// rendered.
func renderModel(m *model.Site, t *render.Templates, out render.Output, progress func(done, total int)) error {
	limitMemory()
	return render.Site(m, t, out, progress)
}

// buildSite renders the site into the directory target.Out, replacing it
// only when everything succeeded. It returns the model and the number of
// files and pages written. An interrupt while it works removes what it
// wrote and leaves the previous output as it was.
func buildSite(target write.Target, opts model.Options, baseURL string, progress func(done, total int)) (m *model.Site, files, pages int, warnings diag.List, err error) {
	site, err := openSite(target.Site)
	if err != nil {
		return nil, 0, 0, nil, err
	}
	// The parsed briefings and the search terms are saved beside the
	// work that follows them; the build ends when they are on disk.
	var saving sync.WaitGroup
	defer saving.Wait()
	defer collectAsUsual()
	var plan heapPlan
	if opts.Cache == nil {
		// build's own heap, as the last build of its kind reached it:
		// backed before anything else is allocated (see heapPlan).
		plan = readHeapPlan(target.Site)
		backHeap(plan.of(target.Fresh))
		heapReached.Store(0)
	}
	var onDisk *cachesOnDisk
	if opts.Cache == nil && !target.Fresh {
		// build's own: the site's files as the last build read them,
		// taken again while stat says they are the same, and those this
		// build reads, for the next. A clean build (-full) reads every
		// file and leaves them be: saving them would cost a large
		// site's clean build the write of all its seeds, which the next
		// build does when it finds none.
		known := inBackground(func() *sitefs.Known { return loadKnown(target.Site) })
		site.KnowFiles(known, time.Now().Add(-knownMargin), "seeds", "content")
		onDisk = readCaches(target.Site)
	}
	salt := buildSalt(site, opts, baseURL)
	keepCache := false // build's own caches, saved for the next build
	if salt == "" {
		target.Fresh = true
	}
	caches := &parseCaches{}
	var terms func() *export.TermCache
	var sums func() *render.Summaries
	switch {
	case salt == "":
		opts.Cache = nil // a cache of an unknown program and registry
	case opts.Cache != nil:
		opts.Cache.Use(salt) // serve's, kept in memory
	default:
		// build's own caches: a clean build parses and extracts
		// everything again and leaves the caches it made for the next
		// build; another has read them from disk beside the site's
		// files (readCaches).
		keepCache = true
		if target.Fresh {
			collectLessWhileExtracting()
			opts.Cache = model.NewExtractCache()
			opts.Cache.Use(salt)
			caches.briefing = annotations.NewParseCache()
			caches.briefing.Use(binaryDigest())
			fresh := export.NewTermCache()
			fresh.Use(salt)
			terms = func() *export.TermCache { return fresh }
			freshSums := render.NewSummaries()
			freshSums.Use(binaryDigest())
			sums = func() *render.Summaries { return freshSums }
		} else {
			terms = func() *export.TermCache { return onDisk.terms(salt) }
			sums = func() *render.Summaries { return onDisk.sums(binaryDigest()) }
			caches.extract = func() *model.ExtractCache { return onDisk.extract(salt) }
			caches.readBriefings = func() *annotations.ParseCache { return onDisk.parsed(binaryDigest()) }
		}
		caches.parsed = func(c *annotations.ParseCache) {
			if worthSaving(c) {
				saving.Go(func() { saveCache(parseCachePath(target.Site), c) })
			}
		}
	}
	// The output is checked and begun (its previous files walked, its
	// manifest read) while the site loads; nothing is written before
	// both are done, and a refused output is the error reported.
	var o *write.Output
	begun := inBackground(func() (b struct {
		stopped func()
		err     error
	}) {
		b.stopped, b.err = startGuarded(func() (func(), error) {
			var err error
			o, err = write.Begin(target)
			if err != nil {
				return nil, err
			}
			return o.Abort, nil
		})
		return b
	})
	m, t, warnings, err := prepareSite(site, opts, baseURL, caches)
	if k := site.Known(); worthSaving(k) {
		// Every file under seeds/ and content/ is read by now.
		saving.Go(func() { saveCache(knownPath(target.Site), k) })
	}
	b := begun()
	if b.err != nil {
		return nil, 0, 0, nil, b.err
	}
	defer b.stopped()
	for _, w := range o.Warnings() {
		warnings.Warn(diag.Pos{File: w.Path}, "%s", w.Message)
	}
	counted := &countingOutput{Output: o, salt: salt}
	if err == nil {
		if caches.extract != nil {
			opts.Cache = caches.extract()
		}
		if keepCache && worthSaving(opts.Cache) {
			saveCache(extractCachePath(target.Site), opts.Cache)
		}
		caches = nil
		// The model holds what it needs of the cache; rendering gets the
		// memory the cache held.
		opts.Cache = nil
		if terms != nil {
			// The terms are saved once the search index is made,
			// beside the making of its files.
			c := terms()
			c.WhenIndexed(func() {
				if worthSaving(c) {
					saving.Go(func() { saveCache(termCachePath(target.Site), c) })
				}
			})
			t.KeepTerms(c)
		}
		if sums != nil {
			t.Remember(sums())
		}
		err = renderModel(m, t, counted, progress)
		noteHeap()
		if err == nil && sums != nil && worthSaving(sums()) {
			saving.Go(func() { saveCache(summaryCachePath(target.Site), sums()) })
		}
	}
	copied := 0
	if err == nil {
		copied, err = write.CopyStatic(o, siteStatic(site), static.FS)
	}
	warnings = append(warnings, site.Skipped()...)
	if err != nil {
		o.Abort()
		return nil, 0, 0, warnings, err
	}
	if opts.Cache == nil {
		if next, changed := plan.with(target.Fresh, heapReached.Load()); changed {
			saving.Go(func() { saveCache(heapPlanPath(target.Site), next) })
		}
	}
	return m, int(counted.files.Load()) + copied, int(counted.pages.Load()), warnings, o.Commit()
}

// worthSaving reports whether build writes a cache again: when more
// than one entry in staleShare differs from what was read (entries made
// again, or not used). Writing a cache costs all of it; the few entries
// of the briefings an edit changed cost less made again by the next
// builds, until enough differ. Every entry is found by what it was made
// from, so one left stale is never taken for another.
func worthSaving(c interface{ Stale() (differ, total int) }) bool {
	differ, total := c.Stale()
	return differ > 0 && differ*staleShare > total
}

// staleShare: see worthSaving.
const staleShare = 8

// inBackground runs f in a goroutine, and returns the function that
// waits for its result.
func inBackground[T any](f func() T) func() T {
	var v T
	done := make(chan struct{})
	go func() {
		defer close(done)
		v = f()
	}()
	return func() T {
		<-done
		return v
	}
}

// countingOutput counts the files and the HTML pages rendered, for the
// build's summary line, and gives render the build's salt to mix into
// each file's key.
type countingOutput struct {
	*write.Output
	salt         string
	files, pages atomic.Int64
}

// Carry carries a file over from the previous output when it was made
// from the same inputs; it counts as written.
func (c *countingOutput) Carry(p, key string) (bool, error) {
	carried, err := c.Output.Carry(p, key)
	if carried {
		c.count(p)
	}
	return carried, err
}

// KeySalt is the build's salt, which render mixes into every file's key.
func (c *countingOutput) KeySalt() string { return c.salt }

// Planned restores the collector's default when a build from the caches
// makes many files after all (a template or the settings changed), so
// that it keeps a clean build's peak of memory. One that makes few
// (a few hundred pages) keeps what limitMemory set: each collection
// marks the whole model again, and those pages, with the keys of every
// file, make too little garbage to be worth one; its heap stays below
// what loading the model reached, and the memory limit is as before.
func (c *countingOutput) Planned(made, carried int) {
	if gc := loadGC.Load(); gc != 0 && fromCaches.Load() && made*fewMade > made+carried {
		debug.SetGCPercent(int(gc))
	}
}

// collectAsUsual restores the collector's setting at the end of a build.
func collectAsUsual() {
	if gc := loadGC.Swap(0); gc != 0 {
		debug.SetGCPercent(int(gc))
	}
	fromCaches.Store(false)
	backedPercent.Store(0)
	loadAsked.Store(0)
}

// fewMade: a build that makes one file in this many is a small one.
const fewMade = 10

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
func siteStatic(site *sitefs.FS) fs.FS {
	if info, err := site.Stat("static"); err != nil || !info.IsDir() {
		return nil
	}
	own, err := fs.Sub(site, "static")
	if err != nil {
		return nil
	}
	return own
}
