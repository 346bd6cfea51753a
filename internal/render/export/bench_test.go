package export

import (
	"strconv"
	"strings"
	"testing"
)

// benchBodies are n briefings of words words each, drawn from a
// vocabulary as a newsroom's is: a few thousand words, some capitalized,
// some plural, a few not ASCII, and numbers. The same for every run.
func benchBodies(n, words int) [][2]string {
	vocab := make([]string, 4000)
	for i := range vocab {
		w := "w" + strconv.FormatInt(int64(i)*7919, 36)
		switch i % 7 {
		case 0:
			w = strings.ToUpper(w[:1]) + w[1:]
		case 1:
			w += "s"
		case 2:
			w += "ies"
		case 3:
			w = "é" + w
		case 4:
			w = strconv.Itoa(i)
		}
		vocab[i] = w
	}
	out := make([][2]string, n)
	x := uint32(1)
	for i := range out {
		var b strings.Builder
		for j := range words {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			// Common words far more often than rare ones.
			b.WriteString(vocab[int(x%uint32(len(vocab)))>>(x>>29)])
			if j%12 == 11 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		out[i] = [2]string{"Briefing " + strconv.Itoa(i), b.String()}
	}
	return out
}

func BenchmarkNewSearch(b *testing.B) {
	s := searchSite(benchBodies(500, 600)...)
	b.ResetTimer()
	for b.Loop() {
		if NewSearch(s, Summaries{}, nil, nil, nil) == nil {
			b.Fatal("no index")
		}
	}
}

// BenchmarkBriefingTerms weighs the words of every briefing on one
// goroutine: the part of the index that reads every word of the site.
func BenchmarkBriefingTerms(b *testing.B) {
	s := searchSite(benchBodies(500, 600)...)
	var sc termScratch
	b.ResetTimer()
	for b.Loop() {
		for _, br := range s.Briefings {
			briefingTerms(br, Summaries{}, &sc)
		}
	}
}

// BenchmarkAppendJSONString quotes every briefing's text: the export
// quotes every mention's and date's.
func BenchmarkAppendJSONString(b *testing.B) {
	bodies := benchBodies(50, 600)
	var dst []byte
	for b.Loop() {
		for _, body := range bodies {
			dst = appendJSONString(dst[:0], body[1])
		}
	}
}
