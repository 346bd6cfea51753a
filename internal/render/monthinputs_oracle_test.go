package render

import (
	"bytes"
	"crypto/sha256"
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/internal/model"
)

// TestMonthPageInputsOracle compares the inputs of every page of every
// month of a generated site, its months cut into short pages, with those
// made as they were before monthLayout, by maps of each month's and each
// page's briefings: the same briefings in the same order and the same
// layout, so that the keys are those of before.
func TestMonthPageInputsOracle(t *testing.T) {
	defer func(n, perPage int) { timelineInline, monthPerPage = n, perPage }(timelineInline, monthPerPage)
	timelineInline = 0
	for _, perPage := range []int{1, 3, 40} {
		monthPerPage = perPage
		m := bigSite(t, 120)
		_, months := timelinePages(m)
		pages := 0
		for _, p := range months {
			items := p.Data.(*TimelineData).Months[0].Items
			mp := newMonthPaging(p.Path, items)
			l := newMonthLayout(mp.items)
			ordinals := oracleItemOrdinals(mp.items)
			for n := 1; n <= mp.pages; n++ {
				got, want := monthPageInputs(mp, n, l), oracleMonthPageInputs(mp, n, ordinals)
				if !slices.Equal(got.Briefings, want.Briefings) || !bytes.Equal(got.Layout, want.Layout) {
					t.Fatalf("%d items a page: %s page %d: the inputs differ from the oracle's", perPage, p.Path, n)
				}
				pages++
			}
		}
		if pages < 2 {
			t.Fatalf("%d items a page: %d month pages, nothing to compare", perPage, pages)
		}
	}
}

// oracleMonthPageInputs is monthPageInputs as it was, with a map of the
// page's briefings, and the items' ordinals of oracleItemOrdinals.
func oracleMonthPageInputs(mp monthPaging, n int, ordinals []int32) Inputs {
	items := mp.page(n)
	first := mp.starts[n-1]
	var in Inputs
	place := map[*model.Briefing]int{}
	buf := appendInts(make([]byte, 0, 16+len(items)*4), mp.pages)
	for i, it := range items {
		k, ok := place[it.Briefing]
		if !ok {
			k = len(in.Briefings)
			place[it.Briefing] = k
			in.Briefings = append(in.Briefings, it.Briefing)
		}
		buf = appendInts(buf, k, int(ordinals[first+i]))
	}
	sum := sha256.Sum256(buf)
	in.Layout = sum[:]
	return in
}

// oracleItemOrdinals gives each of a month's items its place among the
// items of its briefing in the month, from 0.
func oracleItemOrdinals(items []TimelineItem) []int32 {
	ordinals := make([]int32, len(items))
	seen := map[*model.Briefing]int32{}
	for i, it := range items {
		ordinals[i] = seen[it.Briefing]
		seen[it.Briefing]++
	}
	return ordinals
}
