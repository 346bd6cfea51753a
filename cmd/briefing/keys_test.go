package main

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// digestSettings writes what fs.WalkDir over content/ wrote, file by
// file, when buildSalt walked with it: the salt of an existing site's
// caches and keys stays what it was. Each file is written as before
// (digestFile); this is about which files, and in what order.
func TestDigestSettingsAsWalkDir(t *testing.T) {
	walked := func(site fs.FS) []byte {
		var h bytes.Buffer
		err := fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() || (path.Dir(p) == "content/briefings" && strings.HasSuffix(p, ".md")) {
				return nil
			}
			data, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			digestFile(&h, p, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return h.Bytes()
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for name, site := range map[string]fstest.MapFS{
		"no content": {"seeds/a.txt": file("x")},
		"the example": {
			"content/site.yaml":          file("title: t\n"),
			"content/actors/people.yaml": file("- id: a\n"),
			"content/briefings/a.md":     file("---\n"),
			"content/briefings/b.md":     file("---\n"),
		},
		"others among the briefings": {
			"content/briefings/a.md":        file("a"),
			"content/briefings/notes.txt":   file("n"),
			"content/briefings/old.md/x.md": file("inside a folder named as a briefing"),
			"content/briefings/sub/c.md":    file("c"),
			"content/briefings/z.yaml":      file("z"),
			"content/actors/a-b.yaml":       file("1"),
			"content/actors/a/b.yaml":       file("2"),
			"content/actors.yaml":           file("3"),
			"content/site.yaml":             file(""),
		},
	} {
		var got bytes.Buffer
		if err := digestSettings(&got, site, "content"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want := walked(site); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: digestSettings wrote\n%q\nWalkDir's walk\n%q", name, got.Bytes(), want)
		}
	}
}
