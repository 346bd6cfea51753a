package main

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/briefing-dev/briefing/static"
)

// preview is serve's build. It keeps between saves what a build would
// find again (the briefings as annotated and the model they are linked
// in, the key of every file it wrote, a digest of the bytes of each) and
// renders into the directory it serves,
// in place: only the files whose keys changed are made, only those whose
// bytes changed are staged beside it, and they are moved in when the
// whole rebuild succeeded, so that a failed rebuild leaves the last good
// one served. No working copy of the whole site is made: a site of ten
// thousand briefings has tens of thousands of files, and linking them
// all on every save would cost more than the few pages it changes.
//
// The pages open in a browser come first: they are made and moved in
// before the rest of the site, and put back as they were should the rest
// fail.
type preview struct {
	site    string
	dir     string // served
	staging string // beside it, on the same file system
	backup  string // the open pages' previous bytes while the rest is made
	opts    model.Options

	parsed    *parseCaches
	summaries *render.Summaries  // the briefings' summaries as rendered
	terms     *export.TermCache  // the briefings' search terms
	templates *render.Templates  // the last loaded, given again while their sources stay
	files     *siteCache         // nil: every file is read on every rebuild
	keys      map[string]string  // the files in dir, by path, with their keys
	sums      map[string]fileSum // the files in dir, by path, with their bytes' sums
	seeds     [2]maphash.Seed
	memLimit  sync.Once
	// superseded, if not nil, reports a save newer than the rebuild
	// running, which then stops making the rest of the site: the next
	// rebuild makes it with the newer save.
	superseded func() bool
}

// limitServeMemory is serve's limitMemory: a soft memory limit of twice
// the heap live once the first model is built, plus a margin, unless
// GOMEMLIMIT says otherwise. Serve's heap then holds, besides the model,
// the parsed files and briefings it keeps between saves, which build
// lets go before rendering; with build's two and a half times, serve
// would take more memory than a build of the same site, and rendering
// needs no more room in serve than in build.
func limitServeMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	keepServeMemory()
}

// keepServeMemory follows the heap live after a collection: the limit
// is raised to twice it plus the margin when that is more (a site grows
// while it is served), and the collector runs by the limit alone,
// unless GOGC says otherwise. With a percentage, the runtime gives back
// to the system, between saves, the memory beyond what the last
// collection's live heap warrants: the memory the next save takes
// again, a page fault at a time (a trip to the hypervisor, on a virtual
// machine). Under the limit alone it keeps what the limit allows.
func keepServeMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if limit := serveMemoryLimit(int64(m.HeapAlloc)); limit > serveLimit.Load() {
		debug.SetMemoryLimit(limit)
		serveLimit.Store(limit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
	}
}

// serveMemoryLimit is serve's memory limit for a live heap: twice it
// and a margin of half of it, between 16 and 64 MB. Under the limit
// alone the heap fills it: a fixed 64 MB would have a small site's serve
// hold more than its build, and below 16 MB the runtime's own memory
// would leave the collector no room.
func serveMemoryLimit(live int64) int64 {
	return 2*live + min(max(live/2, 16<<20), 64<<20)
}

// serveLimit is the memory limit keepServeMemory set last.
var serveLimit atomic.Int64

// errSuperseded stops a rebuild that a newer save makes useless.
var errSuperseded = errors.New("superseded by a newer save")

// fileSum identifies a file's bytes within one run of serve, to leave
// alone a file made again the same.
type fileSum [2]uint64

func newPreview(site, dir string, opts model.Options) *preview {
	// No extraction cache: the model keeps every briefing as annotated,
	// and a briefing annotated again is one whose seed changed, as a
	// rule, which the cache would not know either; it would only hold
	// memory while the rest of the site is made.
	opts.Cache = nil
	opts.Reuse = model.NewReuse()
	return &preview{
		site: site, dir: dir, staging: dir + ".staging", backup: dir + ".previous", opts: opts,
		parsed: newParseCaches(), summaries: render.NewSummaries(), terms: export.NewTermCache(), keys: map[string]string{}, sums: map[string]fileSum{},
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
	}
}

// rebuild renders what changed since the last successful rebuild; it
// returns the number of files of the site and of those it wrote. The
// files at the paths of open, when the site builds, are made first and
// moved in before the rest is made; shown, if not nil, is called then.
func (p *preview) rebuild(open []string, shown func()) (files, written int, warnings diag.List, err error) {
	site, err := openSite(p.site)
	if err != nil {
		return 0, 0, nil, err
	}
	defer func() { warnings = append(warnings, site.Skipped()...) }()
	var src fs.FS = site
	if p.files != nil {
		if root, err := filepath.EvalSymlinks(p.site); err == nil {
			if root, err = filepath.Abs(root); err == nil {
				src = cachedSite{site, p.files, root}
			}
		}
	}
	salt := buildSalt(src, p.opts, "")
	m, warnings, errs := loadModelCached(src, p.opts, "", p.parsed)
	if errs != nil {
		return 0, 0, warnings, errs
	}
	t, err := loadTemplatesAgain(p.templates, site)
	if err != nil {
		return 0, 0, warnings, err
	}
	p.templates = t
	t.Remember(p.summaries)
	if salt != "" {
		// Without a salt, a changed registry would not be seen.
		p.terms.Use(salt)
		t.KeepTerms(p.terms)
	}
	// The memory limit follows the first model's size, as build's does;
	// setting it again would cost a collection on every save.
	p.memLimit.Do(limitServeMemory)
	if len(open) > 0 {
		// A failure here is the rest's too, and reported with it.
		if restore, showErr := p.show(m, t, open); showErr == nil {
			defer func() {
				if err != nil {
					restore()
				}
				os.RemoveAll(p.backup)
			}()
			if shown != nil {
				shown()
			}
		}
	}
	out, err := p.newOutput(salt)
	if err != nil {
		return 0, 0, warnings, err
	}
	out.stoppable = true
	defer os.RemoveAll(p.staging)
	if err := render.Site(m, t, out, nil); err != nil {
		return 0, 0, warnings, err
	}
	if _, err := write.CopyStatic(out, siteStatic(site), static.FS); err != nil {
		return 0, 0, warnings, err
	}
	return len(out.keys), len(out.staged), warnings, out.commit()
}

// show makes the files at the paths of open and moves those whose bytes
// changed into the served directory, keeping the files they replace;
// restore puts those back.
func (p *preview) show(m *model.Site, t *render.Templates, open []string) (restore func(), err error) {
	paths := make(map[string]bool, len(open))
	for _, o := range open {
		paths[o] = true
	}
	out, err := p.newOutput("")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(p.staging)
	if err := render.Only(m, t, out, paths); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(p.backup); err != nil {
		return nil, err
	}
	type replaced struct {
		path string
		sum  fileSum
		had  bool // a file was there, now in backup
	}
	var moved []replaced
	restore = func() {
		for _, r := range moved {
			to := filepath.Join(p.dir, filepath.FromSlash(r.path))
			if r.had {
				os.Rename(filepath.Join(p.backup, filepath.FromSlash(r.path)), to)
				p.sums[r.path] = r.sum
			} else {
				os.Remove(to)
				delete(p.sums, r.path)
			}
		}
	}
	for f := range out.staged {
		to := filepath.Join(p.dir, filepath.FromSlash(f))
		r := replaced{path: f}
		r.sum, r.had = p.sums[f]
		if r.had {
			keep := filepath.Join(p.backup, filepath.FromSlash(f))
			if err = os.MkdirAll(filepath.Dir(keep), 0o755); err == nil {
				err = os.Rename(to, keep)
			}
		} else {
			err = os.MkdirAll(filepath.Dir(to), 0o755)
		}
		if err == nil {
			moved = append(moved, r)
			if err = os.Rename(filepath.Join(p.staging, filepath.FromSlash(f)), to); err == nil {
				p.sums[f] = out.sums[f]
			}
		}
		if err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}

// newOutput starts a rebuild's output in an empty staging directory.
func (p *preview) newOutput(salt string) (*stagedOutput, error) {
	if err := os.RemoveAll(p.staging); err != nil {
		return nil, err
	}
	return &stagedOutput{p: p, salt: salt, keys: map[string]string{}, sums: map[string]fileSum{}, staged: map[string]bool{}}, nil
}

// stagedOutput is one rebuild of a preview.
type stagedOutput struct {
	p         *preview
	salt      string
	stoppable bool // by a newer save

	mu     sync.Mutex
	keys   map[string]string  // every file of this rebuild, with its key
	sums   map[string]fileSum // those made, with their bytes' sums
	staged map[string]bool    // those of them written to the staging directory
}

// stop reports errSuperseded when a newer save is waiting.
func (o *stagedOutput) stop() error {
	if o.stoppable && o.p.superseded != nil && o.p.superseded() {
		return errSuperseded
	}
	return nil
}

// Carry keeps the served file when its key has not changed.
func (o *stagedOutput) Carry(p, key string) (bool, error) {
	if err := o.stop(); err != nil {
		return false, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.keys[p] = key
	old, ok := o.p.keys[p]
	return o.salt != "" && ok && old == key, nil
}

// KeySalt is the rebuild's salt, which render mixes into every file's
// key; "" carries nothing over.
func (o *stagedOutput) KeySalt() string { return o.salt }

// claim records that the file at p is made; it reports whether its bytes
// are those served, and else where to stage it.
func (o *stagedOutput) claim(p string, sum fileSum) (name string, same bool, err error) {
	if err := o.stop(); err != nil {
		return "", false, err
	}
	if !fs.ValidPath(p) || p == "." {
		return "", false, fmt.Errorf("invalid output path %q", p)
	}
	o.mu.Lock()
	if _, made := o.sums[p]; made {
		o.mu.Unlock()
		return "", false, fmt.Errorf("output path %q written twice", p)
	}
	o.sums[p] = sum
	if _, ok := o.keys[p]; !ok {
		o.keys[p] = ""
	}
	old, served := o.p.sums[p]
	same = served && old == sum
	if !same {
		o.staged[p] = true
	}
	o.mu.Unlock()
	if same {
		return "", true, nil
	}
	name = filepath.Join(o.p.staging, filepath.FromSlash(p))
	return name, false, os.MkdirAll(filepath.Dir(name), 0o755)
}

func (o *stagedOutput) sum(data []byte) fileSum {
	return fileSum{maphash.Bytes(o.p.seeds[0], data), maphash.Bytes(o.p.seeds[1], data)}
}

func (o *stagedOutput) WriteFile(p string, data []byte) error {
	name, same, err := o.claim(p, o.sum(data))
	if err != nil || same {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// Create stages the file as it is written; when it is closed the same as
// the one served, it is dropped.
func (o *stagedOutput) Create(p string) (io.WriteCloser, error) {
	if !fs.ValidPath(p) || p == "." {
		return nil, fmt.Errorf("invalid output path %q", p)
	}
	name := filepath.Join(o.p.staging, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	w := &stagedFile{o: o, path: p, f: f}
	w.h[0].SetSeed(o.p.seeds[0])
	w.h[1].SetSeed(o.p.seeds[1])
	return w, nil
}

// stagedFile is a file of Create, digested as it is written.
type stagedFile struct {
	o    *stagedOutput
	path string
	f    *os.File
	h    [2]maphash.Hash
}

func (w *stagedFile) Write(b []byte) (int, error) {
	w.h[0].Write(b)
	w.h[1].Write(b)
	return w.f.Write(b)
}

func (w *stagedFile) Close() error {
	if err := w.f.Close(); err != nil {
		return err
	}
	_, same, err := w.o.claim(w.path, fileSum{w.h[0].Sum64(), w.h[1].Sum64()})
	if same {
		return os.Remove(w.f.Name())
	}
	return err
}

// Written reports whether a file of this rebuild is at p.
func (o *stagedOutput) Written(p string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.keys[p]
	return ok
}

// commit moves the staged files into the served directory and removes
// the files this rebuild no longer makes.
func (o *stagedOutput) commit() (err error) {
	defer func() {
		if err != nil {
			// Some files moved and some not: none is trusted next time.
			for p := range o.keys {
				o.p.keys[p] = ""
				delete(o.p.sums, p)
			}
		}
	}()
	for p := range o.staged {
		from := filepath.Join(o.p.staging, filepath.FromSlash(p))
		to := filepath.Join(o.p.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
	}
	for p := range o.p.keys {
		if _, ok := o.keys[p]; !ok {
			delete(o.p.sums, p)
			os.Remove(filepath.Join(o.p.dir, filepath.FromSlash(p)))
			// Its folder goes when empty (a month page's, a tag's).
			for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
				if os.Remove(filepath.Join(o.p.dir, filepath.FromSlash(dir))) != nil {
					break
				}
			}
		}
	}
	for p, sum := range o.sums {
		o.p.sums[p] = sum
	}
	o.p.keys = o.keys
	return nil
}
