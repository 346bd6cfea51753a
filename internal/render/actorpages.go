package render

import (
	"fmt"
	"slices"
	"sort"

	"github.com/briefing-dev/briefing/internal/model"
)

// An actor's page shows its mentions grouped by briefing, newest first,
// actorPerPage briefings a page: actors/ID.html, then actors/ID/2.html,
// … Each page shows the events of its own briefings; an event given to
// the actor by a briefing that does not mention it goes on the page of
// the briefings of its date.

// actorPaging is an actor's pages: where they are, and what each shows.
type actorPaging struct {
	paging
	mentions [][]*model.Mention // each page's mentions
	runs     [][]mentionRun     // each page's mentions by briefing
	// all is every mention by briefing, for the activity picture.
	all    []mentionRun
	events [][]*model.Event // each page's events, in the actor's order
	// head is what every page shows, made once: the description's
	// Markdown and the structured data.
	head    *Page
	headErr error
}

func newActorPaging(s *model.Site, a *model.Actor) actorPaging {
	pg := actorPages(a)
	return actorPagingOf(s, a, pg, actorEventPages(a, pg, placesOf(a)))
}

// actorPages is where an actor's pages are, known without cutting its
// mentions and events: enough to list its files.
func actorPages(a *model.Actor) paging {
	dir := "actors/" + a.ID
	return newPaging(dir+".html", dir, len(a.Briefings), actorPerPage)
}

// actorPagingOf cuts an actor's mentions into its pages pg, whose events
// actorEventPages gave, and makes what every page shows. A build lists
// every actor's pages but makes few: it cuts only the actors it makes.
func actorPagingOf(s *model.Site, a *model.Actor, pg paging, events [][]*model.Event) actorPaging {
	ap := actorPaging{paging: pg, events: events}
	ap.mentions = make([][]*model.Mention, ap.pages)
	ap.runs = make([][]mentionRun, ap.pages)
	ap.all = make([]mentionRun, 0, len(a.Briefings))
	// Mentions are grouped by briefing in the order of a.Briefings, so
	// each page's are a run of them, and a walk of both lists finds each
	// mention's briefing without looking it up. The walk counts each
	// briefing's mentions, which the pages then need not walk again.
	lo, runLo, cur, at := 0, 0, 0, 0 // the page's first mention and run, and the page; the mention's briefing in a.Briefings
	for i, m := range a.Mentions {
		b := m.Briefing
		if len(ap.all) > 0 && ap.all[len(ap.all)-1].Briefing == b {
			ap.all[len(ap.all)-1].Mentions++
			continue
		}
		for at < len(a.Briefings) && a.Briefings[at] != b {
			at++
		}
		if at == len(a.Briefings) { // out of order, which the model does not do
			at = max(0, slices.Index(a.Briefings, b))
		}
		if n := at / actorPerPage; n != cur {
			ap.mentions[cur], ap.runs[cur] = a.Mentions[lo:i], ap.all[runLo:len(ap.all):len(ap.all)]
			lo, runLo, cur = i, len(ap.all), n
		}
		ap.all = append(ap.all, mentionRun{Briefing: b, Mentions: 1})
	}
	if len(a.Mentions) > 0 {
		ap.mentions[cur], ap.runs[cur] = a.Mentions[lo:], ap.all[runLo:]
	}
	ap.head, ap.headErr = actorPageHead(s, a)
	return ap
}

// actorEventPages are the events of each of an actor's pages pg, in the
// actor's order; places are its briefings' (placesOf).
func actorEventPages(a *model.Actor, pg paging, places map[*model.Briefing]int) [][]*model.Event {
	events := make([][]*model.Event, pg.pages)
	for _, e := range a.Events {
		at, ok := places[e.Briefing]
		n := at / actorPerPage
		if !ok && len(a.Briefings) > 0 {
			// The first page whose oldest briefing is not newer than the
			// event's briefing.
			n = sort.Search(pg.pages, func(k int) bool {
				last := a.Briefings[min(len(a.Briefings), (k+1)*actorPerPage)-1]
				return !last.Published.After(e.Briefing.Published)
			})
			n = min(n, pg.pages-1)
		}
		events[n] = append(events[n], e)
	}
	return events
}

// placesOf is where each of an actor's briefings is in a.Briefings.
// Every build asks, of every actor, which briefing of each event
// mentions it and where: a lookup here touches neither the briefing
// nor its counts, which a large site's build would otherwise read from
// all over memory, event by event.
func placesOf(a *model.Actor) map[*model.Briefing]int {
	places := make(map[*model.Briefing]int, len(a.Briefings))
	for i, b := range a.Briefings {
		places[b] = i
	}
	return places
}

// actorPageN is page n of an actor. The pictures and the actors mentioned
// alongside it are on the first page alone (templates/actor.html): they
// show the whole actor, not a page of it. refs are the briefings'
// (newBriefingRefs), more the counts of mentions not shown spelled.
func actorPageN(s *model.Site, spelled *spellings, refs briefingRefs, more *moreCounts, a *model.Actor, ap actorPaging, n int) (*Page, error) {
	if ap.headErr != nil {
		return nil, ap.headErr
	}
	lang := langOf(s)
	q := *ap.head
	p := &q
	view := *ap.head.Data.(*ActorView)
	v := &view
	p.Data = v
	if n > 1 {
		v.ActorsDir = "../"
		p.Path = ap.path(n)
		p.Root = rootOf(p.Path)
		p.Feed = "../" + a.ID + ".xml"
		p.Title = pageTitle(lang, a.Name, n, ap.pages)
		if s.Config.BaseURL != "" {
			p.Canonical = s.AbsURL(p.Path)
		}
	} else {
		var err error
		if v.Activity, v.Network, err = actorCharts(lang, a, ap.all); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Path, err)
		}
	}
	shown := chunk(a.Briefings, n, actorPerPage)
	v.Page, v.Pages, v.Shown = n, ap.pages, len(shown)
	sc := p.useScratch()
	v.MentionList = mentionList(sc, more, p.Root, ap.mentions[n-1], ap.runs[n-1], refs)
	v.EventList = eventItems(sc, spelled, p.Root, ap.events[n-1])
	v.PageEvents = len(ap.events[n-1])
	v.BriefingList = briefingLinks(sc, p.Root, shown, refs)
	v.Pager = pagerNav(lang, p.Path, ap.numbered(), n-1, lang.Format("actor.pager", "actor", a.Name))
	return p, nil
}
