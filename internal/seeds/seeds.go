// Package seeds reads seed articles: raw news text exactly as received, which
// the tool never edits.
//
// A seed is UTF-8 text that opens with a header of "key value" fields. The
// header needs at least "date YYYY-MM-DD"; "title", "source", "url" and
// "author" are optional and take the rest of their line. Leading spaces are
// allowed, and the date may share its line with the first paragraph:
//
//	date 2022-02-10 United States President Joe Biden spoke with…
//
// After the header, paragraphs are separated by blank lines. A block of one
// short line with no final punctuation is a sub-heading. Every offset is a
// byte offset into the file as read, end exclusive.
package seeds

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/parallel"
)

// Load parses every seeds/*.txt of a site, on every CPU. The map is keyed
// by file name, as briefings name their seed; a seed that could not be
// read or parsed maps to nil, beside its errors.
func Load(site fs.FS) (map[string]*Seed, diag.List) { return LoadCached(site, nil) }

// LoadCached is Load with the seeds that have not changed since the cache
// saw them taken from it, the same values; a nil cache is none.
func LoadCached(site fs.FS, cache *ParseCache) (map[string]*Seed, diag.List) {
	names, _ := fs.Glob(site, "seeds/*.txt")
	sort.Strings(names)
	sum := sha256Of
	if s, ok := site.(summer); ok {
		sum = s.Sum
	}
	parsed, fileErrs := parallel.ReadFiles(site, names, func(name string, data []byte) (*Seed, error) {
		return cache.parse(name, data, sum)
	})
	errs := diag.Ignored(site, "seeds", "seeds", ".txt")
	out := make(map[string]*Seed, len(names))
	for i, s := range parsed {
		if fileErrs[i] != nil {
			errs.AddErr(diag.Pos{File: names[i]}, fileErrs[i])
		}
		// A seed with errors is there, as nil: a briefing that names it
		// needs no second error saying it is missing.
		out[path.Base(names[i])] = s
	}
	return out, errs
}

// ParseCache keeps parsed seeds, for serve, which loads a site again on
// every save. It is safe for concurrent use.
type ParseCache struct {
	mu     sync.Mutex
	parsed map[string]parsedSeed
}

type parsedSeed struct {
	data []byte
	s    *Seed
	err  error
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache { return &ParseCache{parsed: map[string]parsedSeed{}} }

// summer is a file system that may know the SHA-256 of a file it read
// (sitefs.FS keeps those of files that did not change).
type summer interface {
	Sum(name string, data []byte) [sha256.Size]byte
}

func sha256Of(_ string, data []byte) [sha256.Size]byte { return sha256.Sum256(data) }

// parse parses a seed, or takes it from the cache when its bytes are
// those parsed before; sum gives their digest.
func (c *ParseCache) parse(name string, data []byte, sum func(string, []byte) [sha256.Size]byte) (*Seed, error) {
	if c != nil {
		c.mu.Lock()
		p, ok := c.parsed[name]
		c.mu.Unlock()
		if ok && bytes.Equal(p.data, data) {
			return p.s, p.err
		}
	}
	s, errs := parse(name, data, sum)
	err := errs.Err()
	if c != nil {
		c.mu.Lock()
		c.parsed[name] = parsedSeed{data: data, s: s, err: err}
		c.mu.Unlock()
	}
	return s, err
}

// Seed is a parsed article.
type Seed struct {
	Name      string // as given to Parse, used in positions
	Data      []byte // the file, unchanged
	Published time.Time
	Title     string
	Source    string
	URL       string
	Author    string
	BodyStart int     // offset of the first byte after the header
	Blocks    []Block // paragraphs and sub-headings, in order
	// digest is Data's, made by Parse, where the file is read on every
	// CPU: the extraction cache and the keys of the pages both need it.
	digest *[sha256.Size]byte
}

// Digest is the SHA-256 of Data. A seed must not change once parsed.
func (s *Seed) Digest() [sha256.Size]byte {
	if s.digest != nil {
		return *s.digest
	}
	return sha256.Sum256(s.Data) // a seed made by hand
}

// Block is a paragraph or a sub-heading, trimmed of surrounding white space.
type Block struct {
	Heading    bool
	Start, End int
}

// Body returns the text after the header.
func (s *Seed) Body() []byte { return s.Data[s.BodyStart:] }

// maxHeadingLen is the longest line that can still read as a sub-heading.
const maxHeadingLen = 120

// Parse reads a seed article. It reports every problem it finds; the Seed
// is nil when there are any.
func Parse(name string, data []byte) (*Seed, diag.List) { return parse(name, data, sha256Of) }

func parse(name string, data []byte, digest func(string, []byte) [sha256.Size]byte) (*Seed, diag.List) {
	var errs diag.List
	pos := func(off int) diag.Pos {
		line, col := diag.LineCol(data, off)
		return diag.Pos{File: name, Line: line, Col: col}
	}
	if off := invalidUTF8(data); off >= 0 {
		errs.Add(pos(off), "invalid UTF-8 (byte 0x%02x at offset %d)", data[off], off)
		return nil, errs
	}
	for n, off := range controlBytes(data) {
		if n == maxControlErrors {
			errs.Add(pos(off), "more control characters follow; is this a text file?")
			break
		}
		errs.Add(pos(off), "control character 0x%02x: a seed is plain text, where only tab, newline, carriage return and form feed may appear", data[off])
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s := &Seed{Name: name, Data: data}
	// A byte-order mark is how some editors start UTF-8; offsets still
	// count it, as they count every byte of the file.
	start := 0
	if bytes.HasPrefix(data, bom) {
		start = len(bom)
	}
	i := skipSpace(data, start)
	sawDate := false
	for {
		keyStart := i
		key, next := word(data, i)
		if key != "date" && key != "title" && key != "source" && key != "url" && key != "author" {
			break
		}
		if next >= len(data) || (data[next] != ' ' && data[next] != '\t') {
			break
		}
		valStart := skipBlanks(data, next)
		if key == "date" {
			val, end := word(data, valStart)
			t, err := time.Parse("2006-01-02", val)
			if err != nil {
				errs.Add(pos(valStart), "date header %q %s", val, whyNotADate(val))
				return nil, errs
			}
			if sawDate {
				errs.Add(pos(keyStart), "second date header")
				return nil, errs
			}
			s.Published, sawDate = t, true
			i = skipBlanks(data, end)
			if i < len(data) && data[i] != '\n' && data[i] != '\r' {
				break // the first paragraph shares the date's line
			}
			i = skipSpace(data, i)
			continue
		}
		end := lineEnd(data, valStart)
		val := string(bytes.TrimSpace(data[valStart:end]))
		switch key {
		case "title":
			s.Title = val
		case "source":
			s.Source = val
		case "url":
			s.URL = val
		case "author":
			s.Author = val
		}
		i = skipSpace(data, end)
	}
	if !sawDate {
		errs.Add(pos(skipSpace(data, start)), "missing date header: a seed must begin with \"date YYYY-MM-DD\"")
		return nil, errs
	}
	s.BodyStart = i
	s.Blocks = blocks(data, i)
	sum := digest(name, data)
	s.digest = &sum
	return s, nil
}

var bom = []byte("\uFEFF")

// maxControlErrors bounds the errors for a file that is not text at all.
const maxControlErrors = 5

// controlBytes returns the offsets of control characters other than tab,
// newline, carriage return and form feed: NUL, escape, DEL and the like,
// which no article needs and which would reach pages invisible.
func controlBytes(data []byte) []int {
	var offs []int
	i := 0
	// Eight bytes at a time: a word with no byte below 0x20 and none
	// 0x7f (most words: text and its UTF-8) is skipped whole.
	for ; i+8 <= len(data); i += 8 {
		if w := binary.LittleEndian.Uint64(data[i:]); !hasByteBelow(w, 0x20) && !hasByteBelow(w^(0x7f*ones), 1) {
			continue
		}
		for j := i; j < i+8; j++ {
			if isControl(data[j]) {
				if offs = append(offs, j); len(offs) > maxControlErrors {
					return offs
				}
			}
		}
	}
	for ; i < len(data); i++ {
		if isControl(data[i]) {
			if offs = append(offs, i); len(offs) > maxControlErrors {
				return offs
			}
		}
	}
	return offs
}

// isControl: a control character that a seed may not hold.
func isControl(c byte) bool {
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f
}

// ones has every byte 1.
const ones = ^uint64(0) / 0xff

// hasByteBelow reports whether a byte of w is below n (n at most 0x80),
// exactly: the high bit set by a borrow never comes before the first
// byte below n. A word holds 0x7f where w^(0x7f*ones) holds a byte below 1.
func hasByteBelow(w uint64, n byte) bool { return (w-uint64(n)*ones)&^w&(0x80*ones) != 0 }

// whyNotADate says what is wrong with a date header that time.Parse
// refused: its form, its month, or a day its month does not have.
func whyNotADate(val string) string {
	var y, m, d int
	if n, err := fmt.Sscanf(val, "%4d-%2d-%2d", &y, &m, &d); n != 3 || err != nil || len(val) != len("2006-01-02") {
		return "is not a date of the form YYYY-MM-DD"
	}
	if m < 1 || m > 12 {
		return fmt.Sprintf("has no month %d: a date is YYYY-MM-DD", m)
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return fmt.Sprintf("is not a valid day: %s %d has %d days", time.Month(m), y, days)
}

func invalidUTF8(data []byte) int {
	if utf8.Valid(data) { // the rule, checked many bytes at a time
		return -1
	}
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// isBlank and isSpace are ASCII white space, within a line and across
// lines. Other Unicode spaces (no-break spaces) are text: noise kept as is.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

func isSpace(c byte) bool { return isBlank(c) || c == '\n' || c == '\r' }

func skipBlanks(data []byte, i int) int {
	for i < len(data) && isBlank(data[i]) {
		i++
	}
	return i
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

func word(data []byte, i int) (string, int) {
	j := i
	for j < len(data) && !isSpace(data[j]) {
		j++
	}
	return string(data[i:j]), j
}

func lineEnd(data []byte, i int) int {
	if k := bytes.IndexByte(data[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(data)
}

// blocks splits data[from:] at blank lines.
func blocks(data []byte, from int) []Block {
	// Gathered on the stack and copied once, at their number: a site
	// parses every seed on every build, and a list grown from one
	// leaves most of what it took behind.
	var room [64]Block
	out := room[:0]
	start := -1 // start of the current block, -1 between blocks
	lastNonSpace := from
	for i := from; i <= len(data); {
		end := len(data)
		if i < len(data) {
			end = lineEnd(data, i)
		}
		first := skipSpace(data[:end], i)
		if first == end {
			if start >= 0 {
				out = append(out, block(data, start, lastNonSpace))
				start = -1
			}
		} else {
			if start < 0 {
				start = first
			}
			last := end
			for last > first && isSpace(data[last-1]) {
				last--
			}
			lastNonSpace = last
		}
		if end >= len(data) {
			break
		}
		i = end + 1
	}
	if start >= 0 {
		out = append(out, block(data, start, lastNonSpace))
	}
	// A heading sits between paragraphs: the first and last blocks are text.
	for k := range out {
		if k == 0 || k == len(out)-1 {
			out[k].Heading = false
		}
	}
	if len(out) == 0 {
		return nil
	}
	return slices.Clone(out)
}

func block(data []byte, start, end int) Block {
	text := data[start:end]
	// The cheapest test first: most blocks are paragraphs that end a
	// sentence.
	heading := !endsSentence(text) && shorterThanHeading(text) && bytes.IndexByte(text, '\n') < 0
	return Block{Heading: heading, Start: start, End: end}
}

// shorterThanHeading reports whether text has at most maxHeadingLen
// characters, counting no further than that: a paragraph is most of a
// seed, and most are longer.
func shorterThanHeading(text []byte) bool {
	if len(text) <= maxHeadingLen {
		return true
	}
	n := 0
	for i := 0; i < len(text); n++ {
		if n == maxHeadingLen {
			return false
		}
		if text[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(text[i:])
			i += size
		}
	}
	return true
}

func endsSentence(text []byte) bool {
	r, _ := utf8.DecodeLastRune(text)
	switch r {
	case '.', '!', '?', ':', ';', ',', '"', '\'', '”', '’', '…', ')', ']':
		return true
	}
	return false
}
