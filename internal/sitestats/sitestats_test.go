package sitestats

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestCountElements(t *testing.T) {
	tests := []struct {
		doc  string
		want int
	}{
		{"", 0},
		{"plain text", 0},
		{"<p>one", 1},
		{"<!DOCTYPE html><html><head><title>t</title></head><body><p>a<br>b<img src=x /></p></body></html>", 7},
		{"<!-- <p> in a comment --><script>if (a<b) {}</script>", 1},
		{"<ul><li>a<li>b</ul></p>", 3},
		{"<p <<<", 0}, // a tag cut off by the end of the file is dropped, as browsers do
	}
	for _, tt := range tests {
		if got := CountElements([]byte(tt.doc)); got != tt.want {
			t.Errorf("CountElements(%q) = %d, want %d", tt.doc, got, tt.want)
		}
	}
}

func TestKinds(t *testing.T) {
	tests := []struct{ path, kind string }{
		{"index.html", "home"},
		{"page-2.html", "home"},
		{"briefings/index.html", "briefings archive"},
		{"briefings/index-2.html", "briefings archive"},
		{"briefings/2024/index.html", "briefings archive"},
		{"briefings/2024/page-3.html", "briefings archive"},
		{"briefings/2022-02-10-biden-macron-call.html", "briefing"},
		{"actors/index.html", "actors index"},
		{"actors/joe-biden.html", "actor"},
		{"actors/joe-biden/2.html", "actor"},
		{"tags/index.html", "tags index"},
		{"tags/energy.html", "tag"},
		{"timeline.html", "timeline"},
		{"timeline/2022-02.html", "timeline"},
		{"search.html", "search"},
		{"404.html", "other HTML"},
		{"assets/x/y.html", "other HTML"},
	}
	re := compile(Kinds)
	for _, tt := range tests {
		i := match(re, tt.path)
		if i < 0 || Kinds[i].Name != tt.kind {
			got := "none"
			if i >= 0 {
				got = Kinds[i].Name
			}
			t.Errorf("%s is a %s page, want %s", tt.path, got, tt.kind)
		}
	}
	groups := compile(Groups)
	for path, want := range map[string]string{
		"assets/search-index.js":   "search index",
		"assets/search/a-3.js":     "search index",
		"data/site.json":           "data export",
		"data/briefings/x.json":    "data export",
		"actors/joe-biden.xml":     "feeds",
		"feed.xml":                 "feeds",
		"assets/style.css":         "",
		"assets/search.js":         "",
		"assets/search-indexer.go": "",
	} {
		got := ""
		if i := match(groups, path); i >= 0 {
			got = Groups[i].Name
		}
		if got != want {
			t.Errorf("%s is in group %q, want %q", path, got, want)
		}
	}
}

// TestTinyTree measures the site in testdata/tiny.txtar and compares the
// printed report with the archive's stats.md (go test -update rewrites it).
func TestTinyTree(t *testing.T) {
	const golden = "testdata/tiny.txtar"
	ar, err := txtar.ParseFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var want *txtar.File
	for i, f := range ar.Files {
		if f.Name == "stats.md" {
			want = &ar.Files[i]
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	if want == nil {
		t.Fatal("no stats.md in " + golden)
	}
	r, err := Measure(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Files != len(fsys) {
		t.Errorf("%d files measured, want %d", r.Total.Files, len(fsys))
	}
	actor, ok := r.Kind("actor")
	if !ok || actor.Files != 2 || actor.Largest.Path != "actors/b.html" || actor.Busiest.Path != "actors/a.html" {
		t.Errorf("actor pages: %+v", actor)
	}
	var got bytes.Buffer
	if err := r.Write(&got, 2, 300, 10); err != nil {
		t.Fatal(err)
	}
	if *update {
		want.Data = got.Bytes()
		if err := os.WriteFile(golden, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got.String() != string(want.Data) {
		t.Errorf("report differs from %s (go test -update rewrites it):\n%s", golden, got.String())
	}
	if !strings.Contains(got.String(), "2 of 6 pages over 300 B or 10 elements (1 over 300 B, 1 over 10 elements): actors/b.html (378 B, 5 elements), actors/a.html (200 B, 17 elements)") {
		t.Errorf("the page over the bounds is not named:\n%s", got.String())
	}
}

// FuzzCountElements: any bytes are measured without a panic, and every
// element counted begins with a '<'.
func FuzzCountElements(f *testing.F) {
	for _, s := range []string{"", "<p>", "<!DOCTYPE html><html><body><br/></body></html>", "<script><p></script>", "<a <b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if n, lt := CountElements(data), bytes.Count(data, []byte("<")); n > lt {
			t.Errorf("%d elements in %q, which has %d '<'", n, data, lt)
		}
	})
}

// TestGzipSize: a gzip file of the data export counts its bytes on disk
// and, as decompressed, its content's; a .gz file that is no gzip file is
// an error, not a size.
func TestGzipSize(t *testing.T) {
	content := strings.Repeat(`{"slug":"a","title":"A"}`+"\n", 200)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(content))
	zw.Close()
	r, err := Measure(fstest.MapFS{
		"data/site.json":      {Data: []byte("{}\n")},
		"data/briefings/1.gz": {Data: gz.Bytes()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) != 1 || r.Groups[0].Name != "data export" {
		t.Fatalf("groups %+v, want the data export", r.Groups)
	}
	g := r.Groups[0]
	if g.Bytes != int64(gz.Len()+3) || g.Unpacked != int64(len(content)+3) {
		t.Errorf("data export: %d bytes, %d decompressed; want %d, %d", g.Bytes, g.Unpacked, gz.Len()+3, len(content)+3)
	}
	if _, err := Measure(fstest.MapFS{"data/briefings/1.gz": {Data: []byte(content)}}); err == nil || !strings.Contains(err.Error(), "data/briefings/1.gz: not a gzip file") {
		t.Errorf("a .gz file that is not gzip: %v", err)
	}
}
