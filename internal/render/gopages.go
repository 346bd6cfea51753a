package render

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
	"github.com/briefing-dev/briefing/templates"
)

// The built-in templates' pages, written in Go. html/template calls every
// action's functions and escapers through reflection, and a page of the
// built-in templates has about sixty actions: at 10,000 briefings that
// was a tenth of a build. When a kind's base.html and NAME.html are the
// built-in ones, its pages get base.html's frame from writeFrame and, for
// the kinds of goMain, their "main" too; the other kinds' "main" is still
// the template's, executed alone. A site's own templates go through
// html/template as they always did. TestPagesInGo renders sites both ways
// and compares every file: a change to a built-in template must be made
// here too.

// goMain writes the "main" of the built-in templates of a kind, in Go.
// Each returns false, having written nothing, for a page whose data the
// template would have refused (it then runs, and says why).
var goMain = map[string]func(b pageBuf, lang *i18n.Lang, p *Page) bool{
	"briefing": writeBriefingMain,
	"actor":    writeActorMain,
	"month":    writeMonthMain,
}

// builtIn reports whether src is the built-in template of that name.
func builtIn(name, src string) bool {
	b, err := templates.FS.ReadFile(name)
	return err == nil && string(b) == src
}

// pageBuf is a page being written: its values escaped as html/template
// escapes them in the places the built-in templates put them.
type pageBuf struct{ *bytes.Buffer }

// markup writes the template's own text, or HTML made and escaped
// elsewhere (template.HTML, template.JS), as the template prints it.
func (b pageBuf) markup(s string) { b.WriteString(s) }

// text writes a value in text, in an RCDATA element (<title>) or as a
// quoted attribute's value that is not a URL: html/template's
// htmlEscaper, rcdataEscaper and attrEscaper, which agree on strings.
func (b pageBuf) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := tmplEscapes[s[i]]; r != "" {
			b.WriteString(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// tmplEscapes are html/template's replacements in text and attributes
// (its htmlReplacementTable): those of htmlw.Escapes, and '+', and NUL,
// which it replaces with U+FFFD. Every byte it replaces is ASCII, so
// looking at bytes rather than runes replaces the same ones.
var tmplEscapes = func() (t [256]string) {
	t = htmlw.Escapes
	t['+'] = "&#43;"
	t[0] = "\uFFFD"
	return t
}()

// url writes a value that begins a URL attribute's value (href="{{.}}"),
// as html/template does: a scheme other than http, https or mailto is
// refused (#ZgotmplZ), the rest normalised (urlNormalizer) and escaped.
func (b pageBuf) url(s string) {
	if !safeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	var w htmlw.Writer
	w.URL(s)
	b.WriteString(w.String())
}

// safeURL is html/template's isSafeURL.
func safeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		return strings.EqualFold(protocol, "http") || strings.EqualFold(protocol, "https") || strings.EqualFold(protocol, "mailto")
	}
	return true
}

// writeFrame writes a page with base.html's frame around main, which
// writes the page's "main"; it returns main's error.
func writeFrame(b pageBuf, lang *i18n.Lang, p *Page, main func() error) error {
	cfg := &p.Site.Config
	b.markup("<!DOCTYPE html>\n<html lang=\"")
	if cfg.Language != "" {
		b.text(cfg.Language)
	} else {
		b.markup("en")
	}
	b.markup("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.text(p.Title)
	if p.Kind != "index" {
		b.markup(" · ")
		b.text(cfg.Title)
	}
	b.markup("</title>\n")
	if p.Description != "" {
		b.markup(`<meta name="description" content="`)
		b.text(p.Description)
		b.markup(`">`)
	}
	b.markup("\n")
	if p.Canonical != "" {
		b.markup(`<link rel="canonical" href="`)
		b.url(p.Canonical)
		b.markup(`">`)
	}
	b.markup("\n<meta property=\"og:site_name\" content=\"")
	b.text(cfg.Title)
	b.markup("\">\n<meta property=\"og:title\" content=\"")
	b.text(p.Title)
	b.markup("\">\n")
	if p.Description != "" {
		b.markup(`<meta property="og:description" content="`)
		b.text(p.Description)
		b.markup(`">`)
	}
	b.markup("\n<meta property=\"og:type\" content=\"")
	switch p.Kind {
	case "briefing":
		b.markup("article")
	case "actor":
		b.markup("profile")
	default:
		b.markup("website")
	}
	b.markup("\">\n")
	if p.Canonical != "" {
		b.markup(`<meta property="og:url" content="`)
		b.text(p.Canonical)
		b.markup(`">`)
	}
	b.markup("\n")
	if p.Kind == "briefing" {
		var date [10]byte
		b.markup(`<meta property="article:published_time" content="`)
		b.Write(p.Data.(*BriefingView).Published.AppendFormat(date[:0], "2006-01-02"))
		b.markup(`">`)
	}
	b.markup("\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"")
	b.url(p.Root)
	b.markup("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
	b.url(p.Root)
	b.markup("assets/style.css\">\n")
	if p.Kind == "briefing" {
		b.markup(`<link rel="stylesheet" href="`)
		b.url(p.Root)
		b.markup(`assets/chroma.css">`)
	}
	b.markup("\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	b.text(cfg.Title)
	b.markup("\" href=\"")
	b.url(p.Root)
	b.markup("feed.xml\">\n")
	if p.Kind == "actor" {
		b.markup(`<link rel="alternate" type="application/atom+xml" title="`)
		b.text(p.Title)
		b.markup(`" href="`)
		b.url(p.Feed)
		b.markup(`">`)
	}
	b.markup("\n")
	if p.JSONLD != "" {
		b.markup(`<script type="application/ld+json">`)
		b.markup(string(p.JSONLD))
		b.markup(`</script>`)
	}
	b.markup("\n</head>\n<body class=\"page-")
	b.text(p.Kind)
	b.markup("\">\n<a class=\"skip\" href=\"#main\">")
	b.text(lang.Text("frame.skip"))
	b.markup("</a>\n<header class=\"site-header\">\n<a class=\"brand\" href=\"")
	b.url(p.Root)
	b.markup("index.html\">")
	b.text(cfg.Title)
	b.markup("</a>\n<nav aria-label=\"")
	b.text(lang.Text("frame.nav"))
	b.markup("\">\n<ul>\n")
	b.markup(string(p.Nav))
	b.markup("</ul>\n</nav>\n</header>\n<main id=\"main\">\n")
	if err := main(); err != nil {
		return err
	}
	b.markup("\n</main>\n<footer class=\"site-footer\">\n<p>")
	b.text(cfg.Title)
	if cfg.Author != "" {
		b.markup(" · ")
		b.text(cfg.Author)
	}
	b.markup(" · <a href=\"")
	b.url(p.Root)
	b.markup("feed.xml\">")
	b.text(lang.Text("frame.feed"))
	b.markup("</a> · <a href=\"")
	b.url(p.Root)
	b.markup("data/site.json\">")
	b.text(lang.Text("frame.data"))
	b.markup("</a></p>\n</footer>\n</body>\n</html>\n")
	return nil
}

// writeBriefingMain is briefing.html's "main".
func writeBriefingMain(b pageBuf, lang *i18n.Lang, p *Page) bool {
	v, ok := p.Data.(*BriefingView)
	if !ok || v.Seed == nil || v.Briefing == nil {
		return false
	}
	var date [10]byte
	b.markup("\n<article class=\"briefing\">\n<header class=\"briefing-header\">\n<p class=\"meta\"><time datetime=\"")
	b.Write(v.Published.AppendFormat(date[:0], "2006-01-02"))
	b.markup(`">`)
	b.text(lang.Weekday(v.Published))
	b.markup("</time>")
	if v.Seed.Source != "" {
		b.markup(" · ")
		b.text(v.Seed.Source)
	}
	if v.Seed.Author != "" {
		b.markup(" · ")
		b.text(v.Seed.Author)
	}
	b.markup("</p>\n<h1>")
	b.text(v.Title)
	b.markup("</h1>")
	if v.Briefing.Draft {
		b.markup("\n<p class=\"draft-mark\"><strong>")
		b.text(lang.Text("briefing.draft"))
		b.markup("</strong>")
		b.text(lang.Text("briefing.draft.note"))
		b.markup("</p>")
	}
	b.markup("\n<p class=\"lede\">")
	b.markup(string(v.Summary))
	b.markup("</p>\n")
	if len(v.Tags) > 0 {
		b.markup(`<ul class="tags" aria-label="`)
		b.text(lang.Text("briefing.tags"))
		b.markup(`">`)
		b.markup(string(v.TagList))
		b.markup("</ul>")
	}
	b.markup("\n</header>\n<div class=\"briefing-body\">\n<section class=\"article\" aria-labelledby=\"article-title\">\n<h2 id=\"article-title\">")
	b.text(lang.Text("briefing.article"))
	b.markup("</h2>\n")
	if u := v.Seed.URL; u != "" {
		b.markup(`<p class="source">`)
		b.text(lang.Format("briefing.source", "source", ""))
		b.markup(`<a href="`)
		b.url(u)
		b.markup(`" rel="external noopener">`)
		if v.Seed.Source != "" {
			b.text(v.Seed.Source)
		} else {
			b.text(u)
		}
		b.markup("</a></p>")
	}
	b.markup("\n")
	b.markup(string(v.Article))
	b.markup("\n</section>\n<aside class=\"side\">\n")
	if len(v.Chronology) > 0 {
		b.markup("<section aria-labelledby=\"events-title\">\n<h2 id=\"events-title\">")
		b.text(lang.Text("briefing.events"))
		b.markup("</h2>\n<ol class=\"timeline small\">\n")
		b.markup(string(v.EventList))
		b.markup("</ol>\n</section>")
	}
	b.markup("\n<section aria-labelledby=\"actors-title\">\n<h2 id=\"actors-title\">")
	b.text(lang.Text("briefing.actors"))
	b.markup("</h2>\n<p class=\"meta\" id=\"actors-desc\">")
	b.text(lang.Text("briefing.actors.desc"))
	b.markup("</p>\n<ul class=\"actor-list bars\" aria-describedby=\"actors-desc\">\n")
	b.markup(string(v.ActorList))
	b.markup("</ul>\n</section>\n</aside>\n</div>\n")
	if v.Commentary != "" {
		b.markup("<section class=\"commentary\" aria-labelledby=\"commentary-title\">\n<h2 id=\"commentary-title\">")
		b.text(lang.Text("briefing.comment"))
		b.markup("</h2>\n")
		b.markup(string(v.Commentary))
		b.markup("\n</section>")
	}
	b.markup("\n<details class=\"source-yaml\">\n<summary>")
	b.text(lang.Format("briefing.yaml", "file", v.File))
	b.markup("</summary>\n")
	b.markup(string(v.FrontMatter))
	b.markup("\n</details>\n")
	if v.Older != nil || v.Newer != nil {
		b.markup(`<nav class="pager" aria-label="`)
		b.text(lang.Text("briefing.pager"))
		b.markup("\">\n")
		b.markup(string(v.Pager))
		b.markup("\n</nav>")
	}
	b.markup("\n</article>\n")
	return true
}

// writeActorMain is actor.html's "main".
func writeActorMain(b pageBuf, lang *i18n.Lang, p *Page) bool {
	v, ok := p.Data.(*ActorView)
	if !ok || v.Actor == nil {
		return false
	}
	a := v.Actor
	b.markup("\n<article class=\"actor-page\">\n<header>\n<p class=\"meta\"><span class=\"kind ")
	b.text(string(a.Kind))
	b.markup(`">`)
	b.text(lang.Text(i18n.Key("kind." + string(a.Kind))))
	b.markup("</span>")
	if a.Wikidata != "" {
		b.markup(` · <a href="https://www.wikidata.org/wiki/`)
		var w htmlw.Writer
		w.URL(a.Wikidata) // within the URL: normalised, not filtered
		b.markup(w.String())
		b.markup(`" rel="external noopener">`)
		b.text(lang.Format("actor.wikidata", "id", a.Wikidata))
		b.markup("</a>")
	}
	b.markup("</p>\n<h1>")
	b.text(p.Title)
	b.markup("</h1>\n")
	if len(a.Aliases) > 0 {
		b.markup(`<p class="aliases">`)
		b.text(lang.Format("actor.also", "list", ""))
		for i, x := range a.Aliases {
			if i > 0 {
				b.markup(", ")
			}
			b.markup("<q>")
			b.text(x)
			b.markup("</q>")
		}
		b.markup("</p>")
	}
	b.markup("\n")
	b.markup(string(v.Description))
	b.markup("\n<p><a class=\"feed\" href=\"")
	b.url(p.Feed)
	b.markup(`">`)
	b.text(lang.Format("feed.actor.link", "actor", a.Name))
	b.markup("</a></p>\n")
	if v.Activity != "" || v.Network != "" {
		b.markup(`<div class="pictures">`)
		b.markup(string(v.Activity))
		b.markup(string(v.Network))
		b.markup("</div>")
	}
	b.markup("\n</header>\n<div class=\"columns\">\n<section aria-labelledby=\"mentions-title\">\n<h2 id=\"mentions-title\">")
	b.text(lang.Text("actor.mentions"))
	b.markup(` <span class="count">`)
	b.markup(strconv.Itoa(len(a.Mentions)))
	b.markup("</span></h2>\n")
	if v.Pages > 1 {
		b.markup(`<p class="meta">`)
		b.text(lang.Format("actor.pages", "briefings", lang.Count("count.briefings", len(a.Briefings)), "page", strconv.Itoa(v.Page), "pages", strconv.Itoa(v.Pages)))
		b.markup("</p>\n")
	}
	if len(a.Mentions) > 0 {
		b.markup("<ol class=\"mentions\">\n")
		for _, piece := range v.MentionList {
			b.markup(string(piece))
		}
		b.markup("</ol>\n")
	} else {
		b.markup("<p>")
		b.text(lang.Text("actor.unmentioned"))
		b.markup("</p>\n")
	}
	b.markup(string(v.Pager))
	b.markup("\n</section>\n<aside>\n")
	if v.PageEvents != 0 {
		b.markup("<section aria-labelledby=\"events-title\">\n<h2 id=\"events-title\">")
		b.text(lang.Text("actor.events"))
		b.markup("</h2>\n<ol class=\"timeline small\">\n")
		b.markup(string(v.EventList))
		b.markup("</ol>\n</section>")
	}
	b.markup("\n")
	if v.Page == 1 && len(a.Related) > 0 {
		b.markup("<section aria-labelledby=\"related-title\">\n<h2 id=\"related-title\">")
		b.text(lang.Text("actor.related"))
		b.markup("</h2>\n<ul class=\"actor-list\">\n")
		title := lang.Text("count.passages")
		for _, c := range a.Related[:min(15, len(a.Related))] {
			b.markup("<li>")
			b.markup(string(actorLink(v.ActorsDir, c.Actor)))
			b.markup(` <span class="count" title="`)
			b.text(title)
			b.markup(`">`)
			b.markup(strconv.Itoa(c.Count))
			b.markup("</span></li>\n")
		}
		b.markup("</ul>\n</section>")
	}
	b.markup("\n</aside>\n</div>\n</article>\n")
	return true
}

// writeMonthMain is month.html's "main".
func writeMonthMain(b pageBuf, lang *i18n.Lang, p *Page) bool {
	d, ok := p.Data.(*TimelineData)
	if !ok {
		return false
	}
	b.markup("\n")
	for _, m := range d.Months {
		b.markup("<h1>")
		if d.Page > 1 {
			b.text(lang.Format("pages.title", "title", m.Title, "page", strconv.Itoa(d.Page), "pages", strconv.Itoa(d.Pages)))
		} else {
			b.text(m.Title)
		}
		b.markup("</h1>\n<p class=\"lede\">")
		b.text(lang.Format("month.lede", "month", m.Title))
		b.markup(` <a href="`)
		b.url(p.Root)
		b.markup(`timeline.html">`)
		b.text(lang.Text("month.whole"))
		b.markup("</a></p>\n<ol class=\"timeline\">\n")
		for _, piece := range m.List {
			b.markup(string(piece))
		}
		b.markup("</ol>\n")
	}
	if d.Pager != "" {
		b.markup(string(d.Pager))
		b.markup("\n")
	}
	b.markup("\n")
	return true
}
