package render

import (
	"cmp"
	"html"
	"html/template"
	"slices"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Block is a paragraph or sub-heading of a briefing's article, with its
// mentions, dates and annotated passages marked up, and the notes that
// annotate it, to show beside it.
type Block struct {
	Heading bool
	HTML    template.HTML
	Notes   []*model.Note
}

// markKind says what a markup element is.
type markKind uint8

const (
	markEvent   markKind = iota // <mark class="event">
	markNote                    // <mark class="note">
	markMention                 // <a class="mention">
	markDate                    // <time>
	markAnchor                  // an empty <span> with a passage's id
)

// markup is an element to wrap around a span of the seed; i indexes the
// briefing's events, notes, mentions or dates. Elements that may not cross
// others (mentions, dates) are dropped on conflict; passages (events,
// notes) shrink to an empty anchor instead, so that links to them keep
// working.
type markup struct {
	start, end int
	kind       markKind
	i          int
	of         markKind // for markAnchor: the passage it stands for
}

func (m markup) passage() bool { return m.kind == markEvent || m.kind == markNote }

// anchor is the empty element that replaces a passage that cannot nest.
func (m markup) anchor() markup {
	return markup{start: m.start, end: m.start, kind: markAnchor, i: m.i, of: m.kind}
}

// tagger writes the opening and closing tags of markup elements.
type tagger interface {
	open(w *strings.Builder, m markup)
	close(w *strings.Builder, m markup)
}

// briefingTags writes the elements of a briefing page. It writes straight
// into the page's text: a large site has millions of them.
type briefingTags struct {
	b    *model.Briefing
	root string
}

func (t briefingTags) id(kind markKind, i int) string {
	if kind == markEvent {
		return t.b.Events[i].Anchor
	}
	return t.b.Notes[i].Anchor
}

func (t briefingTags) open(w *strings.Builder, m markup) {
	var anchor [24]byte
	switch m.kind {
	case markEvent:
		w.WriteString(`<mark class="event" id="`)
		w.WriteString(t.b.Events[m.i].Anchor)
		w.WriteString(`">`)
	case markNote:
		w.WriteString(`<mark class="note" id="`)
		w.WriteString(t.b.Notes[m.i].Anchor)
		w.WriteString(`">`)
	case markMention:
		mention := t.b.Mentions[m.i]
		w.WriteString(`<a class="mention `)
		w.WriteString(string(mention.Actor.Kind))
		w.WriteString(`" id="`)
		w.Write(mention.AppendAnchor(anchor[:0]))
		w.WriteString(`" href="`)
		w.WriteString(t.root)
		w.WriteString("actors/")
		w.WriteString(mention.Actor.ID)
		w.WriteString(`.html">`)
	case markDate:
		d := t.b.Dates[m.i]
		w.WriteString(`<time class="date`)
		if d.Corrected {
			w.WriteString(" corrected")
		}
		w.WriteString(`" id="`)
		w.Write(d.AppendAnchor(anchor[:0]))
		w.WriteString(`" datetime="`)
		var value [48]byte
		escape(w, d.Value.AppendTo(value[:0]))
		w.WriteString(`" title="`)
		escape(w, d.Value.AppendHuman(value[:0]))
		w.WriteString(`">`)
	case markAnchor:
		w.WriteString(`<span class="anchor" id="`)
		w.WriteString(t.id(m.of, m.i))
		w.WriteString(`">`)
	}
}

func (t briefingTags) close(w *strings.Builder, m markup) {
	switch m.kind {
	case markEvent:
		w.WriteString("</mark>")
	case markNote:
		n := t.b.Notes[m.i]
		w.WriteString(`<a class="note-ref" href="#`)
		w.WriteString(n.Anchor)
		w.WriteString(`-text">`)
		w.WriteString(noteNumber(n))
		w.WriteString("</a></mark>")
	case markMention:
		w.WriteString("</a>")
	case markDate:
		w.WriteString("</time>")
	case markAnchor:
		w.WriteString("</span>")
	}
}

// Article marks up a briefing's seed text, block by block, with the
// analyst's notes (noteHTML, rendered) beside the block they annotate.
// root is the relative path from the page to the site root. It returns the
// blocks for templates that lay the article out themselves, and the whole
// article as briefing.html shows it, of which the blocks' HTML are slices:
// ranging over the blocks in a template cost a briefing page about forty
// template actions.
func Article(b *model.Briefing, root string, noteHTML map[*model.Note]template.HTML) (blocks []Block, article template.HTML) {
	seed := b.Seed
	marks := make([]markup, 0, len(b.Events)+len(b.Notes)+len(b.Mentions)+len(b.Dates))
	for i, e := range b.Events {
		marks = append(marks, markup{start: e.Start, end: e.End, kind: markEvent, i: i})
	}
	for i, n := range b.Notes {
		marks = append(marks, markup{start: n.Start, end: n.End, kind: markNote, i: i})
	}
	for i, m := range b.Mentions {
		marks = append(marks, markup{start: m.Start, end: m.End, kind: markMention, i: i})
	}
	for i, d := range b.Dates {
		marks = append(marks, markup{start: d.Start, end: d.End, kind: markDate, i: i})
	}
	// Outer elements first: by start, then longest; on ties, passage marks
	// (listed first above) stay outside.
	slices.SortStableFunc(marks, func(a, b markup) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end))
	})

	// Marks are sorted by start, and so are blocks: the marks of a block
	// are a run of the kept ones.
	kept := marks[:0]
	runEnd := make([]int, len(seed.Blocks)) // kept[runEnd[k-1]:runEnd[k]] lie in block k
	for _, m := range marks {
		k := blockAt(seed.Blocks, m.start)
		if k < 0 {
			continue
		}
		if m.end > seed.Blocks[k].End {
			if !m.passage() {
				continue
			}
			m = m.anchor()
		}
		kept = append(kept, m)
		runEnd[k] = len(kept)
	}
	blocks = make([]Block, len(seed.Blocks))
	for i, blk := range seed.Blocks {
		blocks[i].Heading = blk.Heading
	}
	for _, n := range b.Notes {
		if k := blockAt(seed.Blocks, n.Start); k >= 0 {
			blocks[k].Notes = append(blocks[k].Notes, n)
		}
	}
	// One string for the whole article: the markup of a mark is under 100
	// bytes, a block's frame and notes a few hundred.
	var w strings.Builder
	w.Grow(len(seed.Data) - seed.BodyStart + len(seed.Data)/8 + 100*len(kept) + 200*len(blocks))
	htmlStart := make([]int, len(seed.Blocks))
	htmlEnd := make([]int, len(seed.Blocks))
	var n nester
	tags := briefingTags{b, root}
	first := 0
	for i, blk := range seed.Blocks {
		inner := "p"
		if blk.Heading {
			inner = "h3"
		}
		w.WriteString("<div class=\"block\">\n<")
		w.WriteString(inner)
		w.WriteString(">")
		htmlStart[i] = w.Len()
		last := max(first, runEnd[i])
		n.nest(&w, seed.Data, blk.Start, blk.End, kept[first:last], tags)
		first = last
		htmlEnd[i] = w.Len()
		w.WriteString("</")
		w.WriteString(inner)
		w.WriteString(">\n")
		writeNotes(&w, blocks[i].Notes, noteHTML)
		w.WriteString("\n</div>\n")
	}
	all := w.String()
	for i := range blocks {
		blocks[i].HTML = template.HTML(all[htmlStart[i]:htmlEnd[i]])
	}
	return blocks, template.HTML(all)
}

// writeNotes writes the notes beside a block, as an <aside> labelled with
// their numbers.
func writeNotes(w *strings.Builder, notes []*model.Note, noteHTML map[*model.Note]template.HTML) {
	if len(notes) == 0 {
		return
	}
	w.WriteString(`<aside class="notes" aria-label="Analyst note`)
	if len(notes) > 1 {
		w.WriteString("s")
	}
	w.WriteString(" ")
	for i, n := range notes {
		if i > 0 {
			w.WriteString(", ")
		}
		w.WriteString(html.EscapeString(noteNumber(n)))
	}
	w.WriteString(`">`)
	for _, n := range notes {
		anchor := html.EscapeString(n.Anchor)
		w.WriteString(`<p class="note" id="`)
		w.WriteString(anchor)
		w.WriteString(`-text"><a class="note-num" href="#`)
		w.WriteString(anchor)
		w.WriteString(`">Note `)
		w.WriteString(html.EscapeString(noteNumber(n)))
		w.WriteString("</a> ")
		w.WriteString(string(noteHTML[n]))
		w.WriteString("</p>")
	}
	w.WriteString("</aside>")
}

func noteNumber(n *model.Note) string { return strings.TrimPrefix(n.Anchor, "n") }

func blockAt(blocks []seeds.Block, off int) int {
	i := sort.Search(len(blocks), func(i int) bool { return blocks[i].End > off })
	if i == len(blocks) || blocks[i].Start > off {
		return -1
	}
	return i
}

// nester inserts marks into text; it keeps its scratch space from one
// block to the next.
type nester struct {
	list  []tag
	kept  []markup
	stack []markup
}

type tag struct {
	at    int
	close bool
	order int
}

// nest writes data[start:end] escaped, with the marks (sorted outer first)
// inserted where they nest properly.
func (n *nester) nest(w *strings.Builder, data []byte, start, end int, marks []markup, tags tagger) {
	list, kept, stack := n.list[:0], n.kept[:0], n.stack[:0]
	defer func() { n.list, n.kept, n.stack = list, kept, stack }()
	for _, m := range marks {
		for len(stack) > 0 && stack[len(stack)-1].end <= m.start {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && m.end > stack[len(stack)-1].end {
			if !m.passage() {
				continue
			}
			m = m.anchor()
		}
		stack = append(stack, m)
		k := len(kept)
		kept = append(kept, m)
		list = append(list, tag{m.start, false, k}, tag{m.end, true, k})
	}
	// At one offset: closes before opens, inner closes first, outer opens first.
	slices.SortStableFunc(list, func(a, b tag) int {
		switch {
		case a.at != b.at:
			return cmp.Compare(a.at, b.at)
		case a.close != b.close:
			if a.order == b.order {
				return boolOrder(!a.close) // an empty element opens before it closes
			}
			return boolOrder(a.close)
		case a.close:
			return cmp.Compare(b.order, a.order)
		}
		return cmp.Compare(a.order, b.order)
	})
	pos := start
	for _, t := range list {
		escape(w, data[pos:t.at])
		if t.close {
			tags.close(w, kept[t.order])
		} else {
			tags.open(w, kept[t.order])
		}
		pos = t.at
	}
	escape(w, data[pos:end])
}

// boolOrder sorts the element for which first is true before the other.
func boolOrder(first bool) int {
	if first {
		return -1
	}
	return 1
}

// escape writes text escaped as html.EscapeString does, without the copies.
// It runs over every byte of every article and mention context: the bytes
// to escape are found by table, and the runs between written whole.
func escape(w *strings.Builder, text []byte) {
	last := 0
	for i := 0; i < len(text); i++ {
		rep := htmlEscapes[text[i]]
		if rep == "" {
			continue
		}
		w.Write(text[last:i])
		w.WriteString(rep)
		last = i + 1
	}
	w.Write(text[last:])
}

// htmlEscapes holds the replacement of each byte that html.EscapeString
// replaces.
var htmlEscapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}
