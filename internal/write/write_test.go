package write

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// target writes out for a site of its own, elsewhere.
func target(t *testing.T, out string) Target {
	return Target{Out: out, Site: filepath.Join(t.TempDir(), "site")}
}

func site(t *testing.T, out string, files map[string]string) error {
	t.Helper()
	o, err := Begin(target(t, out))
	if err != nil {
		return err
	}
	for p, data := range files {
		if err := o.WriteFile(p, []byte(data)); err != nil {
			o.Abort()
			return err
		}
	}
	return o.Commit()
}

func TestReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	o, err := Begin(target(t, out))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, p := range []string{"index.html", "a/b/c.html", "a/b/d.html", "a/e.html"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := o.WriteFile(p, []byte(p)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	f, err := o.Create("data/big.json")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("in "))
	f.Write([]byte("pieces"))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Create("data/big.json"); err == nil {
		t.Errorf("a created path could be created again")
	}
	static := fstest.MapFS{
		"assets/style.css": {Data: []byte("default")},
		"assets/app.go":    {Data: []byte("package x")},
		"index.html":       {Data: []byte("static index must not win")},
	}
	override := fstest.MapFS{"assets/style.css": {Data: []byte("site's own")}}
	if n, err := CopyStatic(o, override, nil, static); err != nil || n != 1 {
		t.Fatalf("copied %d static files (want 1, the site's style.css), error %v", n, err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"index.html": "index.html", "a/b/c.html": "a/b/c.html", "assets/style.css": "site's own", "data/big.json": "in pieces"} {
		if got := read(t, filepath.Join(out, p)); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "assets/app.go")); err == nil {
		t.Errorf("Go source copied from static")
	}

	// A second build replaces everything: stale files go.
	if err := site(t, out, map[string]string{"index.html": "two"}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "two" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "a/b/c.html")); err == nil {
		t.Errorf("stale file survived")
	}
	// Nothing was carried over: the output replaced is removed, not kept
	// as a spare that would share no file with the output.
	if got := names(t, filepath.Dir(out)); got != "public" {
		t.Errorf("beside the output: %s, want the output alone", got)
	}
}

func TestFailureLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := site(t, out, map[string]string{"index.html": "good"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../escape.html", "/abs.html", "."} {
		if err := site(t, out, map[string]string{bad: "bad"}); err == nil {
			t.Errorf("no error for path %q", bad)
		}
	}
	o, err := Begin(target(t, out))
	if err != nil {
		t.Fatal(err)
	}
	o.WriteFile("x.html", nil)
	if err := o.WriteFile("x.html", nil); err == nil {
		t.Errorf("no error for a path written twice")
	}
	o.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "good" {
		t.Errorf("index.html = %q after failed writes", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the output: %v", entries)
	}
}

func TestRefusesFileAndDot(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := Begin(target(t, file)); err == nil {
		t.Error("would replace a regular file")
	}
	if _, err := Begin(target(t, ".")); err == nil {
		t.Error("would replace the working directory")
	}
}
