package render

import (
	"html/template"

	"github.com/briefing-dev/briefing/internal/i18n"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// The lists of actor and month pages link to a briefing from each of its
// entries: on a large site, to each briefing from thousands of them, with
// its slug, title and date each somewhere else in memory. What they write
// of a briefing is escaped once a run, into one block, and looked up.

// briefingRef is what the lists write of a briefing, escaped.
type briefingRef struct {
	// html is the briefing's page from the site's root, as URL writes
	// it; then ">", its title, "</a> <time>", its date and "</time>":
	// the end of a link to it after the root.
	html template.HTML
	// path and title are where the page's path and the title end in html.
	path, title int32
	// bare is true when the path needs no quotes as (part of) an
	// attribute's value (htmlw.BareURL).
	bare bool
}

// briefingRefs are the briefings' refs, made once a run.
type briefingRefs map[*model.Briefing]briefingRef

// newBriefingRefs makes the refs of briefings, in one block of memory.
func newBriefingRefs(briefings []*model.Briefing) briefingRefs {
	var w htmlw.Writer
	size := 0
	for _, br := range briefings {
		size += len(br.Slug) + len(br.Title) + len(`briefings/.html></a> <time>2006-01-02</time>`)
	}
	w.Grow(size + size/8) // room for some escapes
	refs := make([]briefingRef, len(briefings))
	ends := make([]int, len(briefings))
	for i, br := range briefings {
		path, title := writeRef(&w, br)
		refs[i] = briefingRef{path: int32(path), title: int32(title), bare: htmlw.BareURL(br.Slug)}
		ends[i] = w.Len()
	}
	all := w.Done()
	byBriefing := make(briefingRefs, len(briefings))
	from := 0
	for i, br := range briefings {
		refs[i].html = all[from:ends[i]]
		byBriefing[br] = refs[i]
		from = ends[i]
	}
	return byBriefing
}

// of is a briefing's ref: made here when it is not among refs, which
// the model never does.
func (refs briefingRefs) of(br *model.Briefing) briefingRef {
	if ref, ok := refs[br]; ok {
		return ref
	}
	return newBriefingRef(br)
}

// rootRef is the root of a page's relative links, with whether it needs
// quotes (htmlw.BareURL), asked once a list.
type rootRef struct {
	root string
	bare bool
}

func newRootRef(root string) rootRef { return rootRef{root: root, bare: htmlw.BareURL(root)} }

// writeLink writes a link to the briefing, and its date:
// <a href=ROOT briefings/SLUG.html>TITLE</a> <time>DATE</time>, the href
// quoted when HTML needs it (oracleBriefingLink, in the tests, is the
// old way).
func (ref briefingRef) writeLink(w *htmlw.Writer, root rootRef) {
	quote := !root.bare || !ref.bare
	w.Tag("<a href=")
	if quote {
		w.Byte('"')
	}
	w.URL(root.root)
	w.HTML(ref.html[:ref.path])
	if quote {
		w.Byte('"')
	}
	w.HTML(ref.html[ref.path:])
}

// writeHref writes the URL of a passage of the briefing, at anchor (a
// letter and digits), as an attribute's value, in quotes only when HTML
// needs them (writeBriefingHref, in the tests, is the old way).
func (ref briefingRef) writeHref(w *htmlw.Writer, root rootRef, anchor []byte) {
	quote := !root.bare || !ref.bare
	if quote {
		w.Byte('"')
	}
	w.URL(root.root)
	w.HTML(ref.html[:ref.path])
	w.Byte('#')
	w.TextBytes(anchor)
	if quote {
		w.Byte('"')
	}
}

// titleHTML is the briefing's title, escaped.
func (ref briefingRef) titleHTML() template.HTML { return ref.html[ref.path+1 : ref.title] }

// newBriefingRef is one briefing's ref, in memory of its own.
func newBriefingRef(br *model.Briefing) briefingRef {
	var w htmlw.Writer
	path, title := writeRef(&w, br)
	return briefingRef{html: w.Done(), path: int32(path), title: int32(title), bare: htmlw.BareURL(br.Slug)}
}

// writeRef writes a briefing's ref's html, and says where its path and
// title end in it.
func writeRef(w *htmlw.Writer, br *model.Briefing) (path, title int) {
	from := w.Len()
	w.Tag("briefings/")
	w.URL(br.Slug)
	w.Tag(".html")
	path = w.Len() - from
	w.Tag(">")
	w.Text(br.Title)
	title = w.Len() - from
	// The date as shown is the machine's form already: a datetime
	// attribute would say it again, on every entry of every list.
	var date [10]byte
	w.Tag("</a> <time>")
	w.TextBytes(br.Published.AppendFormat(date[:0], "2006-01-02"))
	w.Tag("</time>")
	return path, title
}

// actorEntry is the fragment of an actor's entry in a briefing page's
// actor list, "a-ID", as URL writes it.
type actorEntry struct {
	html template.HTML
	bare bool // as htmlw.BareURL says
}

func newActorEntry(id string) actorEntry {
	var w htmlw.Writer
	w.URL("a-")
	w.URL(id)
	return actorEntry{html: w.Done(), bare: htmlw.BareURL(id)}
}

// writeEntryHref writes the URL of an actor's entry in the briefing's
// page as an attribute's value, as URLValue writes the URL of its parts.
func (ref briefingRef) writeEntryHref(w *htmlw.Writer, root rootRef, entry actorEntry) {
	quote := !root.bare || !ref.bare || !entry.bare
	if quote {
		w.Byte('"')
	}
	w.URL(root.root)
	w.HTML(ref.html[:ref.path])
	w.Byte('#')
	w.HTML(entry.html)
	if quote {
		w.Byte('"')
	}
}

// moreShown is how many counts of the mentions not shown moreCounts
// keeps spelled: most briefings mention an actor a few times.
const moreShown = 32

// moreCounts are the counts of the mentions of a briefing an actor page
// does not show, spelled: the small ones once a run, not once a briefing.
type moreCounts struct {
	lang  *i18n.Lang
	small [moreShown]string
}

func newMoreCounts(lang *i18n.Lang) *moreCounts {
	c := &moreCounts{lang: lang}
	for n := range c.small {
		c.small[n] = lang.Count("actor.more", n)
	}
	return c
}

func (c *moreCounts) spell(n int) string {
	if 0 <= n && n < moreShown {
		return c.small[n]
	}
	return c.lang.Count("actor.more", n)
}
