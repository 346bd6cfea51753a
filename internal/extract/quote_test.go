package extract

import (
	"reflect"
	"slices"
	"testing"
)

func TestFindQuote(t *testing.T) {
	tests := []struct {
		name, text, quote string
		want              []string // the text of each span
	}{
		{"plain", "The Kremlin said no.", "Kremlin said", []string{"Kremlin said"}},
		{"every occurrence", "a day, a day, a day", "a day", []string{"a day", "a day", "a day"}},
		{"no overlaps", "aaaa", "aa", []string{"aa", "aa"}},
		{"curly apostrophe in text", "Russia’s build-up", "Russia's build-up", []string{"Russia’s build-up"}},
		{"curly apostrophe in quote", "Russia's build-up", "Russia’s build-up", []string{"Russia's build-up"}},
		{"hyphen look-alikes", "a five‑hour meeting", "five-hour meeting", []string{"five‑hour meeting"}},
		{"dash look-alikes", "Russia–Ukraine", "Russia-Ukraine", []string{"Russia–Ukraine"}},
		{"double quotes", "the “points of convergence”", `"points of convergence"`, []string{"“points of convergence”"}},
		{"line break and no-break space", "five-hour\n   meeting with\u00a0the", "five-hour meeting with the", []string{"five-hour\n   meeting with\u00a0the"}},
		{"space around the quote ignored", "say hello there", "  hello ", []string{"hello"}},
		{"case matters", "Today is", "today is", nil},
		{"empty quote", "anything", " \n", nil},
		{"quote longer than text", "ab", "abc", nil},
		{"invalid UTF-8 in text", "a\xffb c", "b c", []string{"b c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []byte(tt.text)
			var got []string
			for _, s := range FindQuote(text, tt.quote) {
				checkSpan(t, text, string(text[s.Start:s.End]), s.Start, s.End)
				got = append(got, string(text[s.Start:s.End]))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindQuote(%q, %q)\n got %q\nwant %q", tt.text, tt.quote, got, tt.want)
			}
		})
	}
}

// TestFoldFastPath checks that the ASCII shortcut in foldText folds exactly
// as the general path does, for every ASCII byte.
func TestFoldFastPath(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		text := []byte{'a', byte(c), 'b'}
		got := foldText(text, true)
		var want []byte
		r := rune(c)
		switch {
		case isSpace(r):
			want = []byte("a b")
		case isApostrophe(r):
			want = append(append([]byte("a"), aposKey...), 'b')
		case isHyphen(r):
			want = append(append([]byte("a"), hyphenKey...), 'b')
		case isDoubleQuote(r):
			want = append(append([]byte("a"), quoteKey...), 'b')
		default:
			want = text
		}
		if string(got.b) != string(want) {
			t.Errorf("byte %#x folds to %q, want %q", c, got.b, want)
		}
		// The map: 'a' and 'b' fold to themselves, whatever lies between.
		if from, to := got.origin(0); from != 0 || to != 1 {
			t.Errorf("byte %#x: folded 'a' comes from [%d,%d), want [0,1)", c, from, to)
		}
		if from, to := got.origin(len(got.b) - 1); from != 2 || to != 3 {
			t.Errorf("byte %#x: folded 'b' comes from [%d,%d), want [2,3)", c, from, to)
		}
		if len(got.b) == 3 {
			if from, to := got.origin(1); from != 1 || to != 2 {
				t.Errorf("byte %#x: folded middle comes from [%d,%d), want [1,2)", c, from, to)
			}
		}
	}
}

// TestQuoteFinderRelease: a finder finds nothing once released, and the
// next finder, which may fold into the memory it gave back, finds what
// a fresh one finds.
func TestQuoteFinderRelease(t *testing.T) {
	first := NewQuoteFinder([]byte("A long first text, said the \u2019minister\u2019 on Monday."))
	if got := first.Find("the 'minister'"); len(got) != 1 {
		t.Fatalf("before Release: %v", got)
	}
	first.Release()
	if got := first.Find("the 'minister'"); got != nil {
		t.Errorf("after Release: %v", got)
	}
	text := []byte("Short  text, the\tminister\u2019s quote.")
	want := []Span{{Start: 7, End: 29}}
	if got := NewQuoteFinder(text).Find("text, the minister's"); !slices.Equal(got, want) {
		t.Errorf("after a Release: %v, want %v", got, want)
	}
}
