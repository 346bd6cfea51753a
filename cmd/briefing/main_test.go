package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/sitefs"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/rogpeppe/go-internal/testscript"
)

// childEnv makes the test binary run the command line in its arguments
// instead of the tests, so that a test can signal a real build.
const childEnv = "BRIEFING_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// Builds keep their extraction cache in the user's cache directory:
	// the tests' go to one of their own, removed when they end. A process
	// that is killed (a fuzz worker) cannot remove its own; write.TempDir
	// removes those the next time, as serve's.
	cache, _, err := write.TempDir("briefing-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	// The tests change files milliseconds before they build. A margin of
	// a few ticks of the kernel's file clock (a jiffy, at most 10 ms)
	// still keeps a file changed after a build read it from the known
	// files, and lets the tests take files from them, which the
	// seconds of the real margin would not.
	knownMargin = 30 * time.Millisecond
	testscript.Main(removingAfter{m, cache}, map[string]func(){
		"briefing": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// removingAfter runs the tests, then removes dir.
type removingAfter struct {
	m   *testing.M
	dir string
}

func (r removingAfter) Run() int {
	code := r.m.Run()
	os.RemoveAll(r.dir)
	return code
}

// TestScripts runs the command-line scripts in testdata/script: each is a
// txtar archive of a small site and the commands to run on it, with the
// output they must print.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gunzip": gunzipCmd, "unpack-texts": unpackTextsCmd,
		},
	})
}

// gunzipCmd is the scripts' "gunzip FILE.gz OUT": it writes the content
// of FILE.gz to OUT, for grep and cmp to read. OUT is another file, as a
// file the build did not write would make the next build refuse its
// output.
func gunzipCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gunzip FILE.gz OUT")
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(ts.ReadFile(args[0]))))
	ts.Check(err)
	data, err := io.ReadAll(zr)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

func mustOpenSite(t testing.TB, dir string) *sitefs.FS {
	t.Helper()
	site, err := openSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// unpackTextsCmd is the scripts' "unpack-texts assets/search/f/N.js OUT":
// it writes the texts the shard packs (gzip and base64, search.go) to
// OUT, one a line, for grep to read.
func unpackTextsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unpack-texts FILE OUT")
	}
	script := ts.ReadFile(args[0])
	open, end := strings.Index(script, `,"`), strings.LastIndex(script, `");`)
	if open < 0 || end <= open {
		ts.Fatalf("%s: not a packed search shard", args[0])
	}
	texts, err := export.UnpackFragments(script[open+2 : end])
	ts.Check(err)
	var out strings.Builder
	for _, parts := range texts {
		out.WriteString(strings.Join(parts, " ") + "\n")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out.String()), 0o644))
}
