package browsertest

import (
	"bytes"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// ref is one URL that a page or stylesheet refers to.
type ref struct {
	line     int    // 1-based line in the referring file
	tag      string // element name ("css" for a url() in a stylesheet)
	attr     string // attribute name
	val      string // the URL exactly as written
	resource bool   // loaded by the page itself (script, style, image, font…), not a link to follow
}

// page is what the link checkers need from one HTML document.
type page struct {
	ids  map[string]bool // id attributes, and name attributes of <a>
	refs []ref
}

// resourceRels are <link rel> values whose href the browser loads for the page.
var resourceRels = map[string]bool{
	"stylesheet": true, "icon": true, "preload": true, "modulepreload": true,
	"manifest": true, "apple-touch-icon": true, "mask-icon": true, "prefetch": true,
	"shortcut": true, "preconnect": true, "dns-prefetch": true,
}

// parsePage tokenizes an HTML document (keeping line numbers) and collects its
// ids and the URLs in href, src, srcset, poster, data, action, style="url()"
// and <style> blocks.
func parsePage(data []byte) page {
	p := page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	inStyle := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				p.refs = append(p.refs, ref{line: line, tag: "parse-error", val: z.Err().Error()})
			}
			return p
		}
		raw := z.Raw()
		tokLine := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.TextToken:
			if inStyle {
				for _, u := range cssURLs(string(raw)) {
					p.refs = append(p.refs, ref{line: tokLine + u.line - 1, tag: "style", attr: "url", val: u.val, resource: true})
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "style" {
				inStyle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			tag := tok.Data
			if tag == "style" && tt == html.StartTagToken {
				inStyle = true
			}
			var rel string
			for _, a := range tok.Attr {
				if a.Key == "rel" {
					rel = strings.ToLower(a.Val)
				}
			}
			linkIsResource := false
			for _, r := range strings.Fields(rel) {
				if resourceRels[r] {
					linkIsResource = true
				}
			}
			for _, a := range tok.Attr {
				key := a.Key
				if a.Namespace != "" {
					key = a.Namespace + ":" + a.Key
				}
				add := func(v string, resource bool) {
					p.refs = append(p.refs, ref{line: tokLine, tag: tag, attr: key, val: v, resource: resource})
				}
				switch key {
				case "id":
					p.ids[a.Val] = true
				case "name":
					if tag == "a" {
						p.ids[a.Val] = true
					}
				case "href", "xlink:href":
					switch tag {
					case "a", "area":
						add(a.Val, false)
					case "link":
						add(a.Val, linkIsResource)
					case "base":
						add(a.Val, true) // any <base> breaks relative links; reported by the checker
					default: // svg <use>, <image>
						add(a.Val, true)
					}
				case "src":
					add(a.Val, true)
				case "srcset", "imagesrcset":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							add(f[0], true)
						}
					}
				case "poster":
					add(a.Val, true)
				case "data":
					if tag == "object" {
						add(a.Val, true)
					}
				case "action", "formaction":
					add(a.Val, false)
				case "style":
					for _, u := range cssURLs(a.Val) {
						add(u.val, true)
					}
				}
			}
		}
	}
}

type cssURL struct {
	line int
	val  string
}

var (
	cssURLRe    = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)`)
	cssImportRe = regexp.MustCompile(`@import\s+(?:"([^"]*)"|'([^']*)')`)
	cssComment  = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

// cssURLs returns the url(...) and @import "..." targets in a stylesheet.
func cssURLs(css string) []cssURL {
	// Blank out comments but keep their newlines so that line numbers hold.
	css = cssComment.ReplaceAllStringFunc(css, func(c string) string {
		return strings.Repeat("\n", strings.Count(c, "\n"))
	})
	var out []cssURL
	for _, re := range []*regexp.Regexp{cssURLRe, cssImportRe} {
		for _, m := range re.FindAllStringSubmatchIndex(css, -1) {
			v := ""
			for g := 1; g < len(m)/2; g++ {
				if m[2*g] >= 0 {
					v = css[m[2*g]:m[2*g+1]]
				}
			}
			out = append(out, cssURL{line: 1 + strings.Count(css[:m[0]], "\n"), val: v})
		}
	}
	return out
}
