package browsertest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
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
	const title = "Biden and Macron compare notes after Macron's Moscow and Kyiv talks"
	serveAndEdit(t, dir, "2022-02-10-biden-macron-call", title, "the example briefing")
}

// TestServeGeneratedSite is TestServeLiveReload on a generated site of
// many briefings: BRIEFING_SERVE_SITE names one (a copy is edited), or
// the test writes one of a few hundred.
func TestServeGeneratedSite(t *testing.T) {
	heavy(t)
	site(t)
	if binary == "" {
		t.Skip("BRIEFING_TEST_PUBLIC is set: no binary to serve with")
	}
	dir := filepath.Join(t.TempDir(), "site")
	if src := os.Getenv("BRIEFING_SERVE_SITE"); src != "" {
		copyTree(t, filepath.Join(src, "content"), filepath.Join(dir, "content"))
		copyTree(t, filepath.Join(src, "seeds"), filepath.Join(dir, "seeds"))
	} else {
		generateSite(t, dir, 300)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "content", "briefings", "*.md"))
	if len(names) == 0 {
		t.Fatal("no briefings in the generated site")
	}
	slices.Sort(names)
	md := names[len(names)/2]
	data, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^title: "?([^"\n]*)"?$`).FindStringSubmatch(string(data))
	if m == nil {
		t.Fatalf("%s has no title", md)
	}
	// A quoted title is rewritten as a plain one, with the same text.
	os.WriteFile(md, []byte(strings.Replace(string(data), m[0], "title: "+m[1], 1)), 0o644)
	serveAndEdit(t, dir, strings.TrimSuffix(filepath.Base(md), ".md"), m[1], fmt.Sprintf("a briefing of a site of %d", len(names)))
}

// generateSite writes a site of n briefings, each with its seed, naming
// actors of a small registry and dating what they do.
func generateSite(t *testing.T, dir string, n int) {
	t.Helper()
	people := []string{"Ada Marlow", "Bruno Keller", "Chiara Voss", "Dmitri Halden", "Elena Brandt", "Farid Osman"}
	var reg strings.Builder
	for _, p := range people {
		id := strings.ToLower(strings.ReplaceAll(p, " ", "-"))
		fmt.Fprintf(&reg, "- id: %s\n  name: %s\n  kind: person\n", id, p)
	}
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/site.yaml", "title: Generated briefings\nbase_url: https://example.org/\nlanguage: en\n")
	write("content/actors/people.yaml", reg.String())
	day := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		date := day.AddDate(0, 0, i).Format("2006-01-02")
		a, b := people[i%len(people)], people[(i*5+1)%len(people)]
		slug := fmt.Sprintf("%s-talks-%d", date, i)
		write("seeds/"+slug+".txt", fmt.Sprintf(" date %s %s met %s on Monday to discuss round %d of the talks.\n\n"+
			"%s said last week that the round %d agreement would hold, and %s agreed.\n", date, a, b, i, b, i, a))
		write("content/briefings/"+slug+".md", fmt.Sprintf("---\nseed: %s.txt\ntitle: %s and %s hold round %d\n"+
			"summary: Round %d of the talks.\ntags: [talks, round-%d]\nevents:\n  - quote: \"discuss round %d of the talks\"\n"+
			"    title: Round %d\n---\nCommentary on round %d.\n", slug, a, b, i, i, i%7, i, i, i))
	}
}

// serveAndEdit runs briefing serve on the site in dir, opens the page of
// the briefing slug (whose title is title) in Chromium, saves five edits of
// its title and waits for each to show, then saves a broken briefing and
// waits for the error overlay, and fixes it again.
func serveAndEdit(t *testing.T, dir, slug, title, what string) {
	serve := exec.Command(binary, "serve", "-site", dir, "-addr", "127.0.0.1:0")
	serve.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// Each rebuild that succeeds ends with a line "built N files …".
	stderr, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int64
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "built ") {
				builds.Add(1)
			}
		}
	}()
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

	md := filepath.Join(dir, "content", "briefings", slug+".md")
	orig, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
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
	// Saves come after the last one's rebuild has ended, as an analyst's
	// do: the rest of the site is made after the open page is shown.
	// idle waits until a rebuild has ended since the count of builds was
	// after, and no other has followed for a moment.
	idle := func(after int64) {
		t.Helper()
		for start := time.Now(); builds.Load() <= after; time.Sleep(10 * time.Millisecond) {
			if time.Since(start) > 5*time.Minute {
				t.Fatal("serve did not finish its rebuild within 5 minutes")
			}
		}
		for n, start := builds.Load(), time.Now(); time.Since(start) < 300*time.Millisecond; {
			time.Sleep(10 * time.Millisecond)
			if builds.Load() != n {
				n, start = builds.Load(), time.Now()
			}
		}
	}
	idle(0)
	// The page puts a changed page's body in place rather than navigate:
	// what the window holds stays.
	eval[bool](tb, `window.briefingKept = true`)
	sheetsFetched := func() int {
		return eval[int](tb, `performance.getEntriesByType("resource").filter(function(e) { return /[.]css$/.test(e.name) }).length`)
	}
	sheetsBefore := sheetsFetched()
	// What the style sheets make of the page, to compare after the edits.
	styled := func() string {
		return eval[string](tb, `(function() { var h = getComputedStyle(document.querySelector("h1")), b = getComputedStyle(document.body); return [h.fontFamily, h.fontSize, h.color, b.backgroundColor, b.maxWidth, document.styleSheets.length].join(" | ") })()`)
	}
	styleBefore := styled()
	const edits = 10
	var took, framed []time.Duration
	var saved int64 // builds before the last save
	for i := range edits {
		if i > 0 {
			idle(saved)
		}
		saved = builds.Load()
		want := title + " (edit " + string(rune('A'+i)) + ")"
		cond := `document.querySelector("h1") && document.querySelector("h1").textContent === ` + jsString(want)
		// Asking the page from here takes its own time; the page notes
		// the frame in which the change first shows, from which its
		// time on screen is known without that delay.
		eval[bool](tb, `window.briefingSeen = 0; (function seen() { if (`+cond+`) { window.briefingSeen = performance.timeOrigin + performance.now() } else { requestAnimationFrame(seen) } })(), true`)
		start := time.Now()
		saveByRename(t, md, strings.Replace(string(orig), "title: "+title+"\n", "title: "+want+"\n", 1))
		took = append(took, waitFor("edit "+want, cond))
		// The frame may come after the test saw the change.
		for wait := time.Now(); time.Since(wait) < time.Second; time.Sleep(5 * time.Millisecond) {
			if at := eval[float64](tb, `window.briefingSeen || 0`); at > 0 {
				framed = append(framed, time.UnixMicro(int64(at*1000)).Sub(start))
				break
			}
		}
	}
	if !eval[bool](tb, `window.briefingKept === true`) {
		t.Errorf("the page navigated on a reload; its body should have been put in place")
	}
	// The style sheets did not change: a reload that fetched them again
	// would have waited for them.
	if sheets := sheetsFetched(); sheets != sheetsBefore {
		t.Errorf("style sheets fetched %d times before the edits and %d after; a reload should keep them", sheetsBefore, sheets)
	}
	if style := styled(); style != styleBefore {
		t.Errorf("the page's style after the edits:\n%s\nbefore:\n%s", style, styleBefore)
	}
	slices.Sort(took)
	slices.Sort(framed)
	t.Logf("save to changed page in Chromium, %d edits of %s: median %v, max %v (asked from the test)", edits, what, took[edits/2], took[edits-1])
	if len(framed) == edits {
		t.Logf("save to the frame that shows the change, as the page notes it: median %v, max %v", framed[edits/2], framed[edits-1])
	}
	idle(saved)
	if cpu, rss, err := idleUse(serve.Process.Pid, 5*time.Second); err == nil {
		t.Logf("serve idle for 5 s: %v of CPU; peak RSS %d MB", cpu, rss>>20)
	}

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

// idleUse is the CPU time a process takes over d, and its peak resident
// memory so far, from /proc (Linux only).
func idleUse(pid int, d time.Duration) (cpu time.Duration, peakRSS int64, err error) {
	ticks := func() (int64, error) {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, err
		}
		// Fields after the command's closing parenthesis; utime and stime
		// are the 14th and 15th of the line.
		f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
		var u, s int64
		fmt.Sscan(f[11], &u)
		fmt.Sscan(f[12], &s)
		return u + s, nil
	}
	before, err := ticks()
	if err != nil {
		return 0, 0, err
	}
	time.Sleep(d)
	after, err := ticks()
	if err != nil {
		return 0, 0, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			peakRSS = kb << 10
		}
	}
	// The kernel counts in clock ticks, a hundred a second on Linux.
	return time.Duration(after-before) * 10 * time.Millisecond, peakRSS, nil
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// evalNoFail evaluates like eval but returns the error, for a page that
// may be reloading.
func evalNoFail[T any](tb *tab, expr string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
}
