package extract

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"sync"
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
	var sc *[]piece
	if withMap {
		// A text to search, whose QuoteFinder may give its bytes back
		// (Release) for the next one.
		f.b = slices.Grow((*foldedBytes.Get().(*[]byte))[:0], len(text))
	} else {
		f.b = make([]byte, 0, len(text))
	}
	if withMap {
		// A few dozen pieces a text: collected in a recycled slice and
		// copied once their number is known, rather than grown from nothing.
		sc = pieceScratches.Get().(*[]piece)
		f.pieces = (*sc)[:0]
	}
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
			if j := plainRunEnd(text, i, len(f.b) > 0); j > i {
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
	if withMap {
		*sc, f.pieces = f.pieces[:0], slices.Clone(f.pieces)
		pieceScratches.Put(sc)
	}
	return f
}

// plainRunEnd returns the end of the run of bytes from i that fold to
// themselves: plain ASCII, and single spaces between such bytes. A space
// at i is in the run only after text, as folding drops leading white space.
func plainRunEnd(text []byte, i int, afterText bool) int {
	if i < len(text) && text[i] == ' ' && (i == 0 || !afterText) {
		return i
	}
	// Eight bytes at a time, then one at a time near the end.
	j := i
	for ; j+9 <= len(text); j += 8 {
		n := plainBytes(binary.LittleEndian.Uint64(text[j:]), binary.LittleEndian.Uint64(text[j+1:]))
		if n < 8 {
			return j + n
		}
	}
	for j < len(text) {
		if c := text[j]; !foldsToItself[c] && (c != ' ' || j+1 == len(text) || !foldsToItself[text[j+1]]) {
			break
		}
		j++
	}
	return j
}

// plainBytes returns how many of the eight bytes of x, from the lowest,
// are in a run of bytes that fold to themselves (see plainRunEnd), given
// next, the eight bytes that start one byte later. As in asciiWordBytes,
// each test sets the high bit of a byte's lane.
func plainBytes(x, next uint64) int {
	run := foldsToItselfLanes(x) | sameLanes(x, ' ')&foldsToItselfLanes(next)
	return bits.TrailingZeros64(^run&highBits) / 8
}

// foldsToItselfLanes sets the high bit of the lanes of x whose bytes fold
// to themselves, as foldsToItself tells.
func foldsToItselfLanes(x uint64) uint64 {
	low := x &^ highBits
	printable := low + (0x80-'!')*lowBits
	lookAlikes := sameLanes(low, '\'') | sameLanes(low, '`') | sameLanes(low, '-') | sameLanes(low, '"')
	return printable &^ lookAlikes &^ x & highBits
}

// sameLanes sets the high bit of the lanes of x that hold the ASCII byte c.
func sameLanes(x uint64, c byte) uint64 {
	return ^((x&^highBits ^ uint64(c)*lowBits) + 0x7F*lowBits) &^ x & highBits
}

var pieceScratches = sync.Pool{New: func() any { return new([]piece) }}

// foldsToItself tells the bytes that folding leaves as they are, by
// themselves: plain ASCII other than white space and the characters with
// look-alikes. A table costs one test a byte, where comparing costs six.
var foldsToItself = func() (t [256]bool) {
	for c := '!'; c < utf8.RuneSelf; c++ {
		t[c] = c != '\'' && c != '`' && c != '-' && c != '"'
	}
	return t
}()

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

// Release gives the finder's memory back for the next finder to use;
// Find finds nothing after it. A build finds the quotes of tens of
// thousands of texts, each folded whole, and drops each finder once its
// briefing's quotes are found.
func (qf *QuoteFinder) Release() {
	if qf.f.b != nil {
		b := qf.f.b[:0]
		foldedBytes.Put(&b)
	}
	qf.f = folded{}
}

// foldedBytes recycles the folded texts of released QuoteFinders.
var foldedBytes = sync.Pool{New: func() any { return new([]byte) }}

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
