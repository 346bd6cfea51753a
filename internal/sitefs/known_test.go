//go:build unix

package sitefs

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// knownRound opens the site at dir, knowing prev, reads every name, and
// returns what it read, the known files after, saved and read back as
// the next build would, and how far they differ from prev (Stale).
func knownRound(t *testing.T, dir string, prev *Known, settled time.Time, names ...string) (map[string]string, *Known, stale, *FS) {
	t.Helper()
	f, err := New(dir)
	must(t, err)
	var last func() *Known
	if prev != nil {
		last = func() *Known { return prev }
	}
	f.KnowFiles(last, settled, "seeds", "content")
	got := map[string]string{}
	for _, name := range names {
		data, err := f.ReadFile(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			got[name] = "error: not there"
			continue
		case errors.Is(err, errHidden):
			got[name] = "error: hidden"
			continue
		case err != nil:
			t.Fatal(err)
		}
		if sum := f.Sum(name, data); sum != sha256.Sum256(data) {
			t.Errorf("%s: Sum is not the SHA-256 of the bytes read", name)
		}
		got[name] = string(data)
	}
	k := f.Known()
	var st stale
	st.differ, st.total = k.Stale()
	var buf bytes.Buffer
	if _, err := k.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	again, err := ReadKnown(&buf)
	if err != nil {
		t.Fatalf("reading the known files back: %v", err)
	}
	return got, again, st, f
}

// stale is what Known.Stale says.
type stale struct{ differ, total int }

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	must(t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(t, os.WriteFile(p, []byte(data), 0o644))
}

// TestKnownFilesFollowEveryChange changes the site's files every way an
// editor or a user does between two builds, and checks that the second
// build reads what is on disk, every time, while it takes the others
// from the known files.
func TestKnownFilesFollowEveryChange(t *testing.T) {
	names := []string{"seeds/same.txt", "seeds/rewritten.txt", "seeds/renamed.txt", "seeds/grown.txt",
		"seeds/link.txt", "seeds/pipe.txt", "seeds/gone.txt", "content/briefings/a.md", "static/other.txt"}
	// Every edit keeps the size: only the stamp's other fields tell.
	edits := []struct {
		name string
		edit func(dir string)
		want map[string]string // what the second build reads, when not the first's
	}{
		{"nothing", func(string) {}, nil},
		{"same size, written in place", func(dir string) {
			write(t, dir, "seeds/rewritten.txt", "REWRITTEN.TXT")
		}, map[string]string{"seeds/rewritten.txt": "REWRITTEN.TXT"}},
		{"saved by rename", func(dir string) {
			write(t, dir, "seeds/renamed.txt.tmp", "RENAMED.TXT")
			must(t, os.Rename(filepath.Join(dir, "seeds/renamed.txt.tmp"), filepath.Join(dir, "seeds/renamed.txt")))
		}, map[string]string{"seeds/renamed.txt": "RENAMED.TXT"}},
		{"appended to", func(dir string) {
			f, err := os.OpenFile(filepath.Join(dir, "seeds/grown.txt"), os.O_APPEND|os.O_WRONLY, 0)
			must(t, err)
			f.WriteString(" more")
			must(t, f.Close())
		}, map[string]string{"seeds/grown.txt": "grown.txt more"}},
		{"times set back", func(dir string) {
			p := filepath.Join(dir, "seeds/rewritten.txt")
			info, err := os.Stat(p)
			must(t, err)
			write(t, dir, "seeds/rewritten.txt", "REWRITTEN.TXT")
			must(t, os.Chtimes(p, info.ModTime(), info.ModTime()))
		}, map[string]string{"seeds/rewritten.txt": "REWRITTEN.TXT"}},
		{"made a link", func(dir string) {
			must(t, os.Remove(filepath.Join(dir, "seeds/link.txt")))
			must(t, os.Symlink("same.txt", filepath.Join(dir, "seeds/link.txt")))
		}, map[string]string{"seeds/link.txt": "same.txt"}},
		{"made a pipe", func(dir string) {
			must(t, os.Remove(filepath.Join(dir, "seeds/pipe.txt")))
			must(t, syscall.Mkfifo(filepath.Join(dir, "seeds/pipe.txt"), 0o644))
		}, map[string]string{"seeds/pipe.txt": "error: hidden"}},
		{"removed", func(dir string) {
			must(t, os.Remove(filepath.Join(dir, "seeds/gone.txt")))
		}, map[string]string{"seeds/gone.txt": "error: not there"}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range names {
				write(t, dir, name, filepath.Base(name))
			}
			// Everything written so far is settled; what the edit
			// writes is after.
			settled := time.Now().Add(time.Hour)
			first, known, st, _ := knownRound(t, dir, nil, settled, names...)
			if want := (stale{len(names) - 1, len(names) - 1}); st != want {
				t.Errorf("a first build's known files: Stale() = %v, want %v (every file read new)", st, want)
			}
			if got, want := known.Len(), len(names)-1; got != want {
				t.Errorf("%d files known, want %d (all but static/)", got, want)
			}
			e.edit(dir)
			got, _, _, f := knownRound(t, dir, known, settled, names...)
			for _, name := range names {
				want := first[name]
				if w, ok := e.want[name]; ok {
					want = w
				}
				if got[name] != want {
					t.Errorf("%s: read %q, want %q", name, got[name], want)
				}
			}
			// Only the files changed were read; the rest came from the
			// known files.
			if reused, want := int(f.knowing.reused.Load()), len(names)-1-len(e.want); reused != want {
				t.Errorf("%d files taken from the known files, want %d", reused, want)
			}
		})
	}
}

// TestKnownFilesKeepOnlySettled checks that a file changed after the
// time a build is given as settled is read again by the next, however
// its stamp looks: it could change again within the same tick of the
// file system's clock.
func TestKnownFilesKeepOnlySettled(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "seeds/old.txt", "old")
	settled := time.Now().Add(time.Hour)
	_, known, _, _ := knownRound(t, dir, nil, settled, "seeds/old.txt")
	write(t, dir, "seeds/new.txt", "new")
	_, known, _, _ = knownRound(t, dir, known, time.Now().Add(-time.Hour), "seeds/old.txt", "seeds/new.txt")
	if _, ok := known.files["seeds/new.txt"]; ok {
		t.Errorf("a file changed after the settled time is known")
	}
	if _, ok := known.files["seeds/old.txt"]; !ok {
		t.Errorf("a file known before is no longer known")
	}
}

// TestKnownFilesStale checks what Stale counts: files read that were
// not known, and files known that were not read (a file changed is
// both); not files known and read again, nor a file read new given its
// sum, once only.
func TestKnownFilesStale(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 32 {
		name := filepath.ToSlash(filepath.Join("seeds", string(rune('a'+i%26))+string(rune('a'+i/26))+".txt"))
		names = append(names, name)
		write(t, dir, name, name)
	}
	n := len(names)
	settled := time.Now().Add(time.Hour)
	_, known, st, _ := knownRound(t, dir, nil, settled, names...)
	if want := (stale{n, n}); st != want {
		t.Errorf("first round: Stale() = %v, want %v", st, want)
	}
	if _, _, st, _ := knownRound(t, dir, known, settled, names...); st != (stale{0, n}) {
		t.Errorf("nothing changed: Stale() = %v, want %v", st, stale{0, n})
	}
	write(t, dir, names[0], "changed")
	if _, _, st, _ := knownRound(t, dir, known, settled, names...); st != (stale{2, n}) {
		t.Errorf("one file changed: Stale() = %v, want %v", st, stale{2, n})
	}
	for _, name := range names[:n/2] {
		write(t, dir, name, "changed")
	}
	if _, _, st, _ := knownRound(t, dir, known, settled, names...); st != (stale{n, n}) {
		t.Errorf("half the files changed: Stale() = %v, want %v", st, stale{n, n})
	}
	// Known without their sums: each one given its sum differs.
	unsummed := newKnown(n)
	for name, f := range known.files {
		f.sum = nil
		unsummed.files[name] = f
	}
	for _, name := range names[:n/2] {
		write(t, dir, name, name) // as known again, but times differ
	}
	if _, _, st, _ := knownRound(t, dir, unsummed, settled, names...); st != (stale{n/2*2 + n/2, n}) {
		t.Errorf("half read anew, half known without sums: Stale() = %v, want %v", st, stale{n/2*2 + n/2, n})
	}
}

// TestReadKnownRefusesDamage checks that a known-files cache cut short
// or changed by a byte is refused whole.
func TestReadKnownRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "seeds/a.txt", "a seed")
	_, known, _, _ := knownRound(t, dir, nil, time.Now().Add(time.Hour), "seeds/a.txt")
	var buf bytes.Buffer
	known.WriteTo(&buf)
	good := buf.Bytes()
	for i := range good {
		bad := bytes.Clone(good)
		bad[i] ^= 0x20
		if _, err := ReadKnown(bytes.NewReader(bad)); err == nil {
			t.Fatalf("a byte changed at %d: read", i)
		}
	}
	if _, err := ReadKnown(bytes.NewReader(good[:len(good)-1])); err == nil {
		t.Fatalf("cut by one byte: read")
	}
}

// FuzzReadKnown: whatever the bytes, ReadKnown returns an error or
// known files that write back as they were read.
func FuzzReadKnown(f *testing.F) {
	dir := f.TempDir()
	for _, name := range []string{"seeds/a.txt", "content/b.md"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(name), 0o644)
	}
	site, err := New(dir)
	if err != nil {
		f.Fatal(err)
	}
	site.KnowFiles(nil, time.Now().Add(time.Hour), "seeds", "content")
	data, _ := site.ReadFile("seeds/a.txt")
	site.Sum("seeds/a.txt", data)
	site.ReadFile("content/b.md")
	k := site.Known()
	var seed bytes.Buffer
	k.WriteTo(&seed)
	f.Add(seed.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ReadKnown(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := k.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		again, err := ReadKnown(&out)
		if err != nil {
			t.Fatalf("written back, not read: %v", err)
		}
		if again.Len() != k.Len() {
			t.Fatalf("%d files read back, want %d", again.Len(), k.Len())
		}
		for name, f := range k.files {
			g := again.files[name]
			if g.stamp != f.stamp || !bytes.Equal(g.data, f.data) || (g.sum == nil) != (f.sum == nil) || g.sum != nil && *g.sum != *f.sum {
				t.Fatalf("%s: read back otherwise", name)
			}
		}
	})
}

// TestKnowingListsOnce: while an FS knows files, a folder under its
// folders is listed once, and every caller gets the same entries in a
// slice of its own; a folder elsewhere is listed each time.
func TestKnowingListsOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "seeds/a.txt", "a")
	write(t, dir, "static/a.css", "a")
	f, err := New(dir)
	must(t, err)
	f.KnowFiles(nil, time.Now(), "seeds")
	names := func(name string) []string {
		entries, err := f.ReadDir(name)
		must(t, err)
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		return got
	}
	first, other := names("seeds"), names("static")
	write(t, dir, "seeds/b.txt", "b")
	write(t, dir, "static/b.css", "b")
	if got := names("seeds"); len(got) != 1 || got[0] != first[0] {
		t.Errorf("seeds/ listed again: %v, want %v as first listed", got, first)
	}
	if got := names("static"); len(got) != len(other)+1 {
		t.Errorf("static/ listed once: %v", got)
	}
	entries, _ := f.ReadDir("seeds")
	entries[0] = nil
	if got := names("seeds"); len(got) != 1 || got[0] != "a.txt" {
		t.Errorf("a caller's change to its slice reached another's: %v", got)
	}
	f.Known()
}
