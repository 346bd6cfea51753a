package render

import (
	"fmt"
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
	events   [][]*model.Event   // each page's events, in the actor's order
	// head is what every page shows, made once: the description's
	// Markdown and the structured data.
	head    *Page
	headErr error
}

func newActorPaging(s *model.Site, a *model.Actor) actorPaging {
	dir := "actors/" + a.ID
	ap := actorPaging{paging: newPaging(dir+".html", dir, len(a.Briefings), actorPerPage)}
	ap.mentions = make([][]*model.Mention, ap.pages)
	ap.events = make([][]*model.Event, ap.pages)
	page := make(map[*model.Briefing]int, len(a.Briefings))
	for i, b := range a.Briefings {
		page[b] = i / actorPerPage
	}
	// Mentions are grouped by briefing in the order of a.Briefings, so
	// each page's are a run of them.
	lo := 0
	for i := range a.Mentions {
		if i+1 == len(a.Mentions) || page[a.Mentions[i+1].Briefing] != page[a.Mentions[i].Briefing] {
			ap.mentions[page[a.Mentions[i].Briefing]] = a.Mentions[lo : i+1]
			lo = i + 1
		}
	}
	for _, e := range a.Events {
		n, ok := page[e.Briefing]
		if !ok && len(a.Briefings) > 0 {
			// The first page whose oldest briefing is not newer than the
			// event's briefing.
			n = sort.Search(ap.pages, func(k int) bool {
				last := a.Briefings[min(len(a.Briefings), (k+1)*actorPerPage)-1]
				return !last.Published.After(e.Briefing.Published)
			})
			n = min(n, ap.pages-1)
		}
		ap.events[n] = append(ap.events[n], e)
	}
	ap.head, ap.headErr = actorPageHead(s, a)
	return ap
}

// actorPageN is page n of an actor. The pictures and the actors mentioned
// alongside it are on the first page alone (templates/actor.html): they
// show the whole actor, not a page of it.
func actorPageN(s *model.Site, spelled *spellings, a *model.Actor, ap actorPaging, n int) (*Page, error) {
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
		if v.Activity, v.Network, err = actorCharts(lang, a); err != nil {
			return nil, fmt.Errorf("%s: %w", p.Path, err)
		}
	}
	shown := chunk(a.Briefings, n, actorPerPage)
	v.Page, v.Pages, v.Shown = n, ap.pages, len(shown)
	sc := p.useScratch()
	v.MentionList = mentionList(sc, lang, p.Root, ap.mentions[n-1])
	v.EventList = eventItems(sc, spelled, p.Root, ap.events[n-1])
	v.PageEvents = len(ap.events[n-1])
	v.BriefingList = briefingLinks(sc, p.Root, shown)
	v.Pager = pagerNav(lang, p.Path, ap.numbered(), n-1, lang.Format("actor.pager", "actor", a.Name))
	return p, nil
}
