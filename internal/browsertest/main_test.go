package browsertest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// public is the absolute path of the built site that every test checks.
var public string

// binary is the briefing command built for the tests ("" when
// BRIEFING_TEST_PUBLIC names a site built elsewhere).
var binary string

// setupErr, when not nil, is why the site could not be built; every test
// then fails with it (a broken build is never a reason to skip).
var setupErr error

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "briefing-browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	public, setupErr = buildSite(tmp)
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// servedBase is the sub-path the site is served under, as GitHub Pages
// serves a project site; the build's base_url ends in it.
const servedBase = "/briefing/"

// repoRoot is the repository root: this package lives in internal/browsertest.
func repoRoot() (string, error) {
	return filepath.Abs(filepath.Join("..", ".."))
}

func buildSite(tmp string) (string, error) {
	if dir := os.Getenv("BRIEFING_TEST_PUBLIC"); dir != "" {
		return filepath.Abs(dir)
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(tmp, "briefing")
	binary = bin
	var out bytes.Buffer
	build := exec.Command("go", "build", "-o", bin, "./cmd/briefing")
	build.Dir = root
	build.Stdout, build.Stderr = &out, &out
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/briefing: %v\n%s", err, out.String())
	}
	dst := filepath.Join(tmp, "public")
	out.Reset()
	run := exec.Command(bin, "build", "-site", root, "-out", dst, "-base-url", "https://example.org"+servedBase)
	run.Dir = tmp
	run.Stdout, run.Stderr = &out, &out
	if err := run.Run(); err != nil {
		return "", fmt.Errorf("briefing build -site %s -out %s: %v\n%s", root, dst, err, out.String())
	}
	if _, err := os.Stat(filepath.Join(dst, "index.html")); err != nil {
		return "", fmt.Errorf("briefing build wrote no index.html: %v", err)
	}
	return dst, nil
}

// site returns the built output directory, failing the test if there is none.
func site(t *testing.T) string {
	t.Helper()
	if setupErr != nil {
		t.Fatalf("building the site: %v", setupErr)
	}
	return public
}

// heavy skips a test that starts Chromium or a JVM under `go test -short`
// (.ci/run's race-detector pass); the full `go test ./...` runs it.
func heavy(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser or a JVM; skipped with -short")
	}
}

// inCI reports whether missing tools must fail the run instead of skipping.
func inCI() bool { return os.Getenv("CI") != "" }

// missingTool skips the test on a developer machine and fails it in CI.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...) + " (install with: bash .ci/browser-tools.sh)"
	if inCI() {
		t.Fatalf("CI is set, so this is an error: %s", msg)
	}
	t.Skip(msg)
}

// toolsDir is where .ci/browser-tools.sh installs the npm packages.
func toolsDir() string {
	if d := os.Getenv("BRIEFING_TOOLS"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "briefing-tools")
	}
	return filepath.Join(home, ".cache", "briefing-tools")
}

// toolFile returns the path of a file installed under toolsDir, or skips/fails.
func toolFile(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(toolsDir(), filepath.FromSlash(rel))
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		missingTool(t, "%s not found", p)
	}
	return p
}

// chromiumPath finds the Chromium binary, or skips/fails.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingTool(t, "chromium not found (CHROME_PATH, /usr/bin/chromium or PATH)")
	return ""
}

// htmlFiles lists every .html file of the output, as slash paths relative to dir.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no .html files in %s", dir)
	}
	return files
}
