package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
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
