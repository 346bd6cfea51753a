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

// TestProgramDigest: a program's digest follows its build ID when the go
// command made it, and its content otherwise.
func TestProgramDigest(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildIDOf(t, exe)
	if !toolchainBuildID(id) {
		t.Fatalf("the test program's build ID %q is not of the go command's form", id)
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
	if a == "" || a != write("b", data, day.Add(time.Hour)) {
		t.Error("two copies of one program at two times: two digests")
	}
	// Another build ID: a character of it changed where the ID is.
	i := strings.Index(string(data), id)
	if i < 0 {
		t.Fatal("build ID not in the program's bytes")
	}
	other := append([]byte(nil), data...)
	other[i+len(id)-1] ^= 1
	if a == write("c", other, day) {
		t.Error("another build ID, the same digest")
	}
	// An ID set by hand, or none: the content decides, whatever the time.
	for _, head := range []string{"#!/bin/sh\n", "\xff Go build ID: \"v1/v1\"\n \xff"} {
		plain := []byte(head + "echo not a Go program\n")
		p := write("d", plain, day)
		if p == "" || p != write("e", plain, day.Add(time.Hour)) {
			t.Errorf("%q: one content, two digests", head)
		}
		if p == write("f", append(plain, '\n'), day) {
			t.Errorf("%q: another content, the same digest", head)
		}
	}
}

func TestToolchainBuildID(t *testing.T) {
	for id, want := range map[string]bool{
		"mY5Nt2FVlGRj3tplJ-CV/41F0G5_NhucB4F92kxjg/jci4za2R-nm8BQnaDkA_/YUzvOrSoE_bTlWY40OHY": true,
		"jci4za2R-nm8BQnaDkA_/YUzvOrSoE_bTlWY40OHY":                                           true,
		"YUzvOrSoE_bTlWY40OHY": false, // one part
		"v1/v1":                false,
		"jci4za2R-nm8BQnaDkA_/YUzvOrSoE_bTlWY40OH=": false,
		"": false,
	} {
		if got := toolchainBuildID(id); got != want {
			t.Errorf("toolchainBuildID(%q) = %v, want %v", id, got, want)
		}
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
