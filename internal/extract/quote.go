package extract

import (
	"bytes"
	"unicode/utf8"
)

// folded is a text after folding (see fold.go), with a map back to the
// original bytes: folded byte i came from original bytes [from[i], to[i]).
// The map is int32 to halve its size: it is four times the text's.
type folded struct {
	b        []byte
	from, to []int32
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
	if withMap {
		f.from = make([]int32, 0, len(text))
		f.to = make([]int32, 0, len(text))
	}
	emit := func(s []byte, start, end int) {
		f.b = append(f.b, s...)
		if withMap {
			for range s {
				f.from = append(f.from, int32(start))
				f.to = append(f.to, int32(end))
			}
		}
	}
	spaceStart := -1 // start of a pending run of white space
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && c > ' ' && c != '\'' && c != '`' && c != '-' && c != '"' && spaceStart < 0 {
			// Most of a text folds to itself, one ASCII byte at a time.
			f.b = append(f.b, c)
			if withMap {
				f.from = append(f.from, int32(i))
				f.to = append(f.to, int32(i+1))
			}
			i++
			continue
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
		out = append(out, Span{Start: int(f.from[start]), End: int(f.to[end-1])})
		i = end
	}
	return out
}
