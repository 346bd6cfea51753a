package render

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// bigSite is a site of n briefings over two years, each mentioning Ada
// Lovelace twice, tagged "x", with two dated passages in March 2024, so
// that the archive, the actor, the tag and that month each span pages.
func bigSite(t *testing.T, n int) *model.Site {
	t.Helper()
	return buildModel(t, bigSiteFS(n))
}

// bigSiteFS is bigSite's files.
func bigSiteFS(n int) fstest.MapFS {
	site := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: Big\nlanguage: en\n")},
		"content/actors/actors.yaml": {Data: []byte("- id: ada-lovelace\n  name: Ada Lovelace\n  kind: person\n")},
	}
	for i := range n {
		year := 2023 + i%2
		day := fmt.Sprintf("%d-%02d-%02d", year, 1+i%12, 1+i%28)
		slug := fmt.Sprintf("%s-%04d", day, i)
		site["seeds/"+slug+".txt"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"date %s\n\nAda Lovelace wrote note %d on 3 March 2024. Lovelace wrote again on 5 March 2024.\n", day, i)}
		site["content/briefings/"+slug+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nseed: %s.txt\ntitle: Note %d\nsummary: Note %d.\ntags: [x]\n---\n", slug, i, i)}
	}
	return site
}

// buildModel loads a site's files into its model.
func buildModel(t *testing.T, site fstest.MapFS) *model.Site {
	t.Helper()
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	problems = append(problems, serrs...)
	m, mproblems := model.Build(content, seedFiles, model.Options{})
	problems = append(problems, mproblems...)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

var (
	relLink      = regexp.MustCompile(`<a rel="(prev|next)" href="([^"]*)"`)
	briefingHref = regexp.MustCompile(`href="?(?:\.\./)*briefings/([0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4})\.html(#m[0-9]+)?[" >]`)
)

// follow walks a list's pages from the first by their rel="next" links,
// checking that each is a relative link to a page written whose
// rel="prev" leads back, and returns the pages in order.
func follow(t *testing.T, out *memoryOutput, first string) []string {
	t.Helper()
	pages := []string{first}
	for cur := first; ; {
		var next string
		for _, m := range relLink.FindAllStringSubmatch(string(out.files[cur]), -1) {
			if strings.HasPrefix(m[2], "/") || strings.Contains(m[2], ":") {
				t.Fatalf("%s: %s link %q is not relative", cur, m[1], m[2])
			}
			target := path.Join(path.Dir(cur), m[2])
			if _, ok := out.files[target]; !ok {
				t.Fatalf("%s: %s link to %s, which is not written", cur, m[1], target)
			}
			if m[1] == "next" {
				next = target
			} else if len(pages) < 2 || target != pages[len(pages)-2] {
				t.Fatalf("%s: rel=prev leads to %s, not to the page before", cur, target)
			}
		}
		if next == "" {
			return pages
		}
		if slices.Contains(pages, next) {
			t.Fatalf("%s: rel=next loops back to %s", cur, next)
		}
		pages = append(pages, next)
		cur = next
	}
}

// TestPaging renders a site whose lists span pages and checks each list:
// the first page keeps its URL, the pages are a chain of rel=prev/next
// links, no page holds more than its share, and every entry is on exactly
// one page.
func TestPaging(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0
	const n = 650
	m := bigSite(t, n)
	pages := func(entries, perPage int) int { return (entries + perPage - 1) / perPage }
	out := renderAll(t, m, nil)
	tests := []struct {
		first   string
		perPage int
		// entry finds the entries of a page, each once on the whole list.
		entry   *regexp.Regexp
		entries int
		pages   int
	}{
		// The first page of the archive repeats the newest of 2024, whose
		// own pages list them again: count the year pages alone.
		{"briefings/index.html", archivePerPage, regexp.MustCompile(`<h2><a href="\.\./\.\./briefings/([^"]+)\.html">`), n / 2, pages(n/2, archivePerPage)},
		{"tags/x.html", tagPerPage, regexp.MustCompile(`<h2><a href="(?:\.\./)+briefings/([^"]+)\.html">`), n, pages(n, tagPerPage)},
		{"actors/ada-lovelace.html", actorPerPage, regexp.MustCompile(`<li><a href="?(?:\.\./)+briefings/([^"#>]+)\.html"?>`), n, pages(n, actorPerPage)},
		{"timeline/2024-03.html", monthPerPage, regexp.MustCompile(`<li><a href="?(?:\.\./)+briefings/([^">]+\.html#d[0-9]+)"?>`), 2 * n, pages(2*n, monthPerPage)},
	}
	for _, tt := range tests {
		t.Run(tt.first, func(t *testing.T) {
			pages := follow(t, out, tt.first)
			if tt.first == "briefings/index.html" {
				pages = slices.DeleteFunc(pages, func(p string) bool { return !strings.HasPrefix(p, "briefings/2024/") })
			}
			if len(pages) != tt.pages {
				t.Errorf("%d pages %v, want %d", len(pages), pages, tt.pages)
			}
			seen := map[string]string{}
			for _, p := range pages {
				found := tt.entry.FindAllStringSubmatch(string(out.files[p]), -1)
				if len(found) > tt.perPage {
					t.Errorf("%s: %d entries, more than %d", p, len(found), tt.perPage)
				}
				for _, f := range found {
					if other, ok := seen[f[1]]; ok {
						t.Errorf("%s is on %s and %s", f[1], other, p)
					}
					seen[f[1]] = p
				}
			}
			if len(seen) != tt.entries {
				t.Errorf("%d entries on the pages, want %d", len(seen), tt.entries)
			}
		})
	}
	// Every mention of the actor is on one of its pages, linked in context.
	var anchors []string
	for _, p := range follow(t, out, "actors/ada-lovelace.html") {
		for _, f := range briefingHref.FindAllStringSubmatch(string(out.files[p]), -1) {
			if f[2] != "" {
				anchors = append(anchors, f[1]+f[2])
			}
		}
	}
	if len(anchors) != 2*n || len(slices.Compact(slices.Sorted(slices.Values(anchors)))) != 2*n {
		t.Errorf("%d mention links on the actor's pages, want %d distinct", len(anchors), 2*n)
	}
	// The archive's first page lists the newest and links every year.
	first := string(out.files["briefings/index.html"])
	for _, y := range []string{"2023", "2024"} {
		if !strings.Contains(first, `href="../briefings/`+y+`/index.html"`) {
			t.Errorf("briefings/index.html does not link briefings/%s/index.html", y)
		}
	}
	if got := strings.Count(first, "<article>"); got != archivePerPage {
		t.Errorf("briefings/index.html lists %d briefings, want %d", got, archivePerPage)
	}
}

// TestActorPagingEvents: an actor's events go on the page of their
// briefing, or, for a briefing that does not mention the actor, on the
// page of the briefings of its date; an actor that no briefing mentions
// has one page with all of its events.
func TestActorPagingEvents(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	var mentioned []*model.Briefing
	for d := 2 * actorPerPage; d > 0; d-- { // newest first: two pages
		mentioned = append(mentioned, &model.Briefing{Slug: fmt.Sprint(d), Published: day(d)})
	}
	other := &model.Briefing{Slug: "other", Published: day(10)} // on the second page's dates
	own := &model.Event{Title: "own", Briefing: mentioned[0]}
	ownLater := &model.Event{Title: "own, second page", Briefing: mentioned[actorPerPage+1]}
	elsewhere := &model.Event{Title: "elsewhere", Briefing: other}
	for _, tt := range []struct {
		name   string
		actor  *model.Actor
		events [][]*model.Event
	}{
		{"mentioned", &model.Actor{ID: "a", Briefings: mentioned, Events: []*model.Event{own, ownLater, elsewhere}}, [][]*model.Event{{own}, {ownLater, elsewhere}}},
		{"never mentioned", &model.Actor{ID: "b", Events: []*model.Event{elsewhere}}, [][]*model.Event{{elsewhere}}},
		{"nothing", &model.Actor{ID: "c"}, [][]*model.Event{nil}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ap := newActorPaging(&model.Site{}, tt.actor)
			if ap.pages != len(tt.events) || !slices.EqualFunc(ap.events, tt.events, slices.Equal[[]*model.Event]) {
				t.Errorf("%d pages, events %v, want %v", ap.pages, ap.events, tt.events)
			}
		})
	}
}

// TestMonthPaging: a month's pages hold at most monthPerPage items each,
// every item once, and no page ends inside an entry (a briefing's
// passages of one date) unless that entry alone is longer than a page.
func TestMonthPaging(t *testing.T) {
	day := func(d int) calendar.Value { return calendar.MustParse(fmt.Sprintf("2024-03-%02d", d)) }
	a, b := &model.Briefing{Slug: "a"}, &model.Briefing{Slug: "b"}
	run := func(n int, br *model.Briefing, v calendar.Value) []TimelineItem {
		items := make([]TimelineItem, n)
		for i := range items {
			items[i] = TimelineItem{Value: v, Date: &model.Date{}, Briefing: br}
		}
		return items
	}
	event := TimelineItem{Value: day(1), Event: &model.Event{}, Briefing: a}
	for _, tt := range []struct {
		name  string
		items []TimelineItem
		pages []int // the items on each page
	}{
		{"empty", nil, []int{0}},
		{"one page", run(monthPerPage, a, day(3)), []int{monthPerPage}},
		{"events are entries of one item", slices.Repeat([]TimelineItem{event}, monthPerPage+1), []int{monthPerPage, 1}},
		{"an entry across the cut moves whole", slices.Concat(run(monthPerPage-2, a, day(3)), run(5, b, day(3))), []int{monthPerPage - 2, 5}},
		{"an entry longer than a page stays whole", slices.Concat(run(monthPerPage+3, a, day(3)), run(2, b, day(2))), []int{monthPerPage + 3, 2}},
		{"an event ends an entry", slices.Concat(run(monthPerPage-1, a, day(3)), []TimelineItem{event}, run(4, a, day(1))), []int{monthPerPage, 4}},
		{"another date ends an entry", slices.Concat(run(monthPerPage, a, day(3)), run(4, a, day(2))), []int{monthPerPage, 4}},
		{"the last entry longer than a page", slices.Concat(run(2, b, day(4)), run(monthPerPage+1, a, day(3))), []int{2, monthPerPage + 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mp := newMonthPaging("timeline/2024-03.html", tt.items)
			var got []int
			total := 0
			for n := 1; n <= mp.pages; n++ {
				got = append(got, len(mp.page(n)))
				total += len(mp.page(n))
			}
			if !slices.Equal(got, tt.pages) || total != len(tt.items) {
				t.Errorf("pages of %v items, want %v", got, tt.pages)
			}
			if mp.path(2) != "timeline/2024-03/2.html" {
				t.Errorf("page 2 at %s", mp.path(2))
			}
		})
	}
}

// TestPagingInSiteLanguage: the further pages of every paged list, their
// titles, ledes and pagers, are in the site's language, with none of the
// English words the pages would otherwise show.
func TestPagingInSiteLanguage(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0
	m := bigSite(t, 650)
	fr, problems := i18n.New("fr", i18n.Overrides{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	m.Lang = fr
	out := renderAll(t, m, nil)
	english := regexp.MustCompile(`\b(Newer|Older|Latest|Pages of|page \d+ of|Briefings of|briefings|Tag:|All tags|Mentions of|Timeline)\b`)
	for _, tt := range []struct {
		path  string
		title string // the page's <h1>
		want  []string
	}{
		{"briefings/index.html", "Toutes les synthèses", []string{"650 synthèses, des plus récentes aux plus anciennes\u00a0: les 100 dernières ici", `aria-label="Pages des archives"`, ">Dernières</a>", ">Plus anciennes →</a>"}},
		{"briefings/2024/2.html", "Synthèses de 2024 (page 2 sur 4)", []string{"100 synthèses sur les 325 de 2024", ">← Plus récentes</a>", ">Plus anciennes →</a>"}},
		{"tags/x/2.html", "Thème\u00a0: x", []string{"650 synthèses, des plus récentes aux plus anciennes\u00a0: page 2 sur 7.", `aria-label="Pages du thème x"`, ">Tous les thèmes</a>"}},
		{"actors/ada-lovelace/2.html", "Ada Lovelace (page 2 sur 13)", []string{"Dans 650 synthèses, des plus récentes aux plus anciennes\u00a0: page 2 sur 13.", `aria-label="Pages des mentions de Ada Lovelace"`}},
		{"timeline/2024-03/2.html", "Mars 2024 (page 2 sur 3)", []string{"<title>Chronologie\u00a0: Mars 2024 (page 2 sur 3)", `aria-label="Pages de Mars 2024"`, ">Toute la chronologie</a>"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			page, ok := out.files[tt.path]
			if !ok {
				t.Fatalf("%s is not written", tt.path)
			}
			body := string(page)
			if want := "<h1>" + tt.title + "</h1>"; !strings.Contains(body, want) {
				t.Errorf("no %s", want)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q", w)
				}
			}
			// The briefings' own titles are English ("Note 12"), as
			// written; URLs and class names are not words.
			words := regexp.MustCompile(`(href|src|class|id|rel|aria-labelledby)=("[^"]*"|[^\s">]+)`).ReplaceAllString(body, "")
			if at := english.FindStringIndex(words); at != nil {
				t.Errorf("English %q on the page: …%s…", words[at[0]:at[1]], words[max(0, at[0]-80):min(len(words), at[1]+40)])
			}
		})
	}
}

// TestTimelineBounded: on a site whose timeline is split into months,
// timeline.html lists the events of its newest months alone, at most
// timelineEvents, and each month's pages list every event of the month.
func TestTimelineBounded(t *testing.T) {
	const n = 1200 // an event each, over 24 months: more than timelineEvents
	site := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: Big\nlanguage: en\n")},
		"content/actors/actors.yaml": {Data: []byte("- id: ada-lovelace\n  name: Ada Lovelace\n  kind: person\n")},
	}
	for i := range n {
		day := fmt.Sprintf("%d-%02d-%02d", 2023+i%2, 1+i%12, 1+i%28)
		slug := fmt.Sprintf("%s-%04d", day, i)
		site["seeds/"+slug+".txt"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"date %s\n\nAda Lovelace wrote note %d on 3 March 2024. Lovelace wrote again on 5 March 2024.\n", day, i)}
		site["content/briefings/"+slug+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nseed: %s.txt\ntitle: Note %d\nsummary: Note %d.\nevents:\n  - quote: \"wrote note %d\"\n    title: Note %d written\n    date: %s\n---\n", slug, i, i, i, i, day)}
	}
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	problems = append(problems, serrs...)
	m, mproblems := model.Build(content, seedFiles, model.Options{})
	if err := append(problems, mproblems...).Err(); err != nil {
		t.Fatal(err)
	}
	if len(m.Events) != n {
		t.Fatalf("%d events, want %d", len(m.Events), n)
	}
	out := renderAll(t, m, nil)
	timeline := string(out.files["timeline.html"])
	listed := strings.Count(timeline, `<li class="event">`)
	if listed == 0 || listed > timelineEvents {
		t.Errorf("timeline.html lists %d events, want 1 to %d", listed, timelineEvents)
	}
	// The newest month is listed; the oldest is not, but is linked.
	if !strings.Contains(timeline, `href="briefings/2024-12-`) || strings.Contains(timeline, `href="briefings/2023-01-`) {
		t.Errorf("timeline.html does not list the newest months alone")
	}
	if !strings.Contains(timeline, `<a href="timeline/2023-01.html">`) {
		t.Errorf("timeline.html does not link the oldest month's page")
	}
	onMonths := 0
	for p, data := range out.files {
		if strings.HasPrefix(p, "timeline/") {
			onMonths += strings.Count(string(data), `<li class="event">`)
		}
	}
	if onMonths != n {
		t.Errorf("the month pages list %d events, want %d", onMonths, n)
	}
}
