package annotations

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/diag"
)

// cacheCases are briefing files whose parse a cache must give back
// exactly: lists absent, empty and full, an event's actors absent and
// empty, a byte-order mark, CRLF lines, no body.
var cacheCases = map[string]string{
	"content/briefings/full.md": "---\nseed: x.txt\ntitle: T\nsummary: S\ntags: [a, b-c]\nactors: [p, q]\n" +
		"events:\n  - quote: \"on Monday\"\n    title: E\n    date: 2022-W05\n  - quote: q\n    title: F\n    actors: []\n" +
		"  - quote: r\n    title: G\n    actors: [p]\n" +
		"notes:\n  - quote: \"n\"\n    text: N\ndates:\n  - quote: \"Today\"\n    date: 2022-02-09\ndraft: true\n---\nBody *here*.\n",
	"content/briefings/bare.md":   "---\nseed: y.txt\ntitle: \"Only: this\"\n---\n",
	"content/briefings/empty.md":  "---\nseed: y.txt\ntitle: T\ntags: []\nactors: []\nevents: []\nnotes: []\ndates: []\n---\n\n",
	"content/briefings/bom.md":    "\ufeff---\r\nseed: z.txt\r\ntitle: BOM\r\n---\r\nText\r\n",
	"content/briefings/broken.md": "---\nseed: [\n---\n",
}

func parseFresh(name string, data []byte) (*Briefing, error) {
	var errs diag.List
	b := ParseBriefing(name, data, &errs)
	return b, errs.Err()
}

// cacheFiles are the cases and the example site's briefings.
func cacheFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for name, src := range cacheCases {
		files[name] = []byte(src)
	}
	examples, _ := filepath.Glob("../../content/briefings/*.md")
	if len(examples) == 0 {
		t.Fatal("no example briefings")
	}
	for _, p := range examples {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files["content/briefings/"+filepath.Base(p)] = data
	}
	return files
}

// written parses every file through a new cache, and returns what WriteTo
// wrote.
func written(t testing.TB, salt string, files map[string][]byte) []byte {
	c := NewParseCache()
	c.Use(salt)
	for name, data := range files {
		c.parse(name, data, sha256Of)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseCacheRoundTrip(t *testing.T) {
	files := cacheFiles(t)
	data := written(t, "salt", files)
	c, err := ReadParseCache(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c.Use("salt")
	for name, src := range files {
		// A copy: the cache must take FrontMatter and Body from the bytes
		// it is given, not from those it was written with.
		src = bytes.Clone(src)
		got, gotErr := c.parse(name, src, sha256Of)
		want, wantErr := parseFresh(name, src)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: from the cache\n%#v, %v\nparsed\n%#v, %v", name, got, gotErr, want, wantErr)
		}
		if got != nil && !aliases(src, got.FrontMatter) {
			t.Errorf("%s: FrontMatter is not the file's bytes", name)
		}
	}
	// broken.md was parsed again (errors are not kept), the rest not.
	c.mu.Lock()
	kept := 0
	for _, p := range c.parsed {
		if p.storable {
			kept++
		}
	}
	c.mu.Unlock()
	if kept != len(files)-1 {
		t.Errorf("%d of %d files kept", kept, len(files))
	}
	if !c.Changed() {
		t.Error("a file with errors was parsed again, and the cache says it did not change")
	}
}

// TestParseCacheWrittenAgain: a cache read from disk and used writes what
// a new cache of the same files writes, byte for byte, whether its
// entries are written as they were read or (an edited file) anew.
func TestParseCacheWrittenAgain(t *testing.T) {
	files := cacheFiles(t)
	data := written(t, "salt", files)
	edited := maps.Clone(files)
	edited["content/briefings/bare.md"] = []byte("---\nseed: y.txt\ntitle: Edited\n---\n")
	for _, tt := range []struct {
		name  string
		files map[string][]byte
	}{{"same files", files}, {"one edited", edited}} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadParseCache(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			c.Use("salt")
			for name, src := range tt.files {
				c.parse(name, bytes.Clone(src), sha256Of)
			}
			var again bytes.Buffer
			if _, err := c.WriteTo(&again); err != nil {
				t.Fatal(err)
			}
			if want := written(t, "salt", tt.files); !bytes.Equal(again.Bytes(), want) {
				t.Errorf("written again, %d bytes; a new cache writes %d, not the same", again.Len(), len(want))
			}
		})
	}
}

func TestParseCacheStale(t *testing.T) {
	files := cacheFiles(t)
	data := written(t, "salt", files)
	tests := []struct {
		name    string
		salt    string
		edit    func(map[string][]byte)
		changed bool
		stale   int // files parsed again
	}{
		{"same", "salt", func(map[string][]byte) {}, true, 1}, // broken.md is parsed again
		{"other program", "other", func(map[string][]byte) {}, true, len(files)},
		{"file edited", "salt", func(f map[string][]byte) {
			f["content/briefings/bare.md"] = []byte("---\nseed: y.txt\ntitle: Edited\n---\n")
		}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadParseCache(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			c.Use(tt.salt)
			edited := map[string][]byte{}
			for k, v := range files {
				edited[k] = v
			}
			tt.edit(edited)
			for name, src := range edited {
				got, _ := c.parse(name, src, sha256Of)
				want, _ := parseFresh(name, src)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: from the cache\n%#v\nparsed\n%#v", name, got, want)
				}
			}
			if c.Changed() != tt.changed {
				t.Errorf("Changed() = %v", c.Changed())
			}
			if differ, total := c.Stale(); differ != tt.stale || total != len(edited) {
				t.Errorf("Stale() = %d, %d; want %d, %d", differ, total, tt.stale, len(edited))
			}
		})
	}
}

func TestParseCacheDamaged(t *testing.T) {
	data := written(t, "salt", cacheFiles(t))
	for _, n := range []int{0, 1, len(parseCacheHeader), len(parseCacheHeader) + 40, len(data) - 1} {
		if _, err := ReadParseCache(bytes.NewReader(data[:n])); !errors.Is(err, cachefile.ErrBad) {
			t.Errorf("cut to %d bytes: %v", n, err)
		}
	}
	for i := 0; i < len(data); i += 7 {
		bad := bytes.Clone(data)
		bad[i] ^= 0x20
		if _, err := ReadParseCache(bytes.NewReader(bad)); err == nil {
			t.Errorf("byte %d changed: read", i)
		}
	}
}

// FuzzParseCache checks that a briefing parsed without error comes back
// from a written cache as parsing gives it, and that a cache body of any
// bytes (with a valid digest, as only a bug would write) is refused or
// read, never a panic, and never gives a briefing for other bytes.
func FuzzParseCache(f *testing.F) {
	for _, src := range cacheCases {
		f.Add([]byte(src), []byte{})
	}
	f.Add([]byte{}, written(f, "s", map[string][]byte{"content/briefings/a.md": []byte(cacheCases["content/briefings/full.md"])}))
	f.Fuzz(func(t *testing.T, src, raw []byte) {
		const name = "content/briefings/f.md"
		data := written(t, "s", map[string][]byte{name: src})
		c, err := ReadParseCache(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		c.Use("s")
		got, gotErr := c.parse(name, src, sha256Of)
		want, wantErr := parseFresh(name, src)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("from the cache\n%#v, %v\nparsed\n%#v, %v", got, gotErr, want, wantErr)
		}

		body, ok := bytes.CutPrefix(raw, []byte(parseCacheHeader))
		if !ok || len(body) < 32 {
			body = raw
		} else {
			body = body[32:]
		}
		var framed bytes.Buffer
		cachefile.Write(&framed, parseCacheHeader, body)
		c, err = ReadParseCache(&framed)
		if err != nil {
			return
		}
		c.Use(c.salt)
		got, gotErr = c.parse(name, src, sha256Of)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("a forged cache changed a parse:\n%#v, %v\nparsed\n%#v, %v", got, gotErr, want, wantErr)
		}
	})
}

func aliases(data, sub []byte) bool {
	_, in := offsetIn(data, sub)
	return in
}
