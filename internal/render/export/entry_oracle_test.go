package export

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"testing"
)

// decodeEntry is how a briefing's terms were taken from its entry in a
// term cache before countEntry, each document's in memory of its own:
// the oracle of countEntry and of the entries decoded again in
// NewSearch.
func decodeEntry(e []byte, terms []string, count []int32) docTerms {
	size := 0
	for _, c := range e {
		if c < 0x80 {
			size++
		}
	}
	d := docTerms{ids: make([]int32, 0, size/2), tf: make([]float32, 0, size/2)}
	for len(e) > 0 {
		number, a := binary.Uvarint(e)
		w, b := binary.Uvarint(e[a:])
		e = e[a+b:]
		f := float64(w)
		count[number]++
		d.ids = append(d.ids, int32(number))
		d.tf = append(d.tf, float32(f))
		if t := terms[number]; t[0] != '@' && t[0] != '#' {
			d.length += f
		}
	}
	return d
}

// TestCountEntryOracle: countEntry counts the terms of every entry of a
// filled cache and gives its length as decodeEntry did.
func TestCountEntryOracle(t *testing.T) {
	ts, keys := termSite()
	c := NewTermCache()
	c.Use("salt")
	NewSearch(ts.site, nil, c, keys, nil)
	docKeys := make([][sha256.Size]byte, len(ts.site.Briefings))
	for i, b := range ts.site.Briefings {
		docKeys[i] = keys[b]
	}
	entries, terms, ok := c.entriesOf(docKeys)
	if !ok || len(entries) == 0 {
		t.Fatal("the cache lacks the site's briefings")
	}
	got, want := make([]int32, len(terms)), make([]int32, len(terms))
	for i, e := range entries {
		length := countEntry(e, terms, got)
		d := decodeEntry(e, terms, want)
		if length != d.length || length == 0 {
			t.Errorf("entry %d: length %v, want %v", i, length, d.length)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
}
