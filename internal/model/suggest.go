package model

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/seeds"
)

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
