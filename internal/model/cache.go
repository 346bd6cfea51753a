package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// ExtractCache keeps what extraction found in seeds (the mentions of
// actors and the resolved dates), by the digest of a seed's file and
// publication date, so that a build that loads a site again finds again
// only what changed: serve keeps one between saves, build reads one from
// disk and writes it back. Mentions depend on the whole actor registry, so
// a cache holds the results of one registry and program: its salt names
// them, and Use empties a cache whose salt is not the one given.
//
// It is safe for concurrent use. What it holds is plain data, never the
// model's pointers, so that one build's model is never shared with the next.
type ExtractCache struct {
	mu      sync.Mutex
	salt    string
	entries map[[sha256.Size]byte]*extraction
	used    map[[sha256.Size]byte]bool // since Use, for WriteTo
	added   int                        // entries made since Use
	use     uint64                     // counts the calls of Use
	quotes  int                        // how many the entries hold
}

type extraction struct {
	mentions []cachedSpan // as annotate takes them: see annotatedSpans
	dates    []cachedSpan
	// quotes are where each quote of the seed's briefings was found;
	// those asked for since Use are written with the entry. A seed has
	// a few: they are looked through, where a map of every seed's
	// would hash each quote with the seed's key.
	quotes []cachedQuote
}

// cachedQuote is a quote and where it was found in a seed's body.
type cachedQuote struct {
	quote string
	spans []extract.Span
	asked uint64 // the Use it was last asked for in
}

// fits reports whether every span lies in a body of n bytes and its
// block among the seed's, as it does unless a cache file was made to
// look valid.
func (e *extraction) fits(n, blocks int) bool {
	for _, spans := range [][]cachedSpan{e.mentions, e.dates} {
		for _, s := range spans {
			if s.Start < 0 || s.Start > s.End || s.End > n || int(s.Block) >= blocks || int(s.Block) < min(0, blocks-1) {
				return false
			}
		}
	}
	return true
}

// cachedSpan is a mention (Label is the actor's id) or a date (Label is
// its value), offsets into the body, with the index of the seed block
// it is in (as blockIndex gives it). A date's Value is its Label parsed
// (zero when it does not parse), once a label, not once a date: a site
// has a few thousand values and hundreds of thousands of dates.
type cachedSpan struct {
	Label      string
	Start, End int
	Block      int32 // with Value, in the room of one int: a cache holds millions
	Value      calendar.Value
}

// dateValue is the value of a date's label; zero when it does not parse.
func dateValue(label string) calendar.Value {
	v, err := calendar.Parse(label)
	if err != nil {
		return 0
	}
	return v
}

// annotatedSpans is what annotate takes of what extraction found in a
// seed, and what the cache keeps: the mentions, of which two that are
// one reference (sameReference) are one, and the dates, each with its
// block. A build from the cache finds neither the blocks nor the
// references again, which read the seed's text.
func annotatedSpans(seed *seeds.Seed, found, resolved []extract.Labeled) (mentions, dates []cachedSpan) {
	blockOf := blockIndex(seed)
	body := seed.Body()
	mentions = make([]cachedSpan, 0, len(found))
	for _, m := range found {
		s := cachedSpan{Label: m.Label, Start: m.Start, End: m.End, Block: int32(blockOf(m.Start + seed.BodyStart))}
		if n := len(mentions); n > 0 && sameReference(body, &mentions[n-1], &s) {
			mentions[n-1].End = s.End
			continue
		}
		mentions = append(mentions, s)
	}
	if len(resolved) > 0 {
		dates = make([]cachedSpan, len(resolved))
	}
	for i, d := range resolved {
		dates[i] = cachedSpan{Label: d.Label, Start: d.Start, End: d.End, Block: int32(blockOf(d.Start + seed.BodyStart)), Value: dateValue(d.Label)}
	}
	if len(mentions) == 0 {
		mentions = nil // none is nil, as the cache reads it
	}
	return mentions, dates
}

// NewExtractCache returns an empty cache.
func NewExtractCache() *ExtractCache {
	return &ExtractCache{entries: map[[sha256.Size]byte]*extraction{}, used: map[[sha256.Size]byte]bool{}, use: 1}
}

// Use starts a build with the cache: its entries are kept only if they
// were made with the same salt.
func (c *ExtractCache) Use(salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.salt != salt {
		c.salt = salt
		clear(c.entries)
		c.quotes = 0
	}
	if c.quotes > 4*len(c.entries)+1024 {
		// What edits left behind.
		for _, e := range c.entries {
			e.quotes = nil
		}
		c.quotes = 0
	}
	clear(c.used)
	c.use++
	c.added = 0
}

// Changed reports whether the cache differs from what WriteTo wrote last
// time: a seed was extracted since Use, or an entry was not used.
func (c *ExtractCache) Changed() bool {
	differ, _ := c.Stale()
	return differ > 0
}

// Stale reports how many entries WriteTo would write otherwise than
// they were read (made since Use, or not used since) and how many the
// cache holds: build writes a cache again only when enough differ, as a
// few entries made again cost less than the whole written.
func (c *ExtractCache) Stale() (differ, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.added + len(c.entries) - len(c.used), len(c.entries)
}

// Len is the number of seeds the cache holds.
func (c *ExtractCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// cacheKey is a seed's key in the cache, from the digest of its file
// (seeds.Seed.Digest), which holds the body, and its publication date.
func cacheKey(file [sha256.Size]byte, published time.Time) [sha256.Size]byte {
	h := sha256.New()
	var date [64]byte
	h.Write(published.AppendFormat(date[:0], time.RFC3339))
	h.Write([]byte{0})
	h.Write(file[:])
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// extractSeed finds the mentions and dates of a seed's body, from the
// cache when it has them under key (cacheKey's), as annotatedSpans gives
// them: a mention's Label is its actor's id, a date's its value. What it
// returns may be the cache's own: the caller reads it and keeps none of
// it, and a large site has millions of spans, which it does not copy.
func extractSeed(c *ExtractCache, key [sha256.Size]byte, matcher *extract.Matcher, seed *seeds.Seed) (mentions, dates []cachedSpan, cached bool) {
	body := seed.Body()
	if c == nil {
		mentions, dates = annotatedSpans(seed, matcher.FindLabeled(body), extract.ResolveDatesLabeled(body, seed.Published))
		return mentions, dates, false
	}
	c.mu.Lock()
	e := c.entries[key]
	c.used[key] = true
	c.mu.Unlock()
	if e != nil && e.fits(len(body), len(seed.Blocks)) {
		return e.mentions, e.dates, true
	}
	e = &extraction{}
	e.mentions, e.dates = annotatedSpans(seed, matcher.FindLabeled(body), extract.ResolveDatesLabeled(body, seed.Published))
	c.mu.Lock()
	c.entries[key] = e
	c.added++
	c.mu.Unlock()
	return e.mentions, e.dates, false
}

// cacheHeader opens a cache file (see cachefile).
const cacheHeader = "briefing extraction cache v5\n"

// WriteTo writes the entries used since Use, with the salt, in a form
// that ReadExtractCache reads back.
//
// A clean build of a large site writes millions of spans, on the way
// from the model to rendering with nothing else to do: the entries are
// cut in pieces, whose labels are numbered and whose bytes are encoded
// on every CPU, joined in order.
func (c *ExtractCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	keys := make([][sha256.Size]byte, 0, len(c.used))
	for k := range c.used {
		if c.entries[k] != nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	entries := make([]*extraction, len(keys))
	for i, k := range keys {
		entries[i] = c.entries[k]
	}
	pieces := make([][]byte, min(len(keys), 8*parallel.Workers(len(keys))))
	piece := func(p int) (from, to int) { return p * len(keys) / len(pieces), (p + 1) * len(keys) / len(pieces) }
	firsts := make([]labelsFirst, len(pieces))
	parallel.For(len(pieces), func(_, p int) error {
		from, to := piece(p)
		firsts[p] = firstLabels(entries, from, to)
		return nil
	})
	labels := numberLabels(firsts)
	parallel.For(len(pieces), func(_, p int) error {
		from, to := piece(p)
		// Room for what most entries take: the key, a few bytes a
		// span, a few dozen a quote.
		size := 0
		for i := from; i < to; i++ {
			size += sha256.Size + 8 + 6*(len(entries[i].mentions)+len(entries[i].dates)) + 64*len(entries[i].quotes)
		}
		buf := make([]byte, 0, size)
		for i := from; i < to; i++ {
			buf = c.appendEntry(buf, i, keys[i], entries[i], labels)
		}
		pieces[p] = buf
		return nil
	})
	c.mu.Unlock()
	head := cachefile.AppendString(nil, c.salt)
	head = binary.AppendUvarint(head, uint64(len(keys)))
	size := len(head)
	for _, p := range pieces {
		size += len(p)
	}
	body := append(make([]byte, 0, size), head...)
	for _, p := range pieces {
		body = append(body, p...)
	}
	return cachefile.Write(w, cacheHeader, body)
}

// labelsFirst is the labels of a run of entries in the order they first
// come, each with the entry where it does.
type labelsFirst struct {
	labels []string
	entry  []int
}

// firstLabels lists the labels of entries[from:to] in the order they
// first come. Spans of one actor or one value often follow each other:
// the last label is compared before the map is asked.
func firstLabels(entries []*extraction, from, to int) labelsFirst {
	var f labelsFirst
	seen := map[string]bool{}
	last, lastKnown := "", false
	for i := from; i < to; i++ {
		for _, spans := range [][]cachedSpan{entries[i].mentions, entries[i].dates} {
			for _, s := range spans {
				if lastKnown && s.Label == last {
					continue
				}
				if !seen[s.Label] {
					seen[s.Label] = true
					f.labels = append(f.labels, s.Label)
					f.entry = append(f.entry, i)
				}
				last, lastKnown = s.Label, true
			}
		}
	}
	return f
}

// labelNumbers numbers the labels (actor ids, date values) of the
// entries to be written: they repeat across seeds, and each is written
// once, where it first comes, numbered in that order; a span gives its
// label's number, followed by the label itself when the number is a new
// one. first is the entry where each number comes first, and written
// says, for a number, that its label has been written; only the piece
// of work that writes that entry sets it.
type labelNumbers struct {
	number  map[string]int
	first   []int
	written []bool
}

// numberLabels numbers the labels of the pieces' lists, in order: a
// label comes first in the first piece that lists it.
func numberLabels(pieces []labelsFirst) *labelNumbers {
	l := &labelNumbers{number: map[string]int{}}
	for _, p := range pieces {
		for j, label := range p.labels {
			if _, ok := l.number[label]; !ok {
				l.number[label] = len(l.first)
				l.first = append(l.first, p.entry[j])
			}
		}
	}
	l.written = make([]bool, len(l.first))
	return l
}

// appendEntry appends entry i of those WriteTo writes, with its key and
// the quotes asked of it since Use.
func (c *ExtractCache) appendEntry(buf []byte, i int, k [sha256.Size]byte, e *extraction, labels *labelNumbers) []byte {
	buf = append(buf, k[:]...)
	last, lastNumber := "", -1
	for _, spans := range [][]cachedSpan{e.mentions, e.dates} {
		buf = binary.AppendUvarint(buf, uint64(len(spans)))
		for _, s := range spans {
			if lastNumber < 0 || s.Label != last {
				last, lastNumber = s.Label, labels.number[s.Label]
			}
			buf = binary.AppendUvarint(buf, uint64(lastNumber))
			if labels.first[lastNumber] == i && !labels.written[lastNumber] {
				labels.written[lastNumber] = true
				buf = cachefile.AppendString(buf, s.Label)
			}
			buf = binary.AppendUvarint(buf, uint64(s.Start))
			buf = binary.AppendUvarint(buf, uint64(s.End-s.Start))
			buf = binary.AppendUvarint(buf, uint64(s.Block+1))
		}
	}
	var quotes []*cachedQuote
	for i := range e.quotes {
		if e.quotes[i].asked == c.use {
			quotes = append(quotes, &e.quotes[i])
		}
	}
	slices.SortFunc(quotes, func(a, b *cachedQuote) int { return strings.Compare(a.quote, b.quote) })
	buf = binary.AppendUvarint(buf, uint64(len(quotes)))
	for _, q := range quotes {
		buf = cachefile.AppendString(buf, q.quote)
		buf = binary.AppendUvarint(buf, uint64(len(q.spans)))
		for _, s := range q.spans {
			buf = binary.AppendUvarint(buf, uint64(s.Start))
			buf = binary.AppendUvarint(buf, uint64(s.End-s.Start))
		}
	}
	return buf
}

// ReadExtractCache reads a cache that WriteTo wrote. A cache that is
// damaged, truncated or of another format is an error, never half read;
// one of another salt is read, and emptied by Use.
func ReadExtractCache(r io.Reader) (*ExtractCache, error) {
	d, err := cachefile.Read(r, cacheHeader)
	if err != nil {
		return nil, err
	}
	c := NewExtractCache()
	c.salt = d.String()
	var labels []string // in the order of their numbers, as they come
	n := d.Count()
	// Every entry has its key and three counts at least: a count that
	// says more is damage, and makes no room for them.
	if n > d.Left()/(sha256.Size+3) {
		d.Fail()
		n = 0
	}
	// A build asks for every entry: the maps are made at their size,
	// not grown.
	c.entries = make(map[[sha256.Size]byte]*extraction, n)
	c.used = make(map[[sha256.Size]byte]bool, n)
	// The entries, and their spans in runs of a few thousand, are
	// allocated together: a large site's cache has tens of thousands of
	// lists, each its own allocation otherwise.
	entries := make([]extraction, n)
	var free []cachedSpan
	var values []calendar.Value // of the labels, by number, once a date has one
	var valued []bool
	for i := range n {
		var k [sha256.Size]byte
		copy(k[:], d.Bytes(sha256.Size))
		e := &entries[i]
		for list, spans := range []*[]cachedSpan{&e.mentions, &e.dates} {
			// None is nil, as extraction gives it.
			if n := d.Count(); n > 0 {
				if n > len(free) {
					free = make([]cachedSpan, max(n, spanRun))
				}
				*spans, free = free[:n:n], free[n:]
			}
			for j := range *spans {
				i := d.Int()
				switch {
				case i == len(labels):
					labels = append(labels, d.String())
				case i > len(labels):
					d.Fail()
				}
				if i >= len(labels) {
					break
				}
				label := labels[i]
				start := d.Int()
				length := d.Int()
				block := d.Int() - 1
				if block < -1 || block > math.MaxInt32 {
					d.Fail()
				}
				(*spans)[j] = cachedSpan{Label: label, Start: start, End: start + length, Block: int32(block)}
				if list == 1 {
					if i >= len(values) {
						values = append(values, make([]calendar.Value, len(labels)-len(values))...)
						valued = append(valued, make([]bool, len(labels)-len(valued))...)
					}
					if !valued[i] {
						values[i], valued[i] = dateValue(label), true
					}
					(*spans)[j].Value = values[i]
				}
			}
		}
		quotes := d.Count()
		if quotes > 0 {
			e.quotes = make([]cachedQuote, 0, quotes)
		}
		for range quotes {
			q := d.String()
			spans := make([]extract.Span, d.Count())
			for j := range spans {
				start := d.Int()
				length := d.Int()
				spans[j] = extract.Span{Start: start, End: start + length}
			}
			e.quotes = append(e.quotes, cachedQuote{quote: q, spans: spans})
			c.quotes++
		}
		c.entries[k] = e
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("extraction cache: %w", err)
	}
	return c, nil
}

// spanRun is how many spans ReadExtractCache allocates at once.
const spanRun = 4096

// quoteFinder finds quotes in a seed's body, from the cache when it has
// them; the body is folded only on the first miss.
type quoteFinder struct {
	c    *ExtractCache
	e    *extraction // the seed's entry in c; nil when none
	body []byte
	f    *extract.QuoteFinder
}

// newQuoteFinder finds quotes in body, whose key in the cache is seed.
// Where they are is kept with the seed's entry, when the cache has one.
func newQuoteFinder(c *ExtractCache, seed [sha256.Size]byte, body []byte) *quoteFinder {
	q := &quoteFinder{c: c, body: body}
	if c != nil {
		c.mu.Lock()
		q.e = c.entries[seed]
		c.mu.Unlock()
	}
	return q
}

func (q *quoteFinder) Find(quote string) []extract.Span {
	if q.e != nil {
		if spans, ok := q.cached(quote); ok && spansFit(spans, len(q.body)) {
			return spans
		}
	}
	if q.f == nil {
		q.f = extract.NewQuoteFinder(q.body)
	}
	spans := q.f.Find(quote)
	if q.e != nil {
		q.keep(quote, spans)
	}
	return spans
}

// cached returns where the entry has quote, marked asked for.
func (q *quoteFinder) cached(quote string) ([]extract.Span, bool) {
	q.c.mu.Lock()
	defer q.c.mu.Unlock()
	for i := range q.e.quotes {
		if cq := &q.e.quotes[i]; cq.quote == quote {
			cq.asked = q.c.use
			return cq.spans, true
		}
	}
	return nil, false
}

// keep puts where quote was found into the entry.
func (q *quoteFinder) keep(quote string, spans []extract.Span) {
	q.c.mu.Lock()
	defer q.c.mu.Unlock()
	q.c.added++
	for i := range q.e.quotes {
		if cq := &q.e.quotes[i]; cq.quote == quote {
			cq.spans, cq.asked = spans, q.c.use
			return
		}
	}
	q.e.quotes = append(q.e.quotes, cachedQuote{quote: quote, spans: spans, asked: q.c.use})
	q.c.quotes++
}

// release drops the folded body, for the next briefing's finder to use.
func (q *quoteFinder) release() {
	if q.f != nil {
		q.f.Release()
		q.f = nil
	}
}

// spansFit reports whether every span lies in a body of n bytes, as it
// does unless a cache file was made to look valid.
func spansFit(spans []extract.Span, n int) bool {
	for _, s := range spans {
		if s.Start < 0 || s.Start > s.End || s.End > n {
			return false
		}
	}
	return true
}
