package render

import (
	"html/template"
	"strconv"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// A list that grows with the site is cut into pages of a fixed number of
// entries, so that no page of a large archive is heavy to open. The first
// page keeps the list's old URL; page n (from 2) is DIR/n.html, in a
// folder named after the first page, which no briefing slug, actor id or
// tag can collide with (none of them holds a "/"). Every page links to the
// one before and after it (rel="prev" and rel="next"), so every entry is
// reachable from the first page.
const (
	// archivePerPage is how many briefings a page of the archive lists
	// (the first page, and each page of a year).
	archivePerPage = 100
	// tagPerPage is how many briefings a page of a tag lists.
	tagPerPage = 100
	// actorPerPage is how many briefings an actor page shows the
	// mentions of, each with its first excerpts (mentionList).
	actorPerPage = 50
)

// monthPerPage is how many items (events and dated passages) a page of a
// month lists at most, unless one entry alone holds more: a variable for
// the tests of keys, which cut a small month into pages.
var monthPerPage = 600

// paging is where the pages of one list are.
type paging struct {
	first string // the first page's path: tags/x.html
	dir   string // the folder of the others: tags/x
	pages int    // at least 1
}

func newPaging(first, dir string, entries, perPage int) paging {
	return paging{first: first, dir: dir, pages: max(1, (entries+perPage-1)/perPage)}
}

// path is page n's path, n from 1.
func (p paging) path(n int) string {
	if n <= 1 {
		return p.first
	}
	return p.dir + "/" + strconv.Itoa(n) + ".html"
}

// chunk is the entries of page n of a list of perPage a page.
func chunk[T any](list []T, n, perPage int) []T {
	lo := min(len(list), (n-1)*perPage)
	return list[lo:min(len(list), lo+perPage)]
}

// pageWindow is how many page numbers a pager shows either side of the
// current one, besides the first and the last: a long list's pager stays
// short, and the rest are a few prev/next steps away.
const pageWindow = 4

// pageLink is one page of a sequence of pages for a pager: its path and
// its label.
type pageLink struct {
	Path  string
	Label string
}

// pageSeq is a sequence of pages for a pager, each made when the pager
// shows it: a pager shows a few pages of a long list, and each of the
// list's pages has a pager.
type pageSeq struct {
	n  int
	at func(i int) pageLink
}

// seqOf is the sequence of links.
func seqOf(links []pageLink) pageSeq {
	return pageSeq{n: len(links), at: func(i int) pageLink { return links[i] }}
}

// pageTitle is the title of page n of pages of a list titled title: the
// title alone on the first page.
func pageTitle(lang *i18n.Lang, title string, n, pages int) string {
	if n <= 1 {
		return title
	}
	return lang.Format("pages.title", "title", title, "page", strconv.Itoa(n), "pages", strconv.Itoa(pages))
}

// pagerNav writes the navigation between the pages of a list, seen from
// page cur (from 0) of seq: the pages before and after it as rel="prev"
// and rel="next" links, and the first, the last and the nearby pages by
// their labels. It writes nothing for a list of one page.
func pagerNav(lang *i18n.Lang, from string, seq pageSeq, cur int, label string) template.HTML {
	if seq.n < 2 {
		return ""
	}
	root := rootOf(from)
	var w htmlw.Writer
	// Room for the links it shows at once, rather than growing into it:
	// every page of a long list has a pager.
	w.Grow(256 + 128*min(seq.n, 2*pageWindow+3))
	w.Tag(`<nav class="pages" aria-label="`)
	w.Attr(label)
	w.Tag("\">\n")
	if cur > 0 {
		w.Tag(`<a rel="prev" href="`)
		w.URL(root)
		w.URL(seq.at(cur - 1).Path)
		w.Tag(`">`)
		w.Text(lang.Text("pages.newer"))
		w.Tag(`</a>`)
		w.Tag("\n")
	}
	w.Tag("<ol>")
	gap := false
	for i := 0; i < seq.n; i++ {
		if i != 0 && i != seq.n-1 && (i < cur-pageWindow || i > cur+pageWindow) {
			if !gap {
				w.Tag(`<li class="gap">…</li>`)
			}
			gap = true
			continue
		}
		gap = false
		p := seq.at(i)
		w.Tag(`<li><a href="`)
		w.URL(root)
		w.URL(p.Path)
		w.Tag(`"`)
		if i == cur {
			w.Tag(` aria-current="page"`)
		}
		w.Tag(">")
		w.Text(p.Label)
		w.Tag("</a></li>")
	}
	w.Tag("</ol>\n")
	if cur+1 < seq.n {
		w.Tag(`<a rel="next" href="`)
		w.URL(root)
		w.URL(seq.at(cur + 1).Path)
		w.Tag(`">`)
		w.Text(lang.Text("pages.older"))
		w.Tag(`</a>`)
		w.Tag("\n")
	}
	w.Tag("</nav>")
	return w.Done()
}

// numbered is the pages of a paging, labelled by number.
func (p paging) numbered() pageSeq {
	return pageSeq{n: p.pages, at: func(i int) pageLink {
		return pageLink{Path: p.path(i + 1), Label: strconv.Itoa(i + 1)}
	}}
}

// newMonthPaging is where the pages of a month of the timeline are: its
// first page's path is first, and its items are cut into pages of at most
// monthPerPage. A page never ends inside an entry (a briefing's passages
// of one date, see timelineEntries), which would show it twice, unless
// that entry alone is longer than a page.
func newMonthPaging(first string, items []TimelineItem) monthPaging {
	mp := monthPaging{starts: []int{0}}
	for lo := 0; lo+monthPerPage < len(items); {
		hi := lo + monthPerPage
		for hi > lo && !entryStart(items, hi) {
			hi--
		}
		if hi == lo { // one entry longer than a page: end the page after it
			for hi = lo + monthPerPage; hi < len(items) && !entryStart(items, hi); hi++ {
			}
			if hi == len(items) {
				break
			}
		}
		mp.starts = append(mp.starts, hi)
		lo = hi
	}
	mp.paging = paging{first: first, dir: first[:len(first)-len(".html")], pages: len(mp.starts)}
	mp.items = items
	return mp
}

// monthPaging is a month's pages and the items each shows.
type monthPaging struct {
	paging
	items  []TimelineItem
	starts []int // the index in items of each page's first
}

// page is the items of page n, from 1.
func (mp monthPaging) page(n int) []TimelineItem {
	hi := len(mp.items)
	if n < len(mp.starts) {
		hi = mp.starts[n]
	}
	return mp.items[mp.starts[n-1]:hi]
}

// entryStart reports whether items[i] begins a timeline entry, as
// timelineEntries groups them.
func entryStart(items []TimelineItem, i int) bool {
	if i == 0 || i >= len(items) {
		return true
	}
	a, b := items[i-1], items[i]
	return a.Event != nil || b.Event != nil || a.Briefing != b.Briefing || a.Value != b.Value
}

// monthPageN is page n of a month of the timeline, from the month's page
// p as timelinePages made it; refs are the briefings' (newBriefingRefs).
func monthPageN(lang *i18n.Lang, refs briefingRefs, p *Page, m Month, mp monthPaging, n int) *Page {
	q := *p
	if n > 1 {
		q.Path = mp.path(n)
		q.Root = rootOf(q.Path)
		q.Title = pageTitle(lang, q.Title, n, mp.pages)
		if p.Canonical != "" {
			q.Canonical = p.Site.AbsURL(q.Path)
		}
	}
	m.List = timelineItems(q.useScratch(), lang, q.Root, mp.page(n), refs)
	q.Data = &TimelineData{
		Months: []Month{m}, Page: n, Pages: mp.pages,
		Pager: pagerNav(lang, q.Path, mp.numbered(), n-1, lang.Format("month.pager", "month", m.Title)),
	}
	return &q
}
