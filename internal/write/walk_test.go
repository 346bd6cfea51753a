package write

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWalkTree: walkTree sees what filepath.WalkDir sees, by the same
// slash paths; fs.SkipDir skips a folder's contents, and returned for a
// file skips nothing.
func TestWalkTree(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"index.html": "", "a/b/c.html": "", "a/d.html": "", "skip/x.html": "", "skip/y/z.html": "",
		"stop-here.txt": "", "zz.html": "",
	})
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	var want []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if rel, _ := filepath.Rel(dir, p); rel != "." && !strings.HasPrefix(filepath.ToSlash(rel), "skip/") {
			want = append(want, filepath.ToSlash(rel))
		}
		return err
	})
	var got []string
	err := walkTree(dir, func(rel string, d fs.DirEntry) error {
		got = append(got, rel)
		switch {
		case rel == "skip" && !d.IsDir(), rel == "stop-here.txt" && d.IsDir():
			t.Errorf("%s: wrong type", rel)
		case rel == "skip", rel == "stop-here.txt":
			return fs.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("walkTree saw %q, want %q", got, want)
	}
	if err := walkTree(filepath.Join(dir, "missing"), func(string, fs.DirEntry) error { return nil }); err == nil {
		t.Error("walkTree of a missing folder: no error")
	}
}
