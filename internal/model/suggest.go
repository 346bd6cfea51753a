package model

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// suggest returns ` (did you mean "x"?)` for the candidate nearest to s,
// or "" when none is near enough to be a likely typo.
func suggest(s string, candidates []string) string {
	sort.Strings(candidates)
	best, bestDist := "", len(s)/2+2
	for _, c := range candidates {
		d := distance(s, c)
		if strings.Contains(c, s) || strings.Contains(s, c) {
			d = min(d, max(1, len(c)-len(s), len(s)-len(c))/2)
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

type word struct {
	text       string
	start, end int
}

func words(text string, base int) []word {
	var out []word
	start := -1
	for i, r := range text {
		letter := unicode.IsLetter(r) || unicode.IsDigit(r)
		if letter && start < 0 {
			start = i
		}
		if !letter && start >= 0 {
			out = append(out, word{strings.ToLower(text[start:i]), base + start, base + i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{strings.ToLower(text[start:]), base + start, base + len(text)})
	}
	return out
}

// closest describes the passage of the seed that shares the most words with
// the quote, for an error message: `; closest passage at 12:40: "…"`.
func closest(s *seeds.Seed, quote string) string {
	q := words(quote, 0)
	if len(q) == 0 {
		return ""
	}
	w := words(string(s.Body()), s.BodyStart)
	bestScore, bestAt := 0, -1
	for i := range w {
		score := 0
		for k := 0; k < len(q) && i+k < len(w); k++ {
			if w[i+k].text == q[k].text {
				score++
			}
		}
		if score > bestScore {
			bestScore, bestAt = score, i
		}
	}
	if bestAt < 0 {
		return "; no passage shares a word with it"
	}
	end := min(bestAt+len(q), len(w)) - 1
	start, stop := w[bestAt].start, w[end].end
	line, col := diag.LineCol(s.Data, start)
	return fmt.Sprintf("; closest passage at %d:%d: %q", line, col, string(s.Data[start:stop]))
}
