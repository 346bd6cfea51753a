package extract

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// folded is a text after folding (see fold.go), with a map back to the
// original bytes. The map is sparse: most of a text folds to itself, so it
// holds a piece only where the correspondence changes, a few per paragraph
// rather than eight bytes per byte of text.
type folded struct {
	b      []byte
	pieces []piece
}

// piece says where the folded bytes from at up to the next piece came
// from: if same, folded byte at+k is original byte from+k; otherwise every
// one of them stands for the original bytes [from, to).
type piece struct {
	at, from, to int32
	same         bool
}

// origin returns the original bytes that folded byte i stands for.
func (f *folded) origin(i int) (from, to int) {
	k := sort.Search(len(f.pieces), func(k int) bool { return int(f.pieces[k].at) > i }) - 1
	p := f.pieces[k]
	if p.same {
		o := int(p.from) + i - int(p.at)
		return o, o + 1
	}
	return int(p.from), int(p.to)
}

// mapTo records that the folded bytes appended next, n of them, stand for
// the original bytes [start, end).
func (f *folded) mapTo(n, start, end int) {
	at := len(f.b)
	if n == end-start {
		if k := len(f.pieces) - 1; k >= 0 && f.pieces[k].same && int(f.pieces[k].from)+at-int(f.pieces[k].at) == start {
			return // the piece of bytes that fold to themselves goes on
		}
		f.pieces = append(f.pieces, piece{at: int32(at), from: int32(start), same: true})
		return
	}
	f.pieces = append(f.pieces, piece{at: int32(at), from: int32(start), to: int32(end)})
}

var (
	spaceBytes       = []byte(" ")
	aposBytes        = []byte(aposKey)
	hyphenBytes      = []byte(hyphenKey)
	quoteBytes       = []byte(quoteKey)
	replacementBytes = []byte(string(utf8.RuneError))
)

// foldText folds apostrophes, hyphens, double quotes and white space, and
// trims white space at both ends. Invalid UTF-8 becomes U+FFFD, so the
// folded text is valid UTF-8 and a search in it can only stop on a rune
// boundary.
func foldText(text []byte, withMap bool) folded {
	var f folded
	f.b = make([]byte, 0, len(text))
	emit := func(s []byte, start, end int) {
		if withMap {
			f.mapTo(len(s), start, end)
		}
		f.b = append(f.b, s...)
	}
	spaceStart := -1 // start of a pending run of white space
	for i := 0; i < len(text); {
		if spaceStart < 0 {
			// Most of a text folds to itself: runs of plain ASCII, with
			// single spaces between words, are copied whole.
			j := i
			for j < len(text) && (foldsToItself(text[j]) || text[j] == ' ' && j > 0 && j+1 < len(text) && foldsToItself(text[j+1]) && (len(f.b) > 0 || j > i)) {
				j++
			}
			if j > i {
				if withMap {
					f.mapTo(j-i, i, j)
				}
				f.b = append(f.b, text[i:j]...)
				i = j
				continue
			}
		}
		r, size := utf8.DecodeRune(text[i:])
		if isSpace(r) {
			if spaceStart < 0 {
				spaceStart = i
			}
			i += size
			continue
		}
		if spaceStart >= 0 {
			if len(f.b) > 0 {
				emit(spaceBytes, spaceStart, i)
			}
			spaceStart = -1
		}
		switch {
		case isApostrophe(r):
			emit(aposBytes, i, i+size)
		case isHyphen(r):
			emit(hyphenBytes, i, i+size)
		case isDoubleQuote(r):
			emit(quoteBytes, i, i+size)
		case r == utf8.RuneError && size == 1:
			emit(replacementBytes, i, i+size)
		default:
			emit(text[i:i+size], i, i+size)
		}
		i += size
	}
	return f
}

// foldsToItself reports whether an ASCII byte is left as it is by folding.
func foldsToItself(c byte) bool {
	return c < utf8.RuneSelf && c > ' ' && c != '\'' && c != '`' && c != '-' && c != '"'
}

// FindQuote returns every occurrence of quote in text, in order and never
// overlapping, compared with the folding that matching uses: apostrophes,
// hyphens and dashes, double quotation marks and runs of white space are
// each equivalent to one another. White space around the quote is ignored.
// The spans are in the original bytes of text.
func FindQuote(text []byte, quote string) []Span {
	return NewQuoteFinder(text).Find(quote)
}

// QuoteFinder finds quotes in one text, which it folds only once.
type QuoteFinder struct{ f folded }

// NewQuoteFinder prepares text for Find.
func NewQuoteFinder(text []byte) *QuoteFinder {
	return &QuoteFinder{foldText(text, true)}
}

// Find is FindQuote on the finder's text.
func (qf *QuoteFinder) Find(quote string) []Span {
	q := foldText([]byte(quote), false).b
	if len(q) == 0 {
		return nil
	}
	f := qf.f
	var out []Span
	for i := 0; i+len(q) <= len(f.b); {
		j := bytes.Index(f.b[i:], q)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(q)
		from, _ := f.origin(start)
		_, to := f.origin(end - 1)
		out = append(out, Span{Start: from, End: to})
		i = end
	}
	return out
}
