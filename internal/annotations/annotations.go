// Package annotations loads what an analyst writes about the seeds: the site
// settings, the actor registry and the briefings. Decoding is strict: an
// unknown or repeated key, a value of the wrong type or an id that is not a
// slug is an error, and every error carries its file, line and column.
//
// The files, relative to the site directory:
//
//	content/site.yaml          title, description, base_url, language, author
//	content/actors/*.yaml      each a YAML list of actors:
//	                             id, name, kind, aliases, short, description, wikidata
//	content/briefings/SLUG.md  "---" YAML front matter "---" then Markdown commentary;
//	                             front matter keys: seed, title, summary, tags, actors,
//	                             events (quote, title, date, actors), notes (quote, text),
//	                             dates (quote, date), draft
//
// Cross-references (actor ids, quotes in seeds) are checked by the site
// model, which has the seeds and the registry together.
package annotations

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/parallel"
)

// Config is content/site.yaml.
type Config struct {
	Title       string
	Description string
	BaseURL     string
	Language    string
	Author      string
}

// Actor is one entry of the registry.
type Actor struct {
	ID          string
	Name        string
	Kind        actorkind.Kind
	Aliases     []string
	Short       string
	Description string // Markdown
	Wikidata    string
	Pos         diag.Pos   // of the entry
	FormPos     []diag.Pos // of Name, then each alias, then Short (if given)
}

// Ref is an actor id as written, with its position.
type Ref struct {
	ID  string
	Pos diag.Pos
}

// Quote is a passage of the seed, as written in the front matter.
type Quote struct {
	Text string
	Pos  diag.Pos
}

// Event is a dated happening anchored by a quote.
type Event struct {
	Quote   Quote
	Title   string
	Date    calendar.Value // zero means: take it from the quote
	DatePos diag.Pos
	Actors  []Ref // nil means: take them from the quote
}

// Note annotates a passage.
type Note struct {
	Quote Quote
	Text  string // Markdown
}

// DateOverride corrects the date resolved inside a passage.
type DateOverride struct {
	Quote   Quote
	Date    calendar.Value
	DatePos diag.Pos
}

// Briefing is one content/briefings/SLUG.md.
type Briefing struct {
	File        string
	Slug        string
	Seed        string
	SeedPos     diag.Pos
	Title       string
	Summary     string // Markdown
	Tags        []string
	TagPos      []diag.Pos
	Actors      []Ref
	Events      []Event
	Notes       []Note
	Dates       []DateOverride
	Draft       bool
	FrontMatter []byte // the YAML as written
	Body        []byte // the Markdown commentary
}

// Content is everything under content/.
type Content struct {
	Config    Config
	Actors    []Actor
	Briefings []*Briefing
}

var wikidataRE = regexp.MustCompile(`^Q[1-9][0-9]*$`)

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// reserved is the one slug that ids, tags and briefing names cannot take:
// actors/index.html, tags/index.html and briefings/index.html list them.
const reserved = "index"

// IsSlug reports whether s can be an id, a tag or a file name in URLs.
func IsSlug(s string) bool { return slugRE.MatchString(s) }

// Load reads content/ from the site. Briefings are parsed on every CPU;
// the result and the errors are in file-name order all the same.
func Load(site fs.FS) (*Content, diag.List) { return LoadCached(site, nil) }

// LoadCached is Load with the briefings that have not changed since the
// cache saw them taken from it; a nil cache is none.
func LoadCached(site fs.FS, cache *ParseCache) (*Content, diag.List) {
	var errs diag.List
	c := &Content{}
	if data, err := fs.ReadFile(site, "content/site.yaml"); err != nil {
		errs.Add(diag.Pos{File: "content/site.yaml"}, "cannot read the site settings: %w", err)
	} else {
		c.Config = ParseConfig("content/site.yaml", data, &errs)
	}
	actors, aerrs := LoadActors(site)
	c.Actors = actors
	errs = append(errs, aerrs...)
	errs = append(errs, diag.Ignored(site, "content/briefings", "briefings", ".md")...)
	names, _ := fs.Glob(site, "content/briefings/*.md")
	sort.Strings(names)
	sum := sha256Of
	if s, ok := site.(summer); ok {
		sum = s.Sum
	}
	briefings, fileErrs := parallel.ReadFiles(site, names, func(name string, data []byte) (*Briefing, error) {
		return cache.parse(name, data, sum)
	})
	for i, b := range briefings {
		if fileErrs[i] != nil {
			errs.AddErr(diag.Pos{File: names[i]}, fileErrs[i])
		}
		if b != nil {
			c.Briefings = append(c.Briefings, b)
		}
	}
	return c, errs
}

// LoadActors reads only the registry, as `extract` needs.
func LoadActors(site fs.FS) ([]Actor, diag.List) {
	errs := diag.Ignored(site, "content/actors", "actor files", ".yaml", ".yml")
	var actors []Actor
	names, _ := fs.Glob(site, "content/actors/*.yaml")
	yml, _ := fs.Glob(site, "content/actors/*.yml")
	names = append(names, yml...)
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(site, name)
		if err != nil {
			errs.Add(diag.Pos{File: name}, "%w", err)
			continue
		}
		actors = append(actors, ParseActors(name, data, &errs)...)
	}
	CheckActors(actors, &errs)
	return actors, errs
}

// ParseConfig decodes content/site.yaml.
func ParseConfig(file string, data []byte, errs *diag.List) Config {
	var c Config
	d := &doc{file: file, errs: errs}
	n := d.parse(data)
	if n == nil {
		return c
	}
	d.fields(n, "site settings", map[string]func(*yaml.Node){
		"title":       d.str(&c.Title),
		"description": d.str(&c.Description),
		"base_url":    d.str(&c.BaseURL),
		"language":    d.str(&c.Language),
		"author":      d.str(&c.Author),
	})
	if c.BaseURL != "" {
		if err := CheckBaseURL(c.BaseURL); err != nil {
			errs.Add(diag.Pos{File: file}, "base_url %q %w", c.BaseURL, err)
		}
	}
	return c
}

// CheckBaseURL checks a site's published address, which goes into
// robots.txt, feeds, the sitemap and every page's head: an absolute http
// or https URL with a host, and nothing that could make those point
// elsewhere or add lines to them.
func CheckBaseURL(s string) error {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\\' {
			return fmt.Errorf("must not contain white space, control characters or backslashes")
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasPrefix(s, u.Scheme+"://") {
		return fmt.Errorf("is not an absolute http or https URL")
	}
	switch {
	case u.Hostname() == "" || strings.HasPrefix(u.Host, ".") || strings.Contains(u.Host, ".."):
		return fmt.Errorf("has no host name")
	case u.User != nil:
		return fmt.Errorf("must not carry a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return fmt.Errorf("must not have a query or a fragment")
	case strings.Contains(u.EscapedPath(), "//"):
		return fmt.Errorf("has an empty path segment (//)")
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("has an invalid port %q", port)
		}
	}
	return nil
}

// ParseActors decodes one registry file.
func ParseActors(file string, data []byte, errs *diag.List) []Actor {
	d := &doc{file: file, errs: errs}
	root, err := d.tryParse(data)
	if err != nil {
		return parseActorsApart(file, data, errs, err)
	}
	if root == nil {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		d.errorf(root, "an actors file must be a list of actors, found %s", kindName(root))
		return nil
	}
	var actors []Actor
	for _, n := range root.Content {
		a := Actor{Pos: d.pos(n)}
		var namePos, shortPos diag.Pos
		var aliasPos []diag.Pos
		ok := d.fields(n, "actor", map[string]func(*yaml.Node){
			"id":          d.str(&a.ID),
			"name":        func(v *yaml.Node) { namePos = d.pos(v); d.str(&a.Name)(v) },
			"kind":        func(v *yaml.Node) { var k string; d.str(&k)(v); a.Kind = actorkind.Kind(k) },
			"aliases":     d.strs(&a.Aliases, &aliasPos),
			"short":       func(v *yaml.Node) { shortPos = d.pos(v); d.str(&a.Short)(v) },
			"description": d.str(&a.Description),
			"wikidata":    d.str(&a.Wikidata),
		})
		if !ok {
			continue
		}
		switch {
		case a.ID == "":
			d.errorf(n, "actor has no id")
		case !IsSlug(a.ID):
			d.errorf(n, "actor id %q is not a slug (lowercase letters and digits joined by single hyphens)", a.ID)
		case a.ID == reserved:
			d.errorf(n, "actor id %q is taken by the page listing all actors", a.ID)
		}
		if strings.TrimSpace(a.Name) == "" {
			d.errorf(n, "actor %q has no name", a.ID)
		}
		if !a.Kind.Known() {
			d.errorf(n, "actor %q has kind %q; want one of %s", a.ID, a.Kind, actorkind.List())
		}
		if a.Short != "" && a.Kind != actorkind.Person {
			errs.Add(shortPos, "short is for persons only, and %q is a %s", a.ID, a.Kind)
		}
		if a.Wikidata != "" && !wikidataRE.MatchString(a.Wikidata) {
			d.errorf(n, "wikidata %q of %q is not an item id like Q42", a.Wikidata, a.ID)
		}
		for i, alias := range a.Aliases {
			if strings.TrimSpace(alias) == "" {
				errs.Add(aliasPos[i], "empty alias of %q", a.ID)
			}
		}
		a.FormPos = append(append([]diag.Pos{namePos}, aliasPos...), shortPos)
		actors = append(actors, a)
	}
	return actors
}

// CheckActors reports ids used twice.
func CheckActors(actors []Actor, errs *diag.List) {
	first := map[string]diag.Pos{}
	for _, a := range actors {
		if a.ID == "" {
			continue
		}
		if p, dup := first[a.ID]; dup {
			where := p.String()
			if p.File == a.Pos.File {
				where = fmt.Sprintf("line %d", p.Line)
			}
			errs.Add(a.Pos, "duplicate actor id %q (first defined at %s)", a.ID, where)
			continue
		}
		first[a.ID] = a.Pos
	}
}

// ParseBriefing decodes one briefing file.
func ParseBriefing(file string, data []byte, errs *diag.List) *Briefing {
	b := &Briefing{File: file, Slug: strings.TrimSuffix(path.Base(file), ".md")}
	switch {
	case !IsSlug(b.Slug):
		errs.Add(diag.Pos{File: file}, "briefing file name %q is not a slug (lowercase letters and digits joined by single hyphens)", b.Slug)
	case b.Slug == reserved:
		errs.Add(diag.Pos{File: file}, "briefing file name %q is taken by the page listing all briefings", b.Slug)
	}
	fm, body, line, ok := splitFrontMatter(data)
	if !ok {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "missing front matter: a briefing begins with a line \"---\", its YAML, and another \"---\"")
		return nil
	}
	b.FrontMatter, b.Body = fm, body
	d := &doc{file: file, lineOffset: line, errs: errs}
	root := d.parse(fm)
	if root == nil {
		if len(bytes.TrimSpace(fm)) == 0 {
			errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "empty front matter: a briefing needs at least seed and title")
		}
		return nil
	}
	quote := func(q *Quote) func(*yaml.Node) {
		return func(v *yaml.Node) {
			q.Pos = d.pos(v)
			d.str(&q.Text)(v)
			if q.Text != "" && strings.TrimSpace(q.Text) == "" {
				d.errorf(v, "quote is only white space")
			}
		}
	}
	refs := func(dst *[]Ref) func(*yaml.Node) {
		return func(v *yaml.Node) {
			var ids []string
			var pos []diag.Pos
			d.strs(&ids, &pos)(v)
			*dst = []Ref{}
			for i := range ids {
				*dst = append(*dst, Ref{ID: ids[i], Pos: pos[i]})
			}
		}
	}
	date := func(dst *calendar.Value, at *diag.Pos) func(*yaml.Node) {
		return func(v *yaml.Node) {
			*at = d.pos(v)
			var s string
			d.str(&s)(v)
			var err error
			if *dst, err = calendar.Parse(s); err != nil {
				d.errorf(v, "date %q is not a calendar value (2022-02-09, 2022-W05, 2022-02 or 2022)", s)
			}
		}
	}
	var seedNode *yaml.Node
	ok = d.fields(root, "front matter", map[string]func(*yaml.Node){
		"seed":    func(v *yaml.Node) { seedNode = v; b.SeedPos = d.pos(v); d.str(&b.Seed)(v) },
		"title":   d.str(&b.Title),
		"summary": d.str(&b.Summary),
		"tags":    d.strs(&b.Tags, &b.TagPos),
		"actors":  refs(&b.Actors),
		"draft":   d.boolean(&b.Draft),
		"events": d.list("events", func(n *yaml.Node) {
			e := Event{}
			if d.fields(n, "event", map[string]func(*yaml.Node){
				"quote":  quote(&e.Quote),
				"title":  d.str(&e.Title),
				"date":   date(&e.Date, &e.DatePos),
				"actors": refs(&e.Actors),
			}) {
				if e.Quote.Text == "" {
					d.errorf(n, "event has no quote")
				}
				if e.Title == "" {
					d.errorf(n, "event has no title")
				}
				b.Events = append(b.Events, e)
			}
		}),
		"notes": d.list("notes", func(n *yaml.Node) {
			note := Note{}
			if d.fields(n, "note", map[string]func(*yaml.Node){
				"quote": quote(&note.Quote),
				"text":  d.str(&note.Text),
			}) {
				if note.Quote.Text == "" {
					d.errorf(n, "note has no quote")
				}
				if note.Text == "" {
					d.errorf(n, "note has no text")
				}
				b.Notes = append(b.Notes, note)
			}
		}),
		"dates": d.list("dates", func(n *yaml.Node) {
			o := DateOverride{}
			if d.fields(n, "date correction", map[string]func(*yaml.Node){
				"quote": quote(&o.Quote),
				"date":  date(&o.Date, &o.DatePos),
			}) {
				if o.Quote.Text == "" {
					d.errorf(n, "date correction has no quote")
				}
				if o.Date.IsZero() && o.DatePos.Line == 0 { // a bad date has its own error
					d.errorf(n, "date correction has no date")
				}
				b.Dates = append(b.Dates, o)
			}
		}),
	})
	if !ok {
		return nil
	}
	if seedNode == nil {
		d.errorf(root, "front matter has no seed (the article's file under seeds/)")
	} else if b.Seed != "" && (strings.Contains(b.Seed, "..") || strings.ContainsAny(b.Seed, `/\`)) {
		d.errorf(seedNode, "seed %q must be a file name directly under seeds/", b.Seed)
	}
	if b.Title == "" {
		d.errorf(root, "front matter has no title")
	}
	for i, t := range b.Tags {
		switch {
		case !IsSlug(t):
			errs.Add(b.TagPos[i], "tag %q is not a slug (lowercase letters and digits joined by single hyphens)", t)
		case t == reserved:
			errs.Add(b.TagPos[i], "tag %q is taken by the page listing all tags", t)
		}
	}
	return b
}

// splitFrontMatter cuts "---\nYAML\n---\nbody". line is the number of lines
// before the YAML, to turn YAML lines into file lines.
func splitFrontMatter(data []byte) (fm, body []byte, line int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, nil, 0, false
	}
	offset := 0
	for {
		lineText, after, more := bytes.Cut(rest[offset:], []byte("\n"))
		if string(bytes.TrimRight(lineText, " \t\r")) == "---" {
			return rest[:offset], after, 1, true
		}
		if !more {
			return nil, nil, 0, false
		}
		offset += len(lineText) + 1
	}
}
