package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/static"
)

// preview is serve's build. It keeps between saves what a build would
// find again (the extraction cache, the key of every file it wrote) and
// renders into the directory it serves, in place: only the files whose
// keys changed are made, staged beside it, and moved in when the whole
// rebuild succeeded, so that a failed rebuild leaves the last good one
// served. No working copy of the whole site is made: a site of ten
// thousand briefings has tens of thousands of files, and linking them
// all on every save would cost more than the few pages it changes.
type preview struct {
	site    string
	dir     string // served
	staging string // beside it, on the same file system
	opts    model.Options

	parsed   *annotations.ParseCache
	keys     map[string]string // the files in dir, by path, with their keys
	memLimit sync.Once
}

func newPreview(site, dir string, opts model.Options) *preview {
	opts.Cache = model.NewExtractCache()
	return &preview{site: site, dir: dir, staging: dir + ".staging", opts: opts, parsed: annotations.NewParseCache(), keys: map[string]string{}}
}

// rebuild renders what changed since the last successful rebuild; it
// returns the number of files of the site and of those it wrote.
func (p *preview) rebuild() (files, written int, warnings diag.List, err error) {
	site, err := openSite(p.site)
	if err != nil {
		return 0, 0, nil, err
	}
	defer func() { warnings = append(warnings, site.Skipped()...) }()
	salt := buildSalt(site, p.opts, "")
	opts := p.opts
	if salt == "" {
		opts.Cache = nil
	} else {
		opts.Cache.Use(salt)
	}
	m, warnings, errs := loadModelCached(site, opts, "", p.parsed)
	if errs != nil {
		return 0, 0, warnings, errs
	}
	t, err := loadTemplates(site)
	if err != nil {
		return 0, 0, warnings, err
	}
	// The memory limit follows the first model's size, as build's does;
	// setting it again would cost a collection on every save.
	p.memLimit.Do(limitMemory)
	if err := os.RemoveAll(p.staging); err != nil {
		return 0, 0, warnings, err
	}
	out := &stagedOutput{p: p, salt: salt, keys: map[string]string{}, staged: map[string]bool{}}
	defer os.RemoveAll(p.staging)
	if err := render.Site(m, t, out, nil); err != nil {
		return 0, 0, warnings, err
	}
	if err := out.copyStatic(siteStatic(site), static.FS); err != nil {
		return 0, 0, warnings, err
	}
	return len(out.keys), len(out.staged), warnings, out.commit()
}

// stagedOutput is one rebuild of a preview.
type stagedOutput struct {
	p    *preview
	salt string

	mu     sync.Mutex
	keys   map[string]string // every file of this rebuild, with its key
	staged map[string]bool   // those written to the staging directory
}

// Carry keeps the served file when its key has not changed.
func (o *stagedOutput) Carry(p, key string) (bool, error) {
	if o.salt != "" {
		key = saltedKey(o.salt, key)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.keys[p] = key
	old, ok := o.p.keys[p]
	return o.salt != "" && ok && old == key, nil
}

func (o *stagedOutput) claim(p string) (string, error) {
	if !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("invalid output path %q", p)
	}
	o.mu.Lock()
	if o.staged[p] {
		o.mu.Unlock()
		return "", fmt.Errorf("output path %q written twice", p)
	}
	o.staged[p] = true
	if _, ok := o.keys[p]; !ok {
		o.keys[p] = ""
	}
	o.mu.Unlock()
	name := filepath.Join(o.p.staging, filepath.FromSlash(p))
	return name, os.MkdirAll(filepath.Dir(name), 0o755)
}

func (o *stagedOutput) WriteFile(p string, data []byte) error {
	name, err := o.claim(p)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

func (o *stagedOutput) Create(p string) (io.WriteCloser, error) {
	name, err := o.claim(p)
	if err != nil {
		return nil, err
	}
	return os.Create(name)
}

// copyStatic copies the static trees as build does (the site's first, no
// file over a rendered one), each keyed by its content.
func (o *stagedOutput) copyStatic(trees ...fs.FS) error {
	for _, tree := range trees {
		if tree == nil {
			continue
		}
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
				return err
			}
			o.mu.Lock()
			_, taken := o.keys[p]
			o.mu.Unlock()
			if taken {
				return nil
			}
			data, err := fs.ReadFile(tree, p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			if carried, _ := o.Carry(p, "static "+hex.EncodeToString(sum[:])); carried {
				return nil
			}
			return o.WriteFile(p, data)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("static: %w", err)
		}
	}
	return nil
}

// commit moves the staged files into the served directory and removes
// the files this rebuild no longer makes.
func (o *stagedOutput) commit() (err error) {
	defer func() {
		if err != nil {
			// Some files moved and some not: none is trusted next time.
			for p := range o.keys {
				o.p.keys[p] = ""
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
			os.Remove(filepath.Join(o.p.dir, filepath.FromSlash(p)))
			// Its folder goes when empty (a month page's, a tag's).
			for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
				if os.Remove(filepath.Join(o.p.dir, filepath.FromSlash(dir))) != nil {
					break
				}
			}
		}
	}
	o.p.keys = o.keys
	return nil
}
