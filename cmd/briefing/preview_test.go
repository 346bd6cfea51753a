package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
)

// TestPreviewShowsOpenPagesFirst checks the order of a rebuild under
// serve: the open pages are in place with their new bytes when shown is
// called, before the rest of the site; only changed bytes are written; and
// when the rest fails, the open pages are put back as they were.
func TestPreviewShowsOpenPagesFirst(t *testing.T) {
	s := newEditableSite(t)
	served := filepath.Join(t.TempDir(), "public")
	os.Mkdir(served, 0o755)
	p := newPreview(s.dir, served, model.Options{})
	if _, _, _, err := p.rebuild(nil, nil); err != nil {
		t.Fatal(err)
	}
	const b, page, other = "content/briefings/2020-01-02-000001.md", "briefings/2020-01-02-000001.html", "briefings/2020-01-03-000002.html"
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(served, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	// A new title is on the open page when shown is called, and on its
	// neighbour, which is not open, only at the end.
	s.write(b, titleLine.ReplaceAllString(s.read(b), "title: First of all"))
	var atShown struct{ page, other string }
	files, written, _, err := p.rebuild([]string{page, "no/such/page.html"}, func() {
		atShown.page, atShown.other = read(page), read(other)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(atShown.page, "First of all") {
		t.Errorf("the open page lacks the new title when shown")
	}
	if strings.Contains(atShown.other, "First of all") {
		t.Errorf("a page not open was made before shown")
	}
	if !strings.Contains(read(other), "First of all") {
		t.Errorf("the neighbour lacks the new title at the end")
	}
	if _, err := os.Stat(filepath.Join(served, "no/such/page.html")); err == nil {
		t.Errorf("a page the site does not have was made")
	}
	if written == 0 || written*4 > files {
		t.Errorf("%d files of %d written for a new title", written, files)
	}

	// Saving again without a change writes nothing.
	if _, written, _, err := p.rebuild([]string{page}, nil); err != nil || written != 0 {
		t.Errorf("nothing changed: %d written, %v", written, err)
	}

	// A template that fails on tag pages only fails the rebuild after
	// the open page was shown: it goes back to the last good build.
	before := read(page)
	s.write(b, titleLine.ReplaceAllString(s.read(b), "title: Never shown for long"))
	s.write("templates/tag.html", `{{define "main"}}{{index .Site.Briefings 100000}}{{end}}`)
	shown := false
	if _, _, _, err := p.rebuild([]string{page}, func() { shown = true }); err == nil {
		t.Fatal("a template that fails built")
	}
	if !shown {
		t.Errorf("the open page was not shown before the failure")
	}
	if got := read(page); got != before {
		t.Errorf("after a failed rebuild the open page is not the last good build")
	}
	if _, err := os.Stat(p.backup); !os.IsNotExist(err) {
		t.Errorf("the backup of the open pages is left behind: %v", err)
	}

	// Fixed, the site is a clean build's.
	os.Remove(s.path("templates/tag.html"))
	if _, _, _, err := p.rebuild([]string{page}, nil); err != nil {
		t.Fatal(err)
	}
	if diff := diffFromClean(t, s.dir, served, write.ManifestName); diff != "" {
		t.Errorf("the preview differs from a clean build:\n%s", diff)
	}
}

// TestPreviewStopsForNewerSave checks that a rebuild cut short by a newer
// save leaves the last good build served, the open page put back, and
// that the next rebuild is a clean build's all the same.
func TestPreviewStopsForNewerSave(t *testing.T) {
	s := newEditableSite(t)
	served := filepath.Join(t.TempDir(), "public")
	os.Mkdir(served, 0o755)
	p := newPreview(s.dir, served, model.Options{})
	if _, _, _, err := p.rebuild(nil, nil); err != nil {
		t.Fatal(err)
	}
	before := readTree(served)
	const b, page = "content/briefings/2020-01-02-000001.md", "briefings/2020-01-02-000001.html"
	s.write(b, titleLine.ReplaceAllString(s.read(b), "title: Soon superseded"))
	// Asked from every worker at once.
	var asked atomic.Int32
	p.superseded = func() bool { return asked.Add(1) > 20 }
	shown := false
	_, _, _, err := p.rebuild([]string{page}, func() { shown = true })
	if !errors.Is(err, errSuperseded) {
		t.Fatalf("rebuild with a newer save waiting: %v", err)
	}
	if !shown {
		t.Errorf("the open page was not shown before the rest was started")
	}
	if diff := changedFiles(before, readTree(served)); len(diff) > 0 {
		t.Errorf("a rebuild cut short changed the served files: %v", diff)
	}

	p.superseded = nil
	s.write(b, titleLine.ReplaceAllString(s.read(b), "title: The newer save"))
	if _, _, _, err := p.rebuild([]string{page}, nil); err != nil {
		t.Fatal(err)
	}
	if diff := diffFromClean(t, s.dir, served, write.ManifestName); diff != "" {
		t.Errorf("after a rebuild cut short, the preview differs from a clean build:\n%s", diff)
	}
}

// TestPreviewReadsLinkedFilesAgain checks that a seed reached through a
// symbolic link is read again on every rebuild: the watcher names the
// file linked to, which may be outside the folders it watches.
func TestPreviewReadsLinkedFilesAgain(t *testing.T) {
	s := newEditableSite(t)
	const seed = "seeds/2020-01-02-000001.txt"
	s.write("raw/seed.txt", s.read(seed))
	os.Remove(s.path(seed))
	if err := os.Symlink(filepath.Join("..", "raw", "seed.txt"), s.path(seed)); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	served := filepath.Join(t.TempDir(), "public")
	os.Mkdir(served, 0o755)
	p := newPreview(s.dir, served, model.Options{})
	p.files = newSiteCache()
	if _, _, _, err := p.rebuild(nil, nil); err != nil {
		t.Fatal(err)
	}
	s.write("raw/seed.txt", strings.TrimRight(s.read("raw/seed.txt"), "\n")+"\n\nA linked marker sentence.\n")
	if _, _, _, err := p.rebuild(nil, nil); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(served, "briefings", "2020-01-02-000001.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "linked marker") {
		t.Error("the change to a linked seed is not on its page")
	}
}

func TestServeMemoryLimit(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct{ live, want int64 }{
		{0, 16 * mb},
		{3 * mb, 22 * mb},      // the example: the margin's floor
		{20 * mb, 56 * mb},     // a thousand briefings
		{64 * mb, 160 * mb},    // half the heap
		{180 * mb, 424 * mb},   // ten thousand: the margin's ceiling
		{1000 * mb, 2064 * mb}, // fifty thousand
	} {
		if got := serveMemoryLimit(tc.live); got != tc.want {
			t.Errorf("serveMemoryLimit(%d MB) = %d MB, want %d MB", tc.live/mb, got/mb, tc.want/mb)
		}
	}
}
