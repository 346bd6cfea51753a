// Package sitefs reads a site directory as an fs.FS that shows only what a
// site may publish: regular files and directories inside the site.
//
// Every stage that reads the site's input (seeds, annotations, templates,
// static files) goes through it, so that what is never read can never be
// published. It hides, with a warning that names each one:
//
//   - a symbolic link that resolves outside the site directory (a link to
//     /proc/self/environ or ~/.ssh would otherwise be published);
//   - a symbolic link to a directory, which could make a walk loop forever;
//   - a link that resolves nowhere;
//   - anything that is not a regular file or a directory: a named pipe,
//     which would block a read forever, a device such as /dev/zero, which
//     never ends, or a socket.
//
// A symbolic link to a regular file inside the site is read as that file.
// Files are opened without blocking and checked again once open, so a file
// swapped for a pipe between the check and the read is refused too.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/diag"
)

// FS is a site directory. Its methods may be called from several
// goroutines at once.
type FS struct {
	root string // as given, for messages
	real string // the root with every symbolic link resolved

	mu      sync.Mutex
	skipped map[string]string // slash path → why it was hidden
	plain   map[string]bool   // directories known to be reached without links

	knowing *knowing // set by KnowFiles before any read
}

// New opens the site directory dir.
func New(dir string) (*FS, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	return &FS{root: dir, real: real, skipped: map[string]string{}, plain: map[string]bool{".": true}}, nil
}

// errHidden is what Open and ReadDir return for an entry the FS hides;
// the reason is kept for Skipped.
var errHidden = errors.New("not a regular file inside the site")

// Skipped returns a warning for every entry hidden so far, sorted by path.
func (f *FS) Skipped() diag.List {
	f.mu.Lock()
	defer f.mu.Unlock()
	names := make([]string, 0, len(f.skipped))
	for p := range f.skipped {
		names = append(names, p)
	}
	sort.Strings(names)
	var list diag.List
	for _, p := range names {
		list.Add(diag.Pos{File: p}, "%s; not read and not published", f.skipped[p])
	}
	return list
}

func (f *FS) hide(name, why string) error {
	f.mu.Lock()
	f.skipped[name] = why
	f.mu.Unlock()
	return &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: %s", errHidden, why)}
}

// inside reports whether the resolved path p is the site's root or below it.
func (f *FS) inside(p string) bool {
	return p == f.real || strings.HasPrefix(p, f.real+string(filepath.Separator))
}

// kind names a file mode that is neither regular nor a directory.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// plainDir reports whether the directory dir (a slash path) is reached
// from the root through no symbolic link.
func (f *FS) plainDir(dir string) bool {
	f.mu.Lock()
	known := f.plain[dir]
	f.mu.Unlock()
	if known {
		return true
	}
	lexical := filepath.Join(f.real, filepath.FromSlash(dir))
	if real, err := filepath.EvalSymlinks(lexical); err != nil || real != lexical {
		return false
	}
	f.mu.Lock()
	f.plain[dir] = true
	f.mu.Unlock()
	return true
}

// resolve finds what the slash path name stands for. A directory must be
// reached without symbolic links; a file may be a link to a regular file
// inside the site, in a directory reached without links. It returns the
// resolved path on disk and its info.
func (f *FS) resolve(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	lexical := filepath.Join(f.real, filepath.FromSlash(name))
	if _, err := os.Lstat(lexical); err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
	}
	if name != "." && !f.plainDir(path.Dir(name)) {
		return "", nil, f.hide(name, "reached through a symbolic link to a directory, which is not followed")
	}
	real, err := filepath.EvalSymlinks(lexical)
	if err != nil {
		return "", nil, f.hide(name, "symbolic link that resolves nowhere")
	}
	if !f.inside(real) {
		return "", nil, f.hide(name, fmt.Sprintf("symbolic link to %s, outside the site", real))
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
	}
	switch {
	case info.IsDir() && real != lexical:
		return "", nil, f.hide(name, "symbolic link to a directory, which is not followed")
	case !info.IsDir() && !info.Mode().IsRegular():
		return "", nil, f.hide(name, kind(info.Mode()))
	}
	return real, info, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens a regular file or a directory of the site.
func (f *FS) Open(name string) (fs.File, error) {
	real, info, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return os.Open(real)
	}
	return f.openFile(name, real)
}

func (f *FS) openFile(name, real string) (*os.File, error) {
	file, err := openRegular(real)
	if errors.Is(err, errNotRegular) {
		return nil, f.hide(name, "not a regular file")
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrapPath(err)}
	}
	return file, nil
}

// ReadFile reads a regular file of the site.
func (f *FS) ReadFile(name string) ([]byte, error) {
	// The common case, as in openRegularFile, in fewer system calls.
	if fs.ValidPath(name) && name != "." && f.plainDir(path.Dir(name)) {
		full := filepath.Join(f.real, filepath.FromSlash(name))
		if k := f.knowing; k != nil && k.covers(name) {
			if data, ok := k.read(name, full); ok {
				return data, nil
			}
		} else if data, err := readRegular(full); err == nil {
			return data, nil
		}
	}
	file, err := f.openRegularFile(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := readAll(file)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrapPath(err)}
	}
	return data, nil
}

// openRegularFile opens a file that must be regular. The common case, a
// plain file in a directory already known to be reached without links,
// costs an open and a stat, as os.DirFS does; anything else (a link, a
// pipe, a name that is not there) takes the careful way.
func (f *FS) openRegularFile(name string) (*os.File, error) {
	if fs.ValidPath(name) && name != "." && f.plainDir(path.Dir(name)) {
		if file, err := openRegular(filepath.Join(f.real, filepath.FromSlash(name))); err == nil {
			return file, nil
		}
	}
	real, info, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return f.openFile(name, real)
}

// Stat describes a regular file or a directory of the site.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	_, info, err := f.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	return renamed{info, path.Base(name)}, nil
}

// ReadDir lists a directory, leaving out (with a warning) every entry that
// Open would refuse. A link to a regular file is listed under its own name
// as the file it points at.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, _, err := f.List(name)
	return entries, err
}

// List is ReadDir that also reports whether the listing is plain: every
// entry a regular file or a directory, none a link and none left out.
// A plain listing changes only where the files in it change, so that
// serve may keep it and follow the file events.
func (f *FS) List(name string) (entries []fs.DirEntry, plain bool, err error) {
	if k := f.knowing; k != nil && k.coversDir(name) {
		return k.list(name, func() ([]fs.DirEntry, bool, error) { return f.list(name) })
	}
	return f.list(name)
}

func (f *FS) list(name string) (entries []fs.DirEntry, plain bool, err error) {
	real, info, err := f.resolve("readdir", name)
	if err != nil {
		return nil, false, err
	}
	if !info.IsDir() {
		return nil, false, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err = os.ReadDir(real)
	if err != nil {
		return nil, false, &fs.PathError{Op: "readdir", Path: name, Err: unwrapPath(err)}
	}
	plain = true
	out := entries[:0]
	for _, e := range entries {
		child := e.Name()
		if name != "." {
			child = name + "/" + child
		}
		switch t := e.Type(); {
		case t.IsRegular(), t.IsDir():
			out = append(out, e)
			continue
		case t&fs.ModeSymlink != 0:
			_, target, err := f.resolve("readdir", child)
			if err == nil {
				out = append(out, fs.FileInfoToDirEntry(renamed{target, e.Name()}))
			}
		default:
			f.hide(child, kind(t))
		}
		plain = false
	}
	return out, plain, nil
}

// renamed is a link's target under the link's name.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// ReadRegularFile reads a file named on the command line, refusing
// anything but a regular file (a pipe would block, a device never end).
func ReadRegularFile(name string) ([]byte, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return nil, err
	}
	file, err := openRegular(real)
	if errors.Is(err, errNotRegular) {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return readAll(file)
}

var errNotRegular = errors.New("not a regular file")

// readAll reads an open regular file whole, sized by its length.
func readAll(file *os.File) ([]byte, error) {
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	data := make([]byte, 0, info.Size()+1)
	for {
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}
