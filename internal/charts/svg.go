// Package charts draws the site's pictures as inline SVG at build time: no
// script, the same bytes for the same input, colours from the stylesheet's
// custom properties (so light, dark and print follow the page), and a size
// that does not grow with the site: months are bucketed and capped,
// neighbours and actors capped.
//
// Each picture is one <svg> labelled by its <title> and <desc>, which say
// in words what it shows. It is role="img" when nothing in it is a link;
// with links (to actor and month pages) it is role="figure", since an
// image's children are presentational and links there are nested
// interactive content that assistive technologies mishandle. The links
// are out of the tab order: the same ones are in the page's own lists, and
// a strip of months would add dozens of tab stops. A picture with nothing
// to show is the empty string.
package charts

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// svg builds one picture's markup.
type svg struct {
	head   header
	b      strings.Builder // the drawing, after the header
	linked bool
}

type header struct {
	id, class, title, desc string
	minX, minY             int
	width, height          int
}

// open starts the picture: class names the kind of picture (styled in
// style.css), id prefixes its title and desc ids.
func (s *svg) open(id, class string, width, height int, title, desc string) {
	s.openBox(id, class, 0, 0, width, height, title, desc)
}

// openBox is open for a picture whose drawing starts at minX, minY.
func (s *svg) openBox(id, class string, minX, minY, width, height int, title, desc string) {
	s.head = header{id: id, class: class, title: title, desc: desc, minX: minX, minY: minY, width: width, height: height}
}

// link opens a link to href, out of the tab order (see the package
// comment), and makes the picture a figure rather than an image: an
// image's children are presentational, and links there would be
// interactive content nested in it (axe: nested-interactive).
func (s *svg) link(href string) {
	s.linked = true
	s.raw(`<a`)
	s.attr("href", href)
	s.raw(` tabindex="-1">`)
}

// close finishes the picture, header first.
func (s *svg) close() string {
	body := s.b.String()
	s.b.Reset()
	h := s.head
	role := "img"
	if s.linked {
		role = "figure"
	}
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" class="chart `)
	s.raw(h.class)
	s.raw(`" role="`)
	s.raw(role)
	s.raw(`" width="`)
	s.int(h.width)
	s.raw(`" height="`)
	s.int(h.height)
	s.raw(`" viewBox="`)
	s.int(h.minX)
	s.raw(" ")
	s.int(h.minY)
	s.raw(" ")
	s.int(h.width)
	s.raw(" ")
	s.int(h.height)
	s.raw(`" aria-labelledby="`)
	s.raw(h.id)
	s.raw(`-title `)
	s.raw(h.id)
	s.raw(`-desc"><title id="`)
	s.raw(h.id)
	s.raw(`-title">`)
	s.text(h.title)
	s.raw(`</title><desc id="`)
	s.raw(h.id)
	s.raw(`-desc">`)
	s.text(h.desc)
	s.raw("</desc>\n")
	s.raw(body)
	s.raw("</svg>")
	return s.b.String()
}

func (s *svg) raw(x string) { s.b.WriteString(x) }
func (s *svg) int(n int)    { s.b.WriteString(strconv.Itoa(n)) }

// num writes a coordinate with at most one decimal: enough on a
// few-hundred-unit canvas, and fewer bytes.
func (s *svg) num(f float64) {
	n := int(f*10 + 0.5)
	if f < 0 {
		n = int(f*10 - 0.5)
	}
	if n < 0 {
		s.b.WriteByte('-')
		n = -n
	}
	s.b.WriteString(strconv.Itoa(n / 10))
	if n%10 != 0 {
		s.b.WriteByte('.')
		s.b.WriteByte(byte('0' + n%10))
	}
}

// attr writes name="value" with value escaped, after a space.
func (s *svg) attr(name, value string) {
	s.b.WriteByte(' ')
	s.raw(name)
	s.raw(`="`)
	s.text(value)
	s.b.WriteByte('"')
}

// text writes character data escaped for both HTML and XML, leaving out
// what XML cannot hold (control characters, invalid UTF-8), so that the
// picture is well-formed whatever a name holds.
func (s *svg) text(x string) {
	for _, r := range sanitize(x) {
		switch r {
		case '<':
			s.raw("&lt;")
		case '>':
			s.raw("&gt;")
		case '&':
			s.raw("&amp;")
		case '"':
			s.raw("&#34;")
		case '\'':
			s.raw("&#39;")
		default:
			s.b.WriteRune(r)
		}
	}
}

// sanitize replaces invalid UTF-8 and characters XML 1.0 forbids with
// U+FFFD, and turns line breaks and tabs into spaces.
func sanitize(x string) string {
	ok := true
	for _, r := range x {
		if !xmlChar(r) || r < ' ' {
			ok = false
			break
		}
	}
	if ok {
		return x
	}
	var b strings.Builder
	for _, r := range x {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case !xmlChar(r) || r < ' ':
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	switch {
	case r == utf8.RuneError:
		// Either invalid UTF-8 or a literal U+FFFD: both print as U+FFFD.
		return true
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// clip shortens a label to at most n runes, ending it with an ellipsis.
func clip(x string, n int) string {
	x = strings.Join(strings.Fields(sanitize(x)), " ")
	if utf8.RuneCountInString(x) <= n {
		return x
	}
	runes := []rune(x)
	return strings.TrimRight(string(runes[:n-1]), " ") + "…"
}

// wrap breaks a label into at most two lines of perLine runes, at spaces
// where it can, keeping reserve runes free on the last line (for a count)
// and ending it with an ellipsis when the name is longer still.
func wrap(x string, perLine, reserve int) []string {
	words := strings.Fields(sanitize(x))
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := ""
	for i, w := range words {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		switch {
		case utf8.RuneCountInString(try) <= perLine:
			cur = try
		case cur == "" || len(lines) == 1:
			// A word too long for a line, or no third line: clip.
			rest := strings.Join(words[i:], " ")
			if cur != "" {
				rest = cur + " " + rest
			}
			return append(lines, clip(rest, perLine-reserve))
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if utf8.RuneCountInString(cur) > perLine-reserve {
		if len(lines) == 0 && strings.Contains(cur, " ") {
			// Room on a second line for the last word and the count.
			i := strings.LastIndexByte(cur, ' ')
			return []string{cur[:i], clip(cur[i+1:], perLine-reserve)}
		}
		cur = clip(cur, perLine-reserve)
	}
	return append(lines, cur)
}

// textWidth estimates how wide a label is drawn, in font sizes: system
// sans-serif fonts average a little over half an em per character.
func textWidth(x string, size float64) float64 {
	return float64(utf8.RuneCountInString(x)) * size * 0.58
}

// safeHref keeps a link that stays on the site or goes to the web; any
// other scheme (javascript:, data:) is dropped.
func safeHref(h string) string {
	lower := strings.ToLower(strings.TrimSpace(h))
	if i := strings.IndexAny(lower, ":/?#"); i >= 0 && lower[i] == ':' {
		if !strings.HasPrefix(lower, "http:") && !strings.HasPrefix(lower, "https:") {
			return ""
		}
	}
	return h
}
