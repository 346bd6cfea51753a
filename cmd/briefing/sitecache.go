package main

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/sitefs"
)

// siteCache keeps the bytes of the site's files between serve's rebuilds:
// a site of ten thousand briefings is twenty thousand files, and reading
// them all again on every save costs more than the page it changes. A
// file is read again after the watcher said it changed; when the watcher
// cannot say what changed, everything is read again.
type siteCache struct {
	mu    sync.Mutex
	files map[string][]byte // by slash path in the site
}

func newSiteCache() *siteCache { return &siteCache{files: map[string][]byte{}} }

// forget drops the files at the given slash paths, and those below them
// (a folder renamed or removed is one event). Many paths (a checkout)
// drop everything, sooner than compare each with every file.
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
		folders = append(folders, p+"/")
	}
	for name := range c.files {
		for _, f := range folders {
			if strings.HasPrefix(name, f) {
				delete(c.files, name)
				break
			}
		}
	}
}

// forgetAll drops every file.
func (c *siteCache) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.files)
}

// cachedSite reads the site through a siteCache; listings, links and
// every other check are the site's own, done every time. A file reached
// through a symbolic link is read every time: the watcher sees a change
// to the file linked to, not to the link.
type cachedSite struct {
	*sitefs.FS
	cache *siteCache
	root  string // the site's directory, every link resolved
}

// ReadFile returns the bytes read before, when the file has not changed
// since. Callers must not change them.
func (s cachedSite) ReadFile(name string) ([]byte, error) {
	s.cache.mu.Lock()
	data, ok := s.cache.files[name]
	s.cache.mu.Unlock()
	if ok {
		return data, nil
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
	s.cache.files[name] = data
	s.cache.mu.Unlock()
	return data, nil
}
