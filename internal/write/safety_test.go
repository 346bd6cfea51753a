package write

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// tree makes files (slash paths → contents) under dir.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot reads every file under dir, by slash path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return got
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

// TestRefusals: outputs that no flag makes acceptable, each named in the
// message, and nothing touched.
func TestRefusals(t *testing.T) {
	top := t.TempDir()
	siteDir := filepath.Join(top, "news")
	files := map[string]string{
		"content/site.yaml": "title: x", "seeds/a.txt": "date 2024-01-01 x", "templates/base.html": "x",
		"static/x.css": "x", ".git/HEAD": "ref", "work/doc.txt": "mine",
	}
	tree(t, siteDir, files)
	link := filepath.Join(top, "link")
	if err := os.Symlink(siteDir, link); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(top, "home")
	tree(t, home, map[string]string{"notes.txt": "mine"})
	t.Setenv("HOME", home)
	chdir(t, filepath.Join(siteDir, "work"))

	for _, tc := range []struct{ out, reason string }{
		{siteDir, "it is the site directory"},
		{link, "it is the site directory"},
		{siteDir + "/.", "it is the site directory"},
		{filepath.Join(siteDir, "content"), "it is inside the site's content/ folder"},
		{filepath.Join(siteDir, "content", "out"), "it is inside the site's content/ folder"},
		{filepath.Join(siteDir, "seeds"), "it is inside the site's seeds/ folder"},
		{filepath.Join(siteDir, "templates"), "it is inside the site's templates/ folder"},
		{filepath.Join(link, "static", "new"), "it is inside the site's static/ folder"},
		{top, "it contains the site directory"},
		{"..", "it is the site directory"},
		{"../..", "it contains the site directory"},
		{".", "it is the working directory"},
		{filepath.Join(siteDir, "work"), "it is the working directory"},
		{home, "it is the home directory"},
		{filepath.Join(siteDir, ".git"), "it is inside a .git directory"},
		{filepath.Join(siteDir, ".git", "public"), "it is inside a .git directory"},
		{"/", "it is the root of the file system"},
	} {
		for _, force := range []bool{false, true} {
			_, err := Begin(Target{Out: tc.out, Site: siteDir, Force: force})
			var refused *RefusedError
			if !errors.As(err, &refused) || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("Begin(%q, force=%v) = %v, want a refusal saying %q", tc.out, force, err, tc.reason)
			}
		}
	}
	if got := snapshot(t, siteDir); len(got) != len(files) {
		t.Errorf("the site changed: %v", got)
	}
	for p, want := range files {
		if got := snapshot(t, siteDir)[p]; got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
}

// TestForeignDirectory: a directory that briefing did not write is
// replaced only with Force; an empty one or a previous output is taken.
func TestForeignDirectory(t *testing.T) {
	top := t.TempDir()
	siteDir := filepath.Join(top, "site")
	docs := filepath.Join(top, "docs")
	tree(t, docs, map[string]string{"thesis.tex": "years of work", "img/fig.png": "png"})

	_, err := Begin(Target{Out: docs, Site: siteDir})
	if err == nil || !strings.Contains(err.Error(), "it is not empty and was not written by briefing") ||
		!strings.Contains(err.Error(), "-force") {
		t.Fatalf("Begin(docs) = %v, want a refusal that mentions -force", err)
	}
	if got := snapshot(t, docs); len(got) != 2 {
		t.Fatalf("docs changed: %v", got)
	}

	empty := filepath.Join(top, "empty")
	os.Mkdir(empty, 0o755)
	publish(t, Target{Out: empty, Site: siteDir}, map[string]string{"index.html": "one"})

	// A previous output is replaced; an added file makes it foreign.
	publish(t, Target{Out: empty, Site: siteDir}, map[string]string{"index.html": "two"})
	tree(t, empty, map[string]string{"CNAME": "news.example", "deep/mine.txt": "mine"})
	_, err = Begin(Target{Out: empty, Site: siteDir})
	if err == nil || !strings.Contains(err.Error(), "it holds files that briefing did not write: CNAME, deep/mine.txt;") {
		t.Fatalf("Begin(output with extra files) = %v", err)
	}
	// A file (not a folder) named like a working copy hides nothing
	// after it: it is foreign itself, and so is what follows it.
	os.RemoveAll(filepath.Join(empty, "CNAME"))
	os.RemoveAll(filepath.Join(empty, "deep"))
	tree(t, empty, map[string]string{mountedPrefix + "notes": "mine", "zz-mine.txt": "mine"})
	_, err = Begin(Target{Out: empty, Site: siteDir})
	if err == nil || !strings.Contains(err.Error(), "it holds files that briefing did not write: "+mountedPrefix+"notes, zz-mine.txt;") {
		t.Fatalf("Begin(output with a file named like a working copy) = %v", err)
	}
	// A manifest that is not one does not count.
	tree(t, docs, map[string]string{ManifestName: "index.html\n"})
	if _, err := Begin(Target{Out: docs, Site: siteDir}); err == nil {
		t.Fatal("a forged manifest made a foreign directory replaceable")
	}

	// Force replaces, and the result is an output like any other.
	publish(t, Target{Out: docs, Site: siteDir, Force: true}, map[string]string{"index.html": "forced"})
	if got := snapshot(t, docs); got["index.html"] != "forced" || got["thesis.tex"] != "" || len(got) != 2 {
		t.Fatalf("after -force: %v", got)
	}
	publish(t, Target{Out: docs, Site: siteDir}, map[string]string{"index.html": "again"})
}

func publish(t *testing.T, target Target, files map[string]string) {
	t.Helper()
	o, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if err := o.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, target.Out)
	for p, want := range files {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
	}
	if !strings.HasPrefix(got[ManifestName], manifestHeader) || len(got) != len(files)+1 {
		t.Errorf("output holds %d files, want %d and the manifest: %v", len(got), len(files), got)
	}
}

// TestStaleCopies: copies left by a killed build go at the next build,
// those of a running build stay, and an output left beside its place by
// a build killed between two renames comes back.
func TestStaleCopies(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("locks")
	}
	top := t.TempDir()
	siteDir := filepath.Join(top, "site")
	out := filepath.Join(top, "public")
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "one"})

	tree(t, top, map[string]string{".public.new-123/index.html": "half", ".public.new-456.old/x": "old"})
	running, err := Begin(Target{Out: out, Site: siteDir})
	if err != nil {
		t.Fatal(err)
	}
	running.WriteFile("index.html", []byte("running"))
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "two"})
	// The build that replaced the output carried nothing over: no spare.
	if got, want := names(t, top), filepath.Base(running.tmp)+" public"; got != want {
		t.Errorf("beside the output: %s, want the output and the running build's copy", got)
	}
	if err := running.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, out)["index.html"]; got != "running" {
		t.Errorf("index.html = %q", got)
	}

	// Killed between the renames: the output is at .public.new-X.old.
	if err := os.Rename(out, filepath.Join(top, ".public.new-789.old")); err != nil {
		t.Fatal(err)
	}
	o, err := Begin(Target{Out: out, Site: siteDir})
	if err != nil {
		t.Fatal(err)
	}
	o.Abort()
	if got := snapshot(t, out)["index.html"]; got != "running" {
		t.Errorf("the output was not recovered: index.html = %q", got)
	}
	if got := names(t, top); got != "public" {
		t.Errorf("copies left beside the output: %s, want the output alone", got)
	}
}

// TestAbortStopsWriters: after Abort (a signal), writes fail and nothing
// is left.
func TestAbortStopsWriters(t *testing.T) {
	top := t.TempDir()
	out := filepath.Join(top, "public")
	o, err := Begin(Target{Out: out, Site: filepath.Join(top, "site")})
	if err != nil {
		t.Fatal(err)
	}
	o.WriteFile("a.html", []byte("a"))
	o.Abort()
	o.Abort()
	if err := o.WriteFile("b.html", []byte("b")); err == nil {
		t.Error("a write after Abort succeeded")
	}
	if err := o.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if entries, _ := os.ReadDir(top); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestMountPoint: an output that cannot be renamed has its entries
// replaced, from a working copy inside it.
func TestMountPoint(t *testing.T) {
	defer func(f func(string) bool) { mountPoint = f }(mountPoint)
	mountPoint = func(string) bool { return true }
	top := t.TempDir()
	siteDir := filepath.Join(top, "site")
	out := filepath.Join(top, "volume")
	os.Mkdir(out, 0o755)
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "one", "a/b.html": "b", "old.html": "gone soon"})
	tree(t, out, map[string]string{".briefing-new-999/index.html": "stale"})
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "two", "a/c.html": "c"})
	if got := snapshot(t, out); got["a/b.html"] != "" || got["old.html"] != "" {
		t.Errorf("stale files kept: %v", got)
	}
}

// TestAbortDuringWrites aborts while a file is being written, as a signal
// does in the middle of a build. A file created while the working copy is
// being removed would keep its directory there, so Abort waits for the
// writes in progress, but not for ever.
func TestAbortDuringWrites(t *testing.T) {
	defer func(d time.Duration) { abortWait = d }(abortWait)
	for _, closes := range []bool{true, false} {
		top := t.TempDir()
		o, err := Begin(Target{Out: filepath.Join(top, "public"), Site: filepath.Join(top, "site")})
		if err != nil {
			t.Fatal(err)
		}
		o.WriteFile("actors/a.html", []byte("a"))
		f, err := o.Create("actors/b.html")
		if err != nil {
			t.Fatal(err)
		}
		abortWait = time.Hour
		if !closes {
			abortWait = 50 * time.Millisecond
		}
		aborted := make(chan struct{})
		go func() { o.Abort(); close(aborted) }()
		select {
		case <-aborted:
			t.Fatalf("closes=%v: Abort returned while a file was being written", closes)
		case <-time.After(20 * time.Millisecond):
		}
		if closes {
			f.Write([]byte("b"))
			f.Close()
		}
		select {
		case <-aborted:
		case <-time.After(5 * time.Second):
			t.Fatalf("closes=%v: Abort did not return", closes)
		}
		if err := o.WriteFile("actors/c.html", []byte("c")); err == nil {
			t.Errorf("closes=%v: a write after Abort succeeded", closes)
		}
		if !closes {
			f.Close()
		}
		if entries, _ := os.ReadDir(top); len(entries) != 0 {
			t.Errorf("closes=%v: left behind: %v", closes, entries)
		}
	}
}
