package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
)

// The lists that grow with the site (briefings on the index, tag and
// archive pages, mentions on actor pages, timeline entries) and the lists
// on every briefing page (its actors, its events) are written here in Go
// rather than ranged over in templates: on a site of 10,000 briefings they
// hold millions of entries, and html/template spends about a microsecond on
// each value it reflects on and escapes. Templates place the finished HTML;
// every value is escaped here. The data stays in the page for templates
// that would rather lay a list out themselves.

// HTMLList is a long run of HTML in pieces of about 32 KB, which a
// template prints with {{range .List}}{{.}}{{end}}. Templates print every
// value through fmt, whose buffers are reused only up to 64 KB: a list of a
// megabyte, printed whole, was copied into a new buffer every time.
type HTMLList []template.HTML

const listPiece = 32 << 10

// listBuilder writes an HTMLList. endItem after each entry starts a new
// piece when this one is full, so that no entry is split.
type listBuilder struct {
	strings.Builder
	pieces HTMLList
}

func (l *listBuilder) endItem() {
	if l.Len() >= listPiece {
		l.pieces = append(l.pieces, template.HTML(l.String()))
		l.Builder = strings.Builder{}
		l.Grow(listPiece + listPiece/4)
	}
}

func (l *listBuilder) list() HTMLList {
	if l.Len() > 0 {
		l.pieces = append(l.pieces, template.HTML(l.String()))
	}
	return l.pieces
}

// summaries holds each briefing's summary rendered once, for every list
// it appears in.
type summaries map[*model.Briefing]template.HTML

func renderSummaries(s *model.Site) (summaries, error) {
	out := make([]template.HTML, len(s.Briefings))
	err := parallel.For(len(s.Briefings), func(_, i int) error {
		var err error
		out[i], err = Inline(s.Briefings[i].Summary)
		return err
	})
	m := make(summaries, len(out))
	for i, b := range s.Briefings {
		m[b] = out[i]
	}
	return m, err
}

// briefingItems writes <li> entries for an <ol class="briefing-list">,
// with headings at level h (2 or 3).
func briefingItems(root string, briefings []*model.Briefing, sums summaries, h string, withTags bool) HTMLList {
	var l listBuilder
	b := &l.Builder
	b.Grow(min(len(briefings)*400, listPiece+listPiece/4))
	for _, br := range briefings {
		b.WriteString("<li>\n<article>\n<h")
		b.WriteString(h)
		b.WriteString(`><a href="`)
		writeBriefingURL(b, root, br.Slug, "")
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(br.Title))
		b.WriteString("</a></h")
		b.WriteString(h)
		b.WriteString(">\n")
		b.WriteString(`<p class="meta"><time datetime="`)
		b.WriteString(br.Published.Format("2006-01-02"))
		b.WriteString(`">`)
		b.WriteString(br.Published.Format("Monday 2 January 2006"))
		b.WriteString("</time>")
		if withTags {
			for _, t := range br.Tags {
				b.WriteString(` · <a class="tag" href="`)
				b.WriteString(root)
				b.WriteString("tags/")
				b.WriteString(t.Name)
				b.WriteString(`.html">`)
				b.WriteString(t.Name)
				b.WriteString("</a>")
			}
		}
		b.WriteString("</p>\n<p>")
		b.WriteString(string(sums[br]))
		b.WriteString("</p>\n</article>\n</li>\n")
		l.endItem()
	}
	return l.list()
}

// mentionItems writes an actor's mentions with their context as <li>
// entries for an <ol class="mentions">, one for each briefing (its title
// and date once, then its mentions in text order): an actor of a large
// site has thousands.
func mentionItems(root string, a *model.Actor) HTMLList {
	var l listBuilder
	b := &l.Builder
	b.Grow(min(len(a.Mentions)*300, listPiece+listPiece/4))
	var num [20]byte
	for i, m := range a.Mentions {
		br := m.Briefing
		if i == 0 || a.Mentions[i-1].Briefing != br {
			b.WriteString("<li>")
			writeBriefingLink(b, root, br, "from")
			b.WriteString("\n<ol>\n")
		}
		before, after, cutBefore, cutAfter := context(m)
		b.WriteString(`<li><a class="context" href="`)
		writeBriefingURL(b, root, br.Slug, "")
		b.WriteByte('#')
		b.Write(m.AppendAnchor(num[:0]))
		b.WriteString(`">`)
		if cutBefore {
			b.WriteString("…")
		}
		escape(b, before)
		b.WriteString("<strong>")
		escape(b, br.Seed.Data[m.Start:m.End])
		b.WriteString("</strong>")
		escape(b, after)
		if cutAfter {
			b.WriteString("…")
		}
		b.WriteString("</a></li>\n")
		if i+1 == len(a.Mentions) || a.Mentions[i+1].Briefing != br {
			b.WriteString("</ol></li>\n")
			l.endItem()
		}
	}
	return l.list()
}

// timelineItems writes timeline entries as <li> elements of an
// <ol class="timeline">.
func timelineItems(root string, items []TimelineItem) HTMLList {
	var l listBuilder
	var num [20]byte
	b := &l.Builder
	b.Grow(min(len(items)*250, listPiece+listPiece/4))
	for _, it := range items {
		class := "mention"
		if it.Event != nil {
			class = "event"
		}
		b.WriteString(`<li class="`)
		b.WriteString(class)
		b.WriteString(`">`)
		writeTime(b, it.Value)
		b.WriteString("\n<a href=\"")
		if it.Event != nil {
			writeBriefingURL(b, root, it.Briefing.Slug, it.Event.Anchor)
			b.WriteString(`"><strong>`)
			b.WriteString(html.EscapeString(it.Event.Title))
			b.WriteString("</strong></a>")
		} else {
			d := it.Date
			writeBriefingURL(b, root, it.Briefing.Slug, "")
			b.WriteByte('#')
			b.Write(d.AppendAnchor(num[:0]))
			b.WriteString(`">“`) // and the text straight from the seed, not d.Text()
			escape(b, it.Briefing.Seed.Data[d.Start:d.End])
			b.WriteString(`”</a> <span class="meta">in `)
			b.WriteString(html.EscapeString(it.Briefing.Title))
			b.WriteString("</span>")
		}
		b.WriteString("</li>\n")
		l.endItem()
	}
	return l.list()
}

// eventItems writes events as <li> entries: date, then a link to the
// passage.
func eventItems(root string, events []*model.Event) template.HTML {
	var b strings.Builder
	for _, e := range events {
		b.WriteString("<li>")
		if !e.Value.IsZero() {
			writeTime(&b, e.Value)
		}
		b.WriteString(` <a href="`)
		writeBriefingURL(&b, root, e.Briefing.Slug, e.Anchor)
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(e.Title))
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}

// briefingLinks writes briefings as short <li> entries: title and date.
func briefingLinks(root string, briefings []*model.Briefing) HTMLList {
	var l listBuilder
	b := &l.Builder
	for _, br := range briefings {
		b.WriteString("<li>")
		writeBriefingLink(b, root, br, "")
		b.WriteString("</li>\n")
		l.endItem()
	}
	return l.list()
}

// writeBriefingLink writes a link to a briefing, with the given class
// unless "", and its date.
func writeBriefingLink(b *strings.Builder, root string, br *model.Briefing, class string) {
	date := br.Published.Format("2006-01-02")
	b.WriteString("<a ")
	if class != "" {
		b.WriteString(`class="`)
		b.WriteString(class)
		b.WriteString(`" `)
	}
	b.WriteString(`href="`)
	writeBriefingURL(b, root, br.Slug, "")
	b.WriteString(`">`)
	b.WriteString(html.EscapeString(br.Title))
	b.WriteString(`</a> <time datetime="`)
	b.WriteString(date)
	b.WriteString(`">`)
	b.WriteString(date)
	b.WriteString("</time>")
}

// chronologyItems writes a briefing's events for the small timeline beside
// its article: date (or "Undated"), a link to the passage, the actors.
func chronologyItems(root string, events []*model.Event) template.HTML {
	var b strings.Builder
	for _, e := range events {
		b.WriteString("<li>")
		if !e.Value.IsZero() {
			writeTime(&b, e.Value)
		} else {
			b.WriteString(`<span class="undated">Undated</span>`)
		}
		b.WriteString("\n<a href=\"#")
		b.WriteString(e.Anchor)
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(e.Title))
		b.WriteString("</a>")
		if len(e.Actors) > 0 {
			b.WriteString(`<span class="with"> · `)
			for i, a := range e.Actors {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(`<a href="`)
				b.WriteString(root)
				b.WriteString("actors/")
				b.WriteString(a.ID)
				b.WriteString(`.html">`)
				b.WriteString(html.EscapeString(a.Name))
				b.WriteString("</a>")
			}
			b.WriteString("</span>")
		}
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}

// actorCountItems writes a briefing's actors with their mention counts,
// key actors marked.
func actorCountItems(root string, counts []model.ActorCount) template.HTML {
	var b strings.Builder
	for _, c := range counts {
		b.WriteString("<li")
		if c.Key {
			b.WriteString(` class="key"`)
		}
		b.WriteString(`><a class="actor `)
		b.WriteString(string(c.Actor.Kind))
		b.WriteString(`" href="`)
		b.WriteString(root)
		b.WriteString("actors/")
		b.WriteString(c.Actor.ID)
		b.WriteString(`.html">`)
		b.WriteString(html.EscapeString(c.Actor.Name))
		b.WriteString(`</a> <span class="count" title="mentions">`)
		b.WriteString(strconv.Itoa(c.Count))
		b.WriteString("</span>")
		if c.Key {
			b.WriteString(` <span class="badge">key</span>`)
		}
		b.WriteString("</li>\n")
	}
	return template.HTML(b.String())
}

// tagItems writes a briefing's tags as <li> entries.
func tagItems(root string, tags []*model.Tag) template.HTML {
	var b strings.Builder
	for _, t := range tags {
		name := html.EscapeString(t.Name)
		b.WriteString(`<li><a class="tag" href="`)
		b.WriteString(root)
		b.WriteString("tags/")
		b.WriteString(name)
		b.WriteString(`.html">`)
		b.WriteString(name)
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// pagerLinks writes the links from a briefing page to the briefings
// before and after it, one a line.
func pagerLinks(older, newer *model.Briefing) template.HTML {
	var b strings.Builder
	if older != nil {
		b.WriteString(`<a rel="prev" href="`)
		b.WriteString(html.EscapeString(older.Slug))
		b.WriteString(`.html">← `)
		b.WriteString(html.EscapeString(older.Title))
		b.WriteString("</a>")
	}
	b.WriteString("\n")
	if newer != nil {
		b.WriteString(`<a rel="next" href="`)
		b.WriteString(html.EscapeString(newer.Slug))
		b.WriteString(`.html">`)
		b.WriteString(html.EscapeString(newer.Title))
		b.WriteString(" →</a>")
	}
	return template.HTML(b.String())
}

// writeTime writes a calendar value as a <time> element for readers.
func writeTime(b *strings.Builder, value calendar.Value) {
	var buf [48]byte
	b.WriteString(`<time datetime="`)
	escape(b, value.AppendTo(buf[:0]))
	b.WriteString(`">`)
	escape(b, value.AppendHuman(buf[:0]))
	b.WriteString("</time>")
}

// writeBriefingURL writes the relative URL of a briefing page, or of a
// passage in it when anchor is not "".
func writeBriefingURL(b *strings.Builder, root, slug, anchor string) {
	b.WriteString(root)
	b.WriteString("briefings/")
	b.WriteString(slug)
	b.WriteString(".html")
	if anchor != "" {
		b.WriteByte('#')
		b.WriteString(anchor)
	}
}
