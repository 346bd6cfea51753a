package extract

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Every function must return well-formed spans for any input: in range, on
// UTF-8 boundaries, sorted and not overlapping, with Text equal to the
// bytes of the span.

var fuzzSeeds = []string{
	"",
	"On Monday, March 6, 2023, Macron’s team met the US team; the next day, two days later.",
	"Emmanuel’s Macron’s Biden-Macron O'Brien farmers' @ArmedForcesUkr Joseph R. Biden, Jr.",
	"\"Today,\" he said. “Yesterday” 3 February 2022-02-03 since 2008 3,000 80 tons the 10th",
	"White\u00a0House\n\nWhite\nHouse Côte d’Ivoire Guinea‑Bissau",
	"\xff\xfe Mon\xe2\x80day \xe2\x80\x99s 2022-13-45 February 29 Feb. 30, 2021",
	"The 1957-58 season; Nov. 6-7, 2024; March 3 and 4; between 30 and 31 February; 6-7 November",
	"on Christmas Day, New Year’s Eve, Easter Monday 2025, last Thanksgiving; Nineteen ninety-six; two thousand and",
	"Last year, in November. It was postponed until 15:00 GMT Saturday; payable Jan. 2; that week; the month before",
}

func checkSorted(t *testing.T, text []byte, kind string, spans [][2]int) {
	t.Helper()
	for i, s := range spans {
		if s[0] < 0 || s[1] > len(text) || s[0] >= s[1] {
			t.Fatalf("%s %d: span %v out of range for %d bytes", kind, i, s, len(text))
		}
		if !onRuneBoundary(text, s[0]) || !onRuneBoundary(text, s[1]) {
			t.Fatalf("%s %d: span %v splits a UTF-8 sequence", kind, i, s)
		}
		if i > 0 && s[0] < spans[i-1][1] {
			t.Fatalf("%s %d: span %v overlaps or precedes %v", kind, i, s, spans[i-1])
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), "Macron")
	}
	f.Add([]byte("x@y z"), "@y")
	f.Fuzz(func(t *testing.T, text []byte, form string) {
		actors := append(testActors[:len(testActors):len(testActors)],
			Actor{ID: "fuzz", Name: form, Kind: "person"},
			Actor{ID: "fuzz-alias", Name: "Fuzz Alias", Aliases: []string{form + " Bank", "The " + form}})
		m, _ := NewMatcher(actors)
		ms := m.Find(text)
		spans := make([][2]int, len(ms))
		for i, mt := range ms {
			spans[i] = [2]int{mt.Start, mt.End}
			if mt.Start >= 0 && mt.End <= len(text) && mt.Start < mt.End && string(text[mt.Start:mt.End]) != mt.Text {
				t.Fatalf("mention %d: Text %q, span holds %q", i, mt.Text, text[mt.Start:mt.End])
			}
		}
		checkSorted(t, text, "mention", spans)
		checkLabeled(t, m.FindLabeled(text), ms)
	})
}

func FuzzResolveDates(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s), int64(19000+i*37))
	}
	f.Fuzz(func(t *testing.T, text []byte, day int64) {
		// Any day from the year 1 to 9999.
		day %= 3650000
		if day < 0 {
			day = -day
		}
		pub := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day))
		ds := ResolveDates(text, pub)
		spans := make([][2]int, len(ds))
		for i, d := range ds {
			spans[i] = [2]int{d.Start, d.End}
			if d.Start >= 0 && d.End <= len(text) && d.Start < d.End && string(text[d.Start:d.End]) != d.Text {
				t.Fatalf("date %d: Text %q, span holds %q", i, d.Text, text[d.Start:d.End])
			}
			if d.Value == "" {
				t.Fatalf("date %d (%q) has no value", i, d.Text)
			}
		}
		checkSorted(t, text, "date", spans)
	})
}

func FuzzFindQuote(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), "Macron's team")
		f.Add([]byte(s), "\xe2\x80")
	}
	f.Fuzz(func(t *testing.T, text []byte, quote string) {
		ss := FindQuote(text, quote)
		spans := make([][2]int, len(ss))
		q := string(foldText([]byte(quote), false).b)
		for i, s := range ss {
			spans[i] = [2]int{s.Start, s.End}
			if s.Start < 0 || s.Start > s.End || s.End > len(text) {
				t.Fatalf("span %v out of range", s)
			}
			if got := string(foldText(text[s.Start:s.End], false).b); got != q {
				t.Fatalf("span %v is %q, which folds to %q, not to the quote %q", s, text[s.Start:s.End], got, q)
			}
		}
		checkSorted(t, text, "quote", spans)
	})
}

// referenceFold is foldText's result written the slow, obvious way, one
// rune at a time.
func referenceFold(text []byte) string {
	var out []string
	pendingSpace := false
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		if isSpace(r) {
			pendingSpace = true
			continue
		}
		if pendingSpace && len(out) > 0 {
			out = append(out, " ")
		}
		pendingSpace = false
		switch {
		case isApostrophe(r):
			out = append(out, aposKey)
		case isHyphen(r):
			out = append(out, hyphenKey)
		case isDoubleQuote(r):
			out = append(out, quoteKey)
		default:
			out = append(out, string(r)) // U+FFFD for invalid bytes
		}
	}
	return strings.Join(out, "")
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(" a  b\u00a0c \"d\" it’s e-f \xff g "))
	f.Fuzz(func(t *testing.T, text []byte) {
		got := foldText(text, true)
		if want := referenceFold(text); string(got.b) != want {
			t.Fatalf("foldText(%q) = %q, want %q", text, got.b, want)
		}
		if plain := foldText(text, false); string(plain.b) != string(got.b) {
			t.Fatalf("with and without the map, %q folds differently", text)
		}
		for i := range got.b {
			from, to := got.origin(i)
			if from < 0 || from >= to || to > len(text) {
				t.Fatalf("folded byte %d of %q comes from [%d,%d)", i, text, from, to)
			}
		}
	})
}
