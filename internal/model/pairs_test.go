package model

import (
	"fmt"
	"slices"
	"testing"
)

// TestPairTable checks that the table of shared passages and the map that
// a large registry keeps instead relate the same actors with the same
// counts.
func TestPairTable(t *testing.T) {
	actors := []*Actor{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	pairs := []pairCount{
		{actorPair{actors[0], actors[1]}, 2},
		{actorPair{actors[1], actors[0]}, 2},
		{actorPair{actors[0], actors[1]}, 3},
		{actorPair{actors[2], actors[0]}, 1},
	}
	related := func(useMap bool) []string {
		for _, a := range actors {
			a.Related = nil
		}
		tab := newPairTable(actors)
		if useMap {
			tab.counts, tab.pairs = nil, map[actorPair]int{}
		}
		for _, p := range pairs {
			tab.add(p)
		}
		tab.relate(actors)
		var out []string
		for _, a := range actors {
			for _, c := range a.Related {
				out = append(out, fmt.Sprintf("%s-%s:%d", a.ID, c.Actor.ID, c.Count))
			}
		}
		slices.Sort(out)
		return out
	}
	want := []string{"a-b:5", "b-a:2", "c-a:1"}
	for _, useMap := range []bool{false, true} {
		if got := related(useMap); !slices.Equal(got, want) {
			t.Errorf("map %v: %v, want %v", useMap, got, want)
		}
	}
}
