package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestParseAndForms(t *testing.T) {
	tests := []struct {
		in    string
		unit  Unit
		first string // the first day, 2006-01-02
		month string // MonthOfFirst
		human string
	}{
		{"2022-02-09", Day, "2022-02-09", "2022-02", "Wednesday 9 February 2022"},
		{"2022-W05", Week, "2022-01-31", "2022-01", "week 5 of 2022 (from 31 January)"},
		{"2020-W53", Week, "2020-12-28", "2020-12", "week 53 of 2020 (from 28 December)"},
		{"2021-W01", Week, "2021-01-04", "2021-01", "week 1 of 2021 (from 4 January)"},
		{"2022-02", Month, "2022-02-01", "2022-02", "February 2022"},
		{"2022", Year, "2022-01-01", "2022", "2022"},
		{"0999", Year, "0999-01-01", "0999", "0999"},
		{"2024-02-29", Day, "2024-02-29", "2024-02", "Thursday 29 February 2024"},
		{"0001-01-01", Day, "0001-01-01", "0001-01", "Monday 1 January 0001"},
		{"9999-12-31", Day, "9999-12-31", "9999-12", "Friday 31 December 9999"},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := v.String(); got != tt.in {
			t.Errorf("Parse(%q).String() = %q", tt.in, got)
		}
		if v.Unit() != tt.unit {
			t.Errorf("Parse(%q).Unit() = %d, want %d", tt.in, v.Unit(), tt.unit)
		}
		if got := v.First().Format("2006-01-02"); got != tt.first {
			t.Errorf("Parse(%q).First() = %s, want %s", tt.in, got, tt.first)
		}
		if got := v.MonthOfFirst().String(); got != tt.month {
			t.Errorf("Parse(%q).MonthOfFirst() = %s, want %s", tt.in, got, tt.month)
		}
		if got := v.Human(); got != tt.human {
			t.Errorf("Parse(%q).Human() = %q, want %q", tt.in, got, tt.human)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"junk", "202", "20222", "2022-2", "2022-13", "2022-00", "2022-02-30", "2023-02-29",
		"2022-W00", "2022-W53", "2022-W5", "2022/02/09", "-999", "10000", "2022-02-09T10", "２０２２",
	} {
		if v, err := Parse(in); err == nil || !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, %v; want ErrSyntax", in, v, err)
		}
	}
}

func TestZero(t *testing.T) {
	v, err := Parse("")
	if err != nil || !v.IsZero() || v.Unit() != None {
		t.Fatalf(`Parse("") = %v, %v`, v, err)
	}
	if v.String() != "" || v.Human() != "" || !v.First().IsZero() {
		t.Errorf("zero Value: %q %q %v", v.String(), v.Human(), v.First())
	}
}

// TestAgainstTime checks the hand-written forms against the time
// package's formatter, the oracle, over several years of days and weeks.
func TestAgainstTime(t *testing.T) {
	for d := time.Date(1999, 12, 20, 0, 0, 0, 0, time.UTC); d.Year() < 2030; d = d.AddDate(0, 0, 1) {
		v, ok := DayOf(d)
		if !ok {
			t.Fatalf("DayOf(%v) failed", d)
		}
		if got, want := v.String(), d.Format("2006-01-02"); got != want {
			t.Fatalf("day %v: %q, want %q", d, got, want)
		}
		if got, want := v.Human(), d.Format("Monday 2 January 2006"); got != want {
			t.Fatalf("day %v: human %q, want %q", d, got, want)
		}
		if !v.First().Equal(d) {
			t.Fatalf("day %v: first %v", d, v.First())
		}
		w, ok := WeekOf(d)
		if !ok {
			t.Fatalf("WeekOf(%v) failed", d)
		}
		monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		if !w.First().Equal(monday) {
			t.Fatalf("week of %v (%s) starts %v, want %v", d, w, w.First(), monday)
		}
		if p, err := Parse(w.String()); err != nil || p != w {
			t.Fatalf("week %s does not round-trip: %v %v", w, p, err)
		}
	}
}

func TestCompare(t *testing.T) {
	order := []string{"", "2021-12", "2021-W52", "2022", "2022-01-03", "2022-W05", "2022-02-09"}
	for i := range order {
		for j := range order {
			a, b := MustParse(order[i]), MustParse(order[j])
			got := a.Compare(b)
			if (i < j && got > 0) || (i > j && got < 0) {
				t.Errorf("Compare(%q, %q) = %d", order[i], order[j], got)
			}
		}
	}
	if c := MustParse("2022").Compare(MustParse("2022-01-01")); c != 0 {
		t.Errorf("a year and its first day compare %d, want 0", c)
	}
}

func TestText(t *testing.T) {
	var v Value
	if err := v.UnmarshalText([]byte("2022-W05")); err != nil || v.String() != "2022-W05" {
		t.Fatalf("UnmarshalText: %v %v", v, err)
	}
	if b, _ := v.MarshalText(); string(b) != "2022-W05" {
		t.Errorf("MarshalText = %q", b)
	}
	if err := v.UnmarshalText([]byte("2022-W60")); err == nil {
		t.Errorf("UnmarshalText accepted week 60")
	}
}

// FuzzParse checks that Parse never panics, that what it accepts formats
// back to the same text, and that the first day is in the value's year.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2022-02-09", "2022-W05", "2022-02", "2022", "", "2022-02-30", "0000-W01", "9999-W52", "2022-W\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			if v != 0 {
				t.Fatalf("Parse(%q) failed with a value %v", s, v)
			}
			return
		}
		if got := v.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		if v.IsZero() {
			return
		}
		first := v.First()
		if y := first.Year(); v.Unit() != Week && y != digits(s[:4]) {
			t.Fatalf("Parse(%q).First() = %v, in another year", s, first)
		}
		if v.Human() == "" {
			t.Fatalf("Parse(%q): empty human form", s)
		}
		if m := v.MonthOfFirst(); m.Unit() != Month && m.Unit() != Year || m.First().After(first) {
			t.Fatalf("Parse(%q).MonthOfFirst() = %v, not a month holding %v", s, m, first)
		}
	})
}

// FirstDay is First's Unix seconds in days, exactly, for every unit,
// before and after 1970 and at the ends of the years a value may have.
func TestFirstDay(t *testing.T) {
	var values []Value
	for _, y := range []int{1, 2, 1969, 1970, 2020, 2024, 9999} {
		for _, value := range []func() (Value, bool){
			func() (Value, bool) { return Date(y, time.January, 1) },
			func() (Value, bool) { return Date(y, time.December, 31) },
			func() (Value, bool) { return ISOWeek(y, 1) },
			func() (Value, bool) { return ISOWeek(y, 52) },
			func() (Value, bool) { return MonthOf(y, time.March) },
			func() (Value, bool) { return YearOf(y) },
		} {
			v, ok := value()
			if !ok {
				t.Fatalf("a value of %d not made", y)
			}
			values = append(values, v)
		}
	}
	values = append(values, Value(0))
	for _, v := range values {
		if got, want := v.FirstDay()*24*60*60, v.First().Unix(); got != want {
			t.Errorf("%v: day %d is %d s, want %d", v, v.FirstDay(), got, want)
		}
	}
}
