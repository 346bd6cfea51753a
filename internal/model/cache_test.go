package model

import (
	"bytes"
	"crypto/sha256"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/seeds"
)

var cacheBodies = []string{
	"Emmanuel Macron spoke with Joe Biden on Monday. Macron said last week that talks would go on.",
	"On 3 March 2022 Biden met Macron in Paris.",
	"Nothing to see here.",
	"Joe Biden, Biden said on Friday.\n\nMacron answered on 4 March 2022.",
}

// cacheSeed is a seed whose body is body, published on cachePublished.
func cacheSeed(t testing.TB, body string) *seeds.Seed {
	t.Helper()
	seed, errs := seeds.Parse("seeds/cache.txt", []byte("date "+cachePublished.Format(time.DateOnly)+"\n\n"+body))
	if errs.Err() != nil || string(seed.Body()) != body {
		t.Fatalf("seed of %q: %v", body, errs)
	}
	return seed
}

var cachePublished = time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC)

func cacheMatcher(t testing.TB) *extract.Matcher {
	m, problems := NewMatcher([]annotations.Actor{
		{ID: "emmanuel-macron", Name: "Emmanuel Macron", Kind: actorkind.Person},
		{ID: "joe-biden", Name: "Joe Biden", Kind: actorkind.Person},
	})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// extractAll extracts every body through c; what it returns must equal
// extraction without a cache, as annotate takes it.
func extractAll(t *testing.T, c *ExtractCache, m *extract.Matcher) {
	t.Helper()
	for _, body := range cacheBodies {
		seed := cacheSeed(t, body)
		gotM, gotD, _ := extractSeed(c, cacheKey(sha256.Sum256([]byte(body)), cachePublished), m, seed, nil)
		wantM, wantD := annotatedSpans(seed, m.FindLabeled([]byte(body)), extract.ResolveDatesLabeled([]byte(body), cachePublished))
		if !slices.Equal(gotM, wantM) || !slices.Equal(gotD, wantD) {
			t.Fatalf("%q: cached %v %v, want %v %v", body, gotM, gotD, wantM, wantD)
		}
	}
}

// TestAnnotatedSpans: two mentions of one reference are one, and each
// span has its block.
func TestAnnotatedSpans(t *testing.T) {
	body := cacheBodies[3]
	seed := cacheSeed(t, body)
	mentions, dates := annotatedSpans(seed, cacheMatcher(t).FindLabeled([]byte(body)), extract.ResolveDatesLabeled([]byte(body), cachePublished))
	wantM := []cachedSpan{
		{Label: "joe-biden", Start: 0, End: len("Joe Biden, Biden"), Block: 0},
		{Label: "emmanuel-macron", Start: strings.Index(body, "Macron"), End: strings.Index(body, "Macron") + len("Macron"), Block: 1},
	}
	if !slices.Equal(mentions, wantM) {
		t.Errorf("mentions %+v, want %+v", mentions, wantM)
	}
	if len(dates) != 2 || dates[0].Block != 0 || dates[1].Block != 1 {
		t.Errorf("dates %+v, want one in each block", dates)
	}
	for _, d := range dates {
		if d.Value.String() != d.Label {
			t.Errorf("date %+v: value %s, want its label's", d, d.Value)
		}
	}
}

func TestExtractCacheRoundTrip(t *testing.T) {
	m := cacheMatcher(t)
	c := NewExtractCache()
	c.Use("salt")
	extractAll(t, c, m)
	if !c.Changed() || c.Len() != len(cacheBodies) {
		t.Fatalf("after a first build: changed %v, %d entries", c.Changed(), c.Len())
	}
	if differ, total := c.Stale(); differ != total || total != len(cacheBodies) {
		t.Errorf("after a first build: Stale() = %d, %d; want every entry made", differ, total)
	}
	_, read := writeAndRead(t, c)
	if !reflect.DeepEqual(decodedEntries(t, read), c.entries) || read.salt != "salt" {
		t.Fatal("the cache read back is not the cache written")
	}
	read.Use("salt")
	extractAll(t, read, m)
	if read.Changed() {
		t.Error("a build that found everything in the cache changed it")
	}
	if differ, total := read.Stale(); differ != 0 || total != len(cacheBodies) {
		t.Errorf("a build that found everything: Stale() = %d, %d; want 0, %d", differ, total, len(cacheBodies))
	}
	// One seed changed: its new entry made, its old one not used.
	read.Use("salt")
	for i, body := range cacheBodies {
		if i == 0 {
			body += " Changed."
		}
		extractSeed(read, cacheKey(sha256.Sum256([]byte(body)), cachePublished), m, cacheSeed(t, body), nil)
	}
	if differ, total := read.Stale(); differ != 2 || total != len(cacheBodies)+1 {
		t.Errorf("one seed changed: Stale() = %d, %d; want 2, %d", differ, total, len(cacheBodies)+1)
	}
	for _, body := range cacheBodies {
		key := cacheKey(sha256.Sum256([]byte(body)), cachePublished)
		if _, _, cached := extractSeed(read, key, m, cacheSeed(t, body), nil); !cached {
			t.Errorf("%q: not taken from the cache", body)
		}
		if _, _, cached := extractSeed(NewExtractCache(), key, m, cacheSeed(t, body), nil); cached {
			t.Errorf("%q: taken from an empty cache", body)
		}
		if _, _, cached := extractSeed(nil, key, m, cacheSeed(t, body), nil); cached {
			t.Errorf("%q: taken from no cache", body)
		}
	}
	// Another salt (another registry or program) empties it.
	read.Use("other")
	if read.Len() != 0 {
		t.Errorf("%d entries kept under another salt", read.Len())
	}
}

// TestExtractCacheQuotes: where a briefing's quotes are in its seed is
// written with the seed's entry and read back, so that a build finds its
// events without searching the text again.
func TestExtractCacheQuotes(t *testing.T) {
	m := cacheMatcher(t)
	body := []byte(cacheBodies[0])
	quotes := []string{"Macron said last week", "not in the text"}
	c := NewExtractCache()
	c.Use("salt")
	key := cacheKey(sha256.Sum256(body), cachePublished)
	extractSeed(c, key, m, cacheSeed(t, string(body)), nil)
	q := newQuoteFinder(c, key, body)
	var want [][]extract.Span
	for _, quote := range quotes {
		want = append(want, q.Find(quote))
	}
	if len(want[0]) != 1 || len(want[1]) != 0 {
		t.Fatalf("found %v", want)
	}
	file, read := writeAndRead(t, c)
	read.Use("salt")
	extractSeed(read, key, m, cacheSeed(t, string(body)), nil)
	q = newQuoteFinder(read, key, body)
	for i, quote := range quotes {
		if got := q.Find(quote); !reflect.DeepEqual(got, want[i]) && len(got)+len(want[i]) > 0 {
			t.Errorf("%q: read back %v, want %v", quote, got, want[i])
		}
	}
	if q.f != nil {
		t.Error("the text was searched again: the quotes were not read back")
	}
	if read.Changed() {
		t.Error("a build that found its quotes in the cache changed it")
	}
	// A quote asked for no more is not written again.
	read.Use("salt")
	extractSeed(read, key, m, cacheSeed(t, string(body)), nil)
	newQuoteFinder(read, key, body).Find(quotes[0])
	var again bytes.Buffer
	read.WriteTo(&again)
	if again.Len() >= len(file) {
		t.Errorf("the cache kept a quote no build asked for (%d bytes, %d before)", again.Len(), len(file))
	}
}

// A damaged, truncated or foreign file is refused whole.
func TestExtractCacheRefusesDamage(t *testing.T) {
	c := NewExtractCache()
	c.Use("salt")
	extractAll(t, c, cacheMatcher(t))
	var file bytes.Buffer
	c.WriteTo(&file)
	good := file.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0x40
	for name, data := range map[string][]byte{
		"flipped byte": flipped,
		"truncated":    good[:len(good)-5],
		"empty":        nil,
		"other format": append([]byte("briefing extraction cache v0\n"), good[len(cacheHeader):]...),
		"header only":  []byte(cacheHeader),
	} {
		if _, err := ReadExtractCache(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

// A span whose label number is outside the file's table, in a file
// whose CRC is right, does not decode: the seed is extracted again.
func TestExtractCacheLabelOutsideTable(t *testing.T) {
	file := func(number int) *bytes.Buffer {
		var body []byte
		body = cachefile.AppendString(body, "salt")
		body = cachefile.AppendInt(body, 2) // two labels
		body = cachefile.AppendString(body, "emmanuel-macron")
		body = cachefile.AppendInt(body, 0) // no date has it
		body = cachefile.AppendString(body, "joe-biden")
		body = cachefile.AppendInt(body, 0)
		body = cachefile.AppendInt(body, 1) // one seed
		body = append(body, make([]byte, sha256.Size)...)
		var spans []byte
		spans = cachefile.AppendInt(spans, 2) // two mentions
		spans = cachefile.AppendInt(spans, 1) // joe-biden
		spans = cachefile.AppendInt(spans, 0)
		spans = cachefile.AppendInt(spans, 3)
		spans = cachefile.AppendInt(spans, 1)      // block 0
		spans = cachefile.AppendInt(spans, number) // 0 and 1 are in the table
		spans = cachefile.AppendInt(spans, 10)
		spans = cachefile.AppendInt(spans, 3)
		spans = cachefile.AppendInt(spans, 1) // block 0
		spans = cachefile.AppendInt(spans, 0) // no dates
		body = cachefile.AppendInt(body, len(spans))
		body = append(body, spans...)
		body = cachefile.AppendInt(body, 0) // no quotes
		var f bytes.Buffer
		if _, err := cachefile.Write(&f, cacheHeader, body); err != nil {
			t.Fatal(err)
		}
		return &f
	}
	for number, ok := range map[int]bool{0: true, 1: true, 2: false, 7: false} {
		c, err := ReadExtractCache(file(number))
		if err != nil {
			t.Errorf("label number %d: %v", number, err)
			continue
		}
		mentions, _, decoded := c.entries[[sha256.Size]byte{}].decode(new(spanLists))
		if decoded != ok {
			t.Errorf("label number %d: decoded %v, want %v", number, decoded, ok)
			continue
		}
		if ok {
			want := []string{"emmanuel-macron", "joe-biden"}[number]
			if got := mentions[1].Label; got != want {
				t.Errorf("label number %d: read %q, want %q", number, got, want)
			}
		}
	}
}

// A number of seeds larger than the body holds, in a file whose digest
// is right, is refused.
func TestExtractCacheCountBeyondBody(t *testing.T) {
	for seeds, ok := range map[int]bool{1: true, 2: false, 1000: false} {
		var body []byte
		body = cachefile.AppendString(body, "salt")
		body = cachefile.AppendInt(body, 0) // no labels
		body = cachefile.AppendInt(body, seeds)
		body = append(body, make([]byte, sha256.Size)...)
		body = cachefile.AppendInt(body, 2) // the spans' length
		body = cachefile.AppendInt(body, 0) // no mentions
		body = cachefile.AppendInt(body, 0) // no dates
		body = cachefile.AppendInt(body, 0) // no quotes
		var f bytes.Buffer
		if _, err := cachefile.Write(&f, cacheHeader, body); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadExtractCache(&f); (err == nil) != ok {
			t.Errorf("%d seeds in a body of one: error %v, want ok %v", seeds, err, ok)
		}
	}
}

// An entry whose spans do not fit the body (a file made to pass the
// digest) is not trusted: the seed is extracted again.
func TestExtractCacheSpansOutside(t *testing.T) {
	m := cacheMatcher(t)
	c := NewExtractCache()
	c.Use("salt")
	body := []byte(cacheBodies[0])
	for _, span := range []cachedSpan{
		{Label: "joe-biden", Start: 5, End: 500},
		{Label: "joe-biden", Start: 5, End: 8, Block: 1},  // the body is one block
		{Label: "joe-biden", Start: 5, End: 8, Block: -1}, // a block there is
	} {
		c.entries[cacheKey(sha256.Sum256(body), cachePublished)] = &extraction{mentions: []cachedSpan{span}}
		extractAll(t, c, m)
	}
}

func FuzzReadExtractCache(f *testing.F) {
	c := NewExtractCache()
	c.Use("salt")
	extractAll(&testing.T{}, c, cacheMatcher(f))
	var file bytes.Buffer
	c.WriteTo(&file)
	f.Add(file.Bytes())
	f.Add([]byte(cacheHeader))
	f.Fuzz(func(t *testing.T, data []byte) {
		read, err := ReadExtractCache(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever was read, extraction through it is extraction.
		read.Use(read.salt)
		extractAll(t, read, cacheMatcher(t))
	})
}

// TestExtractCacheManyPieces: WriteTo encodes its entries in pieces on
// every CPU; a label first used in any piece is written once, where it
// first comes, and the cache reads back whole, quotes and all.
func TestExtractCacheManyPieces(t *testing.T) {
	labels := []string{"actor-alpha", "actor-beta", "actor-gamma", "2022-02-10", "2022-W06", "actor-delta"}
	c := NewExtractCache()
	c.Use("salt")
	const n = 700
	for i := range n {
		key := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		e := &extraction{}
		// Entry i uses labels up to i/100: later pieces bring new ones.
		for j := range 1 + i%7 {
			l := labels[(i+j)%(1+min(i/100, len(labels)-1))]
			e.mentions = append(e.mentions, cachedSpan{Label: l, Start: j * 10, End: j*10 + 3, Block: int32(j%3 - 1)})
			e.dates = append(e.dates, cachedSpan{Label: l, Start: j*10 + 4, End: j*10 + 6, Value: dateValue(l)}, cachedSpan{Label: l, Start: j*10 + 7, End: j*10 + 8, Value: dateValue(l)})
		}
		c.entries[key] = e
		c.used[key] = true
		if i%3 == 0 {
			e.quotes = []cachedQuote{{quote: "quote", spans: []extract.Span{{Start: 1, End: 4}}, asked: c.use}}
			if i%2 == 0 {
				// Asked for in an earlier build, not this one: not written.
				e.quotes = append(e.quotes, cachedQuote{quote: "earlier", spans: []extract.Span{{Start: 2, End: 5}}, asked: c.use - 1})
			}
		}
	}
	file, read := writeAndRead(t, c)
	// What was read is asked for by no build yet.
	for _, e := range c.entries {
		e.quotes = slices.DeleteFunc(e.quotes, func(q cachedQuote) bool { return q.quote == "earlier" })
		for i := range e.quotes {
			e.quotes[i].asked = 0
		}
		if len(e.quotes) == 0 {
			e.quotes = nil
		}
	}
	if !reflect.DeepEqual(decodedEntries(t, read), c.entries) {
		t.Fatal("the cache read back is not the cache written")
	}
	if bytes.Contains(file, []byte("earlier")) {
		t.Error("a quote no build asked for since Use was written")
	}
	for _, l := range labels {
		if k := bytes.Count(file, []byte(l)); k != 1 {
			t.Errorf("label %q written %d times", l, k)
		}
	}
}

// decodedEntries is c's entries with their spans decoded, as they are
// before a write.
func decodedEntries(t *testing.T, c *ExtractCache) map[[sha256.Size]byte]*extraction {
	t.Helper()
	out := map[[sha256.Size]byte]*extraction{}
	for k, e := range c.entries {
		if e.spans == nil {
			out[k] = e
			continue
		}
		m, d, ok := e.decode(new(spanLists))
		if !ok {
			t.Fatalf("entry %x does not decode", k[:4])
		}
		out[k] = &extraction{mentions: m, dates: d, quotes: e.quotes}
	}
	return out
}

// writeAndRead writes c and reads the file back.
func writeAndRead(t *testing.T, c *ExtractCache) ([]byte, *ExtractCache) {
	t.Helper()
	var file bytes.Buffer
	if _, err := c.WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	read, err := ReadExtractCache(bytes.NewReader(file.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return file.Bytes(), read
}
