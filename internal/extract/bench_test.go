package extract

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// syllables build made-up names, so that a large registry has the shape of
// a real one: mostly two- and three-word capitalised names, with aliases.
var syllables = []string{"ka", "lo", "mi", "ren", "dor", "vas", "tel", "qui", "bra", "no", "sha", "vik", "ul", "zan", "pe", "tor"}

func fakeWord(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// benchActors returns n generated actors plus testActors.
func benchActors(n int) []Actor {
	r := rand.New(rand.NewPCG(1, 2))
	actors := append([]Actor(nil), testActors...)
	kinds := []string{"person", "organization", "country", "place", "group"}
	for i := range n {
		kind := kinds[i%len(kinds)]
		name := fakeWord(r) + " " + fakeWord(r)
		if kind == "organization" {
			name += " " + fakeWord(r)
		}
		a := Actor{ID: fmt.Sprintf("actor-%d", i), Name: name, Kind: kind}
		if i%3 == 0 {
			a.Aliases = []string{strings.ToUpper(fakeWord(r))}
		}
		actors = append(actors, a)
	}
	return actors
}

// benchText returns about size bytes of news text: the articles in
// testdata, repeated, with some generated actors' names mixed in.
func benchText(tb testing.TB, actors []Actor, size int) []byte {
	files, _ := filepath.Glob("testdata/*.txtar")
	var articles [][]byte
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name == "article" {
				articles = append(articles, f.Data)
			}
		}
	}
	if len(articles) == 0 {
		tb.Fatal("no articles in testdata")
	}
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		b.Write(articles[i%len(articles)])
		pick := func(k int) string { return actors[len(actors)-1-(i*k)%len(actors)].Name }
		fmt.Fprintf(&b, "\nSources close to %s said %s met %s.\n\n", pick(7), pick(13), pick(31))
	}
	return b.Bytes()
}

var benchPublished = time.Date(2023, 3, 16, 0, 0, 0, 0, time.UTC)

func BenchmarkFind(b *testing.B) {
	for _, n := range []int{20, 10000} {
		b.Run(fmt.Sprintf("actors=%d", n), func(b *testing.B) {
			actors := benchActors(n)
			m, _ := NewMatcher(actors)
			text := benchText(b, actors, 1<<20)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m.Find(text)
			}
		})
	}
}

func BenchmarkResolveDates(b *testing.B) {
	text := benchText(b, benchActors(1000), 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ResolveDates(text, benchPublished)
	}
}

func BenchmarkExtract(b *testing.B) {
	actors := benchActors(10000)
	m, _ := NewMatcher(actors)
	text := benchText(b, actors, 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Find(text)
		ResolveDates(text, benchPublished)
	}
}

func BenchmarkNewMatcher(b *testing.B) {
	actors := benchActors(10000)
	b.ReportAllocs()
	for b.Loop() {
		NewMatcher(actors)
	}
}

func BenchmarkFindQuote(b *testing.B) {
	text := benchText(b, benchActors(100), 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindQuote(text, "the next day, counting began")
	}
}
