package model

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/seeds"
)

// blockIndexOracle is blockIndex as it was, a search of every block for
// each offset.
func blockIndexOracle(s *seeds.Seed) func(int) int {
	return func(off int) int {
		i := sort.Search(len(s.Blocks), func(i int) bool { return s.Blocks[i].End > off })
		if i == len(s.Blocks) {
			return len(s.Blocks) - 1
		}
		return i
	}
}

// TestBlockIndex compares blockIndex with its oracle on offsets in text
// order, as annotate asks, and in any order, before, between and after
// the blocks, of seeds with none, one and many.
func TestBlockIndex(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, paragraphs := range []int{0, 1, 2, 30} {
		var text strings.Builder
		text.WriteString("date 2024-03-06\n\n")
		for i := range paragraphs {
			fmt.Fprintf(&text, "Paragraph %d %s.\n\n", i, strings.Repeat("word ", r.Intn(30)))
		}
		seed, errs := seeds.Parse("seeds/s.txt", []byte(text.String()))
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		ascending := make([]int, 0, len(seed.Data)+20)
		for off := -2; off < len(seed.Data)+10; off += 1 + r.Intn(3) {
			ascending = append(ascending, off)
		}
		shuffled := append([]int(nil), ascending...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for name, offsets := range map[string][]int{"ascending": ascending, "shuffled": shuffled} {
			got, want := blockIndex(seed), blockIndexOracle(seed)
			for _, off := range offsets {
				if g, w := got(off), want(off); g != w {
					t.Errorf("%d paragraphs, %s: block of %d is %d, want %d", paragraphs, name, off, g, w)
					break
				}
			}
		}
	}
}
