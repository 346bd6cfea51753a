package render

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/render/highlight"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// The lists that grow with the site (briefings on the index, tag and
// archive pages, mentions on actor pages, timeline entries) and the lists
// on every briefing page (its actors, its events) are written here in Go
// rather than ranged over in templates: on a site of 10,000 briefings they
// hold millions of entries, and html/template spends about a microsecond on
// each value it reflects on and escapes. Templates place the finished HTML;
// an htmlw.Writer escapes every value, and each list's test compares it
// with html/template making the same list (lists_test.go). The data stays
// in the page for templates that would rather lay a list out themselves.

// HTMLList is a long run of HTML in pieces of about 32 KB, which a
// template prints with {{range .List}}{{.}}{{end}}. Templates print every
// value through fmt, whose buffers are reused only up to 64 KB: a list of a
// megabyte, printed whole, was copied into a new buffer every time.
type HTMLList []template.HTML

const listPiece = 32 << 10

// listBuilder writes an HTMLList. endItem after each entry starts a new
// piece when this one is full, so that no entry is split.
type listBuilder struct {
	htmlw.Writer
	pieces HTMLList
	sc     *htmlw.Scratch // the page's memory, or nil
}

// newList is a listBuilder that writes into the page's memory sc, when
// not nil.
func newList(sc *htmlw.Scratch) *listBuilder {
	l := &listBuilder{sc: sc}
	l.Use(sc)
	return l
}

func (l *listBuilder) endItem() {
	if l.Len() >= listPiece {
		l.pieces = append(l.pieces, l.Done())
		l.Use(l.sc)
		l.Grow(listPiece + listPiece/4)
	}
}

func (l *listBuilder) list() HTMLList {
	if l.Len() > 0 {
		l.pieces = append(l.pieces, l.Done())
	}
	return l.pieces
}

// summaries holds each briefing's summary rendered once, for every list,
// feed and index it appears in.
type summaries = map[*model.Briefing]template.HTML

func renderSummaries(s *model.Site, kept *Summaries) (summaries, error) {
	out := make([]template.HTML, len(s.Briefings))
	err := parallel.For(len(s.Briefings), func(_, i int) error {
		summary := s.Briefings[i].Summary
		if kept != nil {
			if html, ok := kept.lookup(summary); ok {
				out[i] = html
				return nil
			}
		}
		var err error
		out[i], err = highlight.Inline(summary)
		if err == nil && kept != nil {
			kept.keep(summary, out[i])
		}
		return err
	})
	if kept != nil {
		kept.trim(len(s.Briefings))
	}
	m := make(summaries, len(out))
	for i, b := range s.Briefings {
		m[b] = out[i]
	}
	return m, err
}

// briefingItems writes <li> entries for an <ol class="briefing-list">,
// with headings at level h (2 or 3).
func briefingItems(sc *htmlw.Scratch, lang *i18n.Lang, root string, briefings []*model.Briefing, sums summaries, h string, withTags bool) HTMLList {
	l := newList(sc)
	w := &l.Writer
	w.Grow(min(len(briefings)*400, listPiece+listPiece/4))
	var date [10]byte
	tagsDir := root + "tags/"
	for _, br := range briefings {
		w.Tag("<li>\n<article>\n<h")
		w.Tag(h)
		w.Tag(`><a href="`)
		writeBriefingURL(w, root, br.Slug, "")
		w.Tag(`">`)
		w.Text(br.Title)
		w.Tag("</a></h")
		w.Tag(h)
		w.Tag(">\n")
		w.Tag(`<p class="meta"><time datetime="`)
		w.TextBytes(br.Published.AppendFormat(date[:0], "2006-01-02"))
		w.Tag(`">`)
		w.Text(lang.Weekday(br.Published))
		w.Tag("</time>")
		if withTags {
			for _, t := range br.Tags {
				w.Tag(" · ")
				writeTagLink(w, tagsDir, t)
			}
		}
		w.Tag("</p>\n<p>")
		w.HTML(sums[br])
		w.Tag("</p>\n</article>\n</li>\n")
		l.endItem()
	}
	return l.list()
}

// mentionItems writes an actor's mentions with their context as <li>
// entries for an <ol class="mentions">, one for each briefing (its title
// and date once, then its first mentions in text order): an actor of a
// large site has thousands.
func mentionItems(lang *i18n.Lang, root string, a *model.Actor) HTMLList {
	return mentionList(nil, newMoreCounts(lang), root, a.Mentions, mentionRuns(a.Mentions), newBriefingRefs(a.Briefings))
}

// excerptsShown is how many excerpts of one briefing an actor page shows.
// The briefing page lists every mention of the actor, as links to each,
// in its actor list (actorCountItems): the actor page links there for
// the rest rather than copying more of the briefing.
const excerptsShown = 2

// mentionRun is a briefing's mentions of an actor, next to each other in
// its list: how many there are.
type mentionRun struct {
	Briefing *model.Briefing
	Mentions int
}

// mentionRuns groups mentions into runs of one briefing.
func mentionRuns(mentions []*model.Mention) []mentionRun {
	var runs []mentionRun
	for _, m := range mentions {
		if n := len(runs); n > 0 && runs[n-1].Briefing == m.Briefing {
			runs[n-1].Mentions++
			continue
		}
		runs = append(runs, mentionRun{Briefing: m.Briefing, Mentions: 1})
	}
	return runs
}

// mentionList writes a run of an actor's mentions as mentionItems does,
// grouped by briefing as runs say (mentionRuns). Each excerpt is a few
// words either side, with the mention itself the link to its place in
// the briefing, where the whole paragraph is: the actor page is an index
// into the briefings, not a copy of them. Mentions close enough for their
// excerpts to meet share one. The mentions past those shown are counted
// by their runs, not read: an actor of a large site has hundreds of
// thousands, all over memory. refs are the briefings' (newBriefingRefs),
// more the counts of the mentions not shown spelled.
func mentionList(sc *htmlw.Scratch, more *moreCounts, root string, mentions []*model.Mention, runs []mentionRun, refs briefingRefs) HTMLList {
	l := newList(sc)
	w := &l.Writer
	w.Grow(min(len(mentions)*160, listPiece+listPiece/4))
	var num [20]byte
	rt := newRootRef(root)
	var entryOf *model.Actor // the actor whose entry is entry
	var entry actorEntry
	first := 0 // the run's first mention
	for _, run := range runs {
		br := run.Briefing
		ref := refs.of(br)
		ms := mentions[first : first+run.Mentions]
		first += run.Mentions
		// The briefing's link heads its mentions (style.css).
		w.Tag("<li>")
		ref.writeLink(w, rt)
		w.Tag("\n<ol>\n")
		data := br.Seed.Data
		for i, shown := 0, 0; i < len(ms); shown++ {
			if shown == excerptsShown {
				if a := ms[i].Actor; a != entryOf {
					entryOf, entry = a, newActorEntry(a.ID)
				}
				w.Tag(`<li><a href=`)
				ref.writeEntryHref(w, rt, entry)
				w.Tag(`>`)
				w.Text(more.spell(len(ms) - i))
				w.Tag("</a></li>\n")
				break
			}
			j := i + 1
			for j < len(ms) && excerptsMeet(ms[j-1], ms[j]) {
				j++
			}
			lo, cutBefore := excerptStart(ms[i])
			hi, cutAfter := excerptEnd(ms[j-1])
			w.Tag("<li>")
			if cutBefore {
				w.Tag("…")
			}
			at := lo
			for _, m := range ms[i:j] {
				w.TextBytes(data[at:m.Start])
				w.Tag(`<a href=`)
				ref.writeHref(w, rt, m.AppendAnchor(num[:0]))
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
			i = j
		}
		w.Tag("</ol></li>\n")
		l.endItem()
	}
	return l.list()
}

// timelineItems writes timeline entries as <li> elements of an
// <ol class="timeline">: an event, or the passages dated to one value,
// by briefing, each sentence with its date expressions marked and the
// briefing's title after them. A busy month has many briefings with
// passages of one day: they share its <li> and its date.
//
// refs are the briefings' (newBriefingRefs), or nil.
func timelineItems(sc *htmlw.Scratch, lang *i18n.Lang, root string, items []TimelineItem, refs briefingRefs) HTMLList {
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
	rt := newRootRef(root)
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
		ref := refs.of(e.Briefing)
		for _, sn := range e.Sentences {
			w.Tag(`<a href=`)
			ref.writeHref(w, rt, sn.Dates[0].AppendAnchor(num[:0]))
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
		w.HTML(ref.titleHTML())
		w.Tag("</cite>\n")
		if !sameDay(entries, i, i+1) {
			w.Tag("</ul></li>\n")
			l.endItem()
		}
	}
	return l.list()
}

// sameDay tells whether entries i and j are both passages of one value,
// which one <li> shows together.
func sameDay(entries []timelineEntry, i, j int) bool {
	return i >= 0 && j < len(entries) && entries[i].Event == nil && entries[j].Event == nil && entries[i].Value == entries[j].Value
}

// timelineEntry is an entry of the timeline: an event, or the dated
// passages of one briefing with one value, by sentence.
type timelineEntry struct {
	Value     calendar.Value
	Briefing  *model.Briefing
	Event     *model.Event
	Sentences []passage
}

// passage is a sentence of a seed around one or more date expressions:
// its text in parts, the expressions marked, cut at words when long.
type passage struct {
	Dates               []*model.Date
	from                int // where its dates begin in entryScratch's
	sentence            model.Span
	Parts               []passagePart
	CutBefore, CutAfter bool
}

type passagePart struct {
	Text []byte
	Mark bool
}

// passageBefore and passageAfter are roughly how many bytes of a long
// sentence to keep before and after its date expressions: more before,
// where the sentence names who said or did what (news puts the subject
// first and the date after it), less after, enough for the few words
// that say what it was; the link leads to the rest.
const (
	passageBefore = 110
	passageAfter  = 40
)

// timelineEntries groups timeline items: a run of dates of one briefing
// with one value is one entry, and dates in one sentence one passage.
// The items come sorted so that such dates are next to each other.
func timelineEntries(items []TimelineItem) []timelineEntry {
	var sc entryScratch
	return sc.timelineEntries(items)
}

// entryScratch is the memory of timelineEntries, which a month page's
// list takes from entryScratches and gives back once written: the
// entries, their passages, dates and parts of a page are runs of four
// slices, kept from one page to the next, rather than a few small
// slices each, hundreds of thousands on a large site.
type entryScratch struct {
	entries  []timelineEntry
	passages []passage
	dates    []*model.Date
	parts    []passagePart
}

var entryScratches = sync.Pool{New: func() any { return new(entryScratch) }}

// timelineEntries is timelineEntries in sc's memory: what it returns is
// valid until sc's next use.
func (sc *entryScratch) timelineEntries(items []TimelineItem) []timelineEntry {
	out, passages, dates, parts := sc.entries[:0], sc.passages[:0], sc.dates[:0], sc.parts[:0]
	for i := 0; i < len(items); {
		it := items[i]
		if it.Event != nil {
			out = append(out, timelineEntry{Value: it.Value, Briefing: it.Briefing, Event: it.Event})
			i++
			continue
		}
		e := timelineEntry{Value: it.Value, Briefing: it.Briefing}
		first := len(passages)
		var sentence model.Span
		for ; i < len(items) && items[i].Event == nil && items[i].Briefing == it.Briefing && items[i].Value == it.Value; i++ {
			d := items[i].Date
			if s := d.Sentence(); len(passages) == first || s != sentence || d.Start < sentence.Start {
				sentence = s
				// Its dates are dates[from:] until the next passage's.
				passages = append(passages, passage{sentence: s, from: len(dates)})
			}
			dates = append(dates, d)
		}
		e.Sentences = passages[first:len(passages):len(passages)]
		for j := range e.Sentences {
			p := &e.Sentences[j]
			to := len(dates)
			if j+1 < len(e.Sentences) {
				to = e.Sentences[j+1].from
			}
			p.Dates = dates[p.from:to:to]
			parts = p.cut(it.Briefing.Seed.Data, parts)
		}
		out = append(out, e)
	}
	sc.entries, sc.passages, sc.dates, sc.parts = out, passages, dates, parts
	return out
}

// cut fills the passage's parts from its sentence, the dates marked,
// appending them to parts, which it returns; a long sentence keeps
// passageBefore and passageAfter bytes around them, cut at spaces.
func (p *passage) cut(data []byte, parts []passagePart) []passagePart {
	from := len(parts)
	defer func() { p.Parts = parts[from:len(parts):len(parts)] }()
	first, last := p.Dates[0], p.Dates[len(p.Dates)-1]
	lo, hi := p.sentence.Start, p.sentence.End
	if first.Start-lo > passageBefore {
		lo = first.Start - passageBefore
		if k := bytes.IndexByte(data[lo:first.Start], ' '); k >= 0 {
			lo += k + 1
		} else {
			lo = first.Start
		}
		p.CutBefore = true
	}
	if hi-last.End > passageAfter {
		hi = last.End + passageAfter
		if k := bytes.LastIndexByte(data[last.End:hi], ' '); k >= 0 {
			hi = last.End + k
		} else {
			hi = last.End
		}
		p.CutAfter = true
	}
	at := lo
	for _, d := range p.Dates {
		if d.Start < at { // overlapping expressions never happen; be safe
			continue
		}
		if d.Start > at {
			parts = append(parts, passagePart{Text: data[at:d.Start]})
		}
		parts = append(parts, passagePart{Text: data[d.Start:d.End], Mark: true})
		at = d.End
	}
	if hi > at {
		parts = append(parts, passagePart{Text: data[at:hi]})
	}
	return parts
}

// eventItems writes events as <li> entries: date, then a link to the
// passage.
func eventItems(sc *htmlw.Scratch, spelled *spellings, root string, events []*model.Event) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	for _, e := range events {
		w.Tag("<li>")
		if !e.Value.IsZero() {
			writeTime(&w, spelled, e.Value)
		}
		w.Tag(` <a href="`)
		writeBriefingURL(&w, root, e.Briefing.Slug, e.Anchor)
		w.Tag(`">`)
		w.Text(e.Title)
		w.Tag("</a></li>\n")
	}
	return w.Done()
}

// briefingLinks writes briefings as short <li> entries: title and date.
// refs are the briefings' (newBriefingRefs).
func briefingLinks(sc *htmlw.Scratch, root string, briefings []*model.Briefing, refs briefingRefs) HTMLList {
	l := newList(sc)
	rt := newRootRef(root)
	for _, br := range briefings {
		l.Tag("<li>")
		refs.of(br).writeLink(&l.Writer, rt)
		l.Tag("</li>\n")
		l.endItem()
	}
	return l.list()
}

// chronologyItems writes a briefing's events for the small timeline beside
// its article: date (or "Undated"), a link to the passage, the actors.
func chronologyItems(sc *htmlw.Scratch, spelled *spellings, root string, events []*model.Event) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	for _, e := range events {
		w.Tag("<li>")
		if !e.Value.IsZero() {
			writeTime(&w, spelled, e.Value)
		} else {
			w.Tag(`<span class="undated">`)
			w.Text(spelled.lang.Text("briefing.undated"))
			w.Tag(`</span>`)
		}
		w.Tag("\n<a href=")
		w.URLValue("#", e.Anchor)
		w.Tag(`>`)
		w.Text(e.Title)
		w.Tag("</a>")
		if len(e.Actors) > 0 {
			w.Tag(`<span class="with"> · `)
			for i, a := range e.Actors {
				if i > 0 {
					w.Tag(", ")
				}
				w.Tag(`<a href=`)
				w.URLValue(root, "actors/", a.ID, ".html")
				w.Tag(`>`)
				w.Text(a.Name)
				w.Tag("</a>")
			}
			w.Tag("</span>")
		}
		w.Tag("</li>\n")
	}
	return w.Done()
}

// actorCountItems writes a briefing's actors with their mention counts,
// key actors marked. The list is also the picture of them: each actor
// named in the text has a bar as long as its mentions against the most
// mentioned one's, in --n, which style.css's .bars draws in the colour of
// its kind. Each entry is the target a-ID of the actor pages' links to
// the mentions they leave out, and lists every mention of the actor in
// the text, in reading order, as links numbered from 1.
func actorCountItems(sc *htmlw.Scratch, lang *i18n.Lang, root string, counts []model.ActorCount, mentions []*model.Mention) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	dir := root + "actors/"
	top := 0
	for _, c := range counts {
		top = max(top, c.Count)
	}
	var num [20]byte
	// Each actor's mentions are found by looking through all of them, not
	// grouped in a map first: a briefing names a few dozen actors. A
	// long article naming hundreds is grouped.
	var byActor map[*model.Actor][]*model.Mention
	if len(counts)*len(mentions) > groupMentionsOver {
		byActor = make(map[*model.Actor][]*model.Mention, len(counts))
		for _, m := range mentions {
			byActor[m.Actor] = append(byActor[m.Actor], m)
		}
	}
	for _, c := range counts {
		w.Tag(`<li id=`)
		w.AttrValue("a-" + c.Actor.ID)
		if c.Key {
			w.Tag(` class=key`)
		}
		if c.Count > 0 {
			w.Tag(` style=--n:`)
			w.Int(barPercent(c.Count, top))
			w.Tag(`%`)
		}
		w.Tag(">")
		writeActorLink(&w, dir, c.Actor)
		// What the count is, the list's legend says once (briefing.html).
		w.Tag(` <span class="count">`)
		w.Int(c.Count)
		w.Tag("</span>")
		if c.Key {
			w.Tag(` <span class="badge">`)
			w.Text(lang.Text("badge.key"))
			w.Tag(`</span>`)
		}
		// Small print of bare links, not a list: an actor of a long
		// briefing has dozens, and an <li> each weighs as much as the
		// link. Their entry, the actor's, is their context.
		ms := mentions
		if byActor != nil {
			ms = byActor[c.Actor]
		}
		k := 0
		for _, m := range ms {
			if m.Actor != c.Actor {
				continue
			}
			if k == 0 {
				w.Tag(`<small>`)
			}
			k++
			w.Tag(`<a href=#`)
			w.AttrValueBytes(m.AppendAnchor(num[:0]))
			w.Tag(`>`)
			w.Int(k)
			w.Tag("</a>")
		}
		if k > 0 {
			w.Tag("</small>")
		}
		w.Tag("</li>\n")
	}
	return w.Done()
}

// groupMentionsOver is how many actor and mention pairs actorCountItems
// looks through before it groups the mentions by actor instead: a
// variable, for the test that has it group a small briefing's.
var groupMentionsOver = 1 << 16

// barPercent is the length of the bar of n against the largest count, in
// whole per cent: at least 1, so that an actor named once still has one.
func barPercent(n, top int) int {
	return max(1, (200*n+top)/(2*top))
}

// writeActorLink writes a link to an actor's page, classed by its kind;
// dir is the relative path from the page to actors/. Templates make the
// same link with actorLink.
func writeActorLink(w *htmlw.Writer, dir string, a *model.Actor) {
	w.Tag(`<a class="actor `)
	w.Attr(string(a.Kind))
	w.Tag(`" href="`)
	w.URL(dir)
	w.URL(a.ID)
	w.Tag(`.html">`)
	w.Text(a.Name)
	w.Tag("</a>")
}

// actorLink is writeActorLink for templates: {{actorLink "../actors/" .Actor}}.
func actorLink(dir string, a *model.Actor) template.HTML {
	var w htmlw.Writer
	writeActorLink(&w, dir, a)
	return w.Done()
}

// tagItems writes a briefing's tags as <li> entries.
func tagItems(sc *htmlw.Scratch, root string, tags []*model.Tag) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	dir := root + "tags/"
	for _, t := range tags {
		w.Tag("<li>")
		writeTagLink(&w, dir, t)
		w.Tag("</li>")
	}
	return w.Done()
}

// writeTagLink writes a link to a tag's page; dir is the relative path
// from the page to tags/. Templates make the same link with tagLink.
func writeTagLink(w *htmlw.Writer, dir string, t *model.Tag) {
	w.Tag(`<a class="tag" href="`)
	w.URL(dir)
	w.URL(t.Name)
	w.Tag(`.html">`)
	w.Text(t.Name)
	w.Tag("</a>")
}

// tagLink is writeTagLink for templates: {{tagLink "../tags/" .}}.
func tagLink(dir string, t *model.Tag) template.HTML {
	var w htmlw.Writer
	writeTagLink(&w, dir, t)
	return w.Done()
}

// pagerLinks writes the links from a briefing page to the briefings
// before and after it, one a line.
func pagerLinks(sc *htmlw.Scratch, older, newer *model.Briefing) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	if older != nil {
		w.Tag(`<a rel="prev" href="`)
		w.URL(older.Slug)
		w.Tag(`.html">← `)
		w.Text(older.Title)
		w.Tag("</a>")
	}
	w.Tag("\n")
	if newer != nil {
		w.Tag(`<a rel="next" href="`)
		w.URL(newer.Slug)
		w.Tag(`.html">`)
		w.Text(newer.Title)
		w.Tag(" →</a>")
	}
	return w.Done()
}

// writeTime writes a calendar value as a <time> element for readers,
// in spelled's language.
func writeTime(w *htmlw.Writer, spelled *spellings, value calendar.Value) {
	var buf [48]byte
	w.Tag(`<time datetime="`)
	w.TextBytes(value.AppendTo(buf[:0]))
	w.Tag(`">`)
	w.Text(spelled.get(value).long)
	w.Tag("</time>")
}

// writeBriefingURL writes the relative URL of a briefing page, or of a
// passage in it when anchor is not "".
func writeBriefingURL(w *htmlw.Writer, root, slug, anchor string) {
	w.URL(root)
	w.Tag("briefings/")
	w.URL(slug)
	w.Tag(".html")
	if anchor != "" {
		w.Byte('#')
		w.URL(anchor)
	}
}
