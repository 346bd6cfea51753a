package export

import (
	"bytes"
	"crypto/sha256"
	"maps"
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/internal/cachefile"
)

// termSite is a site of a few briefings with words shared among them,
// and their keys.
func termSite() (*Search, TermKeys) {
	s := searchSite(
		[2]string{"Engine talks", "Babbage shows the engine to visitors."},
		[2]string{"A letter", "The letter mentions an engine once, among many other words of the letter."},
		[2]string{"Translation", "Menabrea wrote the paper. Années, Straße."},
		[2]string{"Engine letters", "Babbage's letters about the engine."},
	)
	keys := TermKeys{}
	for _, b := range s.Briefings {
		keys[b] = sha256.Sum256([]byte(b.Slug + b.Title + string(b.Seed.Data)))
	}
	return &Search{site: s}, keys
}

// termCacheFile is the file of the terms cache of termSite's index.
func termCacheFile() []byte {
	ts, keys := termSite()
	c := NewTermCache()
	c.Use("salt")
	NewSearch(ts.site, nil, c, keys, nil)
	var file bytes.Buffer
	c.WriteTo(&file)
	return file.Bytes()
}

// shards is every script of an index but the texts, which do not come
// from the terms.
func shards(t *testing.T, x *Search) [][]byte {
	t.Helper()
	var out [][]byte
	add := func(b []byte, err error) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	add(x.Manifest())
	for n := range x.shards {
		add(x.TermShard(n))
	}
	for n := range x.vocab {
		add(x.VocabShard(n))
	}
	for n := range SearchDocShards(len(x.site.Briefings)) {
		add(x.DocShard(n))
	}
	return out
}

// TestTermCacheSameIndex builds the index without a cache, then through
// a cache: empty, filled, written and read back, with a briefing changed,
// and with another salt; every time the scripts are the same as without.
func TestTermCacheSameIndex(t *testing.T) {
	ts, keys := termSite()
	s := ts.site
	want := shards(t, NewSearch(s, nil, nil, nil, nil))
	c := NewTermCache()
	c.Use("salt")
	check := func(step string, c *TermCache, wantLen int) {
		t.Helper()
		if got := shards(t, NewSearch(s, nil, c, keys, nil)); !slices.EqualFunc(got, want, bytes.Equal) {
			t.Fatalf("%s: the index differs from one built without a cache", step)
		}
		if c.Len() != wantLen {
			t.Errorf("%s: the cache holds %d briefings, want %d", step, c.Len(), wantLen)
		}
	}
	stale := func(step string, c *TermCache, wantDiffer, wantTotal int) {
		t.Helper()
		if differ, total := c.Stale(); differ != wantDiffer || total != wantTotal {
			t.Errorf("%s: Stale() = %d, %d; want %d, %d", step, differ, total, wantDiffer, wantTotal)
		}
	}
	check("empty", c, 4)
	if !c.Changed() {
		t.Error("a cache filled by a build reports no change")
	}
	stale("empty", c, 4, 4)
	c.Use("salt")
	check("filled", c, 4)
	if c.Changed() {
		t.Error("a cache that gave every briefing reports a change")
	}
	stale("filled", c, 0, 4)
	var file bytes.Buffer
	if _, err := c.WriteTo(&file); err != nil {
		t.Fatal(err)
	}
	read, err := ReadTermCache(bytes.NewReader(file.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	read.Use("salt")
	check("read back", read, 4)

	// A briefing changed: its new key is read, its old one not used.
	b := s.Briefings[1]
	b.Title = "A letter about the engine"
	keys[b] = sha256.Sum256([]byte("changed"))
	want = shards(t, NewSearch(s, nil, nil, nil, nil))
	read.Use("salt")
	check("one changed", read, 5)
	if !read.Changed() {
		t.Error("a cache with a briefing read again reports no change")
	}
	stale("one changed", read, 2, 5) // the new terms made, the old not used
	file.Reset()
	read.WriteTo(&file)
	again, err := ReadTermCache(bytes.NewReader(file.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if again.Len() != 4 {
		t.Errorf("written after a change: %d briefings, want the 4 used", again.Len())
	}

	// The next build lets go of the briefing's old terms.
	read.Use("salt")
	if read.Len() != 4 {
		t.Errorf("after a build of every briefing, the cache keeps %d, want 4", read.Len())
	}

	// Another salt (the registry changed): nothing of the old is used.
	again.Use("other salt")
	if again.Len() != 0 {
		t.Errorf("another salt keeps %d briefings", again.Len())
	}
	check("other salt", again, 4)
}

// TestTermCacheNotBuilt: a build that carried every shard over made no
// index and used no entry; the cache it read has not changed.
func TestTermCacheNotBuilt(t *testing.T) {
	ts, keys := termSite()
	c := NewTermCache()
	c.Use("salt")
	NewSearch(ts.site, nil, c, keys, nil)
	c.Use("salt")
	if c.Changed() {
		t.Error("a cache no build used reports a change, and would be written empty")
	}
}

func TestTermCacheRefusesDamage(t *testing.T) {
	good := termCacheFile()
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 0x40
	// A body that passes the digest and names a term that is not there.
	var body []byte
	body = cachefile.AppendString(body, "salt")
	body = cachefile.AppendInt(body, 1)
	body = cachefile.AppendString(body, "engine")
	body = cachefile.AppendInt(body, 1)
	body = append(body, make([]byte, sha256.Size)...)
	body = cachefile.AppendInt(body, 2)
	body = append(body, 5, 1)
	var badFile bytes.Buffer
	cachefile.Write(&badFile, termCacheHeader, body)
	for name, data := range map[string][]byte{
		"flipped byte":         flipped,
		"truncated":            good[:len(good)-5],
		"empty":                nil,
		"other format":         append([]byte("briefing search terms cache v0\n"), good[len(termCacheHeader):]...),
		"header only":          []byte(termCacheHeader),
		"term out of the list": badFile.Bytes(),
	} {
		if _, err := ReadTermCache(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

func FuzzReadTermCache(f *testing.F) {
	ts, keys := termSite()
	f.Add(termCacheFile())
	f.Add([]byte(termCacheHeader))
	want := shards(&testing.T{}, NewSearch(ts.site, nil, nil, nil, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		read, err := ReadTermCache(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever was read, the index through it is valid scripts; with
		// the file's own salt the entries are trusted, so only the
		// index of a cache of another salt must equal the fresh one.
		read.Use(read.salt)
		NewSearch(ts.site, nil, read, keys, nil)
		read.Use(read.salt + "x")
		if got := shards(t, NewSearch(ts.site, nil, read, keys, nil)); !slices.EqualFunc(got, want, bytes.Equal) {
			t.Fatal("the index through a cache of another salt differs")
		}
	})
}

// TestCachedDocsSameIndex: the index made from the cache on every CPU
// (cachedDocs) is the one made by reading each briefing in order
// without a cache (readDocs), the oracle, whether the cache holds every
// briefing or all but a few; with more missing, cachedDocs leaves the
// work to readDocs.
func TestCachedDocsSameIndex(t *testing.T) {
	s := searchSite(benchBodies(64, 120)...)
	keys := TermKeys{}
	for _, b := range s.Briefings {
		keys[b] = sha256.Sum256([]byte(b.Slug + b.Title + string(b.Seed.Data)))
	}
	tests := []struct {
		name    string
		changed int // briefings whose terms are not in the cache
		cached  bool
	}{
		{name: "every briefing cached", changed: 0, cached: true},
		{name: "one changed", changed: 1, cached: true},
		{name: "an eighth changed", changed: 64 / cachedDocsShare, cached: true},
		{name: "many changed", changed: 64/cachedDocsShare + 1, cached: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewTermCache()
			c.Use("salt")
			NewSearch(s, nil, c, keys, nil)
			// Whether cachedDocs takes the index is asked of a copy of
			// the cache, which it changes.
			var file bytes.Buffer
			if _, err := c.WriteTo(&file); err != nil {
				t.Fatal(err)
			}
			probeCache, err := ReadTermCache(bytes.NewReader(file.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			c.Use("salt")
			changedKeys := maps.Clone(keys)
			for i := range tt.changed {
				changedKeys[s.Briefings[i*3%64]] = sha256.Sum256([]byte{byte(i), 'x'})
			}
			probeCache.Use("salt")
			probe := &Search{site: s}
			if _, _, _, ok := probe.cachedDocs(probeCache, changedKeys, nil); ok != tt.cached {
				t.Fatalf("cachedDocs took the index: %v, want %v", ok, tt.cached)
			}
			want := shards(t, NewSearch(s, nil, nil, nil, nil))
			if got := shards(t, NewSearch(s, nil, c, changedKeys, nil)); !slices.EqualFunc(got, want, bytes.Equal) {
				t.Fatal("the index from the cache differs from one read in order")
			}
			if c.Len() != 64+tt.changed {
				t.Errorf("the cache holds %d briefings, want %d", c.Len(), 64+tt.changed)
			}
		})
	}
}

// TestTermCacheWhenIndexed: what WhenIndexed is given is called once,
// when an index of every briefing is made with the cache, and the cache
// then holds every briefing's terms; an index given up is not one.
func TestTermCacheWhenIndexed(t *testing.T) {
	ts, keys := termSite()
	s := ts.site
	c := NewTermCache()
	c.Use("salt")
	calls := 0
	c.WhenIndexed(func() {
		calls++
		if c.Len() != len(s.Briefings) || !c.Changed() {
			t.Errorf("when indexed: the cache holds %d briefings (changed %v), want %d, changed", c.Len(), c.Changed(), len(s.Briefings))
		}
	})
	if NewSearch(s, nil, c, keys, func() bool { return true }) != nil {
		t.Fatal("a stopped index was made")
	}
	if calls != 0 {
		t.Fatalf("called %d times for an index given up", calls)
	}
	NewSearch(s, nil, c, keys, nil)
	NewSearch(s, nil, c, keys, nil)
	if calls != 1 {
		t.Fatalf("called %d times for two indexes, want once", calls)
	}
}
