package write

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// keyed is a build that writes each file with its key unless Carry takes
// it from the previous output; it returns the paths carried over.
func keyed(t testing.TB, target Target, files map[string][2]string) map[string]bool {
	t.Helper()
	o, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	carried := map[string]bool{}
	for p, f := range files {
		ok, err := o.Carry(p, f[0])
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			carried[p] = true
			continue
		}
		if err := o.WriteFile(p, []byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	return carried
}

// names lists the entries of dir, sorted, separated by spaces.
func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	return strings.Join(got, " ")
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

func TestCarry(t *testing.T) {
	for _, mounted := range []bool{false, true} {
		t.Run(map[bool]string{false: "directory", true: "mount point"}[mounted], func(t *testing.T) {
			defer func(f func(string) bool) { mountPoint = f }(mountPoint)
			mountPoint = func(string) bool { return mounted }
			out := filepath.Join(t.TempDir(), "public")
			if mounted {
				os.Mkdir(out, 0o755)
			}
			tg := target(t, out)
			keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}, "b/c.html": {"k2", "c"}, "d.html": {"k3", "d"}})
			before := inode(t, filepath.Join(out, "a.html"))
			carried := keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}, "b/c.html": {"k2", "c"}, "d.html": {"k3-changed", "d2"}, "e.html": {"k4", "e"}})
			if !carried["a.html"] || !carried["b/c.html"] || carried["d.html"] || carried["e.html"] || len(carried) != 2 {
				t.Errorf("carried %v, want a.html and b/c.html", carried)
			}
			if inode(t, filepath.Join(out, "a.html")) != before {
				t.Error("a.html was written again, not carried over")
			}
			got := snapshot(t, out)
			if got["a.html"] != "a" || got["b/c.html"] != "c" || got["d.html"] != "d2" || got["e.html"] != "e" {
				t.Errorf("output %v", got)
			}

			// A fresh build carries nothing over.
			tg.Fresh = true
			if carried := keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}}); len(carried) != 0 {
				t.Errorf("a fresh build carried %v", carried)
			}
		})
	}
}

// A file of the old output that is no longer a regular file (a link put
// there by hand, with -force) is not carried over, nor is one that
// is gone.
func TestCarryOnlyRegularFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tg := target(t, out)
	keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}, "b.html": {"k2", "b"}})
	os.Remove(filepath.Join(out, "a.html"))
	os.Symlink("/etc/passwd", filepath.Join(out, "a.html"))
	os.Remove(filepath.Join(out, "b.html"))
	tg.Force = true
	if carried := keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}, "b.html": {"k2", "b"}}); len(carried) != 0 {
		t.Errorf("carried %v", carried)
	}
	if got := snapshot(t, out); got["a.html"] != "a" || got["b.html"] != "b" {
		t.Errorf("output %v", got)
	}
}

// TestCarryWhatBeginSaw: without -force, Begin walks the output, and a
// file its manifest lists that is not there is made again, not carried.
func TestCarryWhatBeginSaw(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tg := target(t, out)
	files := map[string][2]string{"a.html": {"k1", "a"}, "d/b.html": {"k2", "b"}}
	keyed(t, tg, files)
	os.Remove(filepath.Join(out, "d", "b.html"))
	carried := keyed(t, tg, files)
	if !carried["a.html"] || carried["d/b.html"] || len(carried) != 1 {
		t.Errorf("carried %v, want a.html alone", carried)
	}
	if got := snapshot(t, out); got["a.html"] != "a" || got["d/b.html"] != "b" {
		t.Errorf("output %v", got)
	}
	// The previous output, swapped out, is the spare, and nothing else
	// is left beside the output.
	if got := names(t, filepath.Dir(out)); got != ".public.spare public" {
		t.Errorf("beside the output: %s", got)
	}
}

// A manifest of the first version, paths alone, still marks an output
// that a build may replace; nothing is carried over from it.
func TestManifestV1(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tree(t, out, map[string]string{
		ManifestName: manifestHeaderV1 + "a.html\nb\tc.html\n",
		"a.html":     "a", "b\tc.html": "bc",
	})
	listed, err := readManifest(out)
	if err != nil || len(listed) != 2 || !isListed(listed, "a.html") || !isListed(listed, "b\tc.html") {
		t.Fatalf("read %v, %v", listed, err)
	}
	if carried := keyed(t, target(t, out), map[string][2]string{"a.html": {"", "a"}}); len(carried) != 0 {
		t.Errorf("carried %v from a manifest without keys", carried)
	}
	// The second version keeps a path with a tab apart from its key.
	tree(t, out, map[string]string{ManifestName: manifestHeader + "a.html\tk1\nb\tc.html\t\n", "b\tc.html": "bc"})
	listed, err = readManifest(out)
	if err != nil || listed["a.html"] != "k1" || !isListed(listed, "b\tc.html") || listed["b\tc.html"] != "" || len(listed) != 2 {
		t.Fatalf("read %q, %v", listed, err)
	}
}

// TestNothingChanged: a build that carries over every file of the previous
// output, and writes none, leaves the output as it is (the directory and
// its manifest untouched) and nothing beside it; one new file, or one file
// fewer, and the output is replaced as usual.
func TestNothingChanged(t *testing.T) {
	for _, mounted := range []bool{false, true} {
		t.Run(map[bool]string{false: "directory", true: "mount point"}[mounted], func(t *testing.T) {
			defer func(f func(string) bool) { mountPoint = f }(mountPoint)
			mountPoint = func(string) bool { return mounted }
			top := t.TempDir()
			out := filepath.Join(top, "public")
			if mounted {
				os.Mkdir(out, 0o755)
			}
			tg := target(t, out)
			files := map[string][2]string{"a.html": {"k1", "a"}, "b/c.html": {"k2", "c"}}
			keyed(t, tg, files)
			dir, manifest := inode(t, out), inode(t, filepath.Join(out, ManifestName))
			if carried := keyed(t, tg, files); len(carried) != 2 {
				t.Fatalf("carried %v", carried)
			}
			if inode(t, out) != dir || inode(t, filepath.Join(out, ManifestName)) != manifest {
				t.Error("the output was replaced though nothing changed")
			}
			entries, _ := os.ReadDir(top)
			inside, _ := os.ReadDir(out)
			if len(entries) != 1 || len(inside) != 3 { // public; a.html, b, the manifest
				t.Errorf("beside the output: %v; in it: %v", entries, inside)
			}
			// A directory of someone's, even empty, makes the output not
			// the previous one.
			os.Mkdir(filepath.Join(out, "mine"), 0o755)
			keyed(t, tg, files)
			if _, err := os.Stat(filepath.Join(out, "mine")); err == nil {
				t.Error("an empty directory of someone's is kept in the output")
			}
			// One file fewer: the output is the one file.
			keyed(t, tg, map[string][2]string{"a.html": {"k1", "a"}})
			got := snapshot(t, out)
			if len(got) != 2 || got["a.html"] != "a" || strings.Contains(got[ManifestName], "c.html") {
				t.Errorf("after a file went: %v", got)
			}
		})
	}
}

// TestCarriedFileGone: a file that Carry took from the previous output
// and that is gone from it by the time of Commit fails the build, which
// names it, leaves the output as it was and nothing beside it. The files
// carried over from several folders are linked into each of them.
func TestCarriedFileGone(t *testing.T) {
	top := t.TempDir()
	out := filepath.Join(top, "public")
	tg := target(t, out)
	files := map[string][2]string{"a.html": {"k1", "a"}, "d/b.html": {"k2", "b"}, "d/e/c.html": {"k3", "c"}, "f/g.html": {"k4", "g"}}
	keyed(t, tg, files)
	if carried := keyed(t, tg, files); len(carried) != len(files) {
		t.Fatalf("carried %v", carried)
	}
	files["f/new.html"] = [2]string{"k5", "new"}
	if carried := keyed(t, tg, files); len(carried) != 4 {
		t.Fatalf("carried %v", carried)
	}
	if got := snapshot(t, out); got["d/e/c.html"] != "c" || got["f/g.html"] != "g" || got["f/new.html"] != "new" || len(got) != 6 {
		t.Fatalf("output %v", got)
	}
	// Without a spare, whose c.html would be kept, every carried file is
	// linked from the output.
	if err := os.RemoveAll(filepath.Join(top, ".public.spare")); err != nil {
		t.Fatal(err)
	}
	o, err := Begin(tg)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range files {
		if ok, err := o.Carry(p, f[0]); !ok || err != nil {
			t.Fatalf("%s not carried: %v", p, err)
		}
	}
	if err := o.WriteFile("h.html", []byte("h")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "d", "e", "c.html")); err != nil {
		t.Fatal(err)
	}
	err = o.Commit()
	if err == nil || !strings.Contains(err.Error(), "d/e/c.html") {
		t.Errorf("commit: %v, want the error of d/e/c.html", err)
	}
	if got := snapshot(t, out); got["a.html"] != "a" || got["h.html"] != "" || len(got) != 5 {
		t.Errorf("output %v", got)
	}
	if entries, _ := os.ReadDir(top); len(entries) != 1 { // public alone: the site is elsewhere
		t.Errorf("beside the output: %v", entries)
	}
}
