package browsertest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestScreenshots writes full-page PNGs of every page kind, 1280 and 390 px
// wide, in light and dark, to $BRIEFING_SCREENSHOTS. It is for people, not
// for CI: it checks nothing but script errors.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("BRIEFING_SCREENSHOTS")
	if dir == "" {
		t.Skip("set BRIEFING_SCREENSHOTS=DIR to write screenshots")
	}
	root := site(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, newBrowser(t))
	pages := map[string]string{
		"index": "index.html", "briefing": firstBriefing(t, root), "actor": firstActor(t, root),
		"actors": "actors/index.html", "timeline": "timeline.html", "tags": "tags/index.html",
		"search": "search.html", "archive": "briefings/index.html",
		// The briefing again, with its first actor's entry the fragment
		// target, as the actor pages' links to the rest of its mentions
		// open it.
		"briefing-target": firstBriefing(t, root),
	}
	// 404.html links from the published root path (see the link checks),
	// so it has no working stylesheet from disk; it is not shown here.
	for _, f := range htmlFiles(t, root) {
		if strings.HasPrefix(f, "tags/") && f != "tags/index.html" {
			pages["tag"] = f
			break
		}
	}
	if only := os.Getenv("BRIEFING_SCREENSHOTS_ONLY"); only != "" {
		for k := range pages {
			if !strings.Contains(","+only+",", ","+k+",") {
				delete(pages, k)
			}
		}
	}
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, scheme := range []string{"light", "dark"} {
			tb.setColorScheme(scheme)
			for kind, p := range pages {
				tb.open(fileURL(root, p))
				if kind == "search" {
					if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.CSS(`input[type="search"]`), "Reznikov")); err != nil {
						t.Fatal(err)
					}
					time.Sleep(300 * time.Millisecond)
				}
				if kind == "briefing-target" {
					eval[chromedp.Void](tb, `location.hash = document.querySelector(".actor-list > li[id]").id`)
				}
				eval[chromedp.Void](tb, `document.querySelectorAll("details").forEach(d => { d.open = true })`)
				// Tiles of at most 1200 px, so that each stays legible.
				height := eval[float64](tb, `document.documentElement.scrollHeight`)
				const tile = 1200.0
				for i, y := 0, 0.0; y < height; i, y = i+1, y+tile {
					clip := &cdppage.Viewport{X: 0, Y: y, Width: float64(width), Height: min(tile, height-y), Scale: 1}
					png, err := chromedp.Run(tb.ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
						r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
							Format: cdppage.CaptureScreenshotFormatPng, Clip: clip, CaptureBeyondViewport: new(true),
						})
						return r.Data, err
					})
					if err != nil {
						t.Fatal(err)
					}
					name := filepath.Join(dir, fmt.Sprintf("%s-%d-%s-%d.png", kind, width, scheme, i))
					if err := os.WriteFile(name, png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				tb.checkErrors(p)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// TestLighthouse runs Lighthouse (npm lighthouse, default mobile settings)
// on the briefing page served on 127.0.0.1 under /briefing/ and fails below
// 95 in any category. Opt-in with BRIEFING_LIGHTHOUSE=1: it takes a minute
// and its performance score depends on the machine's load.
func TestLighthouse(t *testing.T) {
	if os.Getenv("BRIEFING_LIGHTHOUSE") == "" {
		t.Skip("set BRIEFING_LIGHTHOUSE=1 to run Lighthouse")
	}
	root := site(t)
	chrome := chromiumPath(t)
	cli := toolFile(t, "node_modules/lighthouse/cli/index.js")
	node, err := exec.LookPath("node")
	if err != nil {
		missingTool(t, "node not found")
	}
	target := serveSite(t, root) + firstBriefing(t, root)
	report := filepath.Join(t.TempDir(), "lighthouse.json")
	args := []string{cli, target,
		"--output=json", "--output-path=" + report, "--quiet",
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run " +
			"--disable-background-networking --disable-component-update --disable-sync",
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lighthouse: %v\n%s", err, out)
	}
	t.Logf("CHROME_PATH=%s node %s", chrome, strings.Join(args, " "))
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var lh struct {
		Categories map[string]struct {
			Title     string   `json:"title"`
			Score     *float64 `json:"score"`
			AuditRefs []struct {
				ID     string  `json:"id"`
				Weight float64 `json:"weight"`
			} `json:"auditRefs"`
		} `json:"categories"`
		Audits map[string]struct {
			Title        string   `json:"title"`
			Score        *float64 `json:"score"`
			DisplayValue string   `json:"displayValue"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(data, &lh); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"performance", "accessibility", "best-practices", "seo"} {
		c, ok := lh.Categories[id]
		if !ok || c.Score == nil {
			t.Errorf("lighthouse: no score for %s", id)
			continue
		}
		score := int(*c.Score*100 + 0.5)
		t.Logf("lighthouse %s: %d", id, score)
		if score < 95 {
			t.Errorf("lighthouse %s: %d < 95", id, score)
		}
		for _, r := range c.AuditRefs {
			a := lh.Audits[r.ID]
			if r.Weight > 0 && a.Score != nil && *a.Score < 1 {
				t.Logf("  %s: %s %.2f %s", r.ID, a.Title, *a.Score, a.DisplayValue)
			}
		}
	}
}

// TestSearchAtScale measures search on a site built elsewhere (a generated
// archive of tens of thousands of briefings), from file:// as a reader
// opens it: for each query of $BRIEFING_SEARCH_QUERIES (comma-separated
// query strings, "q=talks" by default), in a fresh tab, the time until
// the results are shown and the bytes of the index's scripts loaded,
// which must stay under 2 MB. $BRIEFING_OPEN_PAGES (comma-separated
// paths) are opened too, with the time to their load event and their
// number of elements. It is for the figures of the archive issue, not
// for CI: set BRIEFING_SEARCH_SITE=DIR.
func TestSearchAtScale(t *testing.T) {
	root := os.Getenv("BRIEFING_SEARCH_SITE")
	if root == "" {
		t.Skip("set BRIEFING_SEARCH_SITE=DIR (a built site) to measure search on it")
	}
	queries := strings.Split(cmp.Or(os.Getenv("BRIEFING_SEARCH_QUERIES"), "q=talks"), ",")
	browser := newBrowser(t)
	for _, q := range queries {
		tb := newTab(t, browser)
		start := time.Now()
		tb.open(fileURL(root, "search.html") + "?" + q)
		var status string
		for time.Since(start) < 30*time.Second {
			status = eval[string](tb, `document.getElementById("status").textContent`)
			if strings.Contains(status, "briefing") || strings.Contains(status, "failed") {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		took := time.Since(start)
		var loaded int64
		for _, src := range eval[[]string](tb, `[...document.scripts].map(s => s.src)`) {
			if u, err := url.Parse(src); err == nil && u.Scheme == "file" {
				if fi, err := os.Stat(u.Path); err == nil {
					loaded += fi.Size()
				}
			}
		}
		t.Logf("search.html?%s: %q after %v, %d bytes of scripts", q, status, took.Round(time.Millisecond), loaded)
		if loaded > 2<<20 {
			t.Errorf("search.html?%s loaded %d bytes, more than 2 MB", q, loaded)
		}
		tb.checkErrors("search.html?" + q)
	}
	for _, p := range strings.Split(os.Getenv("BRIEFING_OPEN_PAGES"), ",") {
		if p == "" {
			continue
		}
		tb := newTab(t, browser)
		start := time.Now()
		tb.open(fileURL(root, p))
		took := time.Since(start)
		t.Logf("%s: loaded in %v, %d elements", p, took.Round(time.Millisecond), eval[int](tb, `document.getElementsByTagName("*").length`))
	}
}
