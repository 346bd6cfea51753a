package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/write"
)

// TestBuildCachesDamaged damages the caches a build left (the parsed
// briefings, the extraction cache, the search terms and the rendered
// summaries) in each way a disk or an older program could, and checks
// that the next build ignores them (its output is a clean build's) and
// leaves valid ones behind.
func TestBuildCachesDamaged(t *testing.T) {
	damages := []struct {
		name string
		do   func([]byte) []byte
	}{
		{"empty", func([]byte) []byte { return nil }},
		{"cut in half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"one byte changed", func(b []byte) []byte { b = bytes.Clone(b); b[len(b)-3] ^= 1; return b }},
		{"another version", func(b []byte) []byte { return append([]byte("briefing cache v0\n"), b...) }},
	}
	caches := []struct {
		name string
		path func(site string) string
		read func([]byte) error
	}{
		{"parsed briefings", parseCachePath, func(b []byte) error {
			_, err := annotations.ReadParseCache(bytes.NewReader(b))
			return err
		}},
		{"extraction", extractCachePath, func(b []byte) error {
			_, err := model.ReadExtractCache(bytes.NewReader(b))
			return err
		}},
		{"search terms", termCachePath, func(b []byte) error {
			_, err := export.ReadTermCache(bytes.NewReader(b))
			return err
		}},
		{"summaries", summaryCachePath, func(b []byte) error {
			_, err := render.ReadSummaries(bytes.NewReader(b))
			return err
		}},
	}
	for _, c := range caches {
		for _, d := range damages {
			t.Run(c.name+"/"+d.name, func(t *testing.T) {
				s := newEditableSite(t)
				out := filepath.Join(t.TempDir(), "public")
				if _, _, _, _, err := buildSite(write.Target{Out: out, Site: s.dir}, model.Options{}, "", nil); err != nil {
					t.Fatal(err)
				}
				p := c.path(s.dir)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatalf("no cache after a build: %v", err)
				}
				if err := os.WriteFile(p, d.do(data), 0o600); err != nil {
					t.Fatal(err)
				}
				// A briefing edited too, so that the output changes.
				s.write("content/briefings/2020-01-02-000001.md", strings.Replace(s.read("content/briefings/2020-01-02-000001.md"), `title: "`, `title: "Edited, `, 1))
				if _, _, _, _, err := buildSite(write.Target{Out: out, Site: s.dir}, model.Options{}, "", nil); err != nil {
					t.Fatal(err)
				}
				if diff := diffFromClean(t, s.dir, out, ""); diff != "" {
					t.Fatalf("after a damaged cache, the output differs from a clean build:\n%s", diff)
				}
				after, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := c.read(after); err != nil {
					t.Errorf("the cache left behind is not valid: %v", err)
				}
			})
		}
	}
}
