package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestGoBuildID finds the test program's build ID in its ELF note, and
// one in the marked string other formats hold. (It agreed with go tool
// buildid when written; that tool is built on first use, too slow here.)
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	id := goBuildIDOf(t, exe)
	if parts := strings.Split(id, "/"); len(parts) < 2 || slices.Contains(parts, "") {
		t.Errorf("build ID %q of the test program is not parts joined by slashes", id)
	}
	dir := t.TempDir()
	for name, c := range map[string]struct{ data, want string }{
		"marked":     {"\x00\x01junk\xff Go build ID: \"abc/def\"\n \xff more", "abc/def"},
		"unfinished": {"\xff Go build ID: \"abc/def", ""},
		"none":       {"#!/bin/sh\n", ""},
		"empty":      {"", ""},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := goBuildIDOf(t, p); got != c.want {
			t.Errorf("%s: build ID %q, want %q", name, got, c.want)
		}
	}
}

// TestProgramDigest: a program's digest changes with its build ID, its
// modification time, or, without a build ID, its content.
func TestProgramDigest(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte, mtime time.Time) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return programDigest(p)
	}
	day := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := write("a", data, day)
	if a == "" || a != write("b", data, day) {
		t.Errorf("two copies of one program, one time: %q and %q", a, write("b", data, day))
	}
	if a == write("c", data, day.Add(time.Second)) {
		t.Error("another modification time, the same digest")
	}
	// Another build ID: its last byte changed where the ID is.
	id := goBuildIDOf(t, exe)
	i := strings.Index(string(data), id)
	if i < 0 {
		t.Fatal("build ID not in the program's bytes")
	}
	other := append([]byte(nil), data...)
	other[i+len(id)-1] ^= 1
	if a == write("d", other, day) {
		t.Error("another build ID, the same digest")
	}
	// No build ID: the content decides, whatever the time.
	plain := []byte("#!/bin/sh\necho not a Go program\n")
	p := write("e", plain, day)
	if p == "" || p != write("f", plain, day.Add(time.Hour)) {
		t.Error("one content without a build ID, two digests")
	}
	if p == write("g", append(plain, '\n'), day) {
		t.Error("another content without a build ID, the same digest")
	}
}

func goBuildIDOf(t *testing.T, exe string) string {
	t.Helper()
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return goBuildID(f)
}
