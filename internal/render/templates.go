package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// Templates holds parsed page templates.
type Templates struct {
	pages map[string]*template.Template
	// lang is the language that the functions t, tf, count, human and
	// long speak: that of the site being rendered, set by Site.
	lang atomic.Pointer[i18n.Lang]
	// sums digest each kind's sources (base.html and NAME.html), for the
	// keys of its pages.
	sums map[string][sha256.Size]byte
	// own marks the kinds whose sources include a site's own template.
	// Such a template may show anything its page reaches (.Site is the
	// whole model), not only what the kind's Inputs say, so its pages
	// depend on every briefing and actor.
	own map[string]bool
	// summaries, if set, keeps the briefings' summaries rendered by
	// earlier runs (see Remember).
	summaries *Summaries
	// terms, if set, keeps the briefings' search terms between runs (see
	// KeepTerms).
	terms *export.TermCache
	// inGo marks the kinds whose base.html and NAME.html are the built-in
	// ones: their pages are written in Go (gopages.go).
	inGo map[string]bool
	// sources is the digest of the sources parsed, and warnings what
	// the parse found, for LoadTemplatesAgain.
	sources  [sha256.Size]byte
	warnings diag.List
}

// Summaries keeps the briefings' summaries as rendered, by their Markdown,
// for a process that renders the same site again after every change
// (serve): most summaries are those of the last run. It is safe for
// concurrent use.
type Summaries struct {
	mu   sync.Mutex
	html map[string]template.HTML
	// build's, kept on disk (summaries.go): the program's digest, the
	// entries given since Use (nil for serve's, which it never writes),
	// and how many were rendered since.
	salt  string
	used  map[string]bool
	added int
}

// NewSummaries returns an empty Summaries.
func NewSummaries() *Summaries { return &Summaries{html: map[string]template.HTML{}} }

// Remember has the runs with t take the summaries rendered before from c,
// and keep there those they render.
func (t *Templates) Remember(c *Summaries) { t.summaries = c }

// KeepTerms has the runs with t take the briefings' search terms read
// before from c, by each briefing's fingerprint, and keep there those
// they read. The caller salts c (TermCache.Use) with what the model does
// not show: the program and the registry.
func (t *Templates) KeepTerms(c *export.TermCache) { t.terms = c }

// LoadTemplates parses base.html and the page templates. A file in site
// (the site's own templates/) replaces the default of the same name. Every
// problem of every template is in the list, at templates/NAME.html:line:col:
// syntax, html/template's escaping (found here by running the escaper, not
// at the first page) and lists printed whole; the templates are nil when
// there is any.
func LoadTemplates(defaults, site fs.FS) (*Templates, diag.List) {
	return LoadTemplatesAgain(nil, defaults, site)
}

// LoadTemplatesAgain is LoadTemplates for a process that loads the
// templates after every change (serve): when every source it reads is
// what last was parsed from, it returns last, with its warnings, rather
// than parse the same again. last may be nil.
func LoadTemplatesAgain(last *Templates, defaults, site fs.FS) (*Templates, diag.List) {
	src, problems := readTemplateSources(defaults, site)
	if _, read := src.fromSite["base.html"]; !read {
		return nil, problems
	}
	if problems.Err() == nil && last != nil && last.sources == src.digest {
		return last, slices.Clone(last.warnings)
	}
	t, parseProblems := parseTemplates(src)
	problems = append(problems, parseProblems...)
	if problems.Err() != nil {
		return nil, problems.Sort()
	}
	t.sources, t.warnings = src.digest, slices.Clone(problems)
	return t, problems
}

// templateSources are the sources of base.html and of each kind's
// template, from the site's own templates/ or the defaults, and their
// digest.
type templateSources struct {
	base     string
	pages    map[string]string // by kind, those read
	fromSite map[string]bool   // by file name
	digest   [sha256.Size]byte
}

func readTemplateSources(defaults, site fs.FS) (templateSources, diag.List) {
	var problems diag.List
	src := templateSources{pages: map[string]string{}, fromSite: map[string]bool{}}
	h := sha256.New()
	read := func(name string) (string, bool) {
		text, fromSite, err := "", false, error(nil)
		if site != nil {
			if b, siteErr := fs.ReadFile(site, name); siteErr == nil {
				text, fromSite = string(b), true
			}
		}
		if !fromSite {
			var b []byte
			if b, err = fs.ReadFile(defaults, name); err != nil {
				problems.Add(diag.Pos{File: "templates/" + name}, "%w", err)
				return "", false
			}
			text = string(b)
		}
		src.fromSite[name] = fromSite
		writeStrings(h, name, strconv.FormatBool(fromSite), text)
		return text, true
	}
	base, ok := read("base.html")
	if !ok {
		return src, problems
	}
	src.base = base
	for _, kind := range pageKinds {
		if text, ok := read(kind + ".html"); ok {
			src.pages[kind] = text
		}
	}
	h.Sum(src.digest[:0])
	return src, problems
}

// parseTemplates parses what readTemplateSources read.
func parseTemplates(sources templateSources) (*Templates, diag.List) {
	var problems diag.List
	fromSite := sources.fromSite
	t := &Templates{pages: map[string]*template.Template{}, sums: map[string][sha256.Size]byte{}, own: map[string]bool{}, inGo: map[string]bool{}}
	t.lang.Store(i18n.English)
	baseSrc := sources.base
	base, err := template.New("base.html").Funcs(funcs).Funcs(t.langFuncs()).Parse(baseSrc)
	if err != nil {
		problems = append(problems, templateError(err))
		return nil, problems
	}
	for _, named := range base.Templates() {
		checkLists(named.Tree, &problems)
	}
	for _, kind := range pageKinds {
		name := kind + ".html"
		src, ok := sources.pages[kind]
		if !ok {
			continue
		}
		h := sha256.New()
		writeStrings(h, baseSrc, src)
		var sum [sha256.Size]byte
		h.Sum(sum[:0])
		t.sums[kind] = sum
		t.own[kind] = fromSite["base.html"] || fromSite[name]
		t.inGo[kind] = builtIn("base.html", baseSrc) && builtIn(name, src)
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
		return nil, problems
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
		msg := executingRE.ReplaceAllString(m[4], "$1: ")
		return &diag.Error{Pos: diag.Pos{File: "templates/" + m[1], Line: line, Col: col}, Err: errors.New(msg)}
	}
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) && escapeErr.Name != "" {
		return &diag.Error{Pos: diag.Pos{File: "templates/" + escapeErr.Name, Line: escapeErr.Line}, Err: errors.New(escapeErr.Description)}
	}
	return &diag.Error{Pos: diag.Pos{File: "templates"}, Err: err}
}

var templateErrorRE = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// executingRE finds text/template's `executing "main" at <.Field>: `, which
// the position already says, so that the message reads `.Field: ...`.
var executingRE = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: `)

// listFields are the names of the fields of page data that hold an
// HTMLList, read from the types so that a new list is checked too.
var listFields = func() map[string]bool {
	names := map[string]bool{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[Page](), reflect.TypeFor[BriefingView](), reflect.TypeFor[ActorView](), reflect.TypeFor[Month](),
		reflect.TypeFor[IndexData](), reflect.TypeFor[ListData](), reflect.TypeFor[TagData](),
	} {
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
	"human":     HumanDate,
	"actorLink": actorLink,
	"tagLink":   tagLink,
	"iso":       func(t time.Time) string { return t.Format("2006-01-02") },
	"long":      func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	"noteNum":   noteNumber,
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

// langFuncs are the template functions that speak the site's language:
// t (a string of the table: {{t "nav.timeline"}}), tf (one with its
// placeholders filled, given as name, value pairs: {{tf "tag.title" "tag"
// .Name}}), count (the plural form for n: {{count "briefings" .Total}}),
// human and long (a calendar value or a time for readers). They replace
// the English ones of funcs.
func (t *Templates) langFuncs() template.FuncMap {
	return template.FuncMap{
		"t":     func(k string) string { return t.lang.Load().Text(i18n.Key(k)) },
		"tf":    func(k string, args ...string) string { return t.lang.Load().Format(i18n.Key(k), args...) },
		"count": func(k string, n int, args ...string) string { return t.lang.Load().Count(i18n.Key(k), n, args...) },
		"human": func(v calendar.Value) string { return t.lang.Load().HumanLong(v.String()) },
		"long":  func(tm time.Time) string { return t.lang.Load().Weekday(tm) },
		"tlinks": func(k string, pairs ...string) template.HTML {
			return textWithLinks(t.lang.Load(), i18n.Key(k), pairs...)
		},
	}
}

// textWithLinks is the string for k with each placeholder a link: pairs
// are name, URL; the link's text is the string of the key's prefix and
// the name ("notfound.text" with "latest" takes "notfound.latest").
func textWithLinks(lang *i18n.Lang, k i18n.Key, pairs ...string) template.HTML {
	prefix, _, _ := strings.Cut(string(k), ".")
	links := make(map[string]template.HTML, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		var w htmlw.Writer
		w.Tag(`<a href="`)
		w.URL(pairs[i+1])
		w.Tag(`">`)
		w.Text(lang.Text(i18n.Key(prefix + "." + pairs[i])))
		w.Tag("</a>")
		links[pairs[i]] = w.Done()
	}
	return lang.FormatHTML(k, links)
}

// execute renders a page. An error of a template (a field the page lacks,
// a function given the wrong type) is a diag.List of one error at its
// place in the template, saying which page it was rendering.
func (t *Templates) execute(buf *bytes.Buffer, p *Page) error {
	lang := t.lang.Load()
	p.Nav = navItems(p.scratch, lang, p.Root, p.Kind) // here, as 404.html sets its Root late
	if t.inGo[p.Kind] {
		if _, ok := p.Data.(*BriefingView); ok || p.Kind != "briefing" {
			start := buf.Len()
			if ok, err := t.writeInGo(buf, lang, p); ok {
				return err
			}
			buf.Truncate(start) // the template says what is wrong with the page
		}
	}
	return t.run(buf, p, "base.html")
}

// run executes a page's template, or one it defines.
func (t *Templates) run(buf *bytes.Buffer, p *Page, name string) error {
	if err := t.pages[p.Kind].ExecuteTemplate(buf, name, p); err != nil {
		e := templateError(err)
		e.Err = fmt.Errorf("%w (rendering %s)", e.Err, p.Path)
		return diag.List{e}
	}
	return nil
}

// writeInGo writes a page of the built-in templates: the frame in Go, and
// its "main" in Go too when goMain has it. It returns false, having
// written no "main", when the Go one refused the page's data.
func (t *Templates) writeInGo(buf *bytes.Buffer, lang *i18n.Lang, p *Page) (bool, error) {
	b := pageBuf{buf}
	written := true
	err := writeFrame(b, lang, p, func() error {
		if main := goMain[p.Kind]; main != nil {
			if written = main(b, lang, p); !written {
				return errNotInGo
			}
			return nil
		}
		return t.run(buf, p, "main")
	})
	if !written {
		return false, nil
	}
	return true, err
}

// errNotInGo stops the frame when a page's "main" cannot be written in Go.
var errNotInGo = errors.New("not in Go")
