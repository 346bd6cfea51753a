package model

import (
	"cmp"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/calendar"
)

// newestFirstOracle is newestFirst as written first: every comparison
// compares the first days, the slugs, the starts and the given order.
func newestFirstOracle(items []*Date) []*Date {
	out := slices.Clone(items)
	index := map[*Date]int{}
	for i, d := range items {
		index[d] = i
	}
	slices.SortStableFunc(out, func(a, b *Date) int {
		return cmp.Or(cmp.Compare(b.Value.First().Unix(), a.Value.First().Unix()),
			strings.Compare(a.Briefing.Slug, b.Briefing.Slug), cmp.Compare(a.Start, b.Start), cmp.Compare(index[a], index[b]))
	})
	return out
}

// TestNewestFirst compares newestFirst with the oracle on dates of many
// briefings, every unit of value and the zero value, in each of its
// three ways: the radix sort of dates in the order annotate makes them,
// the sort of two numbers (dates in any order, or two briefings with one
// slug), and the slower way of starts too large to pack.
func TestNewestFirst(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	values := []string{"", "1969-12-31", "0001-01-01", "9999-12-31"}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 40 {
		d := base.AddDate(0, 0, r.Intn(400))
		_, w := d.ISOWeek()
		values = append(values, d.Format("2006-01-02"), d.Format("2006-01"), d.Format("2006"), fmt.Sprintf("%d-W%02d", d.Year(), w))
	}
	for _, c := range []struct{ huge, twoSlugs bool }{{false, false}, {false, true}, {true, false}} {
		huge := c.huge
		var briefings []*Briefing
		for i := range 50 {
			slug := fmt.Sprintf("s%03d", i)
			if c.twoSlugs {
				slug = fmt.Sprintf("s%03d", r.Intn(60))
			}
			briefings = append(briefings, &Briefing{Slug: slug})
		}
		if c.twoSlugs {
			briefings = append(briefings, &Briefing{Slug: briefings[0].Slug})
		}
		var dates []*Date
		for _, b := range briefings {
			for j := range 1 + r.Intn(20) {
				v, err := calendar.Parse(values[r.Intn(len(values))])
				if err != nil && !v.IsZero() {
					t.Fatal(err)
				}
				start := r.Intn(5) * 10 // starts repeat: the given order decides
				if huge && j == 0 {
					start = 1 << 33
				}
				dates = append(dates, &Date{Value: v, Briefing: b, Span: Span{start, start + 1}})
			}
		}
		// Shuffled, and then as annotate makes them: each briefing's
		// dates in the order of their starts (the radix sort's case),
		// the briefings' runs one after another or interleaved.
		orders := map[string]func(){
			"shuffled": func() { r.Shuffle(len(dates), func(i, j int) { dates[i], dates[j] = dates[j], dates[i] }) },
			"by briefing": func() {
				slices.SortStableFunc(dates, func(a, b *Date) int {
					return cmp.Or(cmp.Compare(slices.Index(briefings, a.Briefing), slices.Index(briefings, b.Briefing)), cmp.Compare(a.Start, b.Start))
				})
			},
			"interleaved": func() { slices.SortStableFunc(dates, func(a, b *Date) int { return cmp.Compare(a.Start, b.Start) }) },
		}
		for _, order := range []string{"shuffled", "by briefing", "interleaved"} {
			orders[order]()
			want := newestFirstOracle(dates)
			got := slices.Clone(dates)
			newestFirst(got, func(d *Date) (calendar.Value, *Briefing, int) { return d.Value, d.Briefing, d.Start })
			if !slices.Equal(got, want) {
				t.Errorf("%+v, %s: newestFirst differs from the oracle", c, order)
			}
		}
	}
}
