package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/charts"
	"github.com/briefing-dev/briefing/internal/corpus"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// The actor page's oracles: its mention list and its activity picture as
// they were made before the mentions were counted by briefing
// (mentionRun), each walking every mention of the actor.

// TestActorPageOracles makes every actor's pages' mention lists, and its
// pictures, of a generated site both ways, under roots that need quotes
// and roots that do not.
func TestActorPageOracles(t *testing.T) {
	site := mapSink{}
	if err := corpus.Write(corpus.Options{Briefings: 400, Seed: 3, Words: 300}, site, nil); err != nil {
		t.Fatal(err)
	}
	m := buildModel(t, fstest.MapFS(site))
	more, paged := 0, 0
	for _, a := range m.Actors {
		ap := newActorPaging(m, a)
		if ap.pages > 1 {
			paged++
		}
		for n := range ap.pages {
			for _, root := range []string{"../", "../../", "a=b/", ""} {
				got := joinList(mentionList(nil, i18n.English, root, ap.mentions[n], ap.runs[n]))
				want := joinList(oracleMentionList(nil, i18n.English, root, ap.mentions[n]))
				if got != want {
					t.Fatalf("%s page %d, root %q: mention list\n%s\nwant\n%s", a.ID, n+1, root, got, want)
				}
				more += strings.Count(string(got), ".html#a-")
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
	// The site must have what the lists treat apart: actors on several
	// pages, and briefings with more mentions than are shown.
	if paged == 0 || more == 0 {
		t.Fatalf("%d actors paged, %d links to mentions not shown: the site shows too little", paged, more)
	}
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
			writeBriefingLink(w, root, br, "")
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
