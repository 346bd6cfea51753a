package browsertest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// saveByRename writes a file as many editors do: a new file, renamed over
// the old one.
func saveByRename(t *testing.T, name, data string) {
	t.Helper()
	tmp := name + ".tmp~"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// TestServeLiveReload edits the example briefing under `briefing serve`
// and waits for Chromium to show each change; then it saves a broken
// briefing and waits for the error overlay, and fixes it again.
func TestServeLiveReload(t *testing.T) {
	heavy(t)
	site(t)
	if binary == "" {
		t.Skip("BRIEFING_TEST_PUBLIC is set: no binary to serve with")
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	copyTree(t, filepath.Join(root, "content"), filepath.Join(dir, "content"))
	copyTree(t, filepath.Join(root, "seeds"), filepath.Join(dir, "seeds"))
	serve := exec.Command(binary, "serve", "-site", dir, "-addr", "127.0.0.1:0")
	serve.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { serve.Process.Signal(os.Interrupt); serve.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no address: %v", err)
	}
	fields := strings.Fields(line)
	base := strings.TrimSuffix(fields[len(fields)-1], "index.html")

	const slug = "2022-02-10-biden-macron-call"
	md := filepath.Join(dir, "content", "briefings", slug+".md")
	orig, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	const title = "Biden and Macron compare notes after Macron's Moscow and Kyiv talks"
	if !strings.Contains(string(orig), "title: "+title+"\n") {
		t.Fatalf("%s has no title line %q", md, title)
	}
	tb := newTab(t, newBrowser(t))
	tb.open(base + "briefings/" + slug + ".html")
	h1 := func() string { return eval[string](tb, `document.querySelector("h1").textContent`) }
	if got := h1(); got != title {
		t.Fatalf("h1 = %q before any edit", got)
	}
	// waitFor polls the page until cond holds, and says how long it took.
	waitFor := func(what, cond string) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < 15*time.Second {
			if ok, err := evalNoFail[bool](tb, cond); err == nil && ok {
				return time.Since(start)
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("%s: not seen within 15 s", what)
		return 0
	}
	var took []time.Duration
	for i := range 5 {
		want := title + " (edit " + string(rune('A'+i)) + ")"
		saveByRename(t, md, strings.Replace(string(orig), "title: "+title+"\n", "title: "+want+"\n", 1))
		took = append(took, waitFor("edit "+want, `document.querySelector("h1") && document.querySelector("h1").textContent === `+jsString(want)))
	}
	slices.Sort(took)
	t.Logf("save to changed page in Chromium, 5 edits of the example briefing: median %v, max %v", took[2], took[4])

	// A broken edit shows its errors over the page, which stays.
	saveByRename(t, md, strings.Replace(string(orig), "seed: ", "seed: missing-", 1))
	waitFor("error overlay", `(function(){var d=document.getElementById("briefing-errors");`+
		`return !!d && d.textContent.indexOf("content/briefings/`+slug+`.md:")>=0 && d.textContent.indexOf("not found in seeds/")>=0})()`)
	if got := h1(); !strings.HasPrefix(got, title) {
		t.Errorf("with the overlay up, h1 = %q; the last good page should stay", got)
	}
	// Fixed: the overlay goes and the page shows the fix.
	saveByRename(t, md, string(orig))
	waitFor("overlay gone after the fix", `!document.getElementById("briefing-errors") && document.querySelector("h1").textContent === `+jsString(title))
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// evalNoFail evaluates like eval but returns the error, for a page that
// may be reloading.
func evalNoFail[T any](tb *tab, expr string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
}
