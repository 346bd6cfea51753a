//go:build unix

package write

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/briefing-dev/briefing/internal/parallel"
	"golang.org/x/sys/unix"
)

// writeNew writes a new file whole, never into one that is there (it
// may be a hard link to a file of the live output). It is os.WriteFile in the fewest
// system calls (open, write, close): os.OpenFile also offers every file
// to the runtime's poller, which refuses regular files after a few calls
// of its own, and a build writes tens of thousands of files.
func writeNew(name string, data []byte) error {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// linkFiles hard links the files at the slash paths in the tree from
// into the same places in the tree to, whose folders exist, on every CPU.
// Each folder of both trees is opened once and the links made relative
// to it: the kernel then looks up one name a link, not every folder of
// both paths, which is most of the cost of linking a large output.
func linkFiles(from, to string, paths []string) error {
	for _, group := range byDir(paths) {
		dir := filepath.FromSlash(group.dir)
		src, err := openDir(filepath.Join(from, dir))
		if err != nil {
			return carryError(group.files[0], err)
		}
		dst, err := openDir(filepath.Join(to, dir))
		if err != nil {
			unix.Close(src)
			return carryError(group.files[0], err)
		}
		err = parallel.For(len(group.files), func(_, i int) error {
			p := group.files[i]
			name := path.Base(p)
			if err := unix.Linkat(src, name, dst, name, 0); err != nil {
				return carryError(p, &os.LinkError{Op: "link", Old: filepath.Join(from, filepath.FromSlash(p)), New: filepath.Join(to, filepath.FromSlash(p)), Err: err})
			}
			return nil
		})
		unix.Close(src)
		unix.Close(dst)
		if err != nil {
			return err
		}
	}
	return nil
}

// unlinkFiles removes the files at the slash paths under root, on every
// CPU, each folder opened once (see linkFiles), and returns the first
// error but that of a file already gone. What cannot be removed is left:
// a caller that removes the whole tree finds it again.
func unlinkFiles(root string, paths []string) error {
	var first error
	for _, group := range byDir(paths) {
		fd, err := openDir(filepath.Join(root, filepath.FromSlash(group.dir)))
		if err != nil {
			if first == nil && !errors.Is(err, fs.ErrNotExist) {
				first = err
			}
			continue
		}
		err = parallel.For(len(group.files), func(_, i int) error {
			name := path.Base(group.files[i])
			if err := unix.Unlinkat(fd, name, 0); err != nil && err != unix.ENOENT {
				return &os.PathError{Op: "unlink", Path: filepath.Join(root, filepath.FromSlash(group.files[i])), Err: err}
			}
			return nil
		})
		unix.Close(fd)
		if first == nil {
			first = err
		}
	}
	return first
}

// openDir opens a folder for the calls relative to it; never a link to
// one, which would take the calls out of the output.
func openDir(name string) (int, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return fd, nil
}
