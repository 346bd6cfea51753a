package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"html/template"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/render/feeds"
	"github.com/briefing-dev/briefing/internal/render/highlight"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Page is what every template gets: what every page has, and in Data
// what its kind of page shows.
type Page struct {
	Site        *model.Site
	Path        string // output path, e.g. "actors/kyiv.html"
	Root        string // relative path to the site root: "" or "../"
	Kind        string // the page kind's name (see kinds.go): index, briefing, actor, …
	Title       string
	Description string
	Canonical   string        // absolute URL, "" without base_url
	Feed        string        // relative URL of the page's Atom feed
	JSONLD      template.JS   // structured data, "" for none
	Nav         template.HTML // the site's sections as <li> elements, this page's marked current
	// Data is what the kind of page shows, one type for each kind:
	// *BriefingView, *ActorView, *IndexData, *ListData (archive),
	// *TagData, *ActorsData, *TimelineData (timeline and month); nil for
	// the pages that show nothing of their own (tags, search, 404).
	Data any
	// scratch, when not nil, holds the HTML of the page's pieces (its
	// article, its lists), which live until the page is written.
	scratch *htmlw.Scratch
}

// scratches are the memory of the pages being made, one each.
var scratches = sync.Pool{New: func() any { return new(htmlw.Scratch) }}

// useScratch is the page's scratch memory, for the pieces that only it
// shows.
func (p *Page) useScratch() *htmlw.Scratch {
	if p.scratch == nil {
		p.scratch = scratches.Get().(*htmlw.Scratch)
	}
	return p.scratch
}

// release gives the page's scratch memory to the next page: the page
// and its pieces must not be used after.
func (p *Page) release() {
	if p.scratch != nil {
		p.scratch.Reset()
		scratches.Put(p.scratch)
		p.scratch = nil
	}
}

// IndexData is what the front page shows.
type IndexData struct {
	// BriefingList is the latest briefings as <li> elements; see lists.go.
	BriefingList HTMLList
	Total        int // every briefing of the site
	Recent       []*model.Event
	RecentList   template.HTML // Recent as <li> elements
	KeyActors    []model.ActorCount
}

// ListData is what a page of the archive shows: briefings/index.html the
// newest briefings, and each page of a year (Year not 0) a part of that
// year's; see archive.go.
type ListData struct {
	BriefingList HTMLList
	Total        int // every briefing of the site
	Shown        int // the briefings on this page
	Year         int // the year of this page, 0 on briefings/index.html
	YearTotal    int // the briefings of Year
	// Years is every year of the archive as <li> elements, each a link
	// with its number of briefings.
	Years template.HTML
	// Pager links the pages of the archive, newest first; "" when there
	// is one.
	Pager template.HTML
}

// TagData is what a tag's page shows.
type TagData struct {
	Tag          *model.Tag
	BriefingList HTMLList // the briefings of this page of the tag
	Total        int      // the tag's briefings
	Shown        int      // the briefings on this page
	Page, Pages  int      // this page's number, from 1, and how many
	Pager        template.HTML
	Up           string // the relative URL of tags/index.html
}

// ActorsData is what actors/index.html shows: the actors by kind.
type ActorsData struct {
	Groups []KindGroup
}

// TimelineData is what timeline.html shows, and a month's page: its one
// month.
type TimelineData struct {
	Months []Month
	// Chart is the events and dated passages per month as inline SVG
	// (timeline.html only), each bar linked to its month's page when
	// it has one.
	Chart template.HTML
	// Pager links the pages of a month too long for one (a month's page
	// only); "" for none.
	Pager template.HTML
	// Page and Pages are this page's number, from 1, and how many the
	// month has (a month's page only).
	Page, Pages int
}

// BriefingView is a briefing as its page shows it: the article marked up,
// the Markdown rendered, the events in the order they happened (undated
// last) for the small timeline beside the article. The model's fields that
// pages use are copied, not embedded: templates read them on every page,
// and reflect finds a promoted field by a slow search. Briefing has the
// rest.
type BriefingView struct {
	Briefing     *model.Briefing
	Title        string
	Slug         string
	File         string
	Published    time.Time
	Seed         *seeds.Seed
	Tags         []*model.Tag
	Counts       []model.ActorCount
	Older, Newer *model.Briefing
	Chronology   []*model.Event
	EventList    template.HTML // Chronology as <li> elements
	ActorList    template.HTML // Counts as <li> elements
	TagList      template.HTML // Tags as <li> elements
	Pager        template.HTML // links to Older and Newer, one a line
	Summary      template.HTML
	Blocks       []Block
	Article      template.HTML // Blocks and their notes, as briefing.html shows them
	Commentary   template.HTML
	FrontMatter  template.HTML
	NoteHTML     map[*model.Note]template.HTML
	// Story was a picture of the actors by mentions, which ActorList
	// draws now; it stays, empty, for templates that still print it.
	Story template.HTML
}

// ActorView is an actor with its mentions in context. MentionList holds
// the mentions as <li> elements; a template that would rather lay them out
// itself has Mentions, with each one's Text and Anchor.
//
// A large actor's mentions are on several pages (see actorpages.go): the
// lists hold this page's, Actor all of them.
type ActorView struct {
	*model.Actor
	Description  template.HTML
	MentionList  HTMLList      // this page's Mentions as <li> elements
	EventList    template.HTML // this page's Events as <li> elements
	BriefingList HTMLList      // this page's Briefings as <li> elements
	Activity     template.HTML // its mentions per month, as inline SVG (first page only)
	Network      template.HTML // it and its strongest neighbours, as inline SVG (first page only)
	Page, Pages  int           // this page's number, from 1, and how many
	Shown        int           // the briefings on this page
	PageEvents   int           // the events on this page
	Pager        template.HTML // links to the other pages, "" for none
	ActorsDir    string        // the relative URL of actors/ from this page
}

// KindGroup is the actors of one kind.
type KindGroup struct {
	Kind   actorkind.Kind
	Title  string
	Actors []*model.Actor
}

// Month is a timeline group. On a large site the timeline lists only the
// events of each month, and the month's own page (Page) lists everything.
type Month struct {
	Value    string // 2022-02, or 2022 for items dated only by year
	Title    string // February 2022
	Items    []TimelineItem
	List     HTMLList // Items as <li> elements; see lists.go
	Page     string   // path of the month's own page, "" when all is inline
	Passages int      // dated passages in the month
}

// TimelineItem is an event or a dated passage.
type TimelineItem struct {
	Value    calendar.Value
	Event    *model.Event
	Date     *model.Date
	Briefing *model.Briefing
}

// Anchor is the item's fragment id in its briefing page.
func (it TimelineItem) Anchor() string {
	if it.Event != nil {
		return it.Event.Anchor
	}
	return it.Date.Anchor()
}

func newPage(s *model.Site, kind, p, title, description string) *Page {
	root := strings.Repeat("../", strings.Count(p, "/"))
	pg := &Page{Site: s, Path: p, Root: root, Kind: kind, Title: title, Description: description, Feed: root + "feed.xml"}
	if s.Config.BaseURL != "" {
		pg.Canonical = s.AbsURL(p)
	}
	return pg
}

// indexLength is how many briefings the front page lists; all of them are
// on briefings/index.html.
const indexLength = 30

func indexPage(s *model.Site, sums summaries) *Page {
	p := newPage(s, "index", "index.html", s.Config.Title, s.Config.Description)
	latest := s.Briefings[:min(indexLength, len(s.Briefings))]
	lang := langOf(s)
	d := &IndexData{
		BriefingList: briefingItems(nil, lang, p.Root, latest, sums, "3", true),
		Total:        len(s.Briefings),
		Recent:       s.Events[:min(10, len(s.Events))],
	}
	d.RecentList = eventItems(nil, newSpellings(lang), p.Root, d.Recent)
	p.Data = d
	counts := map[*model.Actor]int{}
	for _, b := range s.Briefings {
		for _, c := range b.Counts {
			counts[c.Actor] += c.Count
		}
	}
	for a, n := range counts {
		d.KeyActors = append(d.KeyActors, model.ActorCount{Actor: a, Count: n})
	}
	sortCounts(d.KeyActors)
	d.KeyActors = d.KeyActors[:min(12, len(d.KeyActors))]
	p.JSONLD = jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite",
		"name": s.Config.Title, "description": s.Config.Description, "url": p.Canonical,
	})
	return p
}

// archivePage is briefings/index.html.
func archivePage(s *model.Site, sums summaries) *Page {
	years := archiveYears(s)
	return archiveFirstPage(s, sums, years, archiveSequence(langOf(s), years))
}

func sortCounts(c []model.ActorCount) {
	sort.Slice(c, func(i, j int) bool {
		if c[i].Count != c[j].Count {
			return c[i].Count > c[j].Count
		}
		if c[i].Actor.Name != c[j].Actor.Name {
			return c[i].Actor.Name < c[j].Actor.Name
		}
		return c[i].Actor.ID < c[j].Actor.ID
	})
}

func briefingPage(s *model.Site, sums summaries, actorsLD map[*model.Actor]actorData, spelled *spellings, links *actorLinks, b *model.Briefing) (*Page, error) {
	p := newPage(s, "briefing", "briefings/"+b.Slug+".html", b.Title, highlight.PlainHTML(sums[b]))
	v := &BriefingView{
		Briefing: b, Title: b.Title, Slug: b.Slug, File: b.File, Published: b.Published, Seed: b.Seed,
		Tags: b.Tags, Counts: b.Counts, Older: b.Older, Newer: b.Newer,
		NoteHTML: map[*model.Note]template.HTML{}, Summary: sums[b],
	}
	v.Chronology = slices.Clone(b.Events)
	sort.SliceStable(v.Chronology, func(i, j int) bool {
		a, b := v.Chronology[i], v.Chronology[j]
		if a.Value.IsZero() != b.Value.IsZero() {
			return b.Value.IsZero()
		}
		return a.Value.First().Before(b.Value.First())
	})
	lang := langOf(s)
	sc := p.useScratch()
	v.EventList = chronologyItems(sc, spelled, p.Root, v.Chronology)
	v.ActorList = actorCountItems(sc, lang, p.Root, b.Counts, b.Mentions)
	v.TagList = tagItems(sc, p.Root, b.Tags)
	v.Pager = pagerLinks(sc, b.Older, b.Newer)
	var err error
	if v.Commentary, err = highlight.Markdown(string(b.Commentary)); err != nil {
		return nil, err
	}
	for _, n := range b.Notes {
		if v.NoteHTML[n], err = highlight.Inline(n.Text); err != nil {
			return nil, err
		}
	}
	v.Blocks, v.Article = articleIn(sc, spelled, links, b, p.Root, v.NoteHTML)
	v.FrontMatter = highlight.FrontMatter(string(b.FrontMatter))
	p.Data = v
	p.JSONLD = briefingLD(b, p, actorsLD)
	return p, nil
}

// briefingLD is a briefing's structured data: the bytes json.Marshal
// writes for a map of these keys, written here so that the actors' data,
// made once for the site, is not checked and copied again for each of the
// briefings that mention them. The key actors are what the article is
// about, each with its URL; the others are named among its mentions,
// without: their pages are one link away from the key actors' and from
// the page itself, and their URLs were most of a page's structured data.
// The summary is the page's description already, in its meta tags.
func briefingLD(b *model.Briefing, p *Page, actorsLD map[*model.Actor]actorData) template.JS {
	str := export.AppendJSONString
	actors := func(dst []byte, key string, about bool) []byte {
		n := 0
		for _, c := range b.Counts {
			if c.Key != about {
				continue
			}
			if n == 0 {
				dst = append(append(append(dst, `,"`...), key...), `":[`...)
			} else {
				dst = append(dst, ',')
			}
			if about {
				dst = append(dst, actorsLD[c.Actor].full...)
			} else {
				dst = append(dst, actorsLD[c.Actor].named...)
			}
			n++
		}
		if n > 0 {
			dst = append(dst, ']')
		}
		return dst
	}
	// Room for it all at once: the fixed text, the strings (escapes
	// aside) and the actors' data.
	size := 256 + len(b.Seed.Author) + len(b.Title) + len(b.Seed.URL) + len(p.Canonical)
	for _, c := range b.Counts {
		size += len(actorsLD[c.Actor].full) + 1
	}
	ld := append(make([]byte, 0, size), `{"@context":"https://schema.org","@type":"NewsArticle"`...)
	ld = actors(ld, "about", true)
	if b.Seed.Author != "" {
		ld = str(append(ld, `,"author":{"@type":"Person","name":`...), b.Seed.Author)
		ld = append(ld, '}')
	}
	ld = append(ld, `,"datePublished":"`...)
	ld = append(b.Published.AppendFormat(ld, "2006-01-02"), '"') // digits and dashes: nothing to escape
	ld = str(append(ld, `,"headline":`...), b.Title)
	if b.Seed.URL != "" {
		ld = str(append(ld, `,"isBasedOn":`...), b.Seed.URL)
	}
	ld = actors(ld, "mentions", false)
	if p.Canonical != "" {
		ld = str(append(ld, `,"url":`...), p.Canonical)
	}
	return template.JS(append(ld, '}'))
}

// actorData is an actor's structured data, encoded once for the site:
// in full, and its type and name alone.
type actorData struct {
	full, named json.RawMessage
}

func newActorData(s *model.Site, a *model.Actor) actorData {
	return actorData{
		full:  json.RawMessage(jsonLD(actorLD(s, a))),
		named: json.RawMessage(jsonLD(map[string]any{"@type": a.Kind.SchemaType(), "name": a.Name})),
	}
}

func actorLD(s *model.Site, a *model.Actor) map[string]any {
	ld := map[string]any{"@type": a.Kind.SchemaType(), "name": a.Name}
	if a.Wikidata != "" {
		ld["sameAs"] = "https://www.wikidata.org/wiki/" + a.Wikidata
	}
	if s.Config.BaseURL != "" {
		ld["url"] = s.AbsURL("actors/" + a.ID + ".html")
	}
	if len(a.Aliases) > 0 {
		ld["alternateName"] = a.Aliases
	}
	return ld
}

// actorPage is an actor's first page; see actorpages.go.
func actorPage(s *model.Site, a *model.Actor) (*Page, error) {
	return actorPageN(s, newSpellings(langOf(s)), newBriefingRefs(a.Briefings), newMoreCounts(langOf(s)), a, newActorPaging(s, a), 1)
}

// actorPageHead is what every page of an actor shows, without its lists.
func actorPageHead(s *model.Site, a *model.Actor) (*Page, error) {
	described := highlight.Plain(a.Description)
	desc := described
	if desc == "" {
		desc = langOf(s).Format("actor.desc", "actor", a.Name, "site", s.Config.Title)
	}
	p := newPage(s, "actor", "actors/"+a.ID+".html", a.Name, desc)
	p.Feed = a.ID + ".xml"
	v := &ActorView{Actor: a}
	var err error
	if v.Description, err = highlight.Markdown(a.Description); err != nil {
		return nil, err
	}
	p.Data = v
	ld := actorLD(s, a)
	ld["@context"] = "https://schema.org"
	if described != "" {
		ld["description"] = described
	}
	p.JSONLD = jsonLD(ld)
	return p, nil
}

// contextWidth is at most how many bytes of text an actor page shows on
// either side of a mention, within its sentence: enough to tell what the
// actor says or does.
const contextWidth = 45

// excerptStart is where the excerpt around a mention starts: at the start
// of its sentence, or at a whole word when that is further back than
// contextWidth, which cuts it short.
func excerptStart(m *model.Mention) (lo int, cut bool) {
	data := m.Briefing.Seed.Data
	blk := m.Briefing.Seed.Blocks[m.Block]
	lo = max(blk.Start, m.Start-contextWidth)
	for i := m.Start - 1; i > lo; i-- {
		if data[i] == ' ' && stop(data[i-1]) {
			return i + 1, false
		}
	}
	if lo > blk.Start {
		// Drop the partial word (and any broken UTF-8) at the cut.
		if i := bytes.IndexAny(data[lo:m.Start], " \n"); i >= 0 {
			lo += i + 1
		} else {
			lo = m.Start
		}
		return lo, true
	}
	return lo, false
}

// excerptEnd is where the excerpt around a mention ends, as excerptStart:
// after the sentence's final punctuation, or cut at a whole word.
func excerptEnd(m *model.Mention) (hi int, cut bool) {
	data := m.Briefing.Seed.Data
	blk := m.Briefing.Seed.Blocks[m.Block]
	hi = min(blk.End, m.End+contextWidth)
	for i := m.End; i < hi; i++ {
		if stop(data[i]) && (i+1 == blk.End || data[i+1] == ' ' || data[i+1] == '\n') {
			return i + 1, false
		}
	}
	if hi < blk.End {
		hi = m.End + max(0, bytes.LastIndexAny(data[m.End:hi], " \n"))
		return hi, true
	}
	return hi, false
}

// stop is a byte that may end a sentence, as the model reads them.
func stop(c byte) bool { return c == '.' || c == '!' || c == '?' }

// excerptsMeet tells whether two mentions of one briefing, in text order,
// are close enough in one paragraph for their excerpts to be one.
func excerptsMeet(a, b *model.Mention) bool {
	return a.Briefing == b.Briefing && a.Block == b.Block && b.Start-a.End <= 2*contextWidth
}

// context is the line of text around a mention: the bytes before and
// after it within its paragraph, cut at whole words, and whether each was
// cut short.
func context(m *model.Mention) (before, after []byte, cutBefore, cutAfter bool) {
	data := m.Briefing.Seed.Data
	lo, cutBefore := excerptStart(m)
	hi, cutAfter := excerptEnd(m)
	return data[lo:m.Start], data[m.End:hi], cutBefore, cutAfter
}

func actorsPage(s *model.Site) *Page {
	lang := langOf(s)
	p := newPage(s, "actors", "actors/index.html", lang.Text("actors.title"), lang.Text("actors.desc"))
	d := &ActorsData{}
	p.Data = d
	byKind := map[actorkind.Kind][]*model.Actor{}
	for _, a := range s.Actors {
		byKind[a.Kind] = append(byKind[a.Kind], a)
	}
	for _, k := range actorkind.Table {
		if len(byKind[k.Kind]) > 0 {
			d.Groups = append(d.Groups, KindGroup{Kind: k.Kind, Title: lang.Text(i18n.Key("kinds." + string(k.Kind))), Actors: byKind[k.Kind]})
		}
	}
	return p
}

// timelineInline is the most entries timeline.html lists in full; a larger
// timeline lists the events and gives each month a page of its own.
var timelineInline = 2000 // a variable for the month pages' golden test, which splits a small timeline

// sitemapLimit is what one sitemap file may hold: a variable for the
// test of the sitemap index, which cuts a small site's.
var sitemapLimit = feeds.ProtocolLimit

// timelineEvents is the most events a split timeline.html lists: the
// newest months' whole, until the next month would pass it.
const timelineEvents = 400

// timelinePages makes timeline.html and, on a large site, one page per
// month under timeline/.
func timelinePages(s *model.Site) (*Page, []*Page) {
	lang := langOf(s)
	p := newPage(s, "timeline", "timeline.html", lang.Text("timeline.title"), lang.Text("timeline.desc"))
	// Events and dates are each sorted newest first already: merge them,
	// events before the passages that date them.
	// Each item's first day is made once, when it comes to the head of
	// its list, and kept for the grouping: a large site has hundreds of
	// thousands of dated passages, and every build lists the months.
	items := make([]TimelineItem, 0, len(s.Events)+len(s.Dates))
	firsts := make([]int32, 0, cap(items))
	events, dates := s.Events, s.Dates
	var eventFirst, dateFirst int32
	eventNext, dateNext := true, true // the first day is to be made
	for len(events) > 0 || len(dates) > 0 {
		if len(events) > 0 && events[0].Value.IsZero() {
			events = events[1:] // undated events come last and have no place here
			continue
		}
		if len(events) > 0 && eventNext {
			eventFirst, eventNext = firstDay(events[0].Value), false
		}
		if len(dates) > 0 && dateNext {
			dateFirst, dateNext = firstDay(dates[0].Value), false
		}
		if len(dates) == 0 || (len(events) > 0 && eventFirst >= dateFirst) {
			e := events[0]
			items = append(items, TimelineItem{Value: e.Value, Event: e, Briefing: e.Briefing})
			firsts = append(firsts, eventFirst)
			events, eventNext = events[1:], true
			continue
		}
		d := dates[0]
		items = append(items, TimelineItem{Value: d.Value, Date: d, Briefing: d.Briefing})
		firsts = append(firsts, dateFirst)
		dates, dateNext = dates[1:], true
	}
	groupByFirst(items, firsts)
	// Items are in date order, so a month's are a run of them, and most
	// have the same value as the one before.
	var months []Month
	var value calendar.Value
	var key, title string
	for i, it := range items {
		if i == 0 || it.Value != value {
			value = it.Value
			month := value.MonthOfFirst()
			key, title = month.String(), monthTitle(lang, month)
		}
		if len(months) == 0 || months[len(months)-1].Value != key {
			months = append(months, Month{Value: key, Title: title, Items: items[i:i]})
		}
		m := &months[len(months)-1]
		m.Items = m.Items[:len(m.Items)+1]
		if it.Date != nil {
			m.Passages++
		}
	}
	for i := range months {
		months[i].Items = slices.Clip(months[i].Items) // an append must not run into the next month
	}
	split := len(items) > timelineInline
	var pages []*Page
	inline := 0 // the events timeline.html lists so far
	for i := range months {
		m := &months[i]
		if !split {
			m.List = timelineItems(nil, lang, p.Root, m.Items, nil)
			continue
		}
		m.Page = "timeline/" + m.Value + ".html"
		// The month's list is rendered with its page (see Site), not here:
		// all of them at once would hold the whole timeline in memory.
		mp := newPage(s, "month", m.Page, lang.Format("month.title", "month", m.Title), lang.Format("month.desc", "month", m.Title))
		mp.Data = &TimelineData{Months: []Month{*m}}
		pages = append(pages, mp)
		// timeline.html lists the events of the newest months alone, so
		// that it stays one page however long the archive; every month
		// links its own.
		var events []TimelineItem
		for _, it := range m.Items {
			if it.Event != nil {
				events = append(events, it)
			}
		}
		if inline+len(events) > timelineEvents {
			inline = timelineEvents // and the older months none
			continue
		}
		inline += len(events)
		m.List = timelineItems(nil, lang, p.Root, events, nil)
	}
	p.Data = &TimelineData{Months: months, Chart: eventsChart(lang, months)}
	return p, pages
}

// groupByValue orders the items that begin on the same day (2020-02-01,
// and the month 2020-02, and the week 2020-W05, and so on), which the
// model gives in the order of their briefings, by value: so that the
// timeline shows each value once, with the passages of every briefing
// under it. Events stay before passages, and an order stays within a value.
func groupByValue(items []TimelineItem) {
	firsts := make([]int32, len(items))
	for i, it := range items {
		firsts[i] = firstDay(it.Value)
	}
	groupByFirst(items, firsts)
}

// groupByFirst is groupByValue with each item's first day (firstDay)
// given.
func groupByFirst(items []TimelineItem, firsts []int32) {
	for i := 0; i < len(items); {
		j := i + 1
		mixed := false
		for ; j < len(items) && firsts[j] == firsts[i]; j++ {
			mixed = mixed || items[j].Value != items[i].Value
		}
		if mixed {
			slices.SortStableFunc(items[i:j], func(a, b TimelineItem) int {
				if (a.Event == nil) != (b.Event == nil) {
					return boolFirst(a.Event != nil)
				}
				return cmp.Compare(a.Value, b.Value) // any order, the same on every build
			})
		}
		i = j
	}
}

// firstDay is a value's first day (calendar.Value.FirstDay), as the
// timeline orders and groups its items: the days of the years a value
// may have fit in an int32, which a site's hundreds of thousands of
// items keep at half the memory of Unix seconds.
func firstDay(v calendar.Value) int32 { return int32(v.FirstDay()) }

// boolFirst sorts the element for which first is true before the other.
func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}

// monthTitle is a timeline group's heading: a month ("February 2022"),
// or a year for what is dated only by year.
func monthTitle(lang *i18n.Lang, month calendar.Value) string {
	if month.Unit() == calendar.Month {
		first := month.First()
		return lang.MonthTitle(first.Year(), first.Month())
	}
	return lang.Human(month.String())
}

func tagsPage(s *model.Site) *Page {
	lang := langOf(s)
	return newPage(s, "tags", "tags/index.html", lang.Text("tags.title"), lang.Text("tags.desc"))
}

func tagPage(s *model.Site, t *model.Tag, sums summaries) *Page {
	return tagPageN(s, t, sums, 1)
}

// tagPaging is where the pages of a tag are.
func tagPaging(t *model.Tag) paging {
	return newPaging("tags/"+t.Name+".html", "tags/"+t.Name, len(t.Briefings), tagPerPage)
}

// tagPageN is page n of a tag's briefings.
func tagPageN(s *model.Site, t *model.Tag, sums summaries, n int) *Page {
	lang := langOf(s)
	pg := tagPaging(t)
	p := newPage(s, "tag", pg.path(n), pageTitle(lang, lang.Format("tag.title", "tag", t.Name), n, pg.pages), lang.Format("tag.desc", "tag", t.Name))
	shown := chunk(t.Briefings, n, tagPerPage)
	p.Data = &TagData{
		Tag: t, BriefingList: briefingItems(p.useScratch(), lang, p.Root, shown, sums, "2", false), Total: len(t.Briefings), Shown: len(shown), Page: n, Pages: pg.pages,
		Pager: pagerNav(lang, p.Path, pg.numbered(), n-1, lang.Format("tag.pager", "tag", t.Name)),
		Up:    strings.TrimPrefix(p.Root, "../") + "index.html",
	}
	return p
}

func searchPage(s *model.Site) *Page {
	lang := langOf(s)
	return newPage(s, "search", "search.html", lang.Text("search.title"), lang.Text("search.desc"))
}

func notFoundPage(s *model.Site) *Page {
	lang := langOf(s)
	p := newPage(s, "404", "404.html", lang.Text("notfound.title"), lang.Text("notfound.desc"))
	p.Canonical = ""
	// A server shows this page for a missing URL at any depth, where
	// relative links would resolve wrongly: with base_url known, link from
	// the site's root path instead.
	if u, err := url.Parse(s.Config.BaseURL); err == nil && s.Config.BaseURL != "" {
		p.Root = u.Path
		if !strings.HasSuffix(p.Root, "/") {
			p.Root += "/"
		}
	}
	return p
}
