package annotations

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
)

// ParseCache keeps parsed briefings by file name, with the digest of the
// bytes each was parsed from, so that a briefing whose file has the same
// bytes is not parsed again: serve keeps one between saves, and build
// reads one from disk (ReadParseCache) and writes it back (WriteTo).
// Parsing depends on the file's name and bytes alone; a cache made by
// another program is told apart by its salt (Use).
//
// What it returns is shared between loads and must not be changed. It is
// safe for concurrent use.
type ParseCache struct {
	mu     sync.Mutex
	salt   string
	parsed map[string]*parsedBriefing
	used   map[string]bool // since Use, for WriteTo
	made   int             // files parsed since Use
}

type parsedBriefing struct {
	sum [sha256.Size]byte
	b   *Briefing
	err error
	// Where FrontMatter and Body are in the file; a briefing read from
	// disk has neither until a load gives the file's bytes.
	frontMatter, frontMatterLen, body int
	read                              bool // from disk, without FrontMatter and Body
	storable                          bool // parsed without an error, and its spans found
	// encoded is the entry as WriteTo writes it, when it was read from
	// disk: written again as it was, not encoded anew.
	encoded string
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{parsed: map[string]*parsedBriefing{}, used: map[string]bool{}}
}

// Use starts a load with the cache: its entries are kept only if they
// were made with the same salt.
func (c *ParseCache) Use(salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.salt != salt {
		c.salt = salt
		clear(c.parsed)
	}
	clear(c.used)
	c.made = 0
}

// Changed reports whether WriteTo would write something other than what
// it read: a file was parsed since Use, or an entry was not used.
func (c *ParseCache) Changed() bool {
	differ, _ := c.Stale()
	return differ > 0
}

// Stale reports how many entries WriteTo would write otherwise than
// they were read (made since Use, or not used since) and how many the
// cache holds: build writes a cache again only when enough differ, as a
// few entries made again cost less than the whole written.
func (c *ParseCache) Stale() (differ, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made + len(c.parsed) - len(c.used), len(c.parsed)
}

// summer is a file system that may know the SHA-256 of a file it read
// (sitefs.FS keeps those of files that did not change).
type summer interface {
	Sum(name string, data []byte) [sha256.Size]byte
}

func sha256Of(_ string, data []byte) [sha256.Size]byte { return sha256.Sum256(data) }

// parse parses a briefing's file, or takes it from the cache.
func (c *ParseCache) parse(name string, data []byte, digest func(string, []byte) [sha256.Size]byte) (*Briefing, error) {
	if c == nil {
		var errs diag.List
		b := ParseBriefing(name, data, &errs)
		return b, errs.Err()
	}
	sum := digest(name, data)
	c.mu.Lock()
	p := c.parsed[name]
	c.used[name] = true
	c.mu.Unlock()
	if p != nil && p.sum == sum {
		if !p.read {
			return p.b, p.err
		}
		if b := p.withSpans(data); b != nil {
			c.mu.Lock()
			c.parsed[name] = &parsedBriefing{sum: sum, b: b, frontMatter: p.frontMatter, frontMatterLen: p.frontMatterLen, body: p.body, storable: true, encoded: p.encoded}
			c.mu.Unlock()
			return b, nil
		}
	}
	var errs diag.List
	b := ParseBriefing(name, data, &errs)
	err := errs.Err()
	p = &parsedBriefing{sum: sum, b: b, err: err}
	if b != nil && err == nil && b.File == name {
		p.frontMatter, p.storable = offsetIn(data, b.FrontMatter)
		p.frontMatterLen = len(b.FrontMatter)
		p.body = len(data) - len(b.Body)
		p.storable = p.storable && len(b.FrontMatter) > 0 && sameBytes(data[p.body:], b.Body)
	}
	c.mu.Lock()
	c.parsed[name] = p
	c.made++
	c.mu.Unlock()
	return b, err
}

// withSpans is a briefing read from disk with its FrontMatter and Body
// taken from the file's bytes; nil if the spans do not fit them.
func (p *parsedBriefing) withSpans(data []byte) *Briefing {
	end := p.frontMatter + p.frontMatterLen
	if end > len(data) || p.body > len(data) {
		return nil
	}
	b := *p.b
	b.FrontMatter, b.Body = data[p.frontMatter:end], data[p.body:]
	return &b
}

// offsetIn is where sub starts in data, when sub is a slice of data.
func offsetIn(data, sub []byte) (int, bool) {
	start := cap(data) - cap(sub)
	if len(sub) == 0 || start < 0 || start+len(sub) > len(data) || &data[start] != &sub[0] {
		return 0, false
	}
	return start, true
}

// sameBytes reports whether a and b are one slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// parseCacheHeader opens a cache file (see cachefile).
const parseCacheHeader = "briefing parsed briefings v1\n"

// WriteTo writes the entries used since Use that were parsed without an
// error, with the salt, in a form that ReadParseCache reads back.
func (c *ParseCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	var names []string
	size := len(c.salt) + 2*binary.MaxVarintLen64
	for name := range c.used {
		if p := c.parsed[name]; p != nil && p.storable {
			names = append(names, name)
			// The body is made at its size (an entry encoded anew at
			// a guess), not grown: it is megabytes.
			size += max(len(p.encoded), 512)
		}
	}
	slices.Sort(names)
	buf := cachefile.AppendString(make([]byte, 0, size), c.salt)
	buf = cachefile.AppendInt(buf, len(names))
	for _, name := range names {
		p := c.parsed[name]
		if p.encoded != "" {
			buf = append(buf, p.encoded...)
			continue
		}
		buf = cachefile.AppendString(buf, name)
		buf = append(buf, p.sum[:]...)
		buf = cachefile.AppendInt(buf, p.frontMatter)
		buf = cachefile.AppendInt(buf, p.frontMatterLen)
		buf = cachefile.AppendInt(buf, p.body)
		buf = appendBriefing(buf, name, p.b)
	}
	c.mu.Unlock()
	return cachefile.Write(w, parseCacheHeader, buf)
}

// ReadParseCache reads a cache that WriteTo wrote. A cache that is
// damaged, truncated or of another format is an error, never half read;
// one of another salt is read, and emptied by Use.
func ReadParseCache(r io.Reader) (*ParseCache, error) {
	d, err := cachefile.Read(r, parseCacheHeader)
	if err != nil {
		return nil, err
	}
	// Nearly all that is read is kept, in the briefings or to be written
	// again: one copy of the file's strings, not one each.
	d.ShareStrings()
	c := NewParseCache()
	c.salt = d.String()
	for range d.Count() {
		start := d.Read()
		name := d.String()
		p := &parsedBriefing{read: true, storable: true}
		copy(p.sum[:], d.Bytes(sha256.Size))
		p.frontMatter = d.Int()
		p.frontMatterLen = d.Int()
		p.body = d.Int()
		p.b = readBriefing(d, name)
		p.encoded = d.Since(start)
		c.parsed[name] = p
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("parsed briefings: %w", err)
	}
	return c, nil
}

// The fields of a Briefing, in order. A slice's length is written plus
// one, and 0 is a nil slice: the parser tells an absent list (nil) from
// an empty one, and an event's actors mean other things in each case.

func appendBriefing(buf []byte, name string, b *Briefing) []byte {
	for _, s := range []string{b.Slug, b.Seed, b.Title, b.Summary} {
		buf = cachefile.AppendString(buf, s)
	}
	buf = appendPos(buf, name, b.SeedPos)
	buf = appendLen(buf, b.Tags == nil, len(b.Tags))
	for _, t := range b.Tags {
		buf = cachefile.AppendString(buf, t)
	}
	buf = appendLen(buf, b.TagPos == nil, len(b.TagPos))
	for _, p := range b.TagPos {
		buf = appendPos(buf, name, p)
	}
	buf = appendRefs(buf, name, b.Actors)
	buf = appendLen(buf, b.Events == nil, len(b.Events))
	for _, e := range b.Events {
		buf = appendQuote(buf, name, e.Quote)
		buf = cachefile.AppendString(buf, e.Title)
		buf = cachefile.AppendInt(buf, int(e.Date))
		buf = appendPos(buf, name, e.DatePos)
		buf = appendRefs(buf, name, e.Actors)
	}
	buf = appendLen(buf, b.Notes == nil, len(b.Notes))
	for _, n := range b.Notes {
		buf = appendQuote(buf, name, n.Quote)
		buf = cachefile.AppendString(buf, n.Text)
	}
	buf = appendLen(buf, b.Dates == nil, len(b.Dates))
	for _, o := range b.Dates {
		buf = appendQuote(buf, name, o.Quote)
		buf = cachefile.AppendInt(buf, int(o.Date))
		buf = appendPos(buf, name, o.DatePos)
	}
	draft := 0
	if b.Draft {
		draft = 1
	}
	return cachefile.AppendInt(buf, draft)
}

func readBriefing(d *cachefile.Decoder, name string) *Briefing {
	b := &Briefing{File: name}
	for _, s := range []*string{&b.Slug, &b.Seed, &b.Title, &b.Summary} {
		*s = d.String()
	}
	b.SeedPos = readPos(d, name)
	if n, ok := readLen(d); ok {
		b.Tags = make([]string, n)
		for i := range b.Tags {
			b.Tags[i] = d.String()
		}
	}
	if n, ok := readLen(d); ok {
		b.TagPos = make([]diag.Pos, n)
		for i := range b.TagPos {
			b.TagPos[i] = readPos(d, name)
		}
	}
	b.Actors = readRefs(d, name)
	if n, ok := readLen(d); ok {
		b.Events = make([]Event, n)
		for i := range b.Events {
			e := &b.Events[i]
			e.Quote = readQuote(d, name)
			e.Title = d.String()
			e.Date = readValue(d)
			e.DatePos = readPos(d, name)
			e.Actors = readRefs(d, name)
		}
	}
	if n, ok := readLen(d); ok {
		b.Notes = make([]Note, n)
		for i := range b.Notes {
			b.Notes[i] = Note{Quote: readQuote(d, name), Text: d.String()}
		}
	}
	if n, ok := readLen(d); ok {
		b.Dates = make([]DateOverride, n)
		for i := range b.Dates {
			b.Dates[i] = DateOverride{Quote: readQuote(d, name), Date: readValue(d), DatePos: readPos(d, name)}
		}
	}
	switch d.Int() {
	case 0:
	case 1:
		b.Draft = true
	default:
		d.Fail()
	}
	return b
}

func appendLen(buf []byte, isNil bool, n int) []byte {
	if isNil {
		return cachefile.AppendInt(buf, 0)
	}
	return cachefile.AppendInt(buf, n+1)
}

// readLen reads what appendLen wrote: ok is false for a nil slice.
func readLen(d *cachefile.Decoder) (n int, ok bool) {
	n = d.Count()
	if n == 0 {
		return 0, false
	}
	return n - 1, true
}

// Positions name the briefing's file (1), none (0), or another (2, then
// the name).
func appendPos(buf []byte, name string, p diag.Pos) []byte {
	switch p.File {
	case name:
		buf = cachefile.AppendInt(buf, 1)
	case "":
		buf = cachefile.AppendInt(buf, 0)
	default:
		buf = cachefile.AppendString(cachefile.AppendInt(buf, 2), p.File)
	}
	return cachefile.AppendSigned(cachefile.AppendSigned(buf, p.Line), p.Col)
}

func readPos(d *cachefile.Decoder, name string) diag.Pos {
	var p diag.Pos
	switch d.Int() {
	case 0:
	case 1:
		p.File = name
	case 2:
		p.File = d.String()
	default:
		d.Fail()
	}
	p.Line, p.Col = d.Signed(), d.Signed()
	return p
}

func appendRefs(buf []byte, name string, refs []Ref) []byte {
	buf = appendLen(buf, refs == nil, len(refs))
	for _, r := range refs {
		buf = appendPos(cachefile.AppendString(buf, r.ID), name, r.Pos)
	}
	return buf
}

func readRefs(d *cachefile.Decoder, name string) []Ref {
	n, ok := readLen(d)
	if !ok {
		return nil
	}
	refs := make([]Ref, n)
	for i := range refs {
		refs[i] = Ref{ID: d.String(), Pos: readPos(d, name)}
	}
	return refs
}

func appendQuote(buf []byte, name string, q Quote) []byte {
	return appendPos(cachefile.AppendString(buf, q.Text), name, q.Pos)
}

func readQuote(d *cachefile.Decoder, name string) Quote {
	return Quote{Text: d.String(), Pos: readPos(d, name)}
}

func readValue(d *cachefile.Decoder) calendar.Value {
	v := d.Uvarint()
	if v > uint64(^calendar.Value(0)) {
		d.Fail()
		return 0
	}
	return calendar.Value(v)
}
