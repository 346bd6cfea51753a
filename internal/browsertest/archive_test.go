package browsertest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The archive's tests run on a generated site of bigBriefings briefings,
// enough for every list to span pages: the archive (two years), actors,
// tags and the busiest months. It is written and built once, beside the
// example site's output, by the first test that needs it.

const bigBriefings = 2400

// Briefings that the search tests look for: one has a word no other has
// in its body, one an event whose title no other has.
const (
	bodyWordBriefing  = 777
	bodyWord          = "Quillomatic"
	eventBriefing     = 1234
	eventTitle        = "Zephyrine accord ratified"
	eventTitleQueryed = "zephyrine ratified"
)

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// bigSite returns the built output of the generated site.
func bigSite(t *testing.T) string {
	t.Helper()
	site(t)
	if binary == "" {
		t.Skip("BRIEFING_TEST_PUBLIC is set: no binary to build the generated site with")
	}
	bigOnce.Do(func() {
		root := filepath.Join(filepath.Dir(public), "big")
		if bigErr = writeBigSite(root, bigBriefings); bigErr != nil {
			return
		}
		out := filepath.Join(root, "public")
		var log bytes.Buffer
		cmd := exec.Command(binary, "build", "-site", root, "-out", out, "-base-url", "https://example.org"+servedBase)
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Run(); err != nil {
			bigErr = fmt.Errorf("building the generated site: %v\n%s", err, log.String())
			return
		}
		bigDir = out
	})
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return bigDir
}

// bigName is a generated name, one word; actor i of the generated site
// is a person for i%4 == 0 (bigName(i+50) bigName(i)), else bigName(i).
func bigName(i int) string {
	syl := []string{"ka", "lo", "mi", "ren", "sa", "tu", "vel", "dor", "an", "bri"}
	return strings.ToUpper(syl[i%10][:1]) + syl[i%10][1:] + syl[(i/10+3)%10] + syl[(i+7)%10]
}

// writeBigSite writes a site of n briefings: 40 actors, 6 tags, a
// briefing a day backwards from 2024-06-30 in pairs, each naming four
// actors, with an event and a note.
func writeBigSite(dir string, n int) error {
	name := bigName
	kinds := []string{"person", "country", "organization", "place"}
	var actors strings.Builder
	type actor struct{ id, name string }
	var as []actor
	for i := range 40 {
		kind := kinds[i%4]
		nm := name(i)
		if kind == "person" {
			nm = name(i+50) + " " + nm
		}
		id := strings.ToLower(strings.ReplaceAll(nm, " ", "-"))
		as = append(as, actor{id, nm})
		fmt.Fprintf(&actors, "- id: %s\n  name: %s\n  kind: %s\n", id, nm, kind)
	}
	tags := []string{"diplomacy", "economy", "energy", "health", "security", "trade"}
	files := map[string]string{
		"content/site.yaml":          "title: Generated archive\ndescription: A generated site for the archive's tests.\nlanguage: en\nauthor: Tests\n",
		"content/actors/actors.yaml": actors.String(),
	}
	start := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	for i := range n {
		day := start.AddDate(0, 0, -i/2)
		slug := fmt.Sprintf("%s-%05d", day.Format("2006-01-02"), i)
		a, b, c, d := as[i%40], as[(i*7+3)%40], as[(i*13+5)%40], as[(i*3+11)%40]
		extra := ""
		if i == bodyWordBriefing {
			extra = " Observers called the plan " + bodyWord + "."
		}
		seed := fmt.Sprintf("date %s\n\n%s met %s on Monday to discuss plan %d, and %s agreed.%s\n\n"+
			"Officials from %s signed accord number %d on Tuesday, and talks continue.\n\n"+
			"%s said the day before that the partners must meet again in March 2024.\n",
			day.Format("2006-01-02"), a.name, b.name, i, c.name, extra, d.name, i, b.name)
		title := fmt.Sprintf("%s and %s weigh plan %d", a.name, b.name, i)
		event := fmt.Sprintf("%s signs accord %d", d.name, i)
		if i == eventBriefing {
			event = eventTitle
		}
		files["seeds/"+slug+".txt"] = seed
		files["content/briefings/"+slug+".md"] = fmt.Sprintf("---\nseed: %s.txt\ntitle: %s\nsummary: %s met %s about plan %d.\ntags: [%s, %s]\nactors: [%s, %s]\n"+
			"events:\n  - quote: \"signed accord number %d on Tuesday\"\n    title: %s\nnotes:\n  - quote: \"discuss plan %d\"\n    text: The plan of %s.\n---\nCommentary on plan %d.\n",
			slug, title, a.name, b.name, i, tags[i%6], tags[(i+1)%6], a.id, b.id, i, event, i, a.name, i)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var relHref = regexp.MustCompile(`<a rel="(next|prev)" href="([^"]+)"`)

// chain follows a list's rel="next" links from its first page in the
// output directory and returns its pages.
func chain(t *testing.T, root, first string) []string {
	t.Helper()
	pages := []string{first}
	for cur := first; len(pages) < 1000; {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(cur)))
		if err != nil {
			t.Fatal(err)
		}
		next := ""
		for _, m := range relHref.FindAllStringSubmatch(string(data), -1) {
			if m[1] == "next" {
				next = path.Join(path.Dir(cur), m[2])
			}
		}
		if next == "" {
			return pages
		}
		pages = append(pages, next)
		cur = next
	}
	t.Fatalf("%s: the rel=next chain does not end", first)
	return nil
}

// bigLists are the first pages of the lists that the generated site
// pages, with the least number of pages each must have.
func bigLists(t *testing.T, root string) map[string]int {
	t.Helper()
	lists := map[string]int{"briefings/index.html": 3, "tags/diplomacy.html": 3, "timeline/2024-03.html": 2}
	entries, err := os.ReadDir(filepath.Join(root, "actors"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			lists["actors/"+e.Name()+".html"] = 2
			break
		}
	}
	if len(lists) != 4 {
		t.Fatalf("no actor of the generated site has more than one page")
	}
	return lists
}

// TestArchivePagingFromDisk: in Chromium from file://, following the
// pagers' rel="next" and rel="prev" links of each paged list lands on
// the pages they name, and a mention on an actor's second page leads to
// its passage in the briefing.
func TestArchivePagingFromDisk(t *testing.T) {
	heavy(t)
	root := bigSite(t)
	tb := newTab(t, newBrowser(t))
	for first, least := range bigLists(t, root) {
		pages := chain(t, root, first)
		if len(pages) < least {
			t.Errorf("%s: %d pages, want at least %d", first, len(pages), least)
			continue
		}
		tb.open(fileURL(root, first))
		for i := 1; i < min(len(pages), 4); i++ {
			tb.clickLink(`a[rel="next"]`)
			if got, want := tb.location(), fileURL(root, pages[i]); got != want {
				t.Fatalf("%s: rel=next leads to %s, want %s", pages[i-1], got, want)
			}
			tb.checkErrors(pages[i])
		}
		tb.clickLink(`a[rel="prev"]`)
		if got, want := tb.location(), fileURL(root, pages[min(len(pages), 4)-2]); got != want {
			t.Errorf("rel=prev leads to %s, want %s", got, want)
		}
		if strings.HasPrefix(first, "actors/") {
			tb.open(fileURL(root, pages[1]))
			href := tb.clickLink(`.mentions ol a`)
			u, _ := url.Parse(tb.location())
			id := u.Fragment
			if href == "" || id == "" || !eval[bool](tb, fmt.Sprintf(`document.getElementById(%q) !== null`, id)) {
				t.Errorf("%s: the mention %q does not lead to its passage (%s)", pages[1], href, tb.location())
			}
		}
	}
}

// TestArchiveServedUnderSubpath: served under /briefing/ as GitHub Pages
// serves a project site, every page of every paged list answers 200, and
// so does every link on it that stays in the site.
func TestArchiveServedUnderSubpath(t *testing.T) {
	root := bigSite(t)
	base := serveSite(t, root)
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status := map[string]int{}
	get := func(u string) (int, []byte) {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		status[u] = resp.StatusCode
		return resp.StatusCode, data
	}
	checked := 0
	for first := range bigLists(t, root) {
		for _, p := range chain(t, root, first) {
			code, data := get(base + p)
			if code != 200 {
				t.Errorf("%s%s: %d", base, p, code)
				continue
			}
			for _, r := range parsePage(data).refs {
				if r.attr != "href" {
					continue
				}
				u, err := url.Parse(r.val)
				if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
					continue
				}
				target := path.Join(servedBase, path.Dir(p), u.Path)
				if !strings.HasPrefix(target, servedBase) {
					t.Errorf("%s: link %q leaves %s", p, r.val, servedBase)
					continue
				}
				abs := strings.TrimSuffix(base, servedBase) + target
				if _, seen := status[abs]; !seen {
					code, _ := get(abs)
					checked++
					if code != 200 {
						t.Errorf("%s: link %q answers %d", p, r.val, code)
					}
				}
			}
		}
	}
	t.Logf("%d distinct links from the pages of the paged lists answer 200", checked)
}

// searchStatus opens search.html with a query string from file:// and
// returns the number of briefings found and the result links, once the
// results are shown.
func searchStatus(t *testing.T, tb *tab, root, query string) (int, []string) {
	t.Helper()
	tb.open(fileURL(root, "search.html") + "?" + query)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s := eval[string](tb, `document.getElementById("status").textContent`)
		if strings.Contains(s, "briefing") || strings.Contains(s, "failed") {
			n, _ := strconv.Atoi(strings.Fields(s)[0])
			links := eval[[]string](tb, `[...document.querySelectorAll("#results ol.results > li > a")].map(a => a.getAttribute("href"))`)
			return n, links
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("search.html?%s: no results shown", query)
	return 0, nil
}

// TestArchiveSearch: from file://, search finds a briefing by a word of
// its body and by the words of an event title, the filters narrow the
// results, more than a page of results is reachable, and a query loads
// a small part of the index.
func TestArchiveSearch(t *testing.T) {
	heavy(t)
	root := bigSite(t)
	tb := newTab(t, newBrowser(t))
	slug := func(i int) string {
		matches, _ := filepath.Glob(filepath.Join(root, "briefings", fmt.Sprintf("*-%05d.html", i)))
		if len(matches) != 1 {
			t.Fatalf("briefing %d: %v", i, matches)
		}
		return "briefings/" + filepath.Base(matches[0])
	}
	for _, tt := range []struct {
		query string
		want  string
	}{
		{"q=" + bodyWord, slug(bodyWordBriefing)},
		{"q=" + url.QueryEscape(eventTitleQueryed), slug(eventBriefing)},
	} {
		n, links := searchStatus(t, tb, root, tt.query)
		if n != 1 || len(links) != 1 || links[0] != tt.want {
			t.Errorf("search.html?%s: %d found %v, want %s alone", tt.query, n, links, tt.want)
		}
		tb.checkErrors("search.html?" + tt.query)
	}
	// The filters narrow the results: a country named in a tenth of the
	// briefings, then only those tagged, dated or naming a person too.
	word := bigName(1)
	all, links := searchStatus(t, tb, root, "q="+word)
	if all <= 10 || len(links) != 10 {
		t.Fatalf("%s: %d found, %d shown; want more than a page", word, all, len(links))
	}
	tagged, _ := searchStatus(t, tb, root, "q="+word+"&tag=energy")
	dated, _ := searchStatus(t, tb, root, "q="+word+"&from=2024-01-01&to=2024-03-31")
	// Actor 10 is named beside actor 1 in the briefings that actor 1 leads.
	named, _ := searchStatus(t, tb, root, "q="+word+"&actor="+strings.ToLower(bigName(10)))
	for _, f := range []struct {
		name string
		n    int
	}{{"tag", tagged}, {"dates", dated}, {"actor", named}} {
		if f.n == 0 || f.n >= all {
			t.Errorf("the %s filter leaves %d of %d", f.name, f.n, all)
		}
	}
	if days, _ := searchStatus(t, tb, root, "from=2024-06-01&to=2024-06-10"); days != 20 {
		t.Errorf("10 days of two briefings a day: %d found", days)
	}
	// The last page of results is reachable, and its query is in the URL.
	last := (all + 9) / 10
	searchStatus(t, tb, root, "q="+word+"&page="+strconv.Itoa(last))
	if got := eval[string](tb, `document.querySelector("#results ol.results").getAttribute("start")`); got != strconv.Itoa((last-1)*10+1) {
		t.Errorf("page %d of the results starts at %s", last, got)
	}
	// The pager shows the page before in place, and keeps it in the URL.
	eval[chromedp.Void](tb, `document.querySelector('#results a[rel="prev"]').click()`)
	want := strconv.Itoa((last-2)*10 + 1)
	for i := 0; i < 100 && eval[string](tb, `document.querySelector("#results ol.results").getAttribute("start")`) != want; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if got := eval[string](tb, `document.querySelector("#results ol.results").getAttribute("start")`); got != want {
		t.Errorf("after rel=prev the results start at %s, want %s", got, want)
	}
	if loc := tb.location(); !strings.Contains(loc, "q="+word) || !strings.Contains(loc, "page="+strconv.Itoa(last-1)) {
		t.Errorf("after rel=prev the URL is %s", loc)
	}
	// What a query loads: the scripts of the index, by their sizes on disk.
	searchStatus(t, tb, root, "q="+bodyWord)
	var loaded int64
	for _, src := range eval[[]string](tb, `[...document.scripts].map(s => s.src)`) {
		u, err := url.Parse(src)
		if err != nil || u.Scheme != "file" {
			continue
		}
		if fi, err := os.Stat(u.Path); err == nil {
			loaded += fi.Size()
		}
	}
	t.Logf("search for %s loaded %d bytes of scripts", bodyWord, loaded)
	if loaded == 0 || loaded > 2<<20 {
		t.Errorf("search loaded %d bytes, want at most 2 MB", loaded)
	}
}

// archivePages are pages of each new kind of the generated site, for
// the Nu checker and axe: a year of the archive, its second page, an
// actor's second page, a tag's second page, a month's second page, and
// search with results.
func archivePages(t *testing.T, root string) []string {
	t.Helper()
	var pages []string
	for first := range bigLists(t, root) {
		pages = append(pages, chain(t, root, first)[:2]...)
	}
	return pages
}

// TestArchiveNuChecker: the Nu checker finds no error on the paged lists.
func TestArchiveNuChecker(t *testing.T) {
	heavy(t)
	root := bigSite(t)
	java, err := exec.LookPath("java")
	if err != nil {
		missingTool(t, "java not found")
	}
	jar := toolFile(t, "node_modules/vnu-jar/build/dist/vnu.jar")
	args := []string{"-jar", jar, "--errors-only"}
	pages := append(archivePages(t, root), "search.html")
	for _, p := range pages {
		args = append(args, filepath.Join(root, filepath.FromSlash(p)))
	}
	out, err := exec.Command(java, args...).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("Nu checker on %v: %v\n%s", pages, err, out)
	}
}

// TestArchiveAxe: axe-core finds no violation on the paged lists and on
// search with results, from file://.
func TestArchiveAxe(t *testing.T) {
	heavy(t)
	root := bigSite(t)
	data, err := os.ReadFile(toolFile(t, "node_modules/axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, newBrowser(t))
	for _, p := range append(archivePages(t, root), "search.html?q="+bigName(1)+"&tag=energy") {
		if strings.HasPrefix(p, "search.html") {
			searchStatus(t, tb, root, strings.TrimPrefix(p, "search.html?"))
		} else {
			tb.open(fileURL(root, p))
		}
		eval[chromedp.Void](tb, string(data))
		vs := eval[[]axeViolation](tb, `axe.run(document, {resultTypes: ["violations"], preload: false}).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help,
			targets: v.nodes.slice(0, 8).map(n => n.target.join(" ")),
			summary: (v.nodes[0] && v.nodes[0].failureSummary || "").split("\n").slice(0, 3).join(" / "),
		})))`, chromedp.EvalAwaitPromise)
		for _, v := range vs {
			t.Errorf("%s: axe %s [%s] %s: %v — %s", p, v.ID, v.Impact, v.Help, v.Targets, v.Summary)
		}
		tb.checkErrors(p)
	}
}
