package write

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/render"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSiteReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	static := fstest.MapFS{
		"assets/style.css": {Data: []byte("default")},
		"assets/app.go":    {Data: []byte("package x")},
		"index.html":       {Data: []byte("static index must not win")},
	}
	override := fstest.MapFS{"assets/style.css": {Data: []byte("site's own")}}
	files := []render.File{{Path: "index.html", Data: []byte("one")}, {Path: "a/b/c.html", Data: []byte("deep")}}
	if err := Site(out, files, override, static); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "one" {
		t.Errorf("index.html = %q", got)
	}
	if got := read(t, filepath.Join(out, "a/b/c.html")); got != "deep" {
		t.Errorf("c.html = %q", got)
	}
	if got := read(t, filepath.Join(out, "assets/style.css")); got != "site's own" {
		t.Errorf("style.css = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "assets/app.go")); err == nil {
		t.Errorf("Go source copied from static")
	}

	// A second build replaces everything: stale files go.
	if err := Site(out, []render.File{{Path: "index.html", Data: []byte("two")}}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "two" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "a/b/c.html")); err == nil {
		t.Errorf("stale file survived")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the output: %v", entries)
	}
}

func TestSiteFailureLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Site(out, []render.File{{Path: "index.html", Data: []byte("good")}}); err != nil {
		t.Fatal(err)
	}
	bad := []render.File{{Path: "index.html", Data: []byte("bad")}, {Path: "../escape.html", Data: nil}}
	if err := Site(out, bad); err == nil {
		t.Fatal("no error for an invalid path")
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "good" {
		t.Errorf("index.html = %q after a failed write", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the output: %v", entries)
	}
}

func TestSiteRefusesFileAndDot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := Site(file, nil); err == nil {
		t.Error("replaced a regular file")
	}
	if err := Site(".", nil); err == nil {
		t.Error("replaced the working directory")
	}
}
