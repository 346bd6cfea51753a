package sitestats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/briefing-dev/briefing/internal/parallel"
)

// A Part of a page is the elements a simple selector finds: a tag name,
// alone (main), with a class (section.article) or with an attribute's
// value (script[type=application/ld+json]). Its bytes are theirs, tags
// and content; parts may nest (an aside's picture is in the aside).
type Part struct {
	Name     string
	Selector string
}

// BriefingParts are the parts of a briefing page (templates/briefing.html
// and base.html) that the page's weight is told in.
var BriefingParts = []Part{
	{"head", "head"},
	{"of which structured data", "script[type=application/ld+json]"},
	{"site header and navigation", "header.site-header"},
	{"briefing header", "header.briefing-header"},
	{"article", "section.article"},
	{"aside", "aside.side"},
	{"of which pictures", "svg"},
	{"of which actor list", "ul.actor-list"},
	{"commentary", "section.commentary"},
	{"annotation source", "details"},
	{"pager", "nav.pager"},
	{"footer", "footer"},
}

// selector is a Part's selector, parsed.
type selector struct {
	tag, class, attr, value string
}

func parseSelector(s string) (selector, error) {
	var sel selector
	switch i := strings.IndexAny(s, ".["); {
	case i < 0:
		sel.tag = s
	case s[i] == '.':
		sel.tag, sel.class = s[:i], s[i+1:]
	default:
		attr, value, ok := strings.Cut(strings.TrimSuffix(s[i+1:], "]"), "=")
		if !ok || !strings.HasSuffix(s, "]") {
			return sel, fmt.Errorf("selector %q: want tag[attr=value]", s)
		}
		sel.tag, sel.attr, sel.value = s[:i], attr, value
	}
	if sel.tag == "" || strings.ContainsAny(sel.tag+sel.class+sel.attr, ".[]= ") {
		return sel, fmt.Errorf("selector %q: want tag, tag.class or tag[attr=value]", s)
	}
	return sel, nil
}

func (sel selector) matches(tag string, attrs []html.Attribute) bool {
	if tag != sel.tag {
		return false
	}
	for _, a := range attrs {
		switch {
		case sel.class != "" && a.Key == "class" && slices.Contains(strings.Fields(a.Val), sel.class):
			return true
		case sel.attr != "" && a.Key == sel.attr && a.Val == sel.value:
			return true
		}
	}
	return sel.class == "" && sel.attr == ""
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// partBytes measures the parts of one page: for each selector, the bytes
// of the elements it finds. An element left open at the end of the page
// runs to its end.
func partBytes(data []byte, sels []selector) []int64 {
	out := make([]int64, len(sels))
	type open struct {
		tag   string
		start int
		parts []int // the selectors it matched
	}
	var stack []open
	z := html.NewTokenizer(bytes.NewReader(data))
	at := 0
	closeTo := func(i, end int) {
		for _, e := range stack[i:] {
			for _, p := range e.parts {
				out[p] += int64(end - e.start)
			}
		}
		stack = stack[:i]
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			closeTo(0, len(data))
			return out
		}
		start := at
		at += len(z.Raw())
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			var attrs []html.Attribute
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
			}
			var matched []int
			for i, sel := range sels {
				if sel.matches(tag, attrs) {
					matched = append(matched, i)
				}
			}
			if tt == html.SelfClosingTagToken || voidElements[tag] {
				for _, p := range matched {
					out[p] += int64(at - start)
				}
				continue
			}
			stack = append(stack, open{tag: tag, start: start, parts: matched})
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == string(name) {
					closeTo(i, at)
					break
				}
			}
		}
	}
}

// PartsReport is the bytes of each part over the pages of a kind.
type PartsReport struct {
	Kind  string
	Pages int
	Parts []Part
	Bytes []int64 // of each part, over every page
	Total int64   // the pages' bytes
}

// MeasureParts measures the parts of every page of the named kind (see
// Kinds) in fsys.
func MeasureParts(fsys fs.FS, kind string, parts []Part) (*PartsReport, error) {
	sels := make([]selector, len(parts))
	for i, p := range parts {
		var err error
		if sels[i], err = parseSelector(p.Selector); err != nil {
			return nil, err
		}
	}
	k := -1
	for i := range Kinds {
		if Kinds[i].Name == kind {
			k = i
		}
	}
	if k < 0 {
		return nil, fmt.Errorf("no kind of page %q", kind)
	}
	re := compile(Kinds)
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(name, ".html") && match(re, name) == k {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	type page struct {
		parts []int64
		size  int64
	}
	pages, errs := parallel.ReadFiles(fsys, names, func(_ string, data []byte) (page, error) {
		return page{partBytes(data, sels), int64(len(data))}, nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := &PartsReport{Kind: kind, Pages: len(names), Parts: parts, Bytes: make([]int64, len(parts))}
	for _, p := range pages {
		r.Total += p.size
		for i, n := range p.parts {
			r.Bytes[i] += n
		}
	}
	return r, nil
}

// Write prints the parts as a Markdown table: bytes a page, on average,
// and their share of the page.
func (r *PartsReport) Write(w io.Writer) error {
	ew := &errWriter{w: w}
	pages := int64(max(r.Pages, 1))
	fmt.Fprintf(ew, "\n| part of a %s page | selector | bytes a page | share |\n|---|---|---:|---:|\n", r.Kind)
	fmt.Fprintf(ew, "| whole page | | %s | 100%% |\n", size(r.Total/pages))
	for i, p := range r.Parts {
		fmt.Fprintf(ew, "| %s | `%s` | %s | %.1f%% |\n", p.Name, p.Selector, size(r.Bytes[i]/pages), 100*float64(r.Bytes[i])/float64(max(r.Total, 1)))
	}
	return ew.err
}
