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
	"unsafe"
)

// Writer accumulates HTML. The zero value is ready to use, and writes
// into memory of its own; one that Uses a Scratch writes into the
// scratch's.
type Writer struct {
	b buffer
	// sc is the Scratch whose free end b is, until what was written is
	// handed out (String, Done) or b outgrows it.
	sc *Scratch
}

// buffer is the bytes a Writer accumulates.
type buffer []byte

func (b *buffer) str(s string)   { *b = append(*b, s...) }
func (b *buffer) bytes(p []byte) { *b = append(*b, p...) }
func (b *buffer) byte(c byte)    { *b = append(*b, c) }

// Tag writes markup of the program: a tag, part of one, or the text
// between values. It must never be given data.
func (w *Writer) Tag(markup string) { w.b = append(w.b, markup...) }

// Byte writes one byte of markup.
func (w *Writer) Byte(c byte) { w.b = append(w.b, c) }

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
		w.b.str(s)
		return
	}
	last := 0
	for i := first; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue // an escape already
		case !urlKeep[c]:
			w.b.str(s[last:i])
			w.b.byte('%')
			w.b.byte(hex[c>>4])
			w.b.byte(hex[c&15])
		case urlEscapes[c] != "":
			w.b.str(s[last:i])
			w.b.str(urlEscapes[c])
		default:
			continue
		}
		last = i + 1
	}
	w.b.str(s[last:])
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
	w.b.byte('"')
	escape(&w.b, s)
	w.b.byte('"')
}

// AttrValueBytes is AttrValue for bytes.
func (w *Writer) AttrValueBytes(s []byte) {
	if bare(s) {
		escapeBytes(&w.b, s)
		return
	}
	w.b.byte('"')
	escapeBytes(&w.b, s)
	w.b.byte('"')
}

// URLValue writes the URL made of parts, each written as URL writes it,
// as an attribute's value: in quotes only when HTML needs them.
func (w *Writer) URLValue(parts ...string) {
	empty, quote := true, false
	for _, p := range parts {
		empty = empty && p == ""
		quote = quote || !BareURL(p)
	}
	quote = quote || empty
	if quote {
		w.b.byte('"')
	}
	for _, p := range parts {
		w.URL(p)
	}
	if quote {
		w.b.byte('"')
	}
}

// BareURL reports whether s, written by URL, needs no quotes as (part
// of) an attribute's value that is not empty. URL encodes every byte that
// bare refuses but '=', which it keeps, and the quotes.
func BareURL(s string) bool {
	// A loop over the bytes, not strings.ContainsAny: every link of an
	// article asks, for each part of its URL.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '=' || c == '"' || c == '\'' {
			return false
		}
	}
	return true
}

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
func (w *Writer) HTML(h template.HTML) { w.b = append(w.b, h...) }

// Int writes a number.
func (w *Writer) Int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// Len is the number of bytes written.
func (w *Writer) Len() int { return len(w.b) }

// Grow makes room for n more bytes. A writer that writes into a
// Scratch takes it as it comes: n is a guess, and the scratch's block has
// room for what its pages wrote before.
func (w *Writer) Grow(n int) {
	if w.sc == nil && cap(w.b)-len(w.b) < n {
		w.b = append(make([]byte, 0, 2*cap(w.b)+n), w.b...)
	}
}

// String is what was written. Like a strings.Builder's, it is not a
// copy: the writer never writes over what it has handed out.
func (w *Writer) String() string {
	if w.sc != nil {
		w.sc.handOut(w.b)
		w.sc = nil
		w.b = w.b[:len(w.b):len(w.b)] // what comes next is the scratch's
	}
	return unsafe.String(unsafe.SliceData(w.b), len(w.b))
}

// Done is what was written, as HTML for a template.
func (w *Writer) Done() template.HTML { return template.HTML(w.String()) }

// Reset empties the writer, and lets go of its memory.
func (w *Writer) Reset() {
	if w.sc != nil {
		w.sc.open = false
	}
	*w = Writer{}
}

// Use has w, empty, write into sc's memory, when no other writer is
// writing there (otherwise w keeps to its own), until what it wrote is
// handed out: String and Done are then valid only until sc.Reset.
func (w *Writer) Use(sc *Scratch) {
	w.Reset()
	if sc == nil || sc.open {
		return
	}
	sc.open = true
	w.sc = sc
	w.b = sc.block[len(sc.block):len(sc.block):cap(sc.block)]
}

// Scratch is memory for the HTML of one page, reused for the next: a
// page's pieces (its article, its lists) used to be allocated, copied
// into the page, and left to the collector, a page's worth of garbage
// for every page. The writers that Use it write, one at a time, into
// its block, one piece after the other; what they hand out points into
// it, so a piece must not outlive the page's Reset. The zero value is
// ready to use.
type Scratch struct {
	block []byte // its length is what was handed out
	open  bool   // a writer writes at the block's end
	// need is the bytes handed out since the last Reset, within the block
	// or not: the next block's size when it is more than this one's.
	need int
}

// handOut ends the writing of b, from the writer that Used s: when b is
// still the block's free end, the block keeps its bytes.
func (s *Scratch) handOut(b []byte) {
	s.open = false
	s.need += len(b)
	free := s.block[len(s.block):cap(s.block)]
	if len(b) > 0 && len(free) >= len(b) && unsafe.SliceData(b) == unsafe.SliceData(free) {
		s.block = s.block[:len(s.block)+len(b)]
	}
}

// Reset makes all of s's memory free again, for the next page: what
// writers handed out from it must be dropped first.
func (s *Scratch) Reset() {
	if s.need > cap(s.block) {
		s.block = make([]byte, 0, s.need+s.need/4)
	} else {
		s.block = s.block[:0]
	}
	s.need, s.open = 0, false
}

// escape writes text escaped as html.EscapeString does, without the
// copies. It runs over every byte of every article and mention context:
// the bytes to escape are found by table, and the runs between written
// whole.
func escape(b *buffer, text string) {
	last := 0
	for i := 0; i < len(text); i++ {
		if htmlPlain[text[i]] {
			continue
		}
		b.str(text[last:i])
		b.str(Escapes[text[i]])
		last = i + 1
	}
	b.str(text[last:])
}

// escapeBytes is escape for bytes, which it writes without a string of
// them.
func escapeBytes(b *buffer, text []byte) {
	last := 0
	for i := 0; i < len(text); i++ {
		if htmlPlain[text[i]] {
			continue
		}
		b.bytes(text[last:i])
		b.str(Escapes[text[i]])
		last = i + 1
	}
	b.bytes(text[last:])
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
