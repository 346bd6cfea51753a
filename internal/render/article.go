package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
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
	block      int      // the seed block the model found it in
}

func (m markup) passage() bool { return m.kind == markEvent || m.kind == markNote }

// anchor is the empty element that replaces a passage that cannot nest.
func (m markup) anchor() markup {
	return markup{start: m.start, end: m.start, kind: markAnchor, i: m.i, of: m.kind, block: m.block}
}

// tagger writes the opening and closing tags of markup elements.
type tagger interface {
	open(w *htmlw.Writer, m markup)
	close(w *htmlw.Writer, m markup)
}

// briefingTags writes the elements of a briefing page. It writes straight
// into the page's text: a large site has millions of them.
type briefingTags struct {
	b    *model.Briefing
	lang *i18n.Lang
	// spelled holds each value's spellings: an article names a few days
	// many times, and a site's articles a few thousand days.
	spelled *spellings
	links   *actorLinks
}

// actorLinks are the markup of the links to actors around each mention's
// anchor in articles whose links start from root, written once per actor:
// an article mentions a few actors many times, and escaping their kinds
// and URLs for every mention was much of writing its links. A run's are
// made for every actor at once (newActorLinks) and only read after, by
// every worker; an actor not among them has its markup written when asked.
type actorLinks struct {
	root string
	m    map[*model.Actor]*mentionLink
}

type mentionLink struct {
	// head is `<a class=KIND id=`, tail ` href=URL>`.
	head, tail string
}

func newActorLinks(root string, actors []*model.Actor) *actorLinks {
	l := &actorLinks{root: root, m: make(map[*model.Actor]*mentionLink, len(actors))}
	for _, a := range actors {
		l.m[a] = writeMentionLink(root, a)
	}
	return l
}

// of is a's markup.
func (l *actorLinks) of(a *model.Actor) *mentionLink {
	if ml := l.m[a]; ml != nil {
		return ml
	}
	return writeMentionLink(l.root, a)
}

func writeMentionLink(root string, a *model.Actor) *mentionLink {
	var w htmlw.Writer
	w.Tag(`<a class=`)
	w.AttrValue(string(a.Kind))
	w.Tag(` id=`)
	head := w.Len()
	w.Tag(` href=`)
	w.URLValue(root, "actors/", a.ID, ".html")
	w.Tag(`>`)
	all := w.String()
	return &mentionLink{head: all[:head], tail: all[head:]}
}

// spelling is a calendar value for readers: with its weekday (the
// tooltip) and without (beside a relative expression); and for machines,
// its TIMEX3 form (a <time>'s datetime).
type spelling struct{ long, short, timex string }

func (t briefingTags) spell(v calendar.Value) *spelling { return t.spelled.get(v) }

// spellings are calendar values spelled for readers in one language,
// each once, for every article of a run. It is safe for concurrent use.
//
// Every date of every page asks for its value's, from every worker: the
// values of the site's dates and events are spelled before the files are
// made (know) into a map that is only read after. A lock's count, taken
// for each of them, bounced between the CPUs.
type spellings struct {
	lang  *i18n.Lang
	known atomic.Pointer[map[calendar.Value]*spelling]
	mu    sync.Mutex
	m     map[calendar.Value]*spelling // the others, made when first asked
}

func newSpellings(lang *i18n.Lang) *spellings {
	return &spellings{lang: lang, m: map[calendar.Value]*spelling{}}
}

func (s *spellings) get(v calendar.Value) *spelling {
	if known := s.known.Load(); known != nil {
		if sp := (*known)[v]; sp != nil {
			return sp
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.m[v]
	if sp == nil {
		sp = s.spell(v)
		s.m[v] = sp
	}
	return sp
}

func (s *spellings) spell(v calendar.Value) *spelling {
	str := v.String()
	return &spelling{long: s.lang.HumanLong(str), short: s.lang.Human(str), timex: str}
}

// know spells the values of the site's dates and events ahead.
func (s *spellings) know(site *model.Site) {
	known := map[calendar.Value]*spelling{}
	add := func(v calendar.Value) {
		if _, ok := known[v]; !ok {
			known[v] = s.spell(v)
		}
	}
	// Both lists are in date order: most values are the one before.
	for i, d := range site.Dates {
		if i == 0 || d.Value != site.Dates[i-1].Value {
			add(d.Value)
		}
	}
	for i, e := range site.Events {
		if i == 0 || e.Value != site.Events[i-1].Value {
			add(e.Value)
		}
	}
	s.known.Store(&known)
}

func (t briefingTags) id(kind markKind, i int) string {
	if kind == markEvent {
		return t.b.Events[i].Anchor
	}
	return t.b.Notes[i].Anchor
}

func (t briefingTags) open(w *htmlw.Writer, m markup) {
	var anchor [48]byte
	switch m.kind {
	case markEvent:
		w.Tag(`<mark class=event id=`)
		w.AttrValue(t.b.Events[m.i].Anchor)
		w.Tag(`>`)
	case markNote:
		w.Tag(`<mark class=note id=`)
		w.AttrValue(t.b.Notes[m.i].Anchor)
		w.Tag(`>`)
	case markMention:
		mention := t.b.Mentions[m.i]
		// The kind is enough to tell a mention: in the article, a link
		// with an actor's kind is one (style.css). The article's
		// attributes go without quotes where HTML allows.
		link := t.links.of(mention.Actor)
		w.Tag(link.head)
		w.AttrValueBytes(mention.AppendAnchor(anchor[:0]))
		w.Tag(link.tail)
	case markDate:
		d := t.b.Dates[m.i]
		spelled := t.spell(d.Value)
		// Every <time> of the article is a date expression (style.css).
		w.Tag(`<time `)
		if d.Corrected {
			w.Tag(`class=corrected `)
		}
		w.Tag(`id=`)
		w.AttrValueBytes(d.AppendAnchor(anchor[:0]))
		w.Tag(` datetime=`)
		w.AttrValue(spelled.timex)
		// A relative expression shows its date after it: a title would
		// say it again.
		if !relative(t.b.Seed.Data[d.Start:d.End]) {
			w.Tag(` title=`)
			w.AttrValue(spelled.long)
		}
		w.Tag(`>`)
	case markAnchor:
		w.Tag(`<span class=anchor id=`)
		w.AttrValue(t.id(m.of, m.i))
		w.Tag(`>`)
	}
}

func (t briefingTags) close(w *htmlw.Writer, m markup) {
	switch m.kind {
	case markEvent:
		w.Tag("</mark>")
	case markNote:
		n := t.b.Notes[m.i]
		w.Tag(`<a class="note-ref" href="#`)
		w.URL(n.Anchor)
		w.Tag(`-text">`)
		w.Text(noteNumber(n))
		w.Tag("</a></mark>")
	case markMention:
		w.Tag("</a>")
	case markDate:
		w.Tag("</time>")
		if d := t.b.Dates[m.i]; relative(t.b.Seed.Data[d.Start:d.End]) {
			w.Tag(`<small> [`)
			w.Text(t.spell(d.Value).short)
			w.Tag("]</small>")
		}
	case markAnchor:
		w.Tag("</span>")
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
	return articleIn(nil, newSpellings(i18n.English), nil, b, root, noteHTML)
}

// relative says whether a date expression needs its resolved date
// beside it for a reader: one without a digit ("on Wednesday", "the next
// day", "last week") names no calendar date of its own.
func relative(expr []byte) bool {
	// A loop, not bytes.ContainsAny, which makes its set of bytes anew on
	// each call: every date of every article asks, twice.
	for _, c := range expr {
		if '0' <= c && c <= '9' {
			return false
		}
	}
	return true
}

// articleIn is Article in the site's language (spelled's): the resolved
// dates and the notes' labels; its pieces in sc when not nil.
func articleIn(sc *htmlw.Scratch, spelled *spellings, links *actorLinks, b *model.Briefing, root string, noteHTML map[*model.Note]template.HTML) (blocks []Block, article template.HTML) {
	lang := spelled.lang
	seed := b.Seed
	as := articleScratches.Get().(*articleScratch)
	defer articleScratches.Put(as)
	marks := slices.Grow(as.marks[:0], len(b.Events)+len(b.Notes)+len(b.Mentions)+len(b.Dates))
	defer func() { as.marks = marks[:0] }()
	for i, e := range b.Events {
		marks = append(marks, markup{start: e.Start, end: e.End, kind: markEvent, i: i, block: e.Block})
	}
	for i, n := range b.Notes {
		marks = append(marks, markup{start: n.Start, end: n.End, kind: markNote, i: i, block: n.Block})
	}
	for i, m := range b.Mentions {
		marks = append(marks, markup{start: m.Start, end: m.End, kind: markMention, i: i, block: m.Block})
	}
	for i, d := range b.Dates {
		marks = append(marks, markup{start: d.Start, end: d.End, kind: markDate, i: i, block: d.Block})
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
		k := inBlock(seed.Blocks, m.block, m.start)
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
		if k := inBlock(seed.Blocks, n.Block, n.Start); k >= 0 {
			blocks[k].Notes = append(blocks[k].Notes, n)
		}
	}
	// One string for the whole article: the markup of a mark is under 100
	// bytes, a block's frame and notes a few hundred.
	var w htmlw.Writer
	w.Use(sc)
	w.Grow(len(seed.Data) - seed.BodyStart + len(seed.Data)/8 + 100*len(kept) + 200*len(blocks))
	htmlStart := make([]int, len(seed.Blocks))
	htmlEnd := make([]int, len(seed.Blocks))
	n := &as.nester
	if links == nil || links.root != root {
		links = newActorLinks(root, nil)
	}
	tags := briefingTags{b: b, lang: lang, spelled: spelled, links: links}
	first := 0
	for i, blk := range seed.Blocks {
		inner := "p"
		if blk.Heading {
			inner = "h3"
		}
		// No frame around a block and its notes: style.css lays the
		// article out as a grid, the notes beside their block.
		w.Tag("<")
		w.Tag(inner)
		w.Tag(">")
		htmlStart[i] = w.Len()
		last := max(first, runEnd[i])
		n.nest(&w, seed.Data, blk.Start, blk.End, kept[first:last], tags)
		first = last
		htmlEnd[i] = w.Len()
		w.Tag("</")
		w.Tag(inner)
		w.Tag(">\n")
		writeNotes(&w, lang, blocks[i].Notes, noteHTML)
		if len(blocks[i].Notes) > 0 {
			w.Tag("\n")
		}
	}
	all := w.String()
	for i := range blocks {
		blocks[i].HTML = template.HTML(all[htmlStart[i]:htmlEnd[i]])
	}
	return blocks, template.HTML(all)
}

// writeNotes writes the notes beside a block, as an <aside> labelled with
// their numbers.
func writeNotes(w *htmlw.Writer, lang *i18n.Lang, notes []*model.Note, noteHTML map[*model.Note]template.HTML) {
	if len(notes) == 0 {
		return
	}
	nums := make([]string, len(notes))
	for i, n := range notes {
		nums[i] = noteNumber(n)
	}
	w.Tag(`<aside class="notes" aria-label="`)
	w.Attr(lang.Count("note.label", len(notes), "list", strings.Join(nums, ", ")))
	w.Tag(`">`)
	for _, n := range notes {
		w.Tag(`<p class="note" id="`)
		w.Attr(n.Anchor)
		w.Tag(`-text"><a class="note-num" href="#`)
		w.URL(n.Anchor)
		w.Tag(`">`)
		w.Text(lang.Format("note.number", "n", noteNumber(n)))
		w.Tag("</a> ")
		w.HTML(noteHTML[n])
		w.Tag("</p>")
	}
	w.Tag("</aside>")
}

func noteNumber(n *model.Note) string { return strings.TrimPrefix(n.Anchor, "n") }

// inBlock is k, the block that the model found for a span that starts at
// off, when off is inside it, or -1: a span that starts between blocks is
// not marked.
func inBlock(blocks []seeds.Block, k, off int) int {
	if k < 0 || k >= len(blocks) || off < blocks[k].Start || off >= blocks[k].End {
		return -1
	}
	return k
}

// articleScratch is articleIn's memory, kept from one article to the
// next (articleScratches): the marks of an article, a few hundred, and
// the nester's.
type articleScratch struct {
	marks  []markup
	nester nester
}

var articleScratches = sync.Pool{New: func() any { return new(articleScratch) }}

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
func (n *nester) nest(w *htmlw.Writer, data []byte, start, end int, marks []markup, tags tagger) {
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
		w.TextBytes(data[pos:t.at])
		if t.close {
			tags.close(w, kept[t.order])
		} else {
			tags.open(w, kept[t.order])
		}
		pos = t.at
	}
	w.TextBytes(data[pos:end])
}

// boolOrder sorts the element for which first is true before the other.
func boolOrder(first bool) int {
	if first {
		return -1
	}
	return 1
}
