package write

import (
	"io/fs"
	"os"
	"path/filepath"
)

// walkTree calls visit with every entry under dir but dir itself, by its
// slash path relative to dir, and descends into each directory unless
// visit returns fs.SkipDir for it. It stops at the first other error,
// which it returns, as it does when a directory cannot be read.
//
// It is filepath.WalkDir without the sort of every directory and the
// path arithmetic of every entry: the walks of an output and its spare
// look at every file of a site, on every build, and none needs an
// order. fs.SkipDir skips a directory, never the rest of its parent.
func walkTree(dir string, visit func(rel string, d fs.DirEntry) error) error {
	return walkUnder(dir, "", visit)
}

func walkUnder(dir, prefix string, visit func(rel string, d fs.DirEntry) error) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return &fs.PathError{Op: "readdir", Path: dir, Err: err}
	}
	for _, e := range entries {
		rel := prefix + e.Name()
		err := visit(rel, e)
		switch {
		case err == fs.SkipDir:
			continue
		case err != nil:
			return err
		case e.IsDir():
			if err := walkUnder(filepath.Join(dir, e.Name()), rel+"/", visit); err != nil {
				return err
			}
		}
	}
	return nil
}
