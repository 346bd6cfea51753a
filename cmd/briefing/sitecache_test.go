package main

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestSiteCacheListings changes a folder's files, tells the cache which
// paths changed, as the watcher does, and compares the listing and the
// matches of a pattern through the cache, and the warnings, with a fresh
// one's after each change.
func TestSiteCacheListings(t *testing.T) {
	dir := t.TempDir()
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(root, "content", "briefings")
	os.MkdirAll(folder, 0o755)
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(folder, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.md")
	write("d.md")
	cache := newSiteCache()
	list := func(cached bool) ([]string, int) {
		t.Helper()
		site := mustOpenSite(t, root)
		var fsys fs.FS = site
		if cached {
			fsys = cachedSite{site, cache, root}
		}
		entries, err := fs.ReadDir(fsys, "content/briefings")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			kind := "file"
			if e.IsDir() {
				kind = "folder"
			}
			names = append(names, e.Name()+" "+kind)
		}
		matches, err := fs.Glob(fsys, "content/briefings/*.md")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, "glob:")
		names = append(names, matches...)
		return names, len(site.Skipped())
	}
	steps := []struct {
		name   string
		change func()
		paths  []string
	}{
		{"nothing", func() {}, nil},
		{"a new file", func() { write("a.md") }, []string{"a.md"}},
		{"a file rewritten", func() { write("b.md") }, []string{"b.md"}},
		{"a file removed", func() { os.Remove(filepath.Join(folder, "d.md")) }, []string{"d.md"}},
		{"a file renamed", func() { os.Rename(filepath.Join(folder, "a.md"), filepath.Join(folder, "e.md")) }, []string{"a.md", "e.md"}},
		{"a folder", func() { os.Mkdir(filepath.Join(folder, "sub"), 0o755) }, []string{"sub"}},
		{"a folder named as a briefing", func() { os.Mkdir(filepath.Join(folder, "g.md"), 0o755) }, []string{"g.md"}},
		{"that folder replaced by a file", func() {
			os.Remove(filepath.Join(folder, "g.md"))
			write("g.md")
		}, []string{"g.md"}},
		{"a link", func() { os.Symlink("b.md", filepath.Join(folder, "link.md")) }, []string{"link.md"}},
		{"the link removed", func() { os.Remove(filepath.Join(folder, "link.md")) }, []string{"link.md"}},
		{"a pipe", func() {
			if err := syscall.Mkfifo(filepath.Join(folder, "pipe.md"), 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
		}, []string{"pipe.md"}},
		{"the pipe removed", func() { os.Remove(filepath.Join(folder, "pipe.md")) }, []string{"pipe.md"}},
		{"a file after", func() { write("f.md") }, []string{"f.md"}},
	}
	for _, s := range steps {
		s.change()
		var paths []string
		for _, p := range s.paths {
			paths = append(paths, "content/briefings/"+p)
		}
		if s.paths != nil {
			cache.forget(paths)
		}
		got, gotSkipped := list(true)
		want, wantSkipped := list(false)
		if !slices.Equal(got, want) || gotSkipped != wantSkipped {
			t.Fatalf("%s: listed through the cache %q with %d warnings, fresh %q with %d", s.name, got, gotSkipped, want, wantSkipped)
		}
	}
	if _, ok := cache.dirs["content/briefings"]; !ok {
		t.Errorf("the folder's listing is not kept once it is plain again")
	}
}

// A file's digest through the cache is that of its bytes: made once for
// the bytes the cache keeps, and made anew after the file changed and
// the watcher said so, or for bytes the cache did not give.
func TestCachedSiteSum(t *testing.T) {
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	name := "content/briefings/a.md"
	file := filepath.Join(root, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.WriteFile(file, []byte("first"), 0o644)
	cache := newSiteCache()
	site := cachedSite{mustOpenSite(t, root), cache, root}
	data, err := site.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := site.Sum(name, data), sha256.Sum256([]byte("first")); got != want {
		t.Fatalf("Sum = %x, want %x", got, want)
	}
	if cache.files[name].sum == nil {
		t.Fatal("the digest of the kept bytes was not kept")
	}
	if got, want := site.Sum(name, []byte("other")), sha256.Sum256([]byte("other")); got != want {
		t.Errorf("Sum of bytes the cache did not give = %x, want %x", got, want)
	}
	os.WriteFile(file, []byte("second"), 0o644)
	cache.forget([]string{name})
	if data, err = site.ReadFile(name); err != nil {
		t.Fatal(err)
	}
	if got, want := site.Sum(name, data), sha256.Sum256([]byte("second")); got != want {
		t.Errorf("Sum after a change = %x, want %x", got, want)
	}
}
