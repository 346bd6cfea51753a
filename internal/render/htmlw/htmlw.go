// Package htmlw writes HTML from Go, for the pieces of pages that
// html/template would make too slowly: lists with an entry for every
// briefing or mention, and the marked-up articles. A Writer keeps the
// markup apart from the data: Tag writes the program's own markup as it
// is, while Text, Attr and URL escape whatever they are given, so that no
// value reaches a page unescaped. Each piece has a test that compares it
// with the same piece made by html/template.
package htmlw

import (
	"html/template"
	"strconv"
	"strings"
)

// Writer accumulates HTML. The zero value is ready to use.
type Writer struct {
	b strings.Builder
}

// Tag writes markup of the program: a tag, part of one, or the text
// between values. It must never be given data.
func (w *Writer) Tag(markup string) { w.b.WriteString(markup) }

// Byte writes one byte of markup.
func (w *Writer) Byte(c byte) { w.b.WriteByte(c) }

// Text writes text, escaped as html.EscapeString does.
func (w *Writer) Text(s string) { escape(&w.b, s) }

// TextBytes writes text, escaped, from bytes (a seed's, say) without a
// string of them.
func (w *Writer) TextBytes(s []byte) { escapeBytes(&w.b, s) }

// Attr writes an attribute's value, escaped; the attribute's quotes are
// markup.
func (w *Writer) Attr(s string) { escape(&w.b, s) }

// URL writes a URL or path as an attribute's value, as html/template
// writes one: bytes other than ASCII letters, digits and the characters
// that URLs may hold are percent-encoded, and the rest escaped as in its
// attributes (where '+' is &#43; too).
func (w *Writer) URL(s string) {
	// Most URLs are the site's own paths, slugs and anchors, which need
	// nothing: find the first byte that does.
	first := 0
	for first < len(s) && urlPlain[s[first]] {
		first++
	}
	if first == len(s) {
		w.b.WriteString(s)
		return
	}
	last := 0
	for i := first; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue // an escape already
		case !urlKeep[c]:
			w.b.WriteString(s[last:i])
			w.b.WriteByte('%')
			w.b.WriteByte(hex[c>>4])
			w.b.WriteByte(hex[c&15])
		case urlEscapes[c] != "":
			w.b.WriteString(s[last:i])
			w.b.WriteString(urlEscapes[c])
		default:
			continue
		}
		last = i + 1
	}
	w.b.WriteString(s[last:])
}

// AttrValue writes an attribute's value as Attr does, in quotes only
// when HTML needs them: a page holds its mentions' kinds, anchors and
// links by the hundred, and their quotes weigh as much as a word each.
// The attribute's name and '=' are markup.
func (w *Writer) AttrValue(s string) {
	if bare(s) {
		escape(&w.b, s)
		return
	}
	w.b.WriteByte('"')
	escape(&w.b, s)
	w.b.WriteByte('"')
}

// AttrValueBytes is AttrValue for bytes.
func (w *Writer) AttrValueBytes(s []byte) {
	if bare(s) {
		escapeBytes(&w.b, s)
		return
	}
	w.b.WriteByte('"')
	escapeBytes(&w.b, s)
	w.b.WriteByte('"')
}

// URLValue writes the URL made of parts, each written as URL writes it,
// as an attribute's value: in quotes only when HTML needs them.
func (w *Writer) URLValue(parts ...string) {
	quote := true
	for _, p := range parts {
		if p != "" {
			quote = false
		}
	}
	for _, p := range parts {
		if !BareURL(p) {
			quote = true
		}
	}
	if quote {
		w.b.WriteByte('"')
	}
	for _, p := range parts {
		w.URL(p)
	}
	if quote {
		w.b.WriteByte('"')
	}
}

// BareURL reports whether s, written by URL, needs no quotes as (part
// of) an attribute's value that is not empty. URL encodes every byte that
// bare refuses but '=', which it keeps, and the quotes.
func BareURL(s string) bool { return !strings.ContainsAny(s, "=\"'") }

// bare reports whether s may be an attribute's value without quotes
// (HTML's unquoted attribute value syntax): not empty, and without
// spaces, controls, quotes, '=', '<', '>' or '`'.
func bare[S string | []byte](s S) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if quoted[s[i]] {
			return false
		}
	}
	return true
}

// quoted holds the bytes of an attribute's value that make bare refuse it.
var quoted = func() (q [256]bool) {
	for c := 0; c <= ' '; c++ {
		q[c] = true
	}
	for _, c := range "\"'=<>`" {
		q[c] = true
	}
	q[0x7f] = true
	return q
}()

// urlEscapes are the escapes of the bytes that a URL keeps.
var urlEscapes = [256]string{'&': "&amp;", '+': "&#43;"}

// urlPlain holds the bytes that URL writes as they are.
var urlPlain = func() (plain [256]bool) {
	for c := range plain {
		plain[c] = urlKeep[c] && urlEscapes[c] == ""
	}
	return plain
}()

const hex = "0123456789abcdef"

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// urlKeep holds the bytes that a URL keeps as they are: letters, digits,
// the unreserved marks and the reserved characters (html/template's
// normalisation); a '%' stays when it begins an escape.
var urlKeep = func() (keep [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		keep[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		keep[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		keep[c] = true
	}
	for _, c := range "-._~!#$&*+,/:;=?@[]" {
		keep[c] = true
	}
	return keep
}()

// HTML writes HTML made, and escaped, elsewhere: rendered Markdown, or
// another piece of this package.
func (w *Writer) HTML(h template.HTML) { w.b.WriteString(string(h)) }

// Int writes a number.
func (w *Writer) Int(n int) {
	var buf [20]byte
	w.b.Write(strconv.AppendInt(buf[:0], int64(n), 10))
}

// Len is the number of bytes written.
func (w *Writer) Len() int { return w.b.Len() }

// Grow makes room for n more bytes.
func (w *Writer) Grow(n int) { w.b.Grow(n) }

// String is what was written.
func (w *Writer) String() string { return w.b.String() }

// Done is what was written, as HTML for a template.
func (w *Writer) Done() template.HTML { return template.HTML(w.b.String()) }

// Reset empties the writer, and lets go of its memory.
func (w *Writer) Reset() { w.b = strings.Builder{} }

// escape writes text escaped as html.EscapeString does, without the
// copies. It runs over every byte of every article and mention context:
// the bytes to escape are found by table, and the runs between written
// whole.
func escape(b *strings.Builder, text string) {
	last := 0
	for i := 0; i < len(text); i++ {
		if htmlPlain[text[i]] {
			continue
		}
		b.WriteString(text[last:i])
		b.WriteString(Escapes[text[i]])
		last = i + 1
	}
	b.WriteString(text[last:])
}

// escapeBytes is escape for bytes, which it writes without a string of
// them.
func escapeBytes(b *strings.Builder, text []byte) {
	last := 0
	for i := 0; i < len(text); i++ {
		if htmlPlain[text[i]] {
			continue
		}
		b.Write(text[last:i])
		b.WriteString(Escapes[text[i]])
		last = i + 1
	}
	b.Write(text[last:])
}

// Escapes holds the replacement of each byte that html.EscapeString
// replaces, for other writers of escaped text to share.
var Escapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// htmlPlain holds the bytes that need no escape: a table of bools, a
// sixteenth the size of Escapes, for the scan over every byte.
var htmlPlain = func() (plain [256]bool) {
	for c := range plain {
		plain[c] = Escapes[c] == ""
	}
	return plain
}()
