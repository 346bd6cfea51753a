package render

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/model"
)

// TestTimelineOrderOracle compares timelineOrder, which gathers the
// values and first days on every CPU before it merges, with the merge as
// it was, reading each item's value as it came to the head of its list:
// on lists of days, weeks, months and years sharing first days, with
// undated events at the end, and on a generated site.
func TestTimelineOrderOracle(t *testing.T) {
	big := bigSite(t, 300)
	tests := []struct {
		name   string
		events []*model.Event
		dates  []*model.Date
	}{
		{name: "empty"},
		{name: "events alone", events: randomEvents(rand.New(rand.NewPCG(1, 2)), 50, 5)},
		{name: "dates alone", dates: randomDates(rand.New(rand.NewPCG(3, 4)), 50)},
		{name: "undated events alone", events: randomEvents(rand.New(rand.NewPCG(5, 6)), 0, 4)},
		{name: "both, small", events: randomEvents(rand.New(rand.NewPCG(7, 8)), 30, 3), dates: randomDates(rand.New(rand.NewPCG(9, 10)), 40)},
		// More than one chunk of each, so that several workers gather.
		{name: "both, large", events: randomEvents(rand.New(rand.NewPCG(11, 12)), 9000, 7), dates: randomDates(rand.New(rand.NewPCG(13, 14)), 20000)},
		{name: "generated site", events: big.Events, dates: big.Dates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, firsts := timelineOrder(tt.events, tt.dates)
			wantItems, wantFirsts := oracleTimelineOrder(tt.events, tt.dates)
			if len(items) != len(wantItems) {
				t.Fatalf("%d items, want %d", len(items), len(wantItems))
			}
			for i := range items {
				if items[i] != wantItems[i] || firsts[i] != wantFirsts[i] {
					t.Fatalf("item %d: %+v (first %d), want %+v (first %d)", i, items[i], firsts[i], wantItems[i], wantFirsts[i])
				}
			}
		})
	}
	if len(big.Dates) == 0 || len(big.Events)+len(big.Dates) < 2 {
		t.Fatalf("the generated site has %d events and %d dates: nothing to merge", len(big.Events), len(big.Dates))
	}
}

// oracleTimelineOrder is the merge of timelinePages before timelineOrder.
func oracleTimelineOrder(events []*model.Event, dates []*model.Date) ([]TimelineItem, []int64) {
	items := make([]TimelineItem, 0, len(events)+len(dates))
	firsts := make([]int64, 0, cap(items))
	var eventFirst, dateFirst int64
	eventNext, dateNext := true, true // the first day is to be made
	for len(events) > 0 || len(dates) > 0 {
		if len(events) > 0 && events[0].Value.IsZero() {
			events = events[1:] // undated events come last and have no place here
			continue
		}
		if len(events) > 0 && eventNext {
			eventFirst, eventNext = events[0].Value.First().Unix(), false
		}
		if len(dates) > 0 && dateNext {
			dateFirst, dateNext = dates[0].Value.First().Unix(), false
		}
		if len(dates) == 0 || (len(events) > 0 && eventFirst >= dateFirst) {
			e := events[0]
			items = append(items, TimelineItem{Value: e.Value, Event: e, Briefing: e.Briefing})
			firsts = append(firsts, eventFirst)
			events, eventNext = events[1:], true
			continue
		}
		d := dates[0]
		items = append(items, TimelineItem{Value: d.Value, Date: d, Briefing: d.Briefing})
		firsts = append(firsts, dateFirst)
		dates, dateNext = dates[1:], true
	}
	return items, firsts
}

// randomValues are n calendar values of every unit over a few years,
// newest first, many sharing a first day.
func randomValues(r *rand.Rand, n int) []calendar.Value {
	values := make([]calendar.Value, n)
	for i := range values {
		day := time.Date(2020+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		var v calendar.Value
		switch r.IntN(4) {
		case 0:
			v, _ = calendar.DayOf(day)
		case 1:
			v, _ = calendar.WeekOf(day)
		case 2:
			v, _ = calendar.MonthOf(day.Year(), day.Month())
		default:
			v, _ = calendar.YearOf(day.Year())
		}
		values[i] = v
	}
	slices.SortStableFunc(values, func(a, b calendar.Value) int { return b.Compare(a) })
	return values
}

// randomEvents are n dated events, newest first, then undated ones.
func randomEvents(r *rand.Rand, n, undated int) []*model.Event {
	var events []*model.Event
	for i, v := range randomValues(r, n) {
		events = append(events, &model.Event{Value: v, Briefing: &model.Briefing{Slug: "e" + string(rune('a'+i%26))}})
	}
	for range undated {
		events = append(events, &model.Event{Briefing: &model.Briefing{Slug: "undated"}})
	}
	return events
}

// randomDates are n dates, newest first.
func randomDates(r *rand.Rand, n int) []*model.Date {
	var dates []*model.Date
	for _, v := range randomValues(r, n) {
		dates = append(dates, &model.Date{Value: v, Briefing: &model.Briefing{Slug: "d"}})
	}
	return dates
}
