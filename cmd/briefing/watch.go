package main

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/write"
	"github.com/fsnotify/fsnotify"
)

// settle is how long the sources must be quiet before a rebuild: an
// editor's save is several events (a temporary file, a rename, a change of
// mode), and a checkout is thousands. They come from one process's system
// calls in a row, well within it; every millisecond here is one more
// before the page shows the save. A rebuild that starts too soon is
// stopped by the events that follow (saves.pending).
const settle = 10 * time.Millisecond

// watchSite calls changed, from one goroutine, after the site's sources
// change and then stay quiet for settle, with the slash paths in the site
// that changed, or nil when it cannot tell which. It watches the input
// folders through the operating system's file events, so it costs
// nothing while nothing changes; where those are not available it polls,
// and says so.
func watchSite(site string, changed func(paths []string), stderr io.Writer) {
	w, err := fsnotify.NewWatcher()
	if err == nil {
		err = addTree(w, site, true)
		for _, dir := range write.InputFolders {
			if err == nil {
				err = addTree(w, filepath.Join(site, dir), false)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "warning: file events unavailable (%v); checking for changes twice a second instead\n", err)
		if w != nil {
			w.Close()
		}
		poll(site, changed)
		return
	}
	defer w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	paths, unknown := map[string]bool{}, false
	for {
		select {
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !relevant(site, ev.Name) {
				continue
			}
			if rel, err := filepath.Rel(site, ev.Name); err == nil {
				paths[filepath.ToSlash(rel)] = true
			} else {
				unknown = true
			}
			if ev.Has(fsnotify.Create) {
				// A new folder (or one put back by a checkout) is watched too.
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					addTree(w, ev.Name, false)
				}
			}
			timer.Reset(settle)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			// The kernel's queue overflowed or a folder went away: a
			// rebuild is the safe answer.
			fmt.Fprintf(stderr, "warning: watching the site: %v\n", err)
			unknown = true
			timer.Reset(settle)
		case <-timer.C:
			var list []string
			if !unknown {
				list = slices.Sorted(maps.Keys(paths))
			}
			paths, unknown = map[string]bool{}, false
			changed(list)
		}
	}
}

// saves hands the watcher's changes to the rebuilds, which run one at a
// time: changes that come while one runs are taken together by the next,
// and a rebuild still making the rest of the site may stop for them
// (pending).
type saves struct {
	mu    sync.Mutex
	paths []string
	all   bool // some change the watcher could not name
	wake  chan struct{}
}

func newSaves() *saves { return &saves{wake: make(chan struct{}, 1)} }

// add queues changed paths; nil means it is not known which.
func (s *saves) add(paths []string) {
	s.mu.Lock()
	if paths == nil {
		s.all = true
	}
	s.paths = append(s.paths, paths...)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pending reports whether changes wait to be taken.
func (s *saves) pending() bool { return len(s.wake) > 0 }

// take waits for changes and returns their paths, nil when it is not
// known which.
func (s *saves) take() []string {
	<-s.wake
	s.mu.Lock()
	defer s.mu.Unlock()
	paths, all := s.paths, s.all
	s.paths, s.all = nil, false
	if all {
		return nil
	}
	if paths == nil {
		return []string{}
	}
	return paths
}

// addTree watches dir and, unless only is set, every folder below it.
// A missing folder is fine: the site root's events tell when it appears.
func addTree(w *fsnotify.Watcher, dir string, only bool) error {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	if only {
		return w.Add(dir)
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		return w.Add(p)
	})
}

// relevant reports whether a changed path can change the site: a file in
// an input folder, or an input folder itself, but not an editor's backup,
// swap or lock file, nor the output written inside the site.
func relevant(site, name string) bool {
	rel, err := filepath.Rel(site, name)
	if err != nil {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	inInput := false
	for _, dir := range write.InputFolders {
		if parts[0] == dir {
			inInput = true
		}
	}
	if !inInput {
		return false
	}
	base := parts[len(parts)-1]
	switch {
	case strings.HasPrefix(base, ".#"), strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasSuffix(base, "~"), strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		base == "4913": // vim's probe before it saves by rename
		return false
	}
	return true
}

// poll is the fallback: it compares the input folders' listings, sizes and
// modification times twice a second.
func poll(site string, changed func(paths []string)) {
	last := snapshot(site)
	for range time.Tick(500 * time.Millisecond) {
		if now := snapshot(site); now != last {
			last = now
			changed(nil)
		}
	}
}

func snapshot(site string) string {
	var b strings.Builder
	for _, dir := range write.InputFolders {
		filepath.WalkDir(filepath.Join(site, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}
