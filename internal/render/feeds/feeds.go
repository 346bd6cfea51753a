// Package feeds writes the files for other programs that visit the site:
// the Atom feeds (the site's and each actor's), the sitemap and
// robots.txt. Their URLs are absolute when the site's base_url is known.
package feeds

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/model"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
	Category  []atomCat  `xml:"category"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// feedURL makes a feed's links absolute when base_url is known; feed
// readers resolve relative links against the feed's own address otherwise.
func feedURL(s *model.Site, p string) string {
	if s.Config.BaseURL == "" {
		return p
	}
	return s.AbsURL(p)
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed writes an Atom feed of briefings. Its updated time is the newest
// briefing's date, not the build time, so that builds are reproducible.
func feed(s *model.Site, sums Summaries, title, self, alternate string, briefings []*model.Briefing) ([]byte, error) {
	f := atomFeed{
		Title: title, ID: feedURL(s, self),
		Links: []atomLink{{Href: feedURL(s, self), Rel: "self", Type: "application/atom+xml"}, {Href: feedURL(s, alternate), Rel: "alternate", Type: "text/html"}},
	}
	if s.Config.Author != "" {
		f.Author = &atomPerson{Name: s.Config.Author}
	} else {
		f.Author = &atomPerson{Name: s.Config.Title}
	}
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, b := range briefings {
		if b.Published.After(updated) {
			updated = b.Published
		}
		summary := sums[b]
		e := atomEntry{
			Title: b.Title, ID: feedURL(s, "briefings/"+b.Slug+".html"),
			Updated: atomTime(b.Published), Published: atomTime(b.Published),
			Links:   []atomLink{{Href: feedURL(s, "briefings/"+b.Slug+".html"), Rel: "alternate", Type: "text/html"}},
			Summary: atomText{Type: "html", Body: string(summary)},
		}
		for _, t := range b.Tags {
			e.Category = append(e.Category, atomCat{Term: t.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// feedSize is how many briefings a feed lists.
const feedSize = 50

// Summaries are the briefings' summaries, rendered, which entries hold.
type Summaries = map[*model.Briefing]template.HTML

// Site is the site's feed, feed.xml: its newest briefings.
func Site(s *model.Site, sums Summaries) ([]byte, error) {
	return feed(s, sums, s.Config.Title, "feed.xml", "index.html", s.Briefings[:min(feedSize, len(s.Briefings))])
}

// Actor is an actor's feed, actors/ID.xml: the newest briefings that
// mention it.
func Actor(s *model.Site, sums Summaries, a *model.Actor) ([]byte, error) {
	return feed(s, sums, s.Config.Title+": "+a.Name, "actors/"+a.ID+".xml", "actors/"+a.ID+".html", a.Briefings[:min(feedSize, len(a.Briefings))])
}

// Entry is a page of the sitemap.
type Entry struct {
	Path    string // under the site's root
	LastMod string // 2006-01-02, or "" when unknown
}

// Sitemap is sitemap.xml: the pages given, in their order, as
// encoding/xml indents them (sitemapXML, in the tests, is that way). It
// is written here at its size: every build that changes a briefing
// writes the sitemap again, and the encoder's reflection and growing
// buffer cost several times its bytes.
func Sitemap(s *model.Site, pages []Entry) []byte {
	base := urlBase(s)
	size := urlsetFrame + 1
	for _, p := range pages {
		size += entrySize(base, p)
	}
	buf := make([]byte, 0, size)
	buf = append(buf, urlsetOpen...)
	for _, p := range pages {
		buf = append(buf, "\n  <url>\n    <loc>"...)
		buf = appendXMLText(buf, base)
		buf = appendXMLText(buf, p.Path)
		buf = append(buf, "</loc>"...)
		if p.LastMod != "" {
			buf = append(buf, "\n    <lastmod>"...)
			buf = appendXMLText(buf, p.LastMod)
			buf = append(buf, "</lastmod>"...)
		}
		buf = append(buf, "\n  </url>"...)
	}
	if len(pages) > 0 {
		buf = append(buf, '\n')
	}
	return append(buf, "</urlset>\n"...)
}

// urlsetOpen is a sitemap file's bytes before its entries.
const urlsetOpen = xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`

// urlBase is what feedURL puts before a path: "" when base_url is not
// known, else base_url ending in a slash, as AbsURL makes it.
func urlBase(s *model.Site) string {
	base := s.Config.BaseURL
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base
}

// appendXMLText is xml.EscapeText into a slice; a string with nothing to
// escape, as paths and dates are, is copied as it is.
func appendXMLText(dst []byte, s string) []byte {
	if xmlPlain(s) {
		return append(dst, s...)
	}
	w := appender{dst}
	_ = xml.EscapeText(&w, []byte(s)) // an appender cannot fail
	return w.b
}

// xmlLen is the length of s as appendXMLText writes it.
func xmlLen(s string) int {
	if xmlPlain(s) {
		return len(s)
	}
	var c byteCounter
	_ = xml.EscapeText(&c, []byte(s)) // a counter cannot fail
	return int(c)
}

// xmlPlain reports whether xml.EscapeText leaves s as it is: printable
// ASCII, none of the characters it escapes.
func xmlPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= utf8.RuneSelf:
			return false
		case c == '"' || c == '\'' || c == '&' || c == '<' || c == '>':
			return false
		}
	}
	return true
}

type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) { a.b = append(a.b, p...); return len(p), nil }

// indentedXML is a sitemap file's bytes: the XML header and v, indented.
func indentedXML(v any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	_ = enc.Encode(v) // plain strings: cannot fail
	buf.WriteByte('\n')
	return buf.Bytes()
}

// SitemapLimit is what one sitemap file may hold.
type SitemapLimit struct{ URLs, Bytes int }

// ProtocolLimit is the sitemap protocol's bound for one file: 50,000
// URLs and 50 MB uncompressed.
var ProtocolLimit = SitemapLimit{URLs: 50000, Bytes: 50 << 20}

// urlsetFrame is the bytes of a sitemap file around its entries.
const urlsetFrame = len(urlsetOpen + "</urlset>\n")

// SitemapParts cuts the pages, in their order, into the runs that one
// sitemap file each can list within limit: a single run when they all
// fit in one.
func SitemapParts(s *model.Site, pages []Entry, limit SitemapLimit) [][]Entry {
	var parts [][]Entry
	lo, size := 0, urlsetFrame
	base := urlBase(s)
	for i, p := range pages {
		n := entrySize(base, p)
		if i > lo && (i-lo >= limit.URLs || size+n > limit.Bytes) {
			parts = append(parts, pages[lo:i])
			lo, size = i, urlsetFrame
		}
		size += n
	}
	return append(parts, pages[lo:])
}

// entrySize is the bytes of a page's entry in a sitemap file, as Sitemap
// writes it, for the base that urlBase gives.
func entrySize(base string, p Entry) int {
	n := len("  <url>\n    <loc></loc>\n  </url>\n") + xmlLen(base) + xmlLen(p.Path)
	if p.LastMod != "" {
		n += len("    <lastmod></lastmod>\n") + xmlLen(p.LastMod)
	}
	return n
}

type byteCounter int

func (c *byteCounter) Write(p []byte) (int, error) { *c += byteCounter(len(p)); return len(p), nil }

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapRef
}

type sitemapRef struct {
	XMLName xml.Name `xml:"sitemap"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

// SitemapIndex is sitemap.xml for a site too large for one sitemap: the
// sitemap files given (paths under the site's root), each with the
// newest LastMod of its pages.
func SitemapIndex(s *model.Site, files []Entry) []byte {
	var x sitemapIndex
	for _, f := range files {
		x.Sitemaps = append(x.Sitemaps, sitemapRef{Loc: feedURL(s, f.Path), LastMod: f.LastMod})
	}
	return indentedXML(x)
}

// Newest is the newest LastMod of the pages, "" when none has one.
func Newest(pages []Entry) string {
	newest := ""
	for _, p := range pages {
		newest = max(newest, p.LastMod)
	}
	return newest
}

// Robots is robots.txt: everything allowed, and where the sitemap is.
func Robots(s *model.Site) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.Config.BaseURL != "" {
		b.WriteString("Sitemap: " + s.AbsURL("sitemap.xml") + "\n")
	}
	return []byte(b.String())
}
