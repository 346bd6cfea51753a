package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
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
	// spans, when not nil, holds the mentions and dates as a cache file
	// has them, numbers of labels, decoded by each build that asks
	// (decode) into memory it uses again: a build from the cache would
	// otherwise decode every seed's at once, on one CPU, into lists as
	// large as the model's and dropped once the model is made.
	spans  []byte
	labels *labelTable // of spans
	// quotes are where each quote of the seed's briefings was found;
	// those asked for since Use are written with the entry. A seed has
	// a few: they are looked through, where a map of every seed's
	// would hash each quote with the seed's key.
	quotes []cachedQuote
}

// labelTable is the labels of a cache file, by number, and the values
// of those that label dates, parsed once.
type labelTable struct {
	labels []string
	values []calendar.Value
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
func fits(mentions, dates []cachedSpan, n, blocks int) bool {
	for _, spans := range [][]cachedSpan{mentions, dates} {
		for _, s := range spans {
			if s.Start < 0 || s.Start > s.End || s.End > n || int(s.Block) >= blocks || int(s.Block) < min(0, blocks-1) {
				return false
			}
		}
	}
	return true
}

// spanLists is memory for the mentions and dates of one seed, which
// decode fills and annotate reads, used again seed after seed.
type spanLists struct{ mentions, dates []cachedSpan }

var spanListsPool = sync.Pool{New: func() any { return new(spanLists) }}

// decode decodes e.spans into into's lists; ok is false when they are
// not what WriteTo writes (a file made to pass the CRC), and the seed
// is then extracted again.
func (e *extraction) decode(into *spanLists) (mentions, dates []cachedSpan, ok bool) {
	d := cachefile.Body(e.spans)
	for list, spans := range []*[]cachedSpan{&into.mentions, &into.dates} {
		n := d.Count()
		*spans = slices.Grow((*spans)[:0], n)[:n]
		for j := range *spans {
			i := d.Int()
			start := d.Int()
			length := d.Int()
			block := d.Int() - 1
			if i >= len(e.labels.labels) || block < -1 || block > math.MaxInt32 {
				return nil, nil, false
			}
			(*spans)[j] = cachedSpan{Label: e.labels.labels[i], Start: start, End: start + length, Block: int32(block)}
			if list == 1 {
				(*spans)[j].Value = e.labels.values[i]
			}
		}
	}
	if d.Done() != nil {
		return nil, nil, false
	}
	// None is nil, as extraction gives it.
	mentions, dates = into.mentions, into.dates
	if len(mentions) == 0 {
		mentions = nil
	}
	if len(dates) == 0 {
		dates = nil
	}
	return mentions, dates, true
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
// returns may be the cache's own, or into's (nil: new memory): the
// caller reads it and keeps none of it, and a large site has millions
// of spans, which it does not copy.
func extractSeed(c *ExtractCache, key [sha256.Size]byte, matcher *extract.Matcher, seed *seeds.Seed, into *spanLists) (mentions, dates []cachedSpan, cached bool) {
	body := seed.Body()
	if c == nil {
		mentions, dates = annotatedSpans(seed, matcher.FindLabeled(body), extract.ResolveDatesLabeled(body, seed.Published))
		return mentions, dates, false
	}
	c.mu.Lock()
	e := c.entries[key]
	c.used[key] = true
	c.mu.Unlock()
	if e != nil {
		mentions, dates, ok := e.mentions, e.dates, true
		if e.spans != nil {
			if into == nil {
				into = new(spanLists)
			}
			mentions, dates, ok = e.decode(into)
		}
		if ok && fits(mentions, dates, len(body), len(seed.Blocks)) {
			return mentions, dates, true
		}
	}
	fresh := &extraction{}
	fresh.mentions, fresh.dates = annotatedSpans(seed, matcher.FindLabeled(body), extract.ResolveDatesLabeled(body, seed.Published))
	c.mu.Lock()
	c.entries[key] = fresh
	c.added++
	c.mu.Unlock()
	return fresh.mentions, fresh.dates, false
}

// cacheHeader opens a cache file (see cachefile).
const cacheHeader = "briefing extraction cache v6\n"

// WriteTo writes the entries used since Use, with the salt, in a form
// that ReadExtractCache reads back: the labels of every span once,
// sorted, each with whether a date has it; then each entry's key, its
// spans (numbers of labels, offsets, blocks) with their length before
// them, so that a reader may leave them for later, and its quotes.
//
// A clean build of a large site writes millions of spans, on the way
// from the model to rendering with nothing else to do: the entries are
// cut in pieces, encoded on every CPU and joined in order.
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
	found := make([]map[string]bool, len(pieces)) // label → labels a date
	parallel.For(len(pieces), func(_, p int) error {
		from, to := piece(p)
		found[p] = map[string]bool{}
		for i := from; i < to; i++ {
			e := entries[i]
			if e.spans != nil {
				// Entries read and not decoded since are decoded
				// here, into a copy: a build may still read them.
				var lists spanLists
				m, d, ok := e.decode(&lists)
				if !ok {
					m, d = nil, nil
				}
				entries[i] = &extraction{mentions: m, dates: d, quotes: e.quotes}
				e = entries[i]
			}
			for list, spans := range [][]cachedSpan{e.mentions, e.dates} {
				for _, s := range spans {
					found[p][s.Label] = found[p][s.Label] || list == 1
				}
			}
		}
		return nil
	})
	isDate := map[string]bool{}
	for _, f := range found {
		for l, date := range f {
			isDate[l] = isDate[l] || date
		}
	}
	labels := slices.Sorted(maps.Keys(isDate))
	number := make(map[string]int, len(labels))
	for i, l := range labels {
		number[l] = i
	}
	parallel.For(len(pieces), func(_, p int) error {
		from, to := piece(p)
		// Room for what most entries take: the key, a few bytes a
		// span, a few dozen a quote.
		size := 0
		for i := from; i < to; i++ {
			size += sha256.Size + 8 + 6*(len(entries[i].mentions)+len(entries[i].dates)) + 64*len(entries[i].quotes)
		}
		buf := make([]byte, 0, size)
		var spans []byte
		for i := from; i < to; i++ {
			buf, spans = c.appendEntry(buf, spans[:0], keys[i], entries[i], number)
		}
		pieces[p] = buf
		return nil
	})
	c.mu.Unlock()
	head := cachefile.AppendString(nil, c.salt)
	head = cachefile.AppendInt(head, len(labels))
	for _, l := range labels {
		head = cachefile.AppendString(head, l)
		date := 0
		if isDate[l] {
			date = 1
		}
		head = cachefile.AppendInt(head, date)
	}
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

// appendEntry appends an entry that WriteTo writes, with its key and the
// quotes asked of it since Use; spans is memory for its spans, returned
// for the next.
func (c *ExtractCache) appendEntry(buf, spans []byte, k [sha256.Size]byte, e *extraction, number map[string]int) (_, _ []byte) {
	buf = append(buf, k[:]...)
	last, lastNumber := "", -1
	for _, list := range [][]cachedSpan{e.mentions, e.dates} {
		spans = binary.AppendUvarint(spans, uint64(len(list)))
		for _, s := range list {
			if lastNumber < 0 || s.Label != last {
				last, lastNumber = s.Label, number[s.Label]
			}
			spans = binary.AppendUvarint(spans, uint64(lastNumber))
			spans = binary.AppendUvarint(spans, uint64(s.Start))
			spans = binary.AppendUvarint(spans, uint64(s.End-s.Start))
			spans = binary.AppendUvarint(spans, uint64(s.Block+1))
		}
	}
	buf = cachefile.AppendInt(buf, len(spans))
	buf = append(buf, spans...)
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
	return buf, spans
}

// ReadExtractCache reads a cache that WriteTo wrote. A cache that is
// damaged, truncated or of another format is an error, never half read;
// one of another salt is read, and emptied by Use. Each entry's spans
// are kept as the file has them, decoded when a build asks for them;
// spans that do not decode are a miss there, and the seed is extracted
// again.
func ReadExtractCache(r io.Reader) (*ExtractCache, error) {
	d, err := cachefile.Read(r, cacheHeader)
	if err != nil {
		return nil, err
	}
	// The entries' spans keep the body in memory: the labels and quotes
	// share it.
	d.ShareStrings()
	c := NewExtractCache()
	c.salt = d.String()
	table := &labelTable{labels: make([]string, d.Count())}
	table.values = make([]calendar.Value, len(table.labels))
	for i := range table.labels {
		table.labels[i] = d.String()
		switch d.Uvarint() {
		case 0:
		case 1:
			table.values[i] = dateValue(table.labels[i])
		default:
			d.Fail()
		}
	}
	n := d.Count()
	// Every entry has its key and two counts at least: a count that
	// says more is damage, and makes no room for them.
	if n > d.Left()/(sha256.Size+2) {
		d.Fail()
		n = 0
	}
	// A build asks for every entry: the maps are made at their size,
	// not grown.
	c.entries = make(map[[sha256.Size]byte]*extraction, n)
	c.used = make(map[[sha256.Size]byte]bool, n)
	// The entries are allocated together: a large site's cache has tens
	// of thousands.
	entries := make([]extraction, n)
	for i := range n {
		var k [sha256.Size]byte
		copy(k[:], d.Bytes(sha256.Size))
		e := &entries[i]
		e.spans = d.Bytes(d.Count())
		e.labels = table
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
