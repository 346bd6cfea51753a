package extract

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// This file holds the character classes shared by matching, quoting and date
// resolution, and the tokenizer built on them.
//
// Text is compared after folding a few look-alike characters that writers
// (and their word processors) use interchangeably: every apostrophe-like
// character becomes ', every hyphen or dash becomes -, every double quotation
// mark becomes ", and every run of white space (no-break and thin spaces,
// tabs and newlines included) becomes one space. Letters and digits are never
// folded, so matching stays case-sensitive. Folding only decides what is
// equal; offsets always point into the original bytes.

// Folded forms of the characters that have look-alikes. Each is one byte,
// which is what a token stores (see token.key).
const (
	aposKey   = "'"
	hyphenKey = "-"
	quoteKey  = `"`
)

// isApostrophe reports whether r is written for an apostrophe: the ASCII
// one, the typographic right and left single quotes, the modifier letter
// apostrophe, the reversed-9 quote, the prime and the grave accent.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC', '\u201B', '\u2032', '`':
		return true
	}
	return false
}

// isHyphen reports whether r is a hyphen or a dash. Dashes are included
// because "Russia–Ukraine" is as often typed with an en dash as with a
// hyphen, and a quote copied from a rendered page may carry either.
func isHyphen(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015',
		'\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return true
	}
	return false
}

// isDoubleQuote reports whether r is a double quotation mark other than the
// guillemets, which are never typed as '"'.
func isDoubleQuote(r rune) bool {
	switch r {
	case '"', '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
		return true
	}
	return false
}

// punctKey is the key that punctuation rune r folds to (aposKey,
// hyphenKey or quoteKey), or 0 for other punctuation.
func punctKey(r rune) byte {
	switch {
	case isApostrophe(r):
		return aposKey[0]
	case isHyphen(r):
		return hyphenKey[0]
	case isDoubleQuote(r):
		return quoteKey[0]
	}
	return 0
}

// asciiPunctKey is punctKey of each ASCII byte, for the tokenizer's fast
// paths.
var asciiPunctKey = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = punctKey(rune(c))
	}
	return t
}()

// isSpace reports whether r is white space. unicode.IsSpace covers the
// no-break, thin and other fixed-width spaces; the zero-width space and the
// byte-order mark are not white space there but separate words when shown.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF'
}

// isWordRune reports whether r can be part of a word. Marks are included so
// that decomposed accents do not split a name; '_' is included so that a
// handle like @Some_Handle is one word. The modifier letter apostrophe is
// a letter to Unicode but an apostrophe to writers.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == classWord
	}
	return r != utf8.RuneError && r != '\u02BC' && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// Byte classes, for the fast paths of the tokenizer. A byte of a multi-byte
// sequence (or an invalid one) is classNonASCII, which those paths leave
// to the general code.
const (
	classPunct = iota
	classWord
	classSpace
	classNewline
	classNonASCII
)

var asciiClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = classNonASCII
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
			t[c] = classWord
		case c == '\n':
			t[c] = classNewline
		case c == ' ', c == '\t', c == '\r', c == '\v', c == '\f':
			t[c] = classSpace
		}
	}
	return t
}()

// gap describes the white space in front of a token.
type gap uint8

const (
	gapNone      gap = iota // the token touches the one before it
	gapSpace                // spaces, possibly one line break
	gapParagraph            // a blank line: phrases never run across it
)

// token is a word (a maximal run of word runes) or a single other rune.
type token struct {
	start, end int  // byte offsets into the text
	gap        gap  // white space before the token
	word       bool // a word, as opposed to punctuation or a symbol
	// key is the one byte of the folded text of a punctuation token that
	// has look-alikes (aposKey, hyphenKey or quoteKey); 0 when the original
	// bytes are the key. A byte rather than a string keeps tokens free of
	// pointers, so the garbage collector never scans a slice of them.
	key byte
}

// nextToken returns the first token at or after pos, or ok == false at the
// end of the text. Invalid UTF-8 bytes come out as one-byte punctuation
// tokens, so every token starts and ends on a rune boundary.
func nextToken(text []byte, pos int) (t token, ok bool) {
	ok = t.scan(text, pos)
	return t, ok
}

// scan is nextToken writing the token into t, for the loops that read
// every token of a text. A token has too many fields for the compiler to
// keep in registers: returned by value, it is written to memory field by
// field and then copied as a whole, and the copy stalls on the stores it
// has to wait for.
func (t *token) scan(text []byte, pos int) bool {
	newlines := 0
	start := pos
	// Skip white space, counting line breaks to tell a paragraph break.
	for pos < len(text) {
		c := text[pos]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case classSpace:
				pos++
				continue
			case classNewline:
				newlines++
				pos++
				continue
			}
			break
		}
		r, size := utf8.DecodeRune(text[pos:])
		if !isSpace(r) {
			break
		}
		if r == '\u2028' || r == '\u2029' || r == '\u0085' {
			newlines++
		}
		pos += size
	}
	if pos >= len(text) {
		return false
	}
	switch {
	case newlines >= 2:
		t.gap = gapParagraph
	case pos > start:
		t.gap = gapSpace
	default:
		t.gap = gapNone
	}
	t.start = pos
	t.word, t.key = false, 0
	c := text[pos]
	if c < utf8.RuneSelf && asciiClass[c] != classWord {
		// ASCII punctuation.
		t.end = pos + 1
		t.key = asciiPunctKey[c]
		return true
	}
	r, size := rune(c), 1
	if c >= utf8.RuneSelf {
		r, size = utf8.DecodeRune(text[pos:])
	}
	if !isWordRune(r) {
		t.end = pos + size
		t.key = punctKey(r)
		return true
	}
	t.word = true
	pos += size
	for {
		pos = asciiWordEnd(text, pos)
		if pos == len(text) || text[pos] < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRune(text[pos:])
		if !isWordRune(r) {
			break
		}
		pos += size
	}
	t.end = pos
	return true
}

// appendTokens appends the tokens of text to toks. It reads the common
// case itself, a token of ASCII bytes after ASCII white space, one after
// the other without a call for each, and leaves the rest to scan.
func appendTokens(toks []token, text []byte) []token {
	for pos := 0; pos < len(text); {
		from := pos // where scan would start
		g := gapNone
		c := text[pos]
		if class := asciiClass[c]; class == classSpace || class == classNewline {
			newlines := 0
			for class == classSpace || class == classNewline {
				if class == classNewline {
					newlines++
				}
				if pos++; pos == len(text) {
					return toks
				}
				c = text[pos]
				class = asciiClass[c]
			}
			g = gapSpace
			if newlines >= 2 {
				g = gapParagraph
			}
		}
		switch asciiClass[c] {
		case classWord:
			// Most words end within eight bytes: that test is inlined here.
			end, n := pos+1, 8
			if end+8 <= len(text) {
				n = asciiWordBytes(binary.LittleEndian.Uint64(text[end:]))
				end += n
			}
			if n == 8 {
				end = asciiWordEnd(text, end)
			}
			if end < len(text) && text[end] >= utf8.RuneSelf {
				break // the word may go on with a letter outside ASCII
			}
			toks = append(toks, token{})
			t := &toks[len(toks)-1]
			t.start, t.end, t.gap, t.word = pos, end, g, true
			pos = end
			continue
		case classPunct:
			toks = append(toks, token{})
			t := &toks[len(toks)-1]
			t.start, t.end, t.gap, t.key = pos, pos+1, g, asciiPunctKey[c]
			pos++
			continue
		}
		toks = append(toks, token{})
		t := &toks[len(toks)-1]
		if !t.scan(text, from) {
			return toks[:len(toks)-1] // white space outside ASCII ends the text
		}
		pos = t.end
	}
	return toks
}

// asciiWordEnd returns the offset of the first byte at or after i that is
// not an ASCII word byte. Words end at unpredictable places, and a loop
// over their bytes pays for a mispredicted branch at the end of each; this
// tests eight bytes at once, most words' worth.
func asciiWordEnd(text []byte, i int) int {
	for ; i+8 <= len(text); i += 8 {
		if n := asciiWordBytes(binary.LittleEndian.Uint64(text[i:])); n < 8 {
			return i + n
		}
	}
	for i < len(text) && asciiClass[text[i]] == classWord {
		i++
	}
	return i
}

// asciiWordBytes returns how many of the eight bytes of x, from the
// lowest, are ASCII word bytes (letters, digits and '_') before one that
// is not. Each test sets the high bit of a byte's lane; the sums stay
// below 0x100 in every lane, so that no carry crosses into the next.
func asciiWordBytes(x uint64) int {
	low := x &^ highBits        // each byte without its high bit
	lower := low | 0x20*lowBits // upper case letters to lower case
	letter := (lower + (0x80-'a')*lowBits) &^ (lower + (0x7F-'z')*lowBits)
	digit := (low + (0x80-'0')*lowBits) &^ (low + (0x7F-'9')*lowBits)
	word := (letter | digit | sameLanes(x, '_')) &^ x & highBits // not a byte of a multi-byte sequence
	return bits.TrailingZeros64(^word&highBits) / 8
}

// The lowest and the highest bit of each byte of a uint64, for the tests
// of eight bytes at once.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// runeBefore returns the rune that ends just before offset i, or
// utf8.RuneError and 0 at the start of the text.
func runeBefore(text []byte, i int) (rune, int) {
	if i <= 0 {
		return utf8.RuneError, 0
	}
	return utf8.DecodeLastRune(text[:i])
}

// runeAt returns the rune that starts at offset i, or utf8.RuneError and 0
// at the end of the text.
func runeAt(text []byte, i int) (rune, int) {
	if i >= len(text) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRune(text[i:])
}

// wordStartsAt reports whether a match may begin at i: the character before
// is not joined to it by a word-internal apostrophe (so "Brien" is not found
// in "O'Brien"). Tokens are maximal, so no word rune can precede a word.
func wordStartsAt(text []byte, i int) bool {
	r, n := runeBefore(text, i)
	if n == 0 || !isApostrophe(r) {
		return true
	}
	r, n = runeBefore(text, i-n)
	return n == 0 || !isWordRune(r)
}

// wordEndsAt reports whether a match may end at i. An apostrophe that
// continues the word ("O'Brien" after "O") forbids it, except for the
// possessive 's, which counts as the word it follows: "Macron’s".
func wordEndsAt(text []byte, i int) bool {
	r, n := runeAt(text, i)
	if n == 0 || !isApostrophe(r) {
		return true
	}
	i += n
	r, n = runeAt(text, i)
	if n == 0 || !isWordRune(r) {
		return true // "farmers' union", or a closing quote
	}
	if r != 's' {
		return false
	}
	r, n = runeAt(text, i+1)
	return n == 0 || !isWordRune(r)
}
