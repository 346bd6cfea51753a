package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/render/feeds"
	"github.com/briefing-dev/briefing/internal/render/highlight"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// fileKind is a kind of file of the site: a kind of page, made with its own
// template, or a file written in Go (feeds, the sitemap, the data export).
// Site makes every file of every kind, and the navigation lists the kinds
// that have a section; nothing else in the package lists the kinds.
type fileKind struct {
	// Name is the kind's name: a page's Kind, the class page-NAME of its
	// body and, for a kind of page, its template NAME.html.
	Name string
	// Page is true for a kind of page, which has a template.
	Page bool
	// Section is the kind's title in the navigation, which links to its
	// first file; "" for none. Sections are in the order of the table.
	Section string
	// Unlisted keeps the kind's pages out of the sitemap, which lists
	// every other page in the order of the table.
	Unlisted bool
	// Files lists the kind's files from the site model. A file's content
	// is made in its job, so that a large site never has to hold more than
	// a few pages at once.
	Files func(r *run) []File
	// Under are the beginnings of the paths of the kind's files, so that
	// Only lists the kinds of the files it is asked for alone.
	Under []string
}

// kinds is the table of the kinds of file, in the order of the
// navigation's sections and of the work (after the big streamed files).
var kinds = []fileKind{
	{Name: "index", Page: true, Section: "Briefings", Under: []string{"index.html"}, Files: func(r *run) []File {
		return []File{r.page("index.html", allBriefings, func() (*Page, error) { return indexPage(r.site, r.sums), nil })}
	}},
	{Name: "archive", Page: true, Under: []string{"briefings/"}, Files: func(r *run) []File {
		years := archiveYears(r.site)
		seq := archiveSequence(r.lang, years)
		// Each page shows its own briefings, and the years, counts and
		// pages of all of them.
		files := []File{r.page("briefings/index.html", func() Inputs {
			if years == nil {
				return allBriefings() // the one page lists them all
			}
			return Inputs{Briefings: r.site.Briefings[:min(archivePerPage, len(r.site.Briefings))], Order: r.site.Briefings}
		}, func() (*Page, error) {
			return archiveFirstPage(r.site, r.sums, years, seq), nil
		})}
		at := 1
		for _, y := range years {
			for n := 1; n <= y.paging.pages; n++ {
				place := at
				inputs := func() Inputs {
					return Inputs{Briefings: chunk(y.Briefings, n, archivePerPage), Order: r.site.Briefings}
				}
				files = append(files, r.page(y.paging.path(n), inputs, func() (*Page, error) {
					return archiveYearPage(r.site, r.sums, years, y, n, seq, place), nil
				}))
				at++
			}
		}
		return files
	}},
	{Name: "briefing", Page: true, Under: []string{"briefings/"}, Files: func(r *run) []File {
		files := make([]File, len(r.site.Briefings))
		for i, b := range r.site.Briefings {
			files[i] = r.page("briefings/"+b.Slug+".html", func() Inputs { return briefingInputs(b) }, func() (*Page, error) {
				return briefingPage(r.site, r.sums, r.actorsLD, r.spelled, r.links, b)
			})
			files[i].Modified = b.Published
		}
		return files
	}},
	{Name: "actors", Page: true, Section: "Actors", Under: []string{"actors/"}, Files: func(r *run) []File {
		return []File{r.page("actors/index.html", allBriefingsAndActors, func() (*Page, error) { return actorsPage(r.site), nil })}
	}},
	{Name: "actor", Page: true, Under: []string{"actors/"}, Files: func(r *run) []File {
		files := make([]File, len(r.site.Actors))
		for i, a := range r.site.Actors {
			// Its events are put on its pages when the inputs of one
			// after the first are asked for, and its mentions when a
			// page is made: a build asks every file's inputs, and makes
			// few of them.
			pg := actorPages(a)
			places := sync.OnceValue(func() map[*model.Briefing]int { return placesOf(a) })
			events := sync.OnceValue(func() [][]*model.Event { return actorEventPages(a, pg, places()) })
			cut := sync.OnceValue(func() actorPaging { return actorPagingOf(r.site, a, pg, events()) })
			for n := 1; n <= pg.pages; n++ {
				inputs := func() Inputs { return actorInputs(a, places()) }
				if n > 1 {
					inputs = func() Inputs { return actorPageInputs(a, places(), events(), n) }
				}
				f := r.page(pg.path(n), inputs, func() (*Page, error) {
					return actorPageN(r.site, r.spelled, r.refs(), r.more, a, cut(), n)
				})
				if n == 1 {
					files[i] = f
				} else {
					files = append(files, f)
				}
			}
		}
		return files
	}},
	{Name: "timeline", Page: true, Section: "Timeline", Under: []string{"timeline.html"}, Files: func(r *run) []File {
		return []File{r.page("timeline.html", allBriefings, func() (*Page, error) { timeline, _ := r.timeline(); return timeline, nil })}
	}},
	{Name: "month", Page: true, Under: []string{"timeline/"}, Files: func(r *run) []File {
		_, months := r.timeline()
		files := make([]File, 0, len(months))
		for _, p := range months {
			m := p.Data.(*TimelineData).Months[0]
			// A busy month is on several pages: timeline/YYYY-MM.html,
			// then timeline/YYYY-MM/2.html, … Each shows its own items
			// and the month's pager, which the cuts between pages make.
			pg := newMonthPaging(p.Path, m.Items)
			layout := sync.OnceValue(func() monthLayout { return newMonthLayout(pg.items) })
			for n := 1; n <= pg.pages; n++ {
				inputs := func() Inputs { return monthPageInputs(pg, n, layout()) }
				files = append(files, r.page(pg.path(n), inputs, func() (*Page, error) {
					// The month's list is made here, with its page: all of
					// them at once would hold the whole timeline in memory.
					return monthPageN(r.lang, r.refs(), p, m, pg, n), nil
				}))
			}
		}
		return files
	}},
	{Name: "tags", Page: true, Section: "Tags", Under: []string{"tags/"}, Files: func(r *run) []File {
		return []File{r.page("tags/index.html", allBriefings, func() (*Page, error) { return tagsPage(r.site), nil })}
	}},
	{Name: "tag", Page: true, Under: []string{"tags/"}, Files: func(r *run) []File {
		files := make([]File, len(r.site.Tags))
		for i, t := range r.site.Tags {
			// Each page shows its own briefings, and the tag's count and
			// pager.
			inputs := func(n int) func() Inputs {
				return func() Inputs { return Inputs{Briefings: chunk(t.Briefings, n, tagPerPage), Order: t.Briefings} }
			}
			files[i] = r.page("tags/"+t.Name+".html", inputs(1), func() (*Page, error) { return tagPage(r.site, t, r.sums), nil })
			pg := tagPaging(t)
			for n := 2; n <= pg.pages; n++ {
				files = append(files, r.page(pg.path(n), inputs(n), func() (*Page, error) { return tagPageN(r.site, t, r.sums, n), nil }))
			}
		}
		return files
	}},
	{Name: "search", Page: true, Section: "Search", Under: []string{"search.html", "assets/search/"}, Files: func(r *run) []File {
		files := []File{
			r.page("search.html", nothing, func() (*Page, error) { return searchPage(r.site), nil }),
		}
		// The index is built once, ahead of its files when any is to be
		// made; every shard's scores and ids depend on every briefing,
		// and the words include the key actors' names. The texts are the
		// briefings' alone.
		index := sync.OnceValue(func() *export.Search { return r.newSearch() })
		fromIndex := func(fn func(x *export.Search) ([]byte, error)) func() ([]byte, error) {
			return func() ([]byte, error) {
				x := index()
				if x == nil {
					return nil, errStopped
				}
				return fn(x)
			}
		}
		first := len(files)
		files = append(files, r.file("assets/search/index.js", allBriefingsAndActors, fromIndex((*export.Search).Manifest)))
		for n := range export.SearchTermShards(len(r.site.Briefings)) {
			files = append(files, r.file("assets/search/t/"+strconv.Itoa(n)+".js", allBriefingsAndActors, fromIndex(func(x *export.Search) ([]byte, error) { return x.TermShard(n) })))
		}
		for n := range export.SearchVocabShards {
			files = append(files, r.file("assets/search/v/"+strconv.Itoa(n)+".js", allBriefingsAndActors, fromIndex(func(x *export.Search) ([]byte, error) { return x.VocabShard(n) })))
		}
		for n := range export.SearchDocShards(len(r.site.Briefings)) {
			// A document shard shows its own briefings, with their
			// actors and tags numbered by their place in the site's lists.
			inputs := func() Inputs {
				return Inputs{Briefings: export.DocShardBriefings(r.site, n), AllActors: true, TagList: true}
			}
			files = append(files, r.file("assets/search/d/"+strconv.Itoa(n)+".js", inputs, fromIndex(func(x *export.Search) ([]byte, error) { return x.DocShard(n) })))
		}
		for i := first; i < len(files); i++ {
			files[i].ahead = func() { index() }
		}
		for n := range export.SearchFragmentShards(len(r.site.Briefings)) {
			// A text shard holds its briefings' texts alone, by their
			// place in the site's order, which their fingerprints cover.
			inputs := func() Inputs { return Inputs{Briefings: export.FragmentShardBriefings(r.site, n)} }
			files = append(files, r.file("assets/search/f/"+strconv.Itoa(n)+".js", inputs, func() ([]byte, error) { return export.FragmentShard(r.site, n) }))
		}
		return files
	}},
	{Name: "404", Page: true, Unlisted: true, Under: []string{"404.html"}, Files: func(r *run) []File {
		return []File{r.page("404.html", nothing, func() (*Page, error) { return notFoundPage(r.site), nil })}
	}},
	{Name: "feeds", Under: []string{"feed.xml", "actors/"}, Files: func(r *run) []File {
		files := []File{r.file("feed.xml", withSettings(allBriefings), func() ([]byte, error) { return feeds.Site(r.site, r.sums) })}
		for _, a := range r.site.Actors {
			files = append(files, r.file("actors/"+a.ID+".xml", func() Inputs { return Inputs{Settings: true, Briefings: a.Briefings, Actors: []*model.Actor{a}} }, func() ([]byte, error) {
				return feeds.Actor(r.site, r.sums, a)
			}))
		}
		return files
	}},
	{Name: "sitemap", Under: []string{"sitemap", "robots.txt"}, Files: func(r *run) []File {
		// Every kind of page comes before this one in the table: r.pages
		// holds every page. A site too large for one sitemap gets an
		// index, sitemap.xml, of sitemap-1.xml, sitemap-2.xml, … so that
		// small sites keep the one file crawlers know.
		parts := feeds.SitemapParts(r.site, r.sitemap(), sitemapLimit)
		if len(parts) == 1 {
			return []File{
				r.file("sitemap.xml", withSettings(allBriefingsAndActors), func() ([]byte, error) { return feeds.Sitemap(r.site, parts[0]), nil }),
				r.file("robots.txt", withSettings(nothing), func() ([]byte, error) { return feeds.Robots(r.site), nil }),
			}
		}
		index := make([]feeds.Entry, len(parts))
		for i, part := range parts {
			index[i] = feeds.Entry{Path: "sitemap-" + strconv.Itoa(i+1) + ".xml", LastMod: feeds.Newest(part)}
		}
		files := []File{
			r.file("sitemap.xml", withSettings(allBriefingsAndActors), func() ([]byte, error) { return feeds.SitemapIndex(r.site, index), nil }),
			r.file("robots.txt", withSettings(nothing), func() ([]byte, error) { return feeds.Robots(r.site), nil }),
		}
		for i, part := range parts {
			files = append(files, r.file(index[i].Path, withSettings(allBriefingsAndActors), func() ([]byte, error) { return feeds.Sitemap(r.site, part), nil }))
		}
		return files
	}},
	{Name: "data", Under: []string{"data/"}, Files: func(r *run) []File {
		// The index names the list files and their dates, which every
		// briefing moves, and counts every actor's mentions. A list file
		// and its data show their own briefings alone (the actors by id,
		// which the registry gives): a briefing that moves from list to
		// list changes the briefings of both, and an edit that moves none
		// makes again the one list that holds it.
		lists := export.Lists(r.site)
		files := []File{r.file("data/site.json", withSettings(allBriefingsAndActors), func() ([]byte, error) { return export.Index(r.site, lists) })}
		for _, l := range lists {
			inputs := func() Inputs { return Inputs{Briefings: l.Briefings} }
			files = append(files,
				r.file(l.Path, inputs, func() ([]byte, error) { return export.ListJSON(l) }),
				r.stream(l.DataPath(), inputs, func(w io.Writer) error { return export.DataNDJSON(w, l) }))
		}
		return files
	}},
	{Name: "assets", Under: []string{"assets/chroma.css", ".nojekyll"}, Files: func(r *run) []File {
		return []File{
			r.file("assets/chroma.css", nothing, func() ([]byte, error) { return highlight.ChromaCSS(), nil }),
			r.file(".nojekyll", nothing, func() ([]byte, error) { return nil, nil }),
		}
	}},
}

// kindByName finds a kind of the table.
func kindByName(name string) *fileKind {
	for i := range kinds {
		if kinds[i].Name == name {
			return &kinds[i]
		}
	}
	return nil
}

// File is one file of the site: where it goes, what it is made from, and
// how to make it.
type File struct {
	Kind     string    // the name of its kind
	Path     string    // under the output directory
	Modified time.Time // when its content last changed, if known: a briefing's publication
	inputs   func() Inputs
	unlisted bool                    // left out of the sitemap
	page     func() (*Page, error)   // for a page
	data     func() ([]byte, error)  // for a file written whole
	stream   func(w io.Writer) error // for a file that grows with the site
	// ahead, if not nil, starts work that the file and others of its
	// kind wait for, so that Site can have it done beside other files.
	ahead func()
}

// Inputs is what a file is made from, for builds that redo only the files
// whose inputs changed. It is computed when asked for.
func (f File) Inputs() Inputs { return f.inputs() }

// Inputs is what a file is made from.
type Inputs struct {
	// Settings marks the files that show the site's settings
	// (content/site.yaml: title, base_url, language, author; and the
	// interface strings of content/strings.yaml): every page, the feeds,
	// the sitemap, robots.txt and the data export.
	Settings  bool
	Templates []string          // files under templates/, base.html first
	Briefings []*model.Briefing // the briefings it shows something of
	Actors    []*model.Actor    // the actors it shows something of
	// Order lists briefings whose number, order and dates the file shows
	// (a pager, counts by year) but nothing else of: the pages of a long
	// list, each showing its own briefings.
	Order []*model.Briefing
	// Layout digests where a file's entries stand in a list it shows a
	// part of, when its briefings and Order do not say: a month's page
	// shows some of the items of its briefings, which the cuts between
	// the month's pages choose. nil for none.
	Layout []byte
	// TagList marks the files that show the site's tags, or number them
	// by their place in its list.
	TagList bool
	// AllBriefings and AllActors mark the files made from every one: the
	// lists, counts, feeds and exports, and the pages that show the
	// newest (which a new briefing changes).
	AllBriefings, AllActors bool
}

func nothing() Inputs { return Inputs{} }
func withSettings(inputs func() Inputs) func() Inputs {
	return func() Inputs { in := inputs(); in.Settings = true; return in }
}
func allBriefings() Inputs          { return Inputs{AllBriefings: true} }
func allBriefingsAndActors() Inputs { return Inputs{AllBriefings: true, AllActors: true} }

// briefingInputs: the briefing, those its pager names, and the actors it
// links to (by name, with their structured data).
func briefingInputs(b *model.Briefing) Inputs {
	// Every build asks for every briefing's: each list is made at its
	// size, not grown.
	in := Inputs{Briefings: make([]*model.Briefing, 1, 3)}
	in.Briefings[0] = b
	for _, n := range []*model.Briefing{b.Older, b.Newer} {
		if n != nil {
			in.Briefings = append(in.Briefings, n)
		}
	}
	events := 0
	for _, e := range b.Events {
		events += len(e.Actors)
	}
	in.Actors = make([]*model.Actor, len(b.Counts), len(b.Counts)+events)
	for i, c := range b.Counts {
		in.Actors[i] = c.Actor
	}
	for _, e := range b.Events {
		for _, a := range e.Actors {
			if !slices.Contains(in.Actors, a) {
				in.Actors = append(in.Actors, a)
			}
		}
	}
	return in
}

// actorInputs: the actor, the briefings that mention it or give it an
// event, and the actors mentioned alongside it; places are its
// briefings' (placesOf). The briefings are a.Briefings itself when every
// event's briefing mentions the actor, so that their digest is made once
// for this page and the actor's feed.
func actorInputs(a *model.Actor, places map[*model.Briefing]int) Inputs {
	in := Inputs{Briefings: slices.Clip(a.Briefings), Actors: make([]*model.Actor, 1, 1+len(a.Related))}
	in.Actors[0] = a
	// The few briefings that give it an event without mentioning it are
	// looked for among themselves.
	mentioning := len(in.Briefings)
	for _, e := range a.Events {
		if _, ok := places[e.Briefing]; !ok && !slices.Contains(in.Briefings[mentioning:], e.Briefing) {
			in.Briefings = append(in.Briefings, e.Briefing)
		}
	}
	for _, c := range a.Related {
		in.Actors = append(in.Actors, c.Actor)
	}
	return in
}

// actorPageInputs are the inputs of an actor's page after the first,
// which shows neither pictures nor related actors: the actor, whose
// fingerprint covers the counts and pager that every page shows, and the
// briefings of the page's mentions and events. An edit that moves
// none of the actor's counts makes again only the pages that show the
// briefing edited. The page's own briefings are a part of a.Briefings,
// not a copy, when its events' briefings are among them.
func actorPageInputs(a *model.Actor, places map[*model.Briefing]int, events [][]*model.Event, n int) Inputs {
	in := Inputs{Actors: []*model.Actor{a}}
	lo, hi := min(len(a.Briefings), (n-1)*actorPerPage), min(len(a.Briefings), n*actorPerPage)
	in.Briefings = slices.Clip(a.Briefings[lo:hi])
	for _, e := range events[n-1] {
		if at, ok := places[e.Briefing]; ok && lo <= at && at < hi {
			continue
		}
		if !slices.Contains(in.Briefings, e.Briefing) {
			in.Briefings = append(in.Briefings, e.Briefing)
		}
	}
	return in
}

// monthPageInputs: the briefings of the page's events and passages, and
// the page's layout: how many pages the month has, and which items of
// which briefings are on this one, in order, each by its briefing's place
// in the page's list of briefings (whose fingerprints the key has, in
// order) and its place among that briefing's items in the month
// (monthLayout). A briefing's fingerprint gives what each of its items
// shows and their order, the layout which of them are here; an edit that
// moves no item from page to page leaves the month's other pages.
// Nothing here reads the items' briefings, events or dates: every file's
// key is made on every build, and a timeline's items, in date order, are
// all over memory.
func monthPageInputs(mp monthPaging, n int, l monthLayout) Inputs {
	items := mp.page(n)
	first := mp.starts[n-1]
	var in Inputs
	// Each of the month's briefings' place in the page's list, plus one;
	// 0 for one not on the page, -1 for one on it not yet placed. It and
	// the buffer are a worker's, reused: every build keys every page.
	pp := placeBuffers.Get().(*[]int32)
	defer placeBuffers.Put(pp)
	place := slices.Grow((*pp)[:0], len(l.briefings))[:len(l.briefings)]
	clear(place)
	*pp = place
	count := 0
	for i := range items {
		if j := l.briefing[first+i]; place[j] == 0 {
			place[j] = -1
			count++
		}
	}
	in.Briefings = make([]*model.Briefing, 0, count)
	bp := keyBuffers.Get().(*[]byte)
	defer keyBuffers.Put(bp)
	buf := appendInts((*bp)[:0], mp.pages)
	for i := range items {
		j := l.briefing[first+i]
		k := place[j]
		if k < 0 {
			in.Briefings = append(in.Briefings, l.briefings[j])
			k = int32(len(in.Briefings))
			place[j] = k
		}
		buf = appendInts(buf, int(k-1), int(l.ordinals[first+i]))
	}
	*bp = buf
	sum := sha256.Sum256(buf)
	in.Layout = sum[:]
	return in
}

// placeBuffers are monthPageInputs' places of briefings, reused.
var placeBuffers = sync.Pool{New: func() any { return new([]int32) }}

// monthLayout is the briefings of a month's items: each item's briefing
// by its place among the month's briefings, and the item's place among
// the items of its briefing in the month, from 0. The month's pages
// find their briefings by it with no map of their own: every build keys
// every month page, a few hundred items each.
type monthLayout struct {
	briefings []*model.Briefing // the month's, in the order they first come
	briefing  []int32           // each item's, in briefings
	ordinals  []int32
}

func newMonthLayout(items []TimelineItem) monthLayout {
	l := monthLayout{briefing: make([]int32, len(items)), ordinals: make([]int32, len(items))}
	// Every build lays out every month: the map and lists it counts
	// with are a worker's, reused, and the briefings copied at their
	// number once counted.
	sc := layoutScratches.Get().(*layoutScratch)
	defer layoutScratches.Put(sc)
	for i, it := range items {
		k, ok := sc.place[it.Briefing]
		if !ok {
			k = int32(len(sc.briefings))
			sc.place[it.Briefing] = k
			sc.briefings = append(sc.briefings, it.Briefing)
			sc.seen = append(sc.seen, 0)
		}
		l.briefing[i], l.ordinals[i] = k, sc.seen[k]
		sc.seen[k]++
	}
	l.briefings = slices.Clone(sc.briefings)
	// Nothing of the model is kept past the layout.
	clear(sc.place)
	clear(sc.briefings)
	sc.briefings, sc.seen = sc.briefings[:0], sc.seen[:0]
	return l
}

// layoutScratch is what newMonthLayout counts with: each briefing's
// place, the briefings in order, each one's items so far.
type layoutScratch struct {
	place     map[*model.Briefing]int32
	briefings []*model.Briefing
	seen      []int32
}

var layoutScratches = sync.Pool{New: func() any { return &layoutScratch{place: map[*model.Briefing]int32{}} }}

// run is what one rendering of a site computes once, for the files of
// every kind.
type run struct {
	site *model.Site
	lang *i18n.Lang // the site's interface language
	tmpl *Templates
	out  Output
	sums summaries // each briefing's summary, rendered
	// timeline is the timeline page and the month pages, made when a
	// file of theirs is first listed: the whole timeline's entries.
	timeline func() (*Page, []*Page)
	// Each briefing's structured data lists its actors: each one's is
	// encoded once, not once for every briefing that mentions it.
	actorsLD map[*model.Actor]actorData
	// spelled are the dates of the articles for readers, each once.
	spelled *spellings
	// What many pages write of one thing, written once: the briefing
	// pages' links to actors; what the lists of actor and month pages
	// write of each briefing, made when first asked; the counts of the
	// mentions an actor page does not show.
	links *actorLinks
	refs  func() briefingRefs
	more  *moreCounts
	kind  *fileKind // the kind whose files are being listed
	// pages are the sitemap's entries of the pages of every kind listed
	// so far, in the order of the table.
	pages []feeds.Entry
	// stopped is set when making the files failed or was stopped, and
	// the work started ahead of them (the search index) gives up; Site
	// returns only when that work has ended, so that nothing of a
	// stopped run still reads the model when the next one changes it
	// (serve patches the last model).
	stopped    atomic.Bool
	background sync.WaitGroup
	// fp are the digests of the model's parts, when Site keys its files
	// or keeps the search terms; nil otherwise.
	fp *fingerprints
	// templates are each kind of page's templates, for its files' inputs.
	templates map[*fileKind][]string
}

// newSearch builds the search index, with the templates' term cache
// when there is one.
func (r *run) newSearch() *export.Search {
	var cache *export.TermCache
	var keys export.TermKeys
	if r.tmpl != nil && r.fp != nil {
		cache, keys = r.tmpl.terms, r.fp.briefing
	}
	return export.NewSearch(r.site, r.sums, cache, keys, r.stopped.Load)
}

// errStopped is what a file waiting for work given up returns; the error
// that stopped the run is the one reported.
var errStopped = errors.New("rendering stopped")

func newRun(s *model.Site, t *Templates, out Output) (*run, error) {
	r := startRun(s, t, out)
	if err := r.prepare(); err != nil {
		return nil, err
	}
	return r, nil
}

// startRun is a run before prepare: what may be begun beside it (the
// timeline, the spellings of the dates) is ready to begin.
func startRun(s *model.Site, t *Templates, out Output) *run {
	r := &run{site: s, lang: langOf(s), tmpl: t, out: out}
	r.spelled = newSpellings(r.lang)
	r.timeline = sync.OnceValues(func() (*Page, []*Page) { return timelinePages(s) })
	return r
}

// prepare makes what the files of every kind share: the summaries, each
// actor's structured data and links.
func (r *run) prepare() error {
	s := r.site
	var kept *Summaries
	if r.tmpl != nil {
		kept = r.tmpl.summaries
	}
	sums, err := renderSummaries(s, kept)
	if err != nil {
		return err
	}
	r.sums = sums
	r.actorsLD = make(map[*model.Actor]actorData, len(s.Actors))
	r.links = newActorLinks("../", s.Actors) // the briefing pages'
	r.refs = sync.OnceValue(func() briefingRefs { return newBriefingRefs(s.Briefings) })
	r.more = newMoreCounts(r.lang)
	for _, a := range s.Actors {
		r.actorsLD[a] = newActorData(s, a)
	}
	return nil
}

// sitemap lists the pages of the listed kinds, in the order of the table.
func (r *run) sitemap() []feeds.Entry { return slices.Clip(r.pages) }

// files lists the files of every kind: the streamed ones, the biggest,
// first, so that no worker is left with one at the end, then the rest in
// the order of the table.
func (r *run) files() []File { return r.filesOf(nil) }

// filesOf is files, listing only the kinds that paths may be files of
// (every kind when paths is nil, or when one of them may be the
// sitemap's, which lists the pages of all the others).
func (r *run) filesOf(paths map[string]bool) []File {
	files, _ := r.listKinds(paths, 0, len(kinds))
	return files
}

// listKinds lists the files of kinds[from:to] as filesOf does: the
// first streamed of them are the streamed files. Each call lists its
// kinds after those of the call before.
func (r *run) listKinds(paths map[string]bool, from, to int) (files []File, streamed int) {
	listed := func(k *fileKind) bool { return true }
	// The sitemap's entries are kept only when it may be made.
	mapped := paths == nil || anyOf(paths, kindByName("sitemap"))
	if !mapped {
		listed = func(k *fileKind) bool { return anyOf(paths, k) }
	}
	// The list is made at its size once every kind's files are known:
	// grown file by file, it cost every build several times the files.
	var lists [][]File
	n := 0
	for i := from; i < to; i++ {
		if !listed(&kinds[i]) {
			continue
		}
		r.kind = &kinds[i]
		kind := r.kind.Files(r)
		lists = append(lists, kind)
		n += len(kind)
		// The sitemap, listed after every kind of page, keeps of them
		// only its entries.
		if mapped {
			r.pages = slices.Grow(r.pages, len(kind))
		}
		for _, f := range kind {
			if f.stream != nil {
				streamed++
			}
			if mapped && f.page != nil && !f.unlisted {
				e := feeds.Entry{Path: f.Path}
				if !f.Modified.IsZero() {
					e.LastMod = f.Modified.Format("2006-01-02")
				}
				r.pages = append(r.pages, e)
			}
		}
	}
	r.kind = nil
	files = make([]File, n)
	s, rest := 0, streamed
	for _, kind := range lists {
		for _, f := range kind {
			if f.stream != nil {
				files[s] = f
				s++
			} else {
				files[rest] = f
				rest++
			}
		}
	}
	return files, streamed
}

// anyOf reports whether one of paths may be a file of kind k: it begins
// as one of k's do, or k does not say how its files begin.
func anyOf(paths map[string]bool, k *fileKind) bool {
	if len(k.Under) == 0 {
		return true
	}
	for p := range paths {
		for _, u := range k.Under {
			if strings.HasPrefix(p, u) {
				return true
			}
		}
	}
	return false
}

// page declares a page of the kind being listed; its inputs gain the
// kind's templates.
func (r *run) page(path string, inputs func() Inputs, make func() (*Page, error)) File {
	k := r.kind
	templates := r.templatesOf(k)
	return File{Kind: k.Name, Path: path, page: make, unlisted: k.Unlisted, inputs: func() Inputs {
		in := inputs()
		in.Settings = true // base.html shows the site's title and language
		in.Templates = templates
		return in
	}}
}

// templatesOf are the templates of a kind of page, base.html first: one
// list for all its pages, which no one changes.
func (r *run) templatesOf(k *fileKind) []string {
	if r.templates == nil {
		r.templates = map[*fileKind][]string{}
	}
	t, ok := r.templates[k]
	if !ok {
		t = []string{"base.html", k.Name + ".html"}
		r.templates[k] = t
	}
	return slices.Clip(t)
}

func (r *run) file(path string, inputs func() Inputs, make func() ([]byte, error)) File {
	return File{Kind: r.kind.Name, Path: path, data: make, inputs: inputs}
}

func (r *run) stream(path string, inputs func() Inputs, write func(w io.Writer) error) File {
	return File{Kind: r.kind.Name, Path: path, stream: write, inputs: inputs}
}

// write makes one file and passes it to the output; buf is the worker's
// scratch space for pages.
func (r *run) write(f File, buf *bytes.Buffer) error {
	switch {
	case f.page != nil:
		p, err := f.page()
		if err != nil {
			return err
		}
		// The page's pieces are in its scratch memory, which the next
		// page takes once this one is written.
		defer p.release()
		if err := r.tmpl.execute(buf, p); err != nil {
			return err
		}
		return r.out.WriteFile(p.Path, buf.Bytes())
	case f.data != nil:
		data, err := f.data()
		if err != nil {
			return err
		}
		return r.out.WriteFile(f.Path, data)
	}
	w, err := r.out.Create(f.Path)
	if err != nil {
		return err
	}
	err = f.stream(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// navItems writes the navigation, the kinds with a section, in Go: in the
// template it was twenty actions on every page.
func navItems(sc *htmlw.Scratch, lang *i18n.Lang, root, kind string) template.HTML {
	var w htmlw.Writer
	w.Use(sc)
	w.Grow(420)
	for _, sec := range sections {
		w.Tag(`<li><a href="`)
		w.URL(root)
		w.URL(sec.path)
		w.Tag(`"`)
		if sec.kind == kind {
			w.Tag(` aria-current="page"`)
		}
		w.Tag(`>`)
		w.Text(lang.Text(i18n.Key("nav." + strings.ToLower(sec.title))))
		w.Tag("</a></li>\n")
	}
	return w.Done()
}

// sections are the navigation's entries, from the table: each kind with a
// section links to its first file, which a site with no model at all
// has too.
var sections = func() []struct{ kind, path, title string } {
	var out []struct{ kind, path, title string }
	r := &run{site: &model.Site{}}
	for i := range kinds {
		k := &kinds[i]
		if k.Section == "" {
			continue
		}
		r.kind = k
		files := k.Files(r)
		if len(files) == 0 {
			continue // TestSections sees that it does not happen
		}
		out = append(out, struct{ kind, path, title string }{k.Name, files[0].Path, k.Section})
	}
	return out
}()

// pageKinds are the names of the kinds of page, whose templates
// LoadTemplates reads.
var pageKinds = func() []string {
	var names []string
	for _, k := range kinds {
		if k.Page {
			names = append(names, k.Name)
		}
	}
	return names
}()
