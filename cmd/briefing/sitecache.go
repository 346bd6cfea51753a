package main

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/sitefs"
)

// siteCache keeps the bytes of the site's files and the listings of its
// folders between serve's rebuilds: a site of ten thousand briefings is
// twenty thousand files in two folders, and reading them all again on
// every save costs more than the page it changes. A file is read again
// after the watcher said it changed, and the listing of its folder is
// brought up to date from what is at its path then; when the watcher
// cannot say what changed, everything is read again.
type siteCache struct {
	mu    sync.RWMutex             // the loads read every file on every CPU
	files map[string]*cachedFile   // by slash path in the site
	dirs  map[string][]fs.DirEntry // plain listings (sitefs.List), by slash path
	globs map[string][]string      // matches of patterns in a folder of dirs, by pattern
	root  string                   // the site's directory the listings are of
}

func newSiteCache() *siteCache {
	return &siteCache{files: map[string]*cachedFile{}, dirs: map[string][]fs.DirEntry{}, globs: map[string][]string{}}
}

// cachedFile is a file's bytes as read, and their SHA-256 once a load
// asked for it: the parse caches know a briefing by its digest, and ten
// thousand digested again on every save would cost more than the rest
// of reading the site from memory.
type cachedFile struct {
	data []byte
	sum  *[sha256.Size]byte
}

// relisted drops the matches of patterns in the folder dir, whose
// listing changed.
func (c *siteCache) relisted(dir string) {
	for pattern := range c.globs {
		if path.Dir(pattern) == dir {
			delete(c.globs, pattern)
		}
	}
}

// forget drops the files at the given slash paths, and those below them
// (a folder renamed or removed is one event), and brings the listings of
// their folders up to date. Many paths (a checkout) drop everything,
// sooner than compare each with every file.
func (c *siteCache) forget(paths []string) {
	if len(paths) > 64 {
		c.forgetAll()
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var folders []string
	for _, p := range paths {
		delete(c.files, p)
		delete(c.dirs, p)
		c.relisted(p)
		c.relist(p)
		folders = append(folders, p+"/")
	}
	below := func(name string) bool {
		return slices.ContainsFunc(folders, func(f string) bool { return strings.HasPrefix(name, f) })
	}
	for name := range c.files {
		if below(name) {
			delete(c.files, name)
		}
	}
	for name := range c.dirs {
		if below(name) {
			delete(c.dirs, name)
			c.relisted(name)
		}
	}
}

// relist puts what is at p now into its folder's listing: a regular file
// or a folder as sitefs lists it, nothing when it is gone; anything else
// drops the listing, for sitefs to list again with its warnings.
func (c *siteCache) relist(p string) {
	dir := path.Dir(p)
	entries, ok := c.dirs[dir]
	if !ok {
		return
	}
	name := path.Base(p)
	at, found := slices.BinarySearchFunc(entries, name, func(e fs.DirEntry, name string) int { return strings.Compare(e.Name(), name) })
	info, err := os.Lstat(filepath.Join(c.root, filepath.FromSlash(p)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if found {
			c.dirs[dir] = slices.Delete(entries, at, at+1)
			c.relisted(dir)
		}
	case err == nil && (info.Mode().IsRegular() || info.IsDir()):
		e := fs.FileInfoToDirEntry(info)
		if !found || entries[at].IsDir() != e.IsDir() {
			c.relisted(dir)
		}
		if found {
			entries[at] = e
		} else {
			c.dirs[dir] = slices.Insert(entries, at, e)
		}
	default:
		delete(c.dirs, dir)
		c.relisted(dir)
	}
}

// forgetAll drops every file and listing.
func (c *siteCache) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.files)
	clear(c.dirs)
	clear(c.globs)
}

// cachedSite reads the site through a siteCache; every check on what is
// not in the cache is the site's own. A file reached through a symbolic
// link is read every time: the watcher sees a change to the file linked
// to, not to the link. So is a folder that holds a link or anything but
// files and folders.
type cachedSite struct {
	*sitefs.FS
	cache *siteCache
	root  string // the site's directory, every link resolved
}

// ReadFile returns the bytes read before, when the file has not changed
// since. Callers must not change them.
func (s cachedSite) ReadFile(name string) ([]byte, error) {
	s.cache.mu.RLock()
	f, ok := s.cache.files[name]
	s.cache.mu.RUnlock()
	if ok {
		return f.data, nil
	}
	data, err := s.FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	full := filepath.Join(s.root, filepath.FromSlash(name))
	if real, err := filepath.EvalSymlinks(full); err != nil || real != full {
		return data, nil
	}
	s.cache.mu.Lock()
	s.cache.files[name] = &cachedFile{data: data}
	s.cache.mu.Unlock()
	return data, nil
}

// Sum is the SHA-256 of a file's bytes, made once for the bytes the
// cache keeps; other bytes are the site's to digest.
func (s cachedSite) Sum(name string, data []byte) [sha256.Size]byte {
	s.cache.mu.RLock()
	f, ok := s.cache.files[name]
	var sum *[sha256.Size]byte
	if ok {
		sum = f.sum
	}
	s.cache.mu.RUnlock()
	if !ok || !sitefs.SameBytes(f.data, data) {
		return s.FS.Sum(name, data)
	}
	if sum != nil {
		return *sum
	}
	made := sha256.Sum256(data)
	s.cache.mu.Lock()
	f.sum = &made
	s.cache.mu.Unlock()
	return made
}

// ReadDir returns the listing made before, when nothing in the folder
// changed since but what the cache followed.
func (s cachedSite) ReadDir(name string) ([]fs.DirEntry, error) {
	s.cache.mu.Lock()
	entries, ok := keptCopy(s.cache, s.cache.dirs, name, s.root)
	s.cache.mu.Unlock()
	if ok {
		return entries, nil
	}
	entries, plain, err := s.FS.List(name)
	if err != nil || !plain {
		return entries, err
	}
	s.cache.mu.Lock()
	if s.cache.root != s.root {
		clear(s.cache.dirs)
		clear(s.cache.globs)
		s.cache.root = s.root
	}
	s.cache.dirs[name] = slices.Clone(entries)
	s.cache.relisted(name)
	s.cache.mu.Unlock()
	return entries, nil
}

// Glob returns the matches found before of a pattern of names in one
// folder, when its listing is kept and has not changed since: matching
// every name of a folder of ten thousand files costs more than the rest
// of reading it from memory.
func (s cachedSite) Glob(pattern string) ([]string, error) {
	dir := path.Dir(pattern)
	plain := globless{s}
	if strings.ContainsAny(dir, `*?[\`) || dir == "." {
		return fs.Glob(plain, pattern)
	}
	s.cache.mu.Lock()
	names, ok := keptCopy(s.cache, s.cache.globs, pattern, s.root)
	s.cache.mu.Unlock()
	if ok {
		return names, nil
	}
	names, err := fs.Glob(plain, pattern)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if _, listed := s.cache.dirs[dir]; listed && s.cache.root == s.root {
		s.cache.globs[pattern] = slices.Clone(names)
	}
	s.cache.mu.Unlock()
	return names, nil
}

// keptCopy is a copy of what m, one of c's maps, holds at key, when c's
// listings are of the site at root; ok is false otherwise. The caller
// holds c.mu.
func keptCopy[T any](c *siteCache, m map[string][]T, key, root string) (kept []T, ok bool) {
	v, ok := m[key]
	if !ok || c.root != root {
		return nil, false
	}
	return slices.Clone(v), true
}

// globless is a cachedSite for fs.Glob, which would call its Glob.
type globless struct{ s cachedSite }

func (g globless) Open(name string) (fs.File, error)          { return g.s.Open(name) }
func (g globless) Stat(name string) (fs.FileInfo, error)      { return g.s.Stat(name) }
func (g globless) ReadDir(name string) ([]fs.DirEntry, error) { return g.s.ReadDir(name) }
