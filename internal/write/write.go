// Package write puts a rendered site on disk without ever leaving a half-
// written output: files go into a new directory beside the output as they
// are rendered, and that directory takes the output's place only when the
// whole site is in it. When anything fails, the previous output is left
// exactly as it was.
package write

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Output is a site being written. WriteFile may be called from several
// goroutines at once.
type Output struct {
	out, tmp string
	mu       sync.Mutex
	dirs     map[string]bool // created directories, by slash path
	written  map[string]bool
}

// Begin starts writing a site that will replace the directory out.
func Begin(out string) (*Output, error) {
	out = filepath.Clean(out)
	if out == "." || out == string(filepath.Separator) {
		return nil, fmt.Errorf("refusing to replace %q with the output", out)
	}
	if info, err := os.Lstat(out); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("output %s exists and is not a directory", out)
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Output{out: out, tmp: tmp, dirs: map[string]bool{".": true}, written: map[string]bool{}}, nil
}

// WriteFile writes one file, by its slash-separated path in the site. It
// does not keep data.
func (o *Output) WriteFile(p string, data []byte) error {
	name, err := o.claim(p)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}

// Create opens a file to write in pieces; Close finishes it.
func (o *Output) Create(p string) (io.WriteCloser, error) {
	name, err := o.claim(p)
	if err != nil {
		return nil, err
	}
	return os.Create(name)
}

// claim checks a path, records it as written and makes its directory. It
// returns the file's name on disk.
func (o *Output) claim(p string) (string, error) {
	if !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("invalid output path %q", p)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.written[p] {
		return "", fmt.Errorf("output path %q written twice", p)
	}
	o.written[p] = true
	if dir := path.Dir(p); !o.dirs[dir] {
		// Under the lock, so that two writers never race to create one directory.
		if err := os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return "", err
		}
		o.dirs[dir] = true
	}
	return filepath.Join(o.tmp, filepath.FromSlash(p)), nil
}

// CopyStatic copies the trees into the output. A file is skipped where a
// rendered file or an earlier tree has the same path, so a site's own
// static/ should come first to override the defaults, and no tree can
// shadow a generated page. Go source files (an embed declaration) are not
// site content. A nil tree is skipped. It returns how many files it copied.
func (o *Output) CopyStatic(trees ...fs.FS) (copied int, err error) {
	for _, tree := range trees {
		if tree == nil {
			continue
		}
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
				return err
			}
			o.mu.Lock()
			taken := o.written[p]
			o.mu.Unlock()
			if taken {
				return nil
			}
			data, err := fs.ReadFile(tree, p)
			if err != nil {
				return err
			}
			copied++
			return o.WriteFile(p, data)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return copied, fmt.Errorf("static: %w", err)
		}
	}
	return copied, nil
}

// Commit moves the new output into place and removes the old one.
func (o *Output) Commit() error {
	old := ""
	if _, err := os.Lstat(o.out); err == nil {
		old = o.tmp + ".old"
		if err := os.Rename(o.out, old); err != nil {
			o.Abort()
			return err
		}
	}
	if err := os.Rename(o.tmp, o.out); err != nil {
		if old != "" {
			os.Rename(old, o.out)
		}
		o.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes what was written; the previous output stays.
func (o *Output) Abort() { os.RemoveAll(o.tmp) }
