package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/charts"
	"github.com/briefing-dev/briefing/internal/corpus"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// The oracles of the lists of actor and month pages: the lists and the
// activity picture as they were made before the mentions were counted by
// briefing (mentionRun) and the briefings' links escaped once a run
// (briefingRef), each walking every mention of the actor and escaping
// each briefing's slug, title and date in every entry.

// oracleSite is a generated site with briefings whose slug or title HTML
// or URLs must escape or quote, and actors whose ids must be.
func oracleSite(t *testing.T) *model.Site {
	t.Helper()
	site := mapSink{}
	if err := corpus.Write(corpus.Options{Briefings: 400, Seed: 3, Words: 300}, site, nil); err != nil {
		t.Fatal(err)
	}
	m := buildModel(t, fstest.MapFS(site))
	for i, b := range m.Briefings {
		switch i % 5 {
		case 1:
			b.Title = `Tom & "Jerry" <b>'s</b>`
		case 2:
			b.Slug += "=x"
		case 3:
			b.Slug += " é'"
		}
	}
	for i, a := range m.Actors {
		if i%3 == 1 {
			a.ID += "=x y"
		}
	}
	return m
}

// oracleRoots are roots of relative links: as pages have them, and ones
// that need escaping or quotes.
var oracleRoots = []string{"../", "../../", "", "a=b/", "a b&c+/"}

// TestActorPageOracles makes every actor's pages' lists, and its
// pictures, both ways, with the briefings' refs and without (each made
// when asked).
func TestActorPageOracles(t *testing.T) {
	m := oracleSite(t)
	more, paged := 0, 0
	for _, refs := range []briefingRefs{newBriefingRefs(m.Briefings), nil} {
		for _, a := range m.Actors {
			ap := newActorPaging(m, a)
			if ap.pages > 1 {
				paged++
			}
			for n := range ap.pages {
				for _, root := range oracleRoots {
					got := joinList(mentionList(nil, newMoreCounts(i18n.English), root, ap.mentions[n], ap.runs[n], refs))
					want := joinList(oracleMentionList(nil, i18n.English, root, ap.mentions[n]))
					if got != want {
						t.Fatalf("%s page %d, root %q: mention list\n%s\nwant\n%s", a.ID, n+1, root, got, want)
					}
					more += strings.Count(string(got), ".html#a-")
					shown := chunk(a.Briefings, n+1, actorPerPage)
					got = joinList(briefingLinks(nil, root, shown, refs))
					want = joinList(oracleBriefingLinks(root, shown))
					if got != want {
						t.Fatalf("%s page %d, root %q: briefing list\n%s\nwant\n%s", a.ID, n+1, root, got, want)
					}
				}
			}
			gotA, gotN, err := actorCharts(i18n.English, a, ap.all)
			if err != nil {
				t.Fatal(err)
			}
			wantA, wantN, err := oracleActorCharts(i18n.English, a)
			if err != nil {
				t.Fatal(err)
			}
			if gotA != wantA || gotN != wantN {
				t.Errorf("%s: pictures\n%s\n%s\nwant\n%s\n%s", a.ID, gotA, gotN, wantA, wantN)
			}
		}
	}
	// The site must have what the lists treat apart: actors on several
	// pages, and briefings with more mentions than are shown.
	if paged == 0 || more == 0 {
		t.Fatalf("%d actors paged, %d links to mentions not shown: the site shows too little", paged, more)
	}
}

// TestMonthPageOracle makes every month page's list both ways.
func TestMonthPageOracle(t *testing.T) {
	m := oracleSite(t)
	_, months := timelinePages(m)
	if len(months) < 2 {
		t.Fatalf("%d month pages: the timeline is not split", len(months))
	}
	passages := 0
	for _, refs := range []briefingRefs{newBriefingRefs(m.Briefings), nil} {
		for _, p := range months {
			month := p.Data.(*TimelineData).Months[0]
			pg := newMonthPaging(p.Path, month.Items)
			for n := 1; n <= pg.pages; n++ {
				for _, root := range oracleRoots {
					got := joinList(timelineItems(nil, i18n.English, root, pg.page(n), refs))
					want := joinList(oracleTimelineItems(nil, i18n.English, root, pg.page(n)))
					if got != want {
						t.Fatalf("%s page %d, root %q:\n%s\nwant\n%s", p.Path, n, root, got, want)
					}
					passages += strings.Count(string(got), "<cite>")
				}
			}
		}
	}
	if passages == 0 {
		t.Fatal("no passages on the month pages")
	}
}

func oracleBriefingLinks(root string, briefings []*model.Briefing) HTMLList {
	l := newList(nil)
	for _, br := range briefings {
		l.Tag("<li>")
		oracleBriefingLink(&l.Writer, root, br, "")
		l.Tag("</li>\n")
		l.endItem()
	}
	return l.list()
}

func oracleMentionList(sc *htmlw.Scratch, lang *i18n.Lang, root string, mentions []*model.Mention) HTMLList {
	l := newList(sc)
	w := &l.Writer
	w.Grow(min(len(mentions)*160, listPiece+listPiece/4))
	var num [20]byte
	shown := 0 // excerpts of this briefing so far
	for i := 0; i < len(mentions); {
		br := mentions[i].Briefing
		if i == 0 || mentions[i-1].Briefing != br {
			// The briefing's link heads its mentions (style.css).
			w.Tag("<li>")
			oracleBriefingLink(w, root, br, "")
			w.Tag("\n<ol>\n")
			shown = 0
		}
		if shown == excerptsShown {
			end := i
			for end < len(mentions) && mentions[end].Briefing == br {
				end++
			}
			a := mentions[i].Actor
			w.Tag(`<li><a href=`)
			w.URLValue(root, "briefings/", br.Slug, ".html#a-", a.ID)
			w.Tag(`>`)
			w.Text(lang.Count("actor.more", end-i))
			w.Tag("</a></li>\n</ol></li>\n")
			l.endItem()
			i = end
			continue
		}
		j := i + 1
		for j < len(mentions) && excerptsMeet(mentions[j-1], mentions[j]) {
			j++
		}
		data := br.Seed.Data
		lo, cutBefore := excerptStart(mentions[i])
		hi, cutAfter := excerptEnd(mentions[j-1])
		w.Tag("<li>")
		if cutBefore {
			w.Tag("…")
		}
		at := lo
		for _, m := range mentions[i:j] {
			w.TextBytes(data[at:m.Start])
			w.Tag(`<a href=`)
			writeBriefingHref(w, root, br.Slug, m.AppendAnchor(num[:0]))
			w.Tag(`>`)
			w.TextBytes(data[m.Start:m.End])
			w.Tag("</a>")
			at = m.End
		}
		w.TextBytes(data[at:hi])
		if cutAfter {
			w.Tag("…")
		}
		w.Tag("</li>\n")
		shown++
		i = j
		if i == len(mentions) || mentions[i].Briefing != br {
			w.Tag("</ol></li>\n")
			l.endItem()
		}
	}
	return l.list()
}

func oracleActorCharts(lang *i18n.Lang, a *model.Actor) (activity, network template.HTML, err error) {
	var months []charts.MonthCount
	var buf [8]byte
	var last *model.Briefing
	for _, m := range a.Mentions {
		// Mentions are grouped by briefing, newest first: a briefing's
		// are a run of them, and a month's a run of briefings. An actor
		// of a large site has hundreds of thousands: the month is
		// written once a briefing.
		if m.Briefing == last {
			months[len(months)-1].Count++
			continue
		}
		last = m.Briefing
		key := m.Briefing.Published.AppendFormat(buf[:0], "2006-01")
		if n := len(months); n > 0 && months[n-1].Month == string(key) {
			months[n-1].Count++
			continue
		}
		months = append(months, charts.MonthCount{Month: string(key), Count: 1})
	}
	activity, err = charts.ActivityChart(charts.Activity{Actor: a.Name, Months: months}, lang)
	if err != nil {
		return "", "", fmt.Errorf("activity picture: %w", err)
	}
	n := charts.Network{Actor: a.Name, Kind: string(a.Kind)}
	for _, r := range a.Related {
		n.Neighbours = append(n.Neighbours, charts.Neighbour{Name: r.Actor.Name, Href: r.Actor.ID + ".html", Kind: string(r.Actor.Kind), Shared: r.Count})
	}
	network, err = charts.NetworkChart(n, lang)
	if err != nil {
		return "", "", fmt.Errorf("network picture: %w", err)
	}
	return activity, network, nil
}

// oracleBriefingLink writes a link to a briefing, with the given class
// unless "", and its date.
func oracleBriefingLink(w *htmlw.Writer, root string, br *model.Briefing, class string) {
	var buf [10]byte
	date := br.Published.AppendFormat(buf[:0], "2006-01-02")
	w.Tag("<a ")
	if class != "" {
		w.Tag(`class="`)
		w.Attr(class)
		w.Tag(`" `)
	}
	w.Tag(`href=`)
	w.URLValue(root, "briefings/", br.Slug, ".html")
	w.Tag(`>`)
	w.Text(br.Title)
	// The date as shown is the machine's form already: a datetime
	// attribute would say it again, on every entry of every list.
	w.Tag(`</a> <time>`)
	w.TextBytes(date)
	w.Tag("</time>")
}

func oracleTimelineItems(sc *htmlw.Scratch, lang *i18n.Lang, root string, items []TimelineItem) HTMLList {
	l := newList(sc)
	var num [20]byte
	w := &l.Writer
	w.Grow(min(len(items)*200, listPiece+listPiece/4))
	// Entries come in date order: most have the value of the one before.
	var value calendar.Value
	var human string
	writeValue := func(v calendar.Value) {
		if v != value || human == "" {
			value, human = v, lang.HumanLong(v.String())
		}
		w.Tag(`<time datetime="`)
		w.TextBytes(v.AppendTo(num[:0]))
		w.Tag(`">`)
		w.Text(human)
		w.Tag("</time>")
	}
	es := entryScratches.Get().(*entryScratch)
	defer entryScratches.Put(es)
	entries := es.timelineEntries(items)
	for i, e := range entries {
		if e.Event != nil {
			w.Tag(`<li class="event">`)
			writeValue(e.Value)
			w.Tag("\n<a href=\"")
			writeBriefingURL(w, root, e.Briefing.Slug, e.Event.Anchor)
			w.Tag(`">`)
			w.Text(e.Event.Title)
			w.Tag("</a></li>\n")
			l.endItem()
			continue
		}
		if !sameDay(entries, i-1, i) {
			w.Tag(`<li class="mention">`)
			writeValue(e.Value)
			w.Tag("\n<ul>\n")
		}
		// One entry of the day's list for each briefing: its passages,
		// then its title (style.css). The end tags of these items are
		// implied: there are hundreds of thousands.
		w.Tag("<li>")
		for _, sn := range e.Sentences {
			w.Tag(`<a href=`)
			writeBriefingHref(w, root, e.Briefing.Slug, sn.Dates[0].AppendAnchor(num[:0]))
			w.Tag(`>`)
			if sn.CutBefore {
				w.Tag("…")
			}
			for _, part := range sn.Parts {
				if part.Mark {
					w.Tag(`<mark>`)
					w.TextBytes(part.Text)
					w.Tag("</mark>")
				} else {
					w.TextBytes(part.Text)
				}
			}
			if sn.CutAfter {
				w.Tag("…")
			}
			w.Tag("</a> ")
		}
		w.Tag("<cite>")
		w.Text(e.Briefing.Title)
		w.Tag("</cite>\n")
		if !sameDay(entries, i, i+1) {
			w.Tag("</ul></li>\n")
			l.endItem()
		}
	}
	return l.list()
}

// TestMoreCounts: the counts of the mentions not shown, spelled once a
// run for the small ones, are as the language spells each, past those
// kept too.
func TestMoreCounts(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		lang, problems := i18n.New(code, i18n.Overrides{})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		more := newMoreCounts(lang)
		for n := range 2 * moreShown {
			if got, want := more.spell(n), lang.Count("actor.more", n); got != want {
				t.Errorf("%s: %d spelled %q, want %q", code, n, got, want)
			}
		}
	}
}

// writeBriefingHref writes the URL of a briefing page's anchor as an
// attribute's value, in quotes only when HTML needs them, as the lists of
// actor and month pages did before briefingRefs (the oracles').
func writeBriefingHref(w *htmlw.Writer, root, slug string, anchor []byte) {
	quote := !htmlw.BareURL(root) || !htmlw.BareURL(slug)
	if quote {
		w.Byte('"')
	}
	writeBriefingURL(w, root, slug, "")
	w.Byte('#')
	w.TextBytes(anchor)
	if quote {
		w.Byte('"')
	}
}
