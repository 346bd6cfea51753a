// Package write puts a rendered site on disk without ever leaving a half-
// written output: everything goes into a new directory beside the output,
// which then takes the output's place. When anything fails, the previous
// output is left exactly as it was.
package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/render"
)

// Site writes files and the static trees into out, replacing what out held.
// A static file is skipped where a rendered file or an earlier static tree
// has the same path, so later trees cannot shadow generated pages, and a
// site's own static/ should come first to override the defaults. Go source
// files in a static tree (its embed declaration) are not site content.
func Site(out string, files []render.File, static ...fs.FS) (err error) {
	out = filepath.Clean(out)
	if out == "." || out == string(filepath.Separator) {
		return fmt.Errorf("refusing to replace %q with the output", out)
	}
	if info, err := os.Lstat(out); err == nil && !info.IsDir() {
		return fmt.Errorf("output %s exists and is not a directory", out)
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}

	taken := map[string]bool{}
	for _, f := range files {
		taken[f.Path] = true
	}
	for _, tree := range static {
		if tree == nil {
			continue
		}
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || taken[p] {
				return err
			}
			data, err := fs.ReadFile(tree, p)
			if err != nil {
				return err
			}
			taken[p] = true
			files = append(files, render.File{Path: p, Data: data})
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("static: %w", err)
		}
	}
	if err := writeAll(tmp, files); err != nil {
		return err
	}
	return swap(tmp, out)
}

// writeAll writes the files in parallel: creating many small files is
// dominated by system calls, which overlap well.
func writeAll(dir string, files []render.File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if !fs.ValidPath(f.Path) {
			return fmt.Errorf("invalid output path %q", f.Path)
		}
		dirs[path.Dir(f.Path)] = true
	}
	for d := range dirs {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0)*2)
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(files); i += len(errs) {
				f := files[i]
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// swap moves tmp into out's place, removing the old output afterwards.
func swap(tmp, out string) error {
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
