package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/model"
)

// TermCache keeps the briefings' weighed terms between builds, so that
// the search index reads again only the briefings that changed: the
// scores of every term shard depend on every briefing, and reading every
// word of the site was most of the index's time. An entry is found by a
// key that the caller gives each briefing, a digest of its files, which
// make its terms together with the actor registry and the program: those
// are the salt, and Use empties a cache of another salt. serve keeps one
// in memory, build reads one from disk and writes it back.
//
// What it holds is plain data: each briefing's terms as numbers into the
// cache's list of terms, with their weights, in the order the briefing
// gave them. It is safe for concurrent use.
type TermCache struct {
	mu      sync.Mutex
	salt    string
	terms   []string          // by number
	number  map[string]uint32 // term to number
	entries map[[sha256.Size]byte][]byte
	used    map[[sha256.Size]byte]bool // since Use, for WriteTo
	added   int                        // entries made since Use
	// whole is set when an index was made of every briefing since Use:
	// the entries it did not use are of briefings since changed or gone.
	whole       bool
	whenIndexed func() // see WhenIndexed
}

// NewTermCache returns an empty cache.
func NewTermCache() *TermCache {
	return &TermCache{number: map[string]uint32{}, entries: map[[sha256.Size]byte][]byte{}, used: map[[sha256.Size]byte]bool{}}
}

// Use starts a build with the cache: its entries are kept only if they
// were made with the same salt.
func (c *TermCache) Use(salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.salt != salt {
		c.salt = salt
		clear(c.entries)
	}
	if c.whole {
		// What serve's edits left behind.
		for k := range c.entries {
			if !c.used[k] {
				delete(c.entries, k)
			}
		}
	}
	if len(c.terms) > 1<<16 && len(c.entries) == 0 {
		c.terms, c.number = nil, map[string]uint32{}
	}
	clear(c.used)
	c.added, c.whole = 0, false
}

// indexed records that an index of every briefing was made, and calls
// what WhenIndexed was given.
func (c *TermCache) indexed() {
	c.mu.Lock()
	c.whole = true
	fn := c.whenIndexed
	c.whenIndexed = nil
	c.mu.Unlock()
	if fn != nil {
		fn()
	}
}

// WhenIndexed has fn called once, when a search index of every briefing
// has been made with the cache: the cache then holds what WriteTo
// writes, and build saves it beside the making of the index's files
// rather than after the last of them.
func (c *TermCache) WhenIndexed(fn func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.whenIndexed = fn
}

// Changed reports whether the cache differs from what WriteTo wrote last
// time: a briefing was read since Use, or an entry was not used. A build
// that made no search index (every shard carried over) used none, and
// changed nothing.
func (c *TermCache) Changed() bool {
	differ, _ := c.Stale()
	return differ > 0
}

// Stale reports how many entries WriteTo would write otherwise than
// they were read (made since Use, or not used since; none when no index
// was made, as nothing was used) and how many the cache holds: build
// writes a cache again only when enough differ, as a few entries made
// again cost less than the whole written.
func (c *TermCache) Stale() (differ, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.used) == 0 && c.added == 0 {
		return 0, len(c.entries)
	}
	return c.added + len(c.entries) - len(c.used), len(c.entries)
}

// Len is the number of briefings the cache holds.
func (c *TermCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// termsOf calls fn with each term and weight of the entry under key, in
// order, and reports whether there is one. A term is given by its number
// in the cache, which stays that term's for the cache's life, and the
// string of the cache's, which the caller keeps.
func (c *TermCache) termsOf(key [sha256.Size]byte, fn func(number uint32, term string, weight float64)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return false
	}
	c.used[key] = true
	for len(e) > 0 {
		n, a := binary.Uvarint(e)
		w, b := binary.Uvarint(e[a:])
		e = e[a+b:]
		fn(uint32(n), c.terms[n], float64(w))
	}
	return true
}

// has reports whether the cache holds the entry of key.
func (c *TermCache) has(key [sha256.Size]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.entries[key]
	return ok
}

// keep makes the entry of key from a briefing's terms, and reports
// whether it did. Weights are sums of the fields' whole weights; a
// briefing with any other is not kept.
func (c *TermCache) keep(key [sha256.Size]byte, tw termWeights) bool {
	for _, w := range tw.weights {
		if w < 0 || w != math.Trunc(w) || w > 1<<40 {
			return false
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := make([]byte, 0, 3*len(tw.terms))
	for i, t := range tw.terms {
		n, ok := c.number[t]
		if !ok {
			n = uint32(len(c.terms))
			c.number[t] = n
			c.terms = append(c.terms, t)
		}
		e = binary.AppendUvarint(e, uint64(n))
		e = binary.AppendUvarint(e, uint64(tw.weights[i]))
	}
	c.entries[key] = e
	c.used[key] = true
	c.added++
	return true
}

// entriesOf are the entries of keys, in order, marked used, and the
// cache's terms by number, which the entries name; ok is false, and
// nothing marked, when one is missing. An entry is never changed once
// made, and a term never renumbered, so that the caller reads both
// without the lock.
func (c *TermCache) entriesOf(keys [][sha256.Size]byte) (entries [][]byte, terms []string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	entries = make([][]byte, len(keys))
	for i, k := range keys {
		e, found := c.entries[k]
		if !found {
			return nil, nil, false
		}
		entries[i] = e
	}
	if len(c.used) < len(keys) {
		// Grown key by key, the set cost several times its size.
		used := make(map[[sha256.Size]byte]bool, len(keys))
		maps.Copy(used, c.used)
		c.used = used
	}
	for _, k := range keys {
		c.used[k] = true
	}
	return entries, c.terms, true
}

// termCacheHeader opens a term cache file (see cachefile).
const termCacheHeader = "briefing search terms cache v1\n"

// WriteTo writes the entries used since Use, with the salt, in a form
// that ReadTermCache reads back. Only the terms of those entries are
// written, numbered afresh.
func (c *TermCache) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	keys := make([][sha256.Size]byte, 0, len(c.used))
	for k := range c.used {
		if _, ok := c.entries[k]; ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	renumber := make([]uint32, len(c.terms)) // new number + 1; 0 for a term not written
	var terms []string
	size := 0
	for _, k := range keys {
		size += sha256.Size + binary.MaxVarintLen64 + len(c.entries[k])
	}
	// Renumbered, an entry takes at most a few bytes more than it did.
	entries := make([]byte, 0, size+size/8)
	var entry []byte
	for _, k := range keys {
		e := c.entries[k]
		entry = entry[:0]
		for len(e) > 0 {
			n, a := binary.Uvarint(e)
			wt, b := binary.Uvarint(e[a:])
			e = e[a+b:]
			if renumber[n] == 0 {
				terms = append(terms, c.terms[n])
				renumber[n] = uint32(len(terms))
			}
			entry = binary.AppendUvarint(entry, uint64(renumber[n]-1))
			entry = binary.AppendUvarint(entry, wt)
		}
		entries = append(entries, k[:]...)
		entries = cachefile.AppendInt(entries, len(entry))
		entries = append(entries, entry...)
	}
	termBytes := 0
	for _, t := range terms {
		termBytes += binary.MaxVarintLen64 + len(t)
	}
	body := make([]byte, 0, 3*binary.MaxVarintLen64+len(c.salt)+termBytes+len(entries))
	body = cachefile.AppendString(body, c.salt)
	body = cachefile.AppendInt(body, len(terms))
	for _, t := range terms {
		body = cachefile.AppendString(body, t)
	}
	c.mu.Unlock()
	body = cachefile.AppendInt(body, len(keys))
	body = append(body, entries...)
	return cachefile.Write(w, termCacheHeader, body)
}

// ReadTermCache reads a cache that WriteTo wrote. A cache that is
// damaged, truncated or of another format is an error, never half read;
// one of another salt is read, and emptied by Use.
func ReadTermCache(r io.Reader) (*TermCache, error) {
	d, err := cachefile.Read(r, termCacheHeader)
	if err != nil {
		return nil, err
	}
	// The entries keep the body in memory: the terms share it.
	d.ShareStrings()
	c := NewTermCache()
	c.salt = d.String()
	c.terms = make([]string, d.Count())
	for i := range c.terms {
		t := d.String()
		if _, dup := c.number[t]; dup || t == "" {
			d.Fail()
			break
		}
		c.terms[i] = t
		c.number[t] = uint32(i)
	}
	n := d.Count()
	for range n {
		var k [sha256.Size]byte
		copy(k[:], d.Bytes(sha256.Size))
		e := d.Bytes(d.Count())
		// Every number read later must name a term and fit a weight:
		// checked here, once, so that termsOf trusts what it holds.
		for rest := e; len(rest) > 0; {
			t, a := binary.Uvarint(rest)
			if a <= 0 || t >= uint64(len(c.terms)) {
				d.Fail()
				break
			}
			w, b := binary.Uvarint(rest[a:])
			if b <= 0 || w > 1<<40 {
				d.Fail()
				break
			}
			rest = rest[a+b:]
		}
		c.entries[k] = e
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("search terms cache: %w", err)
	}
	return c, nil
}

// TermKeys are the keys of the briefings in a TermCache: a digest of
// each briefing's files.
type TermKeys = map[*model.Briefing][sha256.Size]byte
