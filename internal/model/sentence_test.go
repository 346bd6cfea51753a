package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/seeds"
)

// TestSentenceKept checks that the sentence annotate keeps in a Date is
// the one found from the seed, and that a sentence too long to keep is
// still found.
func TestSentenceKept(t *testing.T) {
	long := strings.Repeat("word ", 14000)
	tests := []struct {
		name string
		body string
		want []string // each date's sentence, in text order
		kept []bool
	}{
		{
			name: "sentences of a paragraph",
			body: "Ada Lovelace met Charles Babbage on Monday. Today she wrote!\n",
			want: []string{"Ada Lovelace met Charles Babbage on Monday.", "Today she wrote!"},
			kept: []bool{true, true},
		},
		{
			name: "a sentence ends at its paragraph",
			body: "On Monday nothing was said\n\nYesterday they spoke.\n",
			want: []string{"On Monday nothing was said", "Yesterday they spoke."},
			kept: []bool{true, true},
		},
		{
			name: "too long to keep",
			body: "On Monday " + long + "ended.\n",
			want: []string{"On Monday " + long + "ended."},
			kept: []bool{false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := testContent(t, "")
			seed, errs := seeds.Parse("seeds/s.txt", []byte("date 2024-03-06 "+tt.body))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			site, problems := Build(c, map[string]*seeds.Seed{"s.txt": seed}, Options{})
			if len(problems.Errors()) > 0 {
				t.Fatal(problems)
			}
			dates := site.Briefings[0].Dates
			if len(dates) != len(tt.want) {
				t.Fatalf("%d dates, want %d", len(dates), len(tt.want))
			}
			for i, d := range dates {
				s := d.Sentence()
				if got := string(seed.Data[s.Start:s.End]); got != tt.want[i] {
					t.Errorf("date %d: sentence %q, want %q", i, got, tt.want[i])
				}
				if s != d.findSentence() {
					t.Errorf("date %d: kept sentence %v, found %v", i, s, d.findSentence())
				}
				if d.sentenceKept != tt.kept[i] {
					t.Errorf("date %d: kept = %v, want %v", i, d.sentenceKept, tt.kept[i])
				}
			}
		})
	}
}

// A build from the extraction cache (of few pages, as a rule) leaves
// its dates' sentences to be found when asked, and finds the same.
func TestSentenceFromCache(t *testing.T) {
	c, s := testContent(t, "")
	cache := NewExtractCache()
	cache.Use("salt")
	var sentences [2][]Span
	for build := range 2 {
		site, problems := Build(c, s, Options{Cache: cache})
		if len(problems.Errors()) > 0 {
			t.Fatal(problems)
		}
		dates := site.Briefings[0].Dates
		if len(dates) == 0 {
			t.Fatal("no dates")
		}
		for _, d := range dates {
			if d.sentenceKept != (build == 0) {
				t.Errorf("build %d: sentence kept %v", build, d.sentenceKept)
			}
			sentences[build] = append(sentences[build], d.Sentence())
		}
	}
	if !slices.Equal(sentences[0], sentences[1]) {
		t.Errorf("sentences %v, from the cache %v", sentences[0], sentences[1])
	}
}
