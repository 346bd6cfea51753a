package render

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Block is a paragraph or sub-heading of a briefing's article, with its
// mentions, dates and annotated passages marked up.
type Block struct {
	Heading bool
	HTML    template.HTML
	Notes   []*model.Note
	Events  []*model.Event
}

// markup is an element to wrap around a span of the seed. Elements that
// may not cross others (mentions, dates) are dropped on conflict; passage
// marks (events, notes) shrink to an empty anchor instead, so that links
// to them keep working.
type markup struct {
	start, end  int
	open, close string
	anchor      string // id for the empty anchor fallback; "" means drop
}

// Article marks up a briefing's seed text, block by block. root is the
// relative path from the page to the site root.
func Article(b *model.Briefing, root string) []Block {
	seed := b.Seed
	var marks []markup
	for _, e := range b.Events {
		marks = append(marks, markup{e.Start, e.End,
			fmt.Sprintf(`<mark class="event" id="%s">`, e.Anchor), "</mark>", e.Anchor})
	}
	for _, n := range b.Notes {
		marks = append(marks, markup{n.Start, n.End,
			fmt.Sprintf(`<mark class="note" id="%s">`, n.Anchor), fmt.Sprintf(`<a class="note-ref" href="#%s-text">%s</a></mark>`, n.Anchor, noteNumber(n)), n.Anchor})
	}
	for _, m := range b.Mentions {
		marks = append(marks, markup{m.Start, m.End,
			fmt.Sprintf(`<a class="mention %s" id="%s" href="%sactors/%s.html">`, m.Actor.Kind, m.Anchor(), root, m.Actor.ID), "</a>", ""})
	}
	for _, d := range b.Dates {
		class := "date"
		if d.Corrected {
			class = "date corrected"
		}
		marks = append(marks, markup{d.Start, d.End,
			fmt.Sprintf(`<time class="%s" id="%s" datetime="%s" title="%s">`, class, d.Anchor(), d.Value, html.EscapeString(HumanDate(d.Value))), "</time>", ""})
	}
	// Outer elements first: by start, then longest; on ties, passage marks
	// (listed first above) stay outside.
	sort.SliceStable(marks, func(i, j int) bool {
		if marks[i].start != marks[j].start {
			return marks[i].start < marks[j].start
		}
		return marks[i].end > marks[j].end
	})

	blocks := make([]Block, len(seed.Blocks))
	for i, blk := range seed.Blocks {
		blocks[i].Heading = blk.Heading
	}
	byBlock := make([][]markup, len(seed.Blocks))
	for _, m := range marks {
		k := blockAt(seed.Blocks, m.start)
		if k < 0 {
			continue
		}
		if m.end > seed.Blocks[k].End {
			if m.anchor == "" {
				continue
			}
			m = markup{start: m.start, end: m.start, open: fmt.Sprintf(`<span class="anchor" id="%s">`, m.anchor), close: "</span>"}
		}
		byBlock[k] = append(byBlock[k], m)
	}
	for i, blk := range seed.Blocks {
		blocks[i].HTML = template.HTML(nest(seed.Data, blk.Start, blk.End, byBlock[i]))
	}
	for _, n := range b.Notes {
		if k := blockAt(seed.Blocks, n.Start); k >= 0 {
			blocks[k].Notes = append(blocks[k].Notes, n)
		}
	}
	for _, e := range b.Events {
		if k := blockAt(seed.Blocks, e.Start); k >= 0 {
			blocks[k].Events = append(blocks[k].Events, e)
		}
	}
	return blocks
}

func noteNumber(n *model.Note) string { return strings.TrimPrefix(n.Anchor, "n") }

func blockAt(blocks []seeds.Block, off int) int {
	i := sort.Search(len(blocks), func(i int) bool { return blocks[i].End > off })
	if i == len(blocks) || blocks[i].Start > off {
		return -1
	}
	return i
}

// nest writes data[start:end] escaped, with the marks (sorted outer first)
// inserted where they nest properly.
func nest(data []byte, start, end int, marks []markup) string {
	type tag struct {
		at    int
		text  string
		close bool
		order int
	}
	var tags []tag
	var stack []markup
	for i, m := range marks {
		for len(stack) > 0 && stack[len(stack)-1].end <= m.start {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && m.end > stack[len(stack)-1].end {
			if m.anchor == "" {
				continue
			}
			m = markup{start: m.start, end: m.start, open: fmt.Sprintf(`<span class="anchor" id="%s">`, m.anchor), close: "</span>"}
		}
		stack = append(stack, m)
		tags = append(tags, tag{m.start, m.open, false, i}, tag{m.end, m.close, true, i})
	}
	// At one offset: closes before opens, inner closes first, outer opens first.
	sort.SliceStable(tags, func(i, j int) bool {
		a, b := tags[i], tags[j]
		if a.at != b.at {
			return a.at < b.at
		}
		if a.close != b.close {
			if a.order == b.order {
				return !a.close // an empty element opens before it closes
			}
			return a.close
		}
		if a.close {
			return a.order > b.order
		}
		return a.order < b.order
	})
	var out strings.Builder
	pos := start
	for _, t := range tags {
		out.WriteString(html.EscapeString(string(data[pos:t.at])))
		out.WriteString(t.text)
		pos = t.at
	}
	out.WriteString(html.EscapeString(string(data[pos:end])))
	return out.String()
}
