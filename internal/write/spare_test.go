package write

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files are a build's files: path → key, contents.
type files = map[string][2]string

// with is files changed: a nil value removes a path.
func with(base files, changes map[string]*[2]string) files {
	out := maps.Clone(base)
	for p, f := range changes {
		if f == nil {
			delete(out, p)
		} else {
			out[p] = *f
		}
	}
	return out
}

func file(key, data string) *[2]string { return &[2]string{key, data} }

// buildWarned is keyed, returning what Begin warned of.
func buildWarned(t *testing.T, tg Target, fs files) []Warning {
	t.Helper()
	o, err := Begin(tg)
	if err != nil {
		t.Fatal(err)
	}
	for p, f := range fs {
		ok, err := o.Carry(p, f[0])
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if err := o.WriteFile(p, []byte(f[1])); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	return o.Warnings()
}

// clean is what a clean build of fs writes, manifest included.
func clean(t *testing.T, fs files) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "clean")
	tg := target(t, out)
	tg.Fresh = true
	keyed(t, tg, fs)
	return snapshot(t, out)
}

// sameTree reports how got differs from want, file by file.
func sameTree(got, want map[string]string) string {
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, p+" missing")
		} else if g != w {
			diffs = append(diffs, p+" differs")
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, p+" extra")
		}
	}
	return strings.Join(diffs, ", ")
}

// spared makes an output of v1 then v2, so that the spare holds v1.
func spared(t *testing.T, v1, v2 files) (top, out, spareAt string, tg Target) {
	t.Helper()
	top = t.TempDir()
	out = filepath.Join(top, "public")
	spareAt = filepath.Join(top, ".public.spare")
	tg = target(t, out)
	keyed(t, tg, v1)
	if _, err := os.Lstat(spareAt); err == nil {
		t.Fatal("a first build made a spare")
	}
	keyed(t, tg, v2)
	return top, out, spareAt, tg
}

var (
	v1 = files{"a.html": {"k1", "a"}, "b/c.html": {"k2", "c"}, "b/d/e.html": {"k3", "e"}, "f.html": {"k4", "f"}}
	v2 = with(v1, map[string]*[2]string{"a.html": file("k1b", "a2"), "b/d/e.html": nil, "g/h.html": file("k5", "h")})
)

// TestSpareReused: the previous output is kept as the spare, hidden from
// git, and the next build updates it into the new output: a file it holds
// with the key of this build's is kept (the same inode), one it holds
// with another key is replaced by the output's, one this build writes is
// written anew, and what this build does not make goes, empty folders
// too. Two builds in a row, with different changes, each equal a clean
// build, and leave the spare holding the output they replaced.
func TestSpareReused(t *testing.T) {
	top, out, spareAt, tg := spared(t, v1, v2)
	want := clean(t, v1)
	want[gitignoreName] = spareIgnore
	if d := sameTree(snapshot(t, spareAt), want); d != "" {
		t.Fatalf("the spare is not the first output and its .gitignore: %s", d)
	}
	kept := inode(t, filepath.Join(spareAt, "b", "c.html"))
	if kept != inode(t, filepath.Join(out, "b", "c.html")) {
		t.Fatal("b/c.html was not carried over into the second output")
	}

	v3 := with(v2, map[string]*[2]string{"f.html": file("k4b", "f3")})
	if carried := keyed(t, tg, v3); len(carried) != 3 || carried["f.html"] {
		t.Errorf("carried %v, want a.html, b/c.html and g/h.html", carried)
	}
	if d := sameTree(snapshot(t, out), clean(t, v3)); d != "" {
		t.Errorf("third output: %s", d)
	}
	if inode(t, filepath.Join(out, "b", "c.html")) != kept {
		t.Error("b/c.html, kept in the spare, was made again")
	}
	if inode(t, filepath.Join(out, "a.html")) != inode(t, filepath.Join(spareAt, "a.html")) {
		t.Error("a.html, of another key in the spare, was not linked from the output")
	}
	if _, err := os.Stat(filepath.Join(out, "b", "d")); err == nil {
		t.Error("the folder b/d, empty now, is left in the output")
	}
	want = clean(t, v2)
	want[gitignoreName] = spareIgnore
	if d := sameTree(snapshot(t, spareAt), want); d != "" {
		t.Errorf("the spare is not the second output: %s", d)
	}

	v4 := with(v3, map[string]*[2]string{"b/c.html": file("k2b", "c4"), "b/d/e.html": file("k3", "e"), "a.html": nil})
	keyed(t, tg, v4)
	if d := sameTree(snapshot(t, out), clean(t, v4)); d != "" {
		t.Errorf("fourth output: %s", d)
	}
	if got := names(t, top); got != ".public.spare public" {
		t.Errorf("beside the output: %s", got)
	}
}

// TestSpareNeverWrittenInto: a file of the spare that is a hard link to
// the live output's is unlinked before this build writes its own, so the
// live output keeps its bytes while the build runs, after it is aborted,
// and in the spare after it is committed.
func TestSpareNeverWrittenInto(t *testing.T) {
	// x.html and y.html are carried over by every build: a spare is kept
	// when most files are.
	one := files{"a.html": {"k1", "one"}, "x.html": {"kx", "x"}, "y.html": {"ky", "y"}}
	_, out, spareAt, tg := spared(t, one, with(one, map[string]*[2]string{"b.html": file("k2", "b")}))
	if inode(t, filepath.Join(out, "a.html")) != inode(t, filepath.Join(spareAt, "a.html")) {
		t.Fatal("a.html of the spare is not the output's: the test shows nothing")
	}
	for _, commit := range []bool{false, true} {
		o, err := Begin(tg)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := o.Carry("a.html", "k9"); ok || err != nil {
			t.Fatalf("carried a.html of another key: %v", err)
		}
		for _, p := range []string{"x.html", "y.html"} {
			if ok, err := o.Carry(p, one[p][0]); !ok || err != nil {
				t.Fatalf("%s not carried over: %v", p, err)
			}
		}
		if err := o.WriteFile("a.html", []byte("nine")); err != nil {
			t.Fatal(err)
		}
		w, err := o.Create("b.html")
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("b9"))
		w.Close()
		if got := read(t, filepath.Join(out, "a.html")); got != "one" {
			t.Fatalf("while the build runs, the live a.html = %q", got)
		}
		if got := read(t, filepath.Join(out, "b.html")); got != "b" {
			t.Fatalf("while the build runs, the live b.html = %q", got)
		}
		if !commit {
			o.Abort()
			if d := sameTree(snapshot(t, out), clean(t, with(one, map[string]*[2]string{"b.html": file("k2", "b")}))); d != "" {
				t.Fatalf("after Abort, the output changed: %s", d)
			}
			// The aborted build took the spare; the next makes one again.
			keyed(t, tg, with(one, map[string]*[2]string{"c.html": file("k3", "c")}))
			keyed(t, tg, with(one, map[string]*[2]string{"b.html": file("k2", "b")}))
			if inode(t, filepath.Join(out, "a.html")) != inode(t, filepath.Join(spareAt, "a.html")) {
				t.Fatal("a.html of the spare is not the output's")
			}
			continue
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, "a.html")); got != "nine" {
			t.Errorf("a.html = %q", got)
		}
		if got := read(t, filepath.Join(spareAt, "a.html")); got != "one" {
			t.Errorf("the previous output's a.html, in the spare now, = %q", got)
		}
	}
}

// TestSpareDamaged: a spare that is not as its manifest says is never
// trusted. A file missing is made again; anything briefing did not put
// there (a file the manifest does not list, a folder or a symbolic link
// in place of a file, no manifest or a garbled one) leaves the spare
// alone, with a warning that names it, and the build makes a working copy
// of its own.
func TestSpareDamaged(t *testing.T) {
	v3 := with(v2, map[string]*[2]string{"f.html": file("k4b", "f3"), "i.html": file("k6", "i")})
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, spareAt string)
		warns  string // what the warning names; "" for a spare that is used
	}{
		{"file missing", func(t *testing.T, spareAt string) {
			os.Remove(filepath.Join(spareAt, "b", "c.html"))
		}, ""},
		{"file replaced by a directory", func(t *testing.T, spareAt string) {
			os.Remove(filepath.Join(spareAt, "b", "c.html"))
			os.Mkdir(filepath.Join(spareAt, "b", "c.html"), 0o755)
		}, "b/c.html/"},
		{"file replaced by a symlink", func(t *testing.T, spareAt string) {
			secret := filepath.Join(filepath.Dir(spareAt), "secret.txt")
			os.WriteFile(secret, []byte("secret"), 0o644)
			os.Remove(filepath.Join(spareAt, "a.html"))
			if err := os.Symlink(secret, filepath.Join(spareAt, "a.html")); err != nil {
				t.Skip(err)
			}
		}, "a.html"},
		{"extra file", func(t *testing.T, spareAt string) {
			tree(t, spareAt, map[string]string{"b/CNAME": "news.example"})
		}, "b/CNAME"},
		{"extra folder", func(t *testing.T, spareAt string) {
			os.Mkdir(filepath.Join(spareAt, "drafts"), 0o755)
		}, "drafts/"},
		{"manifest missing", func(t *testing.T, spareAt string) {
			os.Remove(filepath.Join(spareAt, ManifestName))
		}, ManifestName},
		{"manifest garbled", func(t *testing.T, spareAt string) {
			os.WriteFile(filepath.Join(spareAt, ManifestName), []byte("a.html\nf.html\n"), 0o644)
		}, ManifestName},
		{"manifest a directory", func(t *testing.T, spareAt string) {
			os.Remove(filepath.Join(spareAt, ManifestName))
			os.Mkdir(filepath.Join(spareAt, ManifestName), 0o755)
		}, ManifestName},
		{"not a directory", func(t *testing.T, spareAt string) {
			os.RemoveAll(spareAt)
			os.WriteFile(spareAt, []byte("mine"), 0o644)
		}, "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top, out, spareAt, tg := spared(t, v1, v2)
			tc.damage(t, spareAt)
			before := snapshot(t, spareAt)
			warned := buildWarned(t, tg, v3)
			if d := sameTree(snapshot(t, out), clean(t, v3)); d != "" {
				t.Errorf("output: %s", d)
			}
			if tc.warns == "" {
				if len(warned) != 0 {
					t.Errorf("warnings %v", warned)
				}
				want := clean(t, v2)
				want[gitignoreName] = spareIgnore
				if d := sameTree(snapshot(t, spareAt), want); d != "" {
					t.Errorf("the spare is not the previous output: %s", d)
				}
				return
			}
			if len(warned) != 1 || warned[0].Path != spareAt || !strings.Contains(warned[0].Message, tc.warns) {
				t.Errorf("warnings %v, want one of %s naming %s", warned, spareAt, tc.warns)
			}
			if d := sameTree(snapshot(t, spareAt), before); d != "" {
				t.Errorf("the spare, not ours, was changed: %s", d)
			}
			if secret := filepath.Join(top, "secret.txt"); tc.name == "file replaced by a symlink" && read(t, secret) != "secret" {
				t.Error("the symbolic link's target was written into")
			}
			for _, e := range strings.Fields(names(t, top)) {
				if e != "public" && e != ".public.spare" && e != "secret.txt" {
					t.Errorf("left beside the output: %s", e)
				}
			}
		})
	}
}

// TestSpareLocked: a spare that another build holds is not used nor
// touched, and the build's own copy takes its place once it is free.
func TestSpareLocked(t *testing.T) {
	top, out, spareAt, tg := spared(t, v1, v2)
	unlock, ok := tryLock(spareAt)
	if !ok {
		t.Skip("no locks here")
	}
	before, dir := snapshot(t, spareAt), inode(t, spareAt)
	v3 := with(v2, map[string]*[2]string{"f.html": file("k4b", "f3")})
	if warned := buildWarned(t, tg, v3); len(warned) != 0 {
		t.Errorf("warnings %v", warned)
	}
	if d := sameTree(snapshot(t, out), clean(t, v3)); d != "" {
		t.Errorf("output: %s", d)
	}
	if d := sameTree(snapshot(t, spareAt), before); d != "" || inode(t, spareAt) != dir {
		t.Errorf("the locked spare was changed: %s", d)
	}
	if got := names(t, top); got != ".public.spare public" {
		t.Errorf("beside the output: %s", got)
	}
	unlock()
	v4 := with(v3, map[string]*[2]string{"a.html": file("k1c", "a4")})
	keyed(t, tg, v4)
	if d := sameTree(snapshot(t, out), clean(t, v4)); d != "" {
		t.Errorf("output: %s", d)
	}
	if inode(t, spareAt) == dir {
		t.Error("the spare, free again, was not used")
	}
}

// errKilled stops a build at a killPoint.
var errKilled = errors.New("killed")

// TestSpareKilled stops a build that updates the spare at each step, as
// a kill would (nothing more runs, the lock goes): the output is the old
// one or the new one, whole, and the next build, with another change,
// removes what is left and is right, as is the one after it.
func TestSpareKilled(t *testing.T) {
	v3 := with(v2, map[string]*[2]string{"f.html": file("k4b", "f3"), "b/c.html": nil, "b/x.html": file("k7", "x")})
	v4 := with(v3, map[string]*[2]string{"a.html": file("k1c", "a4")})
	v5 := with(v4, map[string]*[2]string{"b/d/e.html": file("k3", "e")})
	for _, tc := range []struct {
		step string
		done bool // the output is the new one
	}{
		{"written", false}, {"taken", false}, {"tidied", false}, {"linked", false},
		{"exchanged", true}, {"ignored", true},
	} {
		t.Run(tc.step, func(t *testing.T) {
			defer func(f func(string)) { killPoint = f }(killPoint)
			top, out, _, tg := spared(t, v1, v2)
			o, err := Begin(tg)
			if err != nil {
				t.Fatal(err)
			}
			if o.spare == nil {
				t.Fatal("the spare is not used")
			}
			for p, f := range v3 {
				if ok, err := o.Carry(p, f[0]); err != nil {
					t.Fatal(err)
				} else if !ok {
					o.WriteFile(p, []byte(f[1]))
				}
			}
			if tc.step == "written" {
				o.unlock()
			} else {
				killPoint = func(step string) {
					if step == tc.step {
						panic(errKilled)
					}
				}
				func() {
					defer func() {
						if r := recover(); r != errKilled {
							t.Fatalf("the build was not stopped at %s: %v", tc.step, r)
						}
					}()
					o.Commit()
				}()
				killPoint = func(string) {}
			}
			want := v2
			if tc.done {
				want = v3
			}
			if d := sameTree(snapshot(t, out), clean(t, want)); d != "" {
				t.Fatalf("the output is not the %v one, whole: %s", map[bool]string{false: "old", true: "new"}[tc.done], d)
			}
			for _, v := range []files{v4, v5} {
				keyed(t, tg, v)
				if d := sameTree(snapshot(t, out), clean(t, v)); d != "" {
					t.Errorf("the build after: %s", d)
				}
			}
			if got := names(t, top); got != ".public.spare public" {
				t.Errorf("beside the output: %s", got)
			}
		})
	}
}

// TestSpareFreshAndUnchanged: a build with nothing changed leaves the
// spare as it is; a clean build (-full) does not use it, and keeps no
// spare, as it shares no file with the output it replaced; the next
// build that carries files over keeps one again; an output that is a
// mount point has none.
func TestSpareFreshAndUnchanged(t *testing.T) {
	top, _, spareAt, tg := spared(t, v1, v2)
	dir, f := inode(t, spareAt), inode(t, filepath.Join(spareAt, "f.html"))
	if carried := keyed(t, tg, v2); len(carried) != len(v2) {
		t.Fatalf("carried %v", carried)
	}
	if inode(t, spareAt) != dir || inode(t, filepath.Join(spareAt, "f.html")) != f {
		t.Error("a build with nothing changed changed the spare")
	}
	tg.Fresh = true
	if carried := keyed(t, tg, v2); len(carried) != 0 {
		t.Errorf("a clean build carried %v", carried)
	}
	// It shares no file with the output it replaced, which would be a
	// second copy on disk: no spare.
	if got := names(t, top); got != "public" {
		t.Errorf("beside the output: %s, want the output alone", got)
	}
	tg.Fresh = false
	keyed(t, tg, with(v2, map[string]*[2]string{"a.html": file("k1c", "a5")}))
	want := clean(t, v2)
	want[gitignoreName] = spareIgnore
	if d := sameTree(snapshot(t, spareAt), want); d != "" {
		t.Errorf("the spare is not the output the next build replaced: %s", d)
	}

	defer func(f func(string) bool) { mountPoint = f }(mountPoint)
	mountPoint = func(string) bool { return true }
	volume := filepath.Join(t.TempDir(), "volume")
	os.Mkdir(volume, 0o755)
	vt := target(t, volume)
	for _, v := range []files{v1, v2, v1} {
		keyed(t, vt, v)
		if d := sameTree(snapshot(t, volume), clean(t, v)); d != "" {
			t.Errorf("mount point: %s", d)
		}
	}
	if got := names(t, filepath.Dir(volume)); got != "volume" {
		t.Errorf("beside a mount point: %s", got)
	}
}

// TestSpareSiteGitignore: a site that publishes a .gitignore of its own
// gets it in every output, though the spare holds briefing's in its place.
func TestSpareSiteGitignore(t *testing.T) {
	own := with(v1, map[string]*[2]string{gitignoreName: file("static g", "site's own\n")})
	_, out, spareAt, tg := spared(t, own, with(own, map[string]*[2]string{"f.html": file("k4b", "f2")}))
	if got := read(t, filepath.Join(spareAt, gitignoreName)); got != spareIgnore {
		t.Errorf("the spare's .gitignore = %q", got)
	}
	v3 := with(own, map[string]*[2]string{"f.html": file("k4c", "f3")})
	keyed(t, tg, v3)
	if d := sameTree(snapshot(t, out), clean(t, v3)); d != "" {
		t.Errorf("output: %s", d)
	}
	if got := read(t, filepath.Join(out, gitignoreName)); got != "site's own\n" {
		t.Errorf("the output's .gitignore = %q", got)
	}
}

// TestSpareNotOfForced: an output replaced with -force may hold someone's
// files; it is removed, as before the spare, not kept as one.
func TestSpareNotOfForced(t *testing.T) {
	top := t.TempDir()
	docs := filepath.Join(top, "docs")
	tree(t, docs, map[string]string{"thesis.tex": "years of work"})
	tg := target(t, docs)
	tg.Force = true
	keyed(t, tg, v1)
	if got := names(t, top); got != "docs" {
		t.Errorf("beside the output: %s", got)
	}
	// Its next build, of an output it wrote, keeps that as the spare.
	keyed(t, tg, v2)
	if got := names(t, top); got != "docs" {
		t.Errorf("beside an output replaced with -force, which Begin does not walk: %s", got)
	}
	tg.Force = false
	keyed(t, tg, v1)
	if got := names(t, top); got != ".docs.spare docs" {
		t.Errorf("beside the output: %s", got)
	}
}
