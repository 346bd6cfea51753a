// Package render turns the site model into the files of the site: HTML pages
// from html/template files, Atom feeds, the sitemap, the search index and
// the data export. It does no I/O of its own: templates come in as an
// fs.FS, and files go out to an Output as soon as each is rendered, so
// that a large site never has to fit in memory.
//
// Templates: base.html defines the page frame; each page kind has its own
// file (index.html, archive.html, briefing.html, actor.html, actors.html,
// timeline.html, month.html, tags.html, tag.html, search.html, 404.html)
// that defines "main". Every template gets a *Page. All links in pages are
// relative to the page ({{.Root}} leads to the site root), so the output
// works from disk, at a domain root and under a sub-path. The lists that
// grow with the site (briefings, an actor's mentions, timeline entries) come
// to templates as finished HTML, written in Go for speed (lists.go), as an
// HTMLList to print with {{range .List}}{{.}}{{end}}; so do a briefing's
// article with its notes (BriefingView.Article) and the navigation
// (Page.Nav). Each template action costs about half a microsecond and six
// allocations, and a site has tens of thousands of pages; the data behind
// the finished HTML stays in the Page for templates that would rather lay
// it out themselves.
//
// Functions for templates: human (a calendar value for readers: "Wednesday
// 9 February 2022", "week 5 of 2022"), iso and long (a time as 2022-02-09 or
// "Wednesday 9 February 2022"), plural (n, one, many), first (the first n
// of a list of briefings, events or actor counts) and noteNum (a note's
// number).
package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Page is what every template gets.
type Page struct {
	Site        *model.Site
	Path        string // output path, e.g. "actors/kyiv.html"
	Root        string // relative path to the site root: "" or "../"
	Kind        string // index, briefing, actor, actors, timeline, tags, tag, search, 404
	Title       string
	Description string
	Canonical   string        // absolute URL, "" without base_url
	Feed        string        // relative URL of the page's Atom feed
	JSONLD      template.JS   // structured data, "" for none
	Nav         template.HTML // the site's sections as <li> elements, this page's marked current
	Briefing    *BriefingView // briefing pages
	Actor       *ActorView    // actor pages
	Tag         *model.Tag    // tag pages
	Groups      []KindGroup   // actors index
	Months      []Month       // timeline and month pages
	Recent      []*model.Event
	KeyActors   []model.ActorCount
	// BriefingList is the list of briefings on index, tag and archive
	// pages, as <li> elements; see lists.go.
	BriefingList HTMLList
	// Total counts the briefings of an index, tag or archive page.
	Total int
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
}

// ActorView is an actor with its mentions in context. MentionList holds
// the mentions as <li> elements; a template that would rather lay them out
// itself has Mentions, with each one's Text and Anchor.
type ActorView struct {
	*model.Actor
	Description  template.HTML
	MentionList  HTMLList      // Mentions as <li> elements
	EventList    template.HTML // Events as <li> elements
	BriefingList HTMLList      // Briefings as <li> elements
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

// Templates holds parsed page templates.
type Templates struct {
	pages map[string]*template.Template
}

var pageKinds = []string{"index", "archive", "briefing", "actor", "actors", "timeline", "month", "tags", "tag", "search", "404"}

// LoadTemplates parses base.html and the page templates. A file in site
// (the site's own templates/) replaces the default of the same name. Every
// problem of every template is in the list, at templates/NAME.html:line:col:
// syntax, html/template's escaping (found here by running the escaper, not
// at the first page) and lists printed whole; the templates are nil when
// there is any.
func LoadTemplates(defaults, site fs.FS) (*Templates, diag.List) {
	var problems diag.List
	read := func(name string) (string, bool) {
		if site != nil {
			if b, err := fs.ReadFile(site, name); err == nil {
				return string(b), true
			}
		}
		b, err := fs.ReadFile(defaults, name)
		if err != nil {
			problems.Add(diag.Pos{File: "templates/" + name}, "%w", err)
			return "", false
		}
		return string(b), true
	}
	src, ok := read("base.html")
	if !ok {
		return nil, problems
	}
	base, err := template.New("base.html").Funcs(funcs).Parse(src)
	if err != nil {
		problems = append(problems, templateError(err))
		return nil, problems
	}
	for _, named := range base.Templates() {
		checkLists(named.Tree, &problems)
	}
	t := &Templates{pages: map[string]*template.Template{}}
	for _, kind := range pageKinds {
		name := kind + ".html"
		src, ok := read(name)
		if !ok {
			continue
		}
		tmpl, err := base.Clone()
		if err != nil {
			problems.Add(diag.Pos{File: "templates/" + name}, "%w", err)
			continue
		}
		if _, err := tmpl.New(name).Parse(src); err != nil {
			problems = append(problems, templateError(err))
			continue
		}
		for _, named := range tmpl.Templates() {
			if named.Tree != nil && named.Tree.ParseName == name {
				checkLists(named.Tree, &problems)
			}
		}
		// html/template checks contexts when a template first runs: run
		// it on no data, and keep only what the escaper found.
		var escapeErr *template.Error
		if err := tmpl.ExecuteTemplate(io.Discard, "base.html", nil); errors.As(err, &escapeErr) {
			problems = append(problems, templateError(escapeErr))
			continue
		}
		t.pages[kind] = tmpl
	}
	if problems.Err() != nil {
		return nil, problems.Sort()
	}
	return t, problems
}

// templateError positions an error of text/template's parser or of
// html/template's escaper, whose messages begin "template: NAME:LINE:" or
// "html/template:NAME:LINE:COL:" (the escaper's Name and Line fields may
// name the template that was run rather than the one at fault).
func templateError(err error) *diag.Error {
	if m := templateErrorRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return &diag.Error{Pos: diag.Pos{File: "templates/" + m[1], Line: line, Col: col}, Err: errors.New(m[4])}
	}
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) && escapeErr.Name != "" {
		return &diag.Error{Pos: diag.Pos{File: "templates/" + escapeErr.Name, Line: escapeErr.Line}, Err: errors.New(escapeErr.Description)}
	}
	return &diag.Error{Pos: diag.Pos{File: "templates"}, Err: err}
}

var templateErrorRE = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// listFields are the names of the fields of page data that hold an
// HTMLList, read from the types so that a new list is checked too.
var listFields = func() map[string]bool {
	names := map[string]bool{}
	for _, t := range []reflect.Type{reflect.TypeFor[Page](), reflect.TypeFor[BriefingView](), reflect.TypeFor[ActorView](), reflect.TypeFor[Month]()} {
		for f := range t.Fields() {
			if f.Type == reflect.TypeFor[HTMLList]() {
				names[f.Name] = true
			}
		}
	}
	return names
}()

// checkLists reports each action that prints an HTMLList whole, as
// templates written before the lists came in pieces do: it would print the
// pieces as escaped text.
func checkLists(t *parse.Tree, problems *diag.List) {
	if t == nil {
		return
	}
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.ActionNode:
				if listFields[printedField(n.Pipe)] {
					loc, _ := t.ErrorContext(n)
					pos := diag.Pos{File: "templates/" + t.ParseName}
					if parts := strings.Split(loc, ":"); len(parts) >= 3 {
						pos.Line, _ = strconv.Atoi(parts[len(parts)-2])
						pos.Col, _ = strconv.Atoi(parts[len(parts)-1])
					}
					pipe := n.Pipe.String()
					problems.Add(pos, "{{%s}} is a list of HTML pieces and would print as text; write {{range %s}}{{.}}{{end}}", pipe, pipe)
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			}
		}
	}
	walk(t.Root)
}

// printedField is the name of the field that an action's pipeline ends
// in, when it prints a field as it is.
func printedField(p *parse.PipeNode) string {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 {
		return ""
	}
	args := p.Cmds[len(p.Cmds)-1].Args
	if len(args) != 1 {
		return ""
	}
	var path []string
	switch a := args[0].(type) {
	case *parse.FieldNode:
		path = a.Ident
	case *parse.ChainNode:
		path = a.Field
	case *parse.VariableNode:
		path = a.Ident[1:]
	}
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

// funcs are the template functions listed in the package comment.
var funcs = template.FuncMap{
	"human":   HumanDate,
	"iso":     func(t time.Time) string { return t.Format("2006-01-02") },
	"long":    func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"noteNum": noteNumber,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"first": func(n int, list any) any {
		switch l := list.(type) {
		case []*model.Briefing:
			return l[:min(n, len(l))]
		case []*model.Event:
			return l[:min(n, len(l))]
		case []model.ActorCount:
			return l[:min(n, len(l))]
		}
		return list
	},
}

// Output receives the rendered files. Its methods are called from several
// goroutines at once.
type Output interface {
	// WriteFile takes a whole file; it must not keep data.
	WriteFile(path string, data []byte) error
	// Create opens a file to write in pieces, for the few files that grow
	// with the whole site (the data export, the search index): written
	// whole, they would hold a site's worth of text in memory.
	Create(path string) (io.WriteCloser, error)
}

// Site renders every file of the site and passes each to out as soon as
// it is ready, so that a large site never has to fit in memory. The work is
// spread over the CPUs; every file depends on the model alone, so the
// output does not depend on the order of the work. progress, if not nil,
// is called after each piece of work with the number done and the total.
func Site(s *model.Site, t *Templates, out Output, progress func(done, total int)) error {
	type job func(buf *bytes.Buffer) error
	var jobs []job
	sums, err := renderSummaries(s)
	if err != nil {
		return err
	}
	timeline, months := timelinePages(s)
	// Each briefing's structured data lists its actors: each one's is
	// encoded once, not once for every briefing that mentions it.
	actorsLD := make(map[*model.Actor]json.RawMessage, len(s.Actors))
	for _, a := range s.Actors {
		actorsLD[a] = json.RawMessage(jsonLD(actorLD(s, a)))
	}
	page := func(p *Page, buf *bytes.Buffer) error {
		if err := t.execute(buf, p); err != nil {
			return err
		}
		return out.WriteFile(p.Path, buf.Bytes())
	}
	fixed := func(p string, data func() []byte) job {
		return func(*bytes.Buffer) error { return out.WriteFile(p, data()) }
	}
	stream := func(p string, write func(w io.Writer) error) job {
		return func(*bytes.Buffer) error {
			f, err := out.Create(p)
			if err != nil {
				return err
			}
			err = write(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		}
	}
	// The biggest files first, so that no worker is left with one at the end.
	jobs = append(jobs,
		stream("data/site.json", func(w io.Writer) error { return siteJSON(w, s) }),
		stream("assets/search-index.js", func(w io.Writer) error { return searchIndex(w, s, sums) }),
		func(*bytes.Buffer) error {
			f, err := siteFeed(s, sums)
			if err != nil {
				return err
			}
			return out.WriteFile("feed.xml", f)
		},
		fixed("sitemap.xml", func() []byte { return sitemap(s, months) }),
		fixed("assets/chroma.css", ChromaCSS),
		fixed("robots.txt", func() []byte { return robots(s) }),
		fixed(".nojekyll", func() []byte { return nil }),
	)
	// Pages are made inside their jobs, so that each list is in memory only
	// while its page is written.
	for _, makePage := range []func() *Page{
		func() *Page { return timeline },
		func() *Page { return archivePage(s, sums) },
		func() *Page { return indexPage(s, sums) },
		func() *Page { return actorsPage(s) },
		func() *Page { return tagsPage(s) },
		func() *Page { return searchPage(s) },
		func() *Page { return notFoundPage(s) },
	} {
		jobs = append(jobs, func(buf *bytes.Buffer) error { return page(makePage(), buf) })
	}
	for _, p := range months {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			m := &p.Months[0]
			m.List = timelineItems(p.Root, m.Items)
			err := page(p, buf)
			m.List = nil
			return err
		})
	}
	for _, b := range s.Briefings {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			p, err := briefingPage(s, sums, actorsLD, b)
			if err != nil {
				return err
			}
			return page(p, buf)
		})
	}
	for _, a := range s.Actors {
		jobs = append(jobs, func(buf *bytes.Buffer) error {
			p, err := actorPage(s, a)
			if err != nil {
				return err
			}
			return page(p, buf)
		}, func(buf *bytes.Buffer) error {
			feed, err := actorFeed(s, sums, a)
			if err != nil {
				return err
			}
			return out.WriteFile("actors/"+a.ID+".xml", feed)
		})
	}
	for _, tag := range s.Tags {
		jobs = append(jobs, func(buf *bytes.Buffer) error { return page(tagPage(s, tag, sums), buf) })
	}
	var done atomic.Int64
	bufs := make([]bytes.Buffer, parallel.Workers(len(jobs)))
	return parallel.For(len(jobs), func(w, i int) error {
		bufs[w].Reset()
		err := jobs[i](&bufs[w])
		if progress != nil {
			progress(int(done.Add(1)), len(jobs))
		}
		return err
	})
}

func (t *Templates) execute(buf *bytes.Buffer, p *Page) error {
	p.Nav = navItems(p.Root, p.Kind) // here, as 404.html sets its Root late
	if err := t.pages[p.Kind].ExecuteTemplate(buf, "base.html", p); err != nil {
		return fmt.Errorf("rendering %s: %w", p.Path, err)
	}
	return nil
}

// sections are the site's sections in its navigation, by page kind.
var sections = []struct{ kind, path, title string }{
	{"index", "index.html", "Briefings"},
	{"actors", "actors/index.html", "Actors"},
	{"timeline", "timeline.html", "Timeline"},
	{"tags", "tags/index.html", "Tags"},
	{"search", "search.html", "Search"},
}

// navItems writes the navigation in Go: in the template it was twenty
// actions on every page.
func navItems(root, kind string) template.HTML {
	var b strings.Builder
	b.Grow(420)
	for _, sec := range sections {
		b.WriteString(`<li><a href="`)
		b.WriteString(html.EscapeString(root))
		b.WriteString(sec.path)
		b.WriteString(`"`)
		if sec.kind == kind {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(`>`)
		b.WriteString(sec.title)
		b.WriteString("</a></li>\n")
	}
	return template.HTML(b.String())
}

func newPage(s *model.Site, kind, p, title, description string) *Page {
	root := strings.Repeat("../", strings.Count(p, "/"))
	pg := &Page{Site: s, Path: p, Root: root, Kind: kind, Title: title, Description: description, Feed: root + "feed.xml"}
	if s.Config.BaseURL != "" {
		pg.Canonical = absURL(s, p)
	}
	return pg
}

// absURL joins base_url and an output path; index.html stays explicit, as
// every link in the site names a file.
func absURL(s *model.Site, p string) string {
	base := s.Config.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + p
}

// indexLength is how many briefings the front page lists; all of them are
// on briefings/index.html.
const indexLength = 30

func indexPage(s *model.Site, sums summaries) *Page {
	p := newPage(s, "index", "index.html", s.Config.Title, s.Config.Description)
	latest := s.Briefings[:min(indexLength, len(s.Briefings))]
	p.BriefingList = briefingItems(p.Root, latest, sums, "3", true)
	p.Total = len(s.Briefings)
	p.Recent = s.Events[:min(10, len(s.Events))]
	counts := map[*model.Actor]int{}
	for _, b := range s.Briefings {
		for _, c := range b.Counts {
			counts[c.Actor] += c.Count
		}
	}
	for a, n := range counts {
		p.KeyActors = append(p.KeyActors, model.ActorCount{Actor: a, Count: n})
	}
	sortCounts(p.KeyActors)
	p.KeyActors = p.KeyActors[:min(12, len(p.KeyActors))]
	p.JSONLD = jsonLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite",
		"name": s.Config.Title, "description": s.Config.Description, "url": p.Canonical,
	})
	return p
}

func archivePage(s *model.Site, sums summaries) *Page {
	p := newPage(s, "archive", "briefings/index.html", "All briefings", fmt.Sprintf("All %d briefings, newest first.", len(s.Briefings)))
	p.BriefingList = briefingItems(p.Root, s.Briefings, sums, "2", true)
	p.Total = len(s.Briefings)
	return p
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

func briefingPage(s *model.Site, sums summaries, actorsLD map[*model.Actor]json.RawMessage, b *model.Briefing) (*Page, error) {
	p := newPage(s, "briefing", "briefings/"+b.Slug+".html", b.Title, plainHTML(sums[b]))
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
	v.EventList = chronologyItems(p.Root, v.Chronology)
	v.ActorList = actorCountItems(p.Root, b.Counts)
	v.TagList = tagItems(p.Root, b.Tags)
	v.Pager = pagerLinks(b.Older, b.Newer)
	var err error
	if v.Commentary, err = Markdown(string(b.Commentary)); err != nil {
		return nil, err
	}
	for _, n := range b.Notes {
		if v.NoteHTML[n], err = Inline(n.Text); err != nil {
			return nil, err
		}
	}
	v.Blocks, v.Article = Article(b, p.Root, v.NoteHTML)
	v.FrontMatter = HighlightFrontMatter(string(b.FrontMatter))
	p.Briefing = v
	var about []json.RawMessage
	for _, c := range b.Counts {
		about = append(about, actorsLD[c.Actor])
	}
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "NewsArticle",
		"headline": b.Title, "datePublished": b.Published.Format("2006-01-02"),
		"description": p.Description, "mentions": about,
	}
	if p.Canonical != "" {
		ld["url"] = p.Canonical
	}
	if b.Seed.URL != "" {
		ld["isBasedOn"] = b.Seed.URL
	}
	if b.Seed.Author != "" {
		ld["author"] = map[string]any{"@type": "Person", "name": b.Seed.Author}
	}
	p.JSONLD = jsonLD(ld)
	return p, nil
}

func actorLD(s *model.Site, a *model.Actor) map[string]any {
	ld := map[string]any{"@type": a.Kind.SchemaType(), "name": a.Name}
	if a.Wikidata != "" {
		ld["sameAs"] = "https://www.wikidata.org/wiki/" + a.Wikidata
	}
	if s.Config.BaseURL != "" {
		ld["url"] = absURL(s, "actors/"+a.ID+".html")
	}
	if len(a.Aliases) > 0 {
		ld["alternateName"] = a.Aliases
	}
	return ld
}

func actorPage(s *model.Site, a *model.Actor) (*Page, error) {
	described := plain(a.Description)
	desc := described
	if desc == "" {
		desc = fmt.Sprintf("%s: every mention in %s.", a.Name, s.Config.Title)
	}
	p := newPage(s, "actor", "actors/"+a.ID+".html", a.Name, desc)
	p.Feed = a.ID + ".xml"
	v := &ActorView{Actor: a}
	var err error
	if v.Description, err = Markdown(a.Description); err != nil {
		return nil, err
	}
	v.MentionList = mentionItems(p.Root, a)
	v.EventList = eventItems(p.Root, a.Events)
	v.BriefingList = briefingLinks(p.Root, a.Briefings)
	p.Actor = v
	ld := actorLD(s, a)
	ld["@context"] = "https://schema.org"
	if described != "" {
		ld["description"] = described
	}
	p.JSONLD = jsonLD(ld)
	return p, nil
}

// contextWidth is roughly how many bytes of text to show on either side of
// a mention on an actor page.
const contextWidth = 70

// context is the line of text around a mention: the bytes before and
// after it within its paragraph, cut at whole words, and whether each was
// cut short.
func context(m *model.Mention) (before, after []byte, cutBefore, cutAfter bool) {
	seed := m.Briefing.Seed
	blk := seed.Blocks[m.Block]
	lo := max(blk.Start, m.Start-contextWidth)
	hi := min(blk.End, m.End+contextWidth)
	before, after = seed.Data[lo:m.Start], seed.Data[m.End:hi]
	if lo > blk.Start {
		// Drop the partial word (and any broken UTF-8) at the cut.
		if i := bytes.IndexAny(before, " \n"); i >= 0 {
			before = before[i+1:]
		} else {
			before = before[:0]
		}
	}
	if hi < blk.End {
		after = after[:max(0, bytes.LastIndexAny(after, " \n"))]
	}
	return before, after, lo > blk.Start, hi < blk.End
}

func actorsPage(s *model.Site) *Page {
	p := newPage(s, "actors", "actors/index.html", "Actors", "Everyone and everything the briefings mention, by kind.")
	byKind := map[actorkind.Kind][]*model.Actor{}
	for _, a := range s.Actors {
		byKind[a.Kind] = append(byKind[a.Kind], a)
	}
	for _, k := range actorkind.Table {
		if len(byKind[k.Kind]) > 0 {
			p.Groups = append(p.Groups, KindGroup{Kind: k.Kind, Title: k.Heading, Actors: byKind[k.Kind]})
		}
	}
	return p
}

// timelineInline is the most entries timeline.html lists in full; a larger
// timeline lists the events and gives each month a page of its own.
const timelineInline = 2000

// timelinePages makes timeline.html and, on a large site, one page per
// month under timeline/.
func timelinePages(s *model.Site) (*Page, []*Page) {
	p := newPage(s, "timeline", "timeline.html", "Timeline", "Every event and dated passage of the briefings, newest first.")
	// Events and dates are each sorted newest first already: merge them,
	// events before the passages that date them.
	items := make([]TimelineItem, 0, len(s.Events)+len(s.Dates))
	events, dates := s.Events, s.Dates
	for len(events) > 0 || len(dates) > 0 {
		if len(events) > 0 && events[0].Value.IsZero() {
			events = events[1:] // undated events come last and have no place here
			continue
		}
		if len(dates) == 0 || (len(events) > 0 && !events[0].Value.First().Before(dates[0].Value.First())) {
			e := events[0]
			items = append(items, TimelineItem{Value: e.Value, Event: e, Briefing: e.Briefing})
			events = events[1:]
			continue
		}
		d := dates[0]
		items = append(items, TimelineItem{Value: d.Value, Date: d, Briefing: d.Briefing})
		dates = dates[1:]
	}
	// Items are in date order, so a month's are a run of them, and most
	// have the same value as the one before.
	var months []Month
	var value calendar.Value
	var key, title string
	for i, it := range items {
		if i == 0 || it.Value != value {
			value = it.Value
			month := value.MonthOfFirst()
			key, title = month.String(), month.Human()
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
	for i := range months {
		m := &months[i]
		if !split {
			m.List = timelineItems(p.Root, m.Items)
			continue
		}
		m.Page = "timeline/" + m.Value + ".html"
		// The month's list is rendered with its page (see Site), not here:
		// all of them at once would hold the whole timeline in memory.
		mp := newPage(s, "month", m.Page, "Timeline: "+m.Title, fmt.Sprintf("Every event and dated passage of %s.", m.Title))
		mp.Months = []Month{*m}
		pages = append(pages, mp)
		var events []TimelineItem
		for _, it := range m.Items {
			if it.Event != nil {
				events = append(events, it)
			}
		}
		m.List = timelineItems(p.Root, events)
	}
	p.Months = months
	return p, pages
}

func tagsPage(s *model.Site) *Page {
	return newPage(s, "tags", "tags/index.html", "Tags", "Briefings by subject.")
}

func tagPage(s *model.Site, t *model.Tag, sums summaries) *Page {
	p := newPage(s, "tag", "tags/"+t.Name+".html", "Tag: "+t.Name, fmt.Sprintf("Briefings tagged %s.", t.Name))
	p.Tag = t
	p.BriefingList = briefingItems(p.Root, t.Briefings, sums, "2", false)
	p.Total = len(t.Briefings)
	return p
}

func searchPage(s *model.Site) *Page {
	return newPage(s, "search", "search.html", "Search", "Search the briefings and actors.")
}

func notFoundPage(s *model.Site) *Page {
	p := newPage(s, "404", "404.html", "Page not found", "This page does not exist.")
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

// HumanDate spells a calendar value for readers: "Wednesday 9 February
// 2022", "week 5 of 2022 (from 31 January)", "February 2022", "2022".
func HumanDate(v calendar.Value) string { return v.Human() }

// plain reduces Markdown to text for meta descriptions and feeds.
func plain(md string) string {
	h, _ := Inline(md)
	return plainHTML(h)
}

// plainHTML reduces rendered Markdown to text.
func plainHTML(h template.HTML) string {
	return strings.Join(strings.Fields(stripTags(string(h))), " ")
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}

func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(data)
}

func robots(s *model.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.Config.BaseURL != "" {
		b.WriteString("Sitemap: " + absURL(s, "sitemap.xml") + "\n")
	}
	return []byte(b.String())
}
