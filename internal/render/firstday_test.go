package render

import (
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/calendar"
)

// TestFirstDay: a value's first day is its first day's Unix seconds in
// days, exactly, for every unit, before and after 1970 and at the ends of
// the years a value may have; the timeline groups and orders its items by
// it as it did by the seconds.
func TestFirstDay(t *testing.T) {
	var values []calendar.Value
	add := func(v calendar.Value, ok bool) {
		if !ok {
			t.Fatalf("a value not made")
		}
		values = append(values, v)
	}
	for _, y := range []int{1, 2, 1969, 1970, 2020, 2024, 9999} {
		add(calendar.Date(y, time.January, 1))
		add(calendar.Date(y, time.December, 31))
		add(calendar.Date(y, time.February, 28))
		add(calendar.ISOWeek(y, 1))
		add(calendar.ISOWeek(y, 52))
		add(calendar.MonthOf(y, time.March))
		add(calendar.YearOf(y))
	}
	values = append(values, calendar.Value(0))
	for _, v := range values {
		if got, want := int64(firstDay(v))*24*60*60, v.First().Unix(); got != want {
			t.Errorf("%v: day %d is %d s, want %d", v, firstDay(v), got, want)
		}
		for _, w := range values {
			if (firstDay(v) < firstDay(w)) != (v.First().Unix() < w.First().Unix()) {
				t.Errorf("%v and %v ordered otherwise", v, w)
			}
		}
	}
}
