package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// newBrowser starts headless Chromium with the flags this machine needs and
// a fresh profile. The browser ends when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return bctx
}

// tab is one browser tab that records every script error it sees.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu   sync.Mutex
	errs []string
}

// newTab opens a tab in the browser of bctx.
func newTab(t *testing.T, bctx context.Context) *tab {
	t.Helper()
	tb := &tab{t: t}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	tb.ctx = ctx
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tb
}

// listen runs in the tab's event loop: it must return fast and run no command.
func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		msg = fmt.Sprintf("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, string(a.Value))
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("log (%s) %s: %s", ev.Entry.Source, ev.Entry.URL, ev.Entry.Text)
	default:
		return
	}
	tb.mu.Lock()
	tb.errs = append(tb.errs, msg)
	tb.mu.Unlock()
}

// checkErrors fails the test for every script error seen since the last call.
func (tb *tab) checkErrors(where string) {
	tb.t.Helper()
	tb.mu.Lock()
	errs := tb.errs
	tb.errs = nil
	tb.mu.Unlock()
	for _, e := range errs {
		tb.t.Errorf("%s: script error: %s", where, e)
	}
}

// eval evaluates a JavaScript expression in the tab and decodes the result.
func eval[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		tb.t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// waitReady waits until the document has loaded completely.
func (tb *tab) waitReady() {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		state, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.readyState`))
		if err == nil && state == "complete" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("page did not finish loading")
}

// open navigates to a URL and waits for it to load.
func (tb *tab) open(u string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		tb.t.Fatalf("navigating to %s: %v", u, err)
	}
	tb.waitReady()
}

// location is the URL of the current document.
func (tb *tab) location() string {
	tb.t.Helper()
	return eval[string](tb, `location.href`)
}

// clickLink clicks, like a user with a mouse, the first visible element
// matching css and waits for the navigation it starts. It returns the href
// that was clicked, or "" when no visible element matches.
func (tb *tab) clickLink(css string) string {
	tb.t.Helper()
	href := eval[string](tb, fmt.Sprintf(`(() => {
		const el = [...document.querySelectorAll(%q)].find(e => e.getClientRects().length > 0);
		if (!el) return "";
		el.setAttribute("data-browsertest-click", "");
		el.scrollIntoView({block: "center"});
		return el.getAttribute("href") || "(no href)";
	})()`, css))
	if href == "" {
		return ""
	}
	hist, err := chromedp.Run(tb.ctx, chromedp.NavigationEntries())
	if err != nil {
		tb.t.Fatal(err)
	}
	before := hist.Entries[hist.CurrentIndex].ID
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS("[data-browsertest-click]"))); err != nil {
		tb.t.Fatalf("clicking %s (%s): %v", css, href, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		h, err := chromedp.Run(tb.ctx, chromedp.NavigationEntries())
		if err == nil && h.Entries[h.CurrentIndex].ID != before {
			tb.waitReady()
			return href
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("clicking %s (%s) did not navigate", css, href)
	return ""
}

// setColorScheme emulates prefers-color-scheme ("light" or "dark").
func (tb *tab) setColorScheme(scheme string) {
	tb.t.Helper()
	err := chromedp.Do(tb.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
	if err != nil {
		tb.t.Fatal(err)
	}
}

// fileURL is the file:// URL of a file of the output.
func fileURL(root, rel string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, filepath.FromSlash(rel)))}
	return u.String()
}

// firstBriefing returns the output path of a briefing page (the first by name).
func firstBriefing(t *testing.T, root string) string {
	t.Helper()
	for _, f := range htmlFiles(t, root) {
		if strings.HasPrefix(f, "briefings/") {
			return f
		}
	}
	t.Fatalf("no briefings/*.html in %s", root)
	return ""
}

// firstActor returns the output path of an actor page (the first by name).
func firstActor(t *testing.T, root string) string {
	t.Helper()
	for _, f := range htmlFiles(t, root) {
		if strings.HasPrefix(f, "actors/") && f != "actors/index.html" {
			return f
		}
	}
	t.Fatalf("no actors/*.html in %s", root)
	return ""
}

// mentionSelector finds actor mentions inside the article text of a briefing
// page (templates/briefing.html, internal/render/article.go): links
// classed by their actor's kind, to ../actors/ID.html.
const mentionSelector = `.article a[href^="../actors/"]`

func TestChromiumFlow(t *testing.T) {
	heavy(t)
	root := site(t)
	tb := newTab(t, newBrowser(t))

	// index.html → a briefing.
	tb.open(fileURL(root, "index.html"))
	tb.checkErrors("index.html")
	href := tb.clickLink(`a[href^="briefings/"][href$=".html"]`)
	if href == "" {
		t.Fatal("index.html: no visible link to briefings/*.html")
	}
	briefingURL := tb.location()
	if !strings.Contains(briefingURL, "/briefings/") {
		t.Fatalf("index.html: clicking %q led to %s, not a briefing", href, briefingURL)
	}
	t.Logf("index.html → %s", href)
	tb.checkErrors(href)
	n := eval[int](tb, fmt.Sprintf(`document.querySelectorAll(%q).length`, mentionSelector))
	t.Logf("briefing: %d actor mentions (%s)", n, mentionSelector)

	// Briefing → an actor mention → the actor page.
	mention := tb.clickLink(mentionSelector)
	if mention == "" {
		t.Fatalf("%s: no visible actor mention (%s) in the article", briefingURL, mentionSelector)
	}
	actorURL := tb.location()
	if !strings.Contains(actorURL, "/actors/") {
		t.Fatalf("clicking the mention %q led to %s, not an actor page", mention, actorURL)
	}
	tb.checkErrors(actorURL)
	if frag := eval[string](tb, `location.hash.slice(1)`); frag != "" {
		if !eval[bool](tb, `document.getElementById(decodeURIComponent(location.hash.slice(1))) !== null`) {
			t.Errorf("%s: no element with the id of the fragment", actorURL)
		}
	}
	bare := strings.SplitN(briefingURL, "#", 2)[0]
	// An SVG picture's links have no string href: resolve the attribute.
	back := eval[int](tb, fmt.Sprintf(`[...document.querySelectorAll("a[href]")].filter(a => new URL(a.getAttribute("href"), document.baseURI).href.split("#")[0] === %q && a.getClientRects().length > 0).length`, bare))
	if back == 0 {
		t.Errorf("%s: no visible link back to the briefing %s", actorURL, bare)
	}
	t.Logf("mention %q → %s, with %d links back to the briefing", mention, actorURL, back)

	// The timeline shows 2022-02-07.
	tb.open(fileURL(root, "timeline.html"))
	tb.checkErrors("timeline.html")
	times := eval[int](tb, `[...document.querySelectorAll('time[datetime="2022-02-07"]')].filter(e => e.getClientRects().length > 0).length`)
	text := eval[bool](tb, `document.body.innerText.includes("2022-02-07")`)
	if times == 0 && !text {
		t.Errorf("timeline.html: 2022-02-07 is not shown (no visible <time datetime=\"2022-02-07\"> and no such text)")
	}
	t.Logf("timeline.html: %d visible <time datetime=2022-02-07>", times)

	// Search, from file://, finds Reznikov and Boryspil and nothing for nonsense.
	for _, q := range []struct {
		query string
		want  bool
	}{{"Reznikov", true}, {"Boryspil", true}, {"Xqzvwj", false}} {
		results := search(tb, root, q.query)
		switch {
		case q.want && len(results) == 0:
			t.Errorf("search.html: %q finds nothing", q.query)
		case !q.want && len(results) > 0:
			t.Errorf("search.html: %q should find nothing, found %v", q.query, results)
		}
		t.Logf("search %q: %d results %v", q.query, len(results), results)
		if q.want {
			// The snippet comes from the article's text (f/N.js, packed),
			// the word marked in it.
			marks := eval[[]string](tb, `[...document.querySelectorAll("#results p.snippet:not(.event) mark")].map(m => m.textContent)`)
			if !slices.Contains(marks, q.query) {
				t.Errorf("search.html: %q shows no snippet with the word marked (marks %q)", q.query, marks)
			}
		}
		for _, r := range results {
			u, err := url.Parse(r)
			if err != nil || u.Scheme != "file" {
				t.Errorf("search %q: result link %q is not a file:// URL", q.query, r)
				continue
			}
			rel, err := filepath.Rel(root, u.Path)
			if err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("search %q: result link %q leaves the site", q.query, r)
			}
		}
		tb.checkErrors("search.html?" + q.query)
	}

	// Every page loads from file:// without a script error or a failed load.
	// 404.html is the exception: it links from the published root path, as
	// a server shows it at any depth, and nobody opens it from disk.
	files := htmlFiles(t, root)
	for _, f := range files {
		if f == "404.html" {
			continue
		}
		tb.open(fileURL(root, f))
		tb.checkErrors(f)
	}
	t.Logf("opened all %d pages from file://", len(files))
}

// search opens search.html from disk, types the query into the search box
// as a user would, and returns the absolute URLs of the result links: the
// visible links that appear inside #results after typing (the hooks of
// templates/search.html and static/assets/search.js: input[type=search] and
// #results).
func search(tb *tab, root, query string) []string {
	tb.t.Helper()
	tb.open(fileURL(root, "search.html"))
	input := `input[type="search"]`
	if !eval[bool](tb, fmt.Sprintf(`document.querySelector(%q) !== null && document.getElementById("results") !== null`, input)) {
		tb.t.Fatalf("search.html: no %s or no #results", input)
	}
	// Mark the links that exist before typing (navigation, footer…).
	eval[chromedp.Void](tb, `document.querySelectorAll("a").forEach(a => a.setAttribute("data-browsertest-before", ""))`)
	if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.CSS(input), query)); err != nil {
		tb.t.Fatalf("typing into %s: %v", input, err)
	}
	// Results are rendered on input; wait until they settle.
	var last []string
	stable := 0
	for i := 0; i < 40 && stable < 4; i++ {
		time.Sleep(75 * time.Millisecond)
		cur := eval[[]string](tb, `[...document.querySelectorAll("#results a[href]:not([data-browsertest-before])")].filter(a => a.getClientRects().length > 0).map(a => a.href)`)
		if strings.Join(cur, "\n") == strings.Join(last, "\n") {
			stable++
		} else {
			stable = 0
		}
		last = cur
	}
	if last == nil {
		last = []string{}
	}
	return last
}

// axeViolation is what TestAxe reports of one axe-core violation.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

func TestAxe(t *testing.T) {
	heavy(t)
	root := site(t)
	axe := toolFile(t, "node_modules/axe-core/axe.min.js")
	data, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	tb := newTab(t, newBrowser(t))
	pages := []string{"index.html", firstBriefing(t, root), firstActor(t, root), "actors/index.html",
		"timeline.html", "tags/index.html", "search.html"}
	// From file:// (light and dark), and served over HTTP, where axe can also
	// read the stylesheets (it fetches them with XHR, which file:// forbids).
	base := serveSite(t, root)
	type pass struct {
		name, scheme string
		width        int64
	}
	total := 0
	for _, ps := range []pass{{"file", "light", 1280}, {"file", "dark", 1280}, {"file", "light", 390}, {"http", "light", 1280}} {
		tb.setColorScheme(ps.scheme)
		if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(ps.width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			u, preload := fileURL(root, p), "false"
			if ps.name == "http" {
				u, preload = base+p, "true"
			}
			where := fmt.Sprintf("%s (%s, %s, %dpx)", p, ps.name, ps.scheme, ps.width)
			tb.open(u)
			tb.checkErrors(where)
			// Open every <details> so that their content is checked too.
			eval[chromedp.Void](tb, `document.querySelectorAll("details").forEach(d => { d.open = true })`)
			eval[chromedp.Void](tb, src)
			vs := eval[[]axeViolation](tb, `axe.run(document, {resultTypes: ["violations"], preload: `+preload+`}).then(r => r.violations.map(v => ({
				id: v.id, impact: v.impact || "", help: v.help,
				targets: v.nodes.slice(0, 8).map(n => n.target.join(" ")),
				summary: (v.nodes[0] && v.nodes[0].failureSummary || "").split("\n").slice(0, 3).join(" / "),
			})))`, chromedp.EvalAwaitPromise)
			for _, v := range vs {
				total++
				t.Errorf("%s: axe %s [%s] %s: %v — %s", where, v.ID, v.Impact, v.Help, v.Targets, v.Summary)
			}
			tb.checkErrors(where + " after axe")
		}
	}
	t.Logf("axe-core: %d pages × (file light 1280, file dark 1280, file light 390, http light 1280), %d violations", len(pages), total)
}
