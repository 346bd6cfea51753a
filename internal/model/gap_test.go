package model

import (
	"regexp"
	"testing"
)

// adjacentGapOracle is the regular expression adjacentGap writes by hand.
var adjacentGapOracle = regexp.MustCompile(adjacentGapPattern)

var adjacentGapCases = []struct {
	gap  string
	want bool
}{
	{" ", true}, {" \t\n ", true}, {"\u00a0", true}, {", ", true}, {",\n", true},
	{", the ", true}, {",  the\t", true},
	{"", false}, {",", false}, {", the", false}, {",the ", false}, {", The ", false},
	{" , ", false}, {"\u00a0 ", false}, {"\xa0", false}, {"\xc2", false}, {", thee ", false},
	{"and", false}, {", the the ", false}, {"\r\n", false},
}

func TestAdjacentGap(t *testing.T) {
	for _, tt := range adjacentGapCases {
		if got := adjacentGap([]byte(tt.gap)); got != tt.want {
			t.Errorf("adjacentGap(%q) = %v, want %v", tt.gap, got, tt.want)
		}
		if oracle := adjacentGapOracle.MatchString(tt.gap); oracle != tt.want {
			t.Errorf("the pattern matches %q: %v, the table says %v", tt.gap, oracle, tt.want)
		}
	}
}

// FuzzAdjacentGap: adjacentGap accepts what its pattern matches.
func FuzzAdjacentGap(f *testing.F) {
	for _, tt := range adjacentGapCases {
		f.Add(tt.gap)
	}
	f.Fuzz(func(t *testing.T, gap string) {
		if got, want := adjacentGap([]byte(gap)), adjacentGapOracle.MatchString(gap); got != want {
			t.Fatalf("adjacentGap(%q) = %v, the pattern says %v", gap, got, want)
		}
	})
}
