//go:build !unix

package write

import (
	"os"
	"path/filepath"

	"github.com/briefing-dev/briefing/internal/parallel"
)

// writeNew writes a new file whole.
func writeNew(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

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
// CPU. What cannot be removed is left, for the caller's removal of the
// whole tree to find.
func unlinkFiles(root string, paths []string) {
	parallel.For(len(paths), func(_, i int) error {
		os.Remove(filepath.Join(root, filepath.FromSlash(paths[i])))
		return nil
	})
}
