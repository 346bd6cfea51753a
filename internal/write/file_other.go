//go:build !unix

package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/briefing-dev/briefing/internal/parallel"
)

// writeNew writes a new file whole, never into one that is there (it
// may be a hard link to a file of the live output).
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}

// linkFiles hard links the files at the slash paths in the tree from
// into the same places in the tree to, whose folders exist, on every CPU.
func linkFiles(from, to string, paths []string) error {
	return parallel.For(len(paths), func(_, i int) error {
		p := filepath.FromSlash(paths[i])
		if err := os.Link(filepath.Join(from, p), filepath.Join(to, p)); err != nil {
			return carryError(paths[i], err)
		}
		return nil
	})
}

// unlinkFiles removes the files at the slash paths under root, on every
// CPU, and returns the first error but that of a file already gone. What
// cannot be removed is left: a caller that removes the whole tree finds
// it again.
func unlinkFiles(root string, paths []string) error {
	return parallel.For(len(paths), func(_, i int) error {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(paths[i]))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}
