package model

import (
	"math"
	"slices"
	"sort"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// actorsIn returns the actors mentioned inside span, in text order.
func actorsIn(mentions []*Mention, span Span) []*Actor {
	var out []*Actor
	for _, m := range mentions {
		// A passage names a few actors: a look through them costs
		// less than a map.
		if m.Start >= span.Start && m.End <= span.End && !slices.Contains(out, m.Actor) {
			out = append(out, m.Actor)
		}
	}
	return out
}

// dateIn returns the value of the first date inside span, or zero.
func dateIn(dates []*Date, span Span) calendar.Value {
	for _, d := range dates {
		if d.Start >= span.Start && d.End <= span.End {
			return d.Value
		}
	}
	return 0
}

// dateNearest returns the value of the date inside sentence that lies
// nearest to span, the earlier on a tie, or zero.
func dateNearest(dates []*Date, sentence, span Span) calendar.Value {
	var best calendar.Value
	bestGap := -1
	for _, d := range dates {
		if d.Start < sentence.Start || d.End > sentence.End {
			continue
		}
		gap := max(span.Start-d.End, d.Start-span.End, 0)
		if bestGap < 0 || gap < bestGap {
			best, bestGap = d.Value, gap
		}
	}
	return best
}

// sentenceAround widens span to the sentence holding it, within its
// paragraph.
func sentenceAround(s *seeds.Seed, span Span) Span {
	data := s.Data
	lo, hi := s.BodyStart, len(data)
	if i := sort.Search(len(s.Blocks), func(i int) bool { return s.Blocks[i].End > span.Start }); i < len(s.Blocks) {
		lo, hi = max(lo, s.Blocks[i].Start), min(hi, s.Blocks[i].End)
	}
	start, end := span.Start, span.End
	for start > lo && !(start >= lo+2 && data[start-1] == ' ' && stop(data[start-2])) {
		start--
	}
	for end < hi && !(stop(data[end]) && (end+1 == hi || data[end+1] == ' ' || data[end+1] == '\n')) {
		end++
	}
	return Span{start, end}
}

// stop is a byte that may end a sentence. The timeline asks for the
// sentence of every dated passage: a byte compare, not a search of a set.
func stop(c byte) bool { return c == '.' || c == '!' || c == '?' }

// Sentence is the span of the sentence that holds the date expression,
// with its final punctuation, within its paragraph.
func (d *Date) Sentence() Span {
	if d.sentenceKept {
		return Span{d.Start - int(d.sentence.before), d.End + int(d.sentence.after)}
	}
	return d.findSentence()
}

func (d *Date) findSentence() Span {
	s := sentenceAround(d.Briefing.Seed, d.Span)
	if data := d.Briefing.Seed.Data; s.End < len(data) && stop(data[s.End]) {
		s.End++
	}
	return s
}

// sentenceReach is how far a date's sentence reaches before and after
// the date expression, in bytes.
type sentenceReach struct{ before, after uint16 }

// keepSentence finds the date's sentence and keeps it in the Date, when
// it reaches no further than sentenceReach can say.
func (d *Date) keepSentence() {
	s := d.findSentence()
	before, after := d.Start-s.Start, s.End-d.End
	if before <= math.MaxUint16 && after <= math.MaxUint16 {
		d.sentence = sentenceReach{uint16(before), uint16(after)}
		d.sentenceKept = true
	}
}
