// Package calendar holds the calendar values that dates resolve to, in
// the TIMEX3 forms that the site writes: 2022-02-09 (a day), 2022-W05 (an
// ISO week), 2022-02 (a month) and 2022 (a year). A Value parses and
// formats those forms, and gives its first day (to sort by), its month (to
// group a timeline by) and its human form (to show readers).
//
// Years run from 0000 to 9999, as the four digits of the forms allow.
// Adding a unit (a quarter, a season) is one more Unit, its case in parse,
// appendTo, First and appendHuman, and its rows in the tests.
package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Unit is the span of time a Value names.
type Unit uint8

const (
	None  Unit = iota // the zero Value: no date
	Day               // 2022-02-09
	Week              // 2022-W05, an ISO 8601 week
	Month             // 2022-02
	Year              // 2022
)

// Value is a calendar value. The zero Value is no date, and is false in a
// template's {{if}}. Values are small integers, so a site's hundreds of
// thousands of them take no memory of their own; equal values are ==.
type Value uint32

// A Value packs its unit, year and the number of its month or week and of
// its day in bits: unit (3) | year (14) | month or week (6) | day (5).
const (
	dayBits  = 5
	partBits = 6
	yearBits = 14
	maxYear  = 9999
)

func pack(u Unit, year, part, day int) Value {
	return Value(u)<<(yearBits+partBits+dayBits) | Value(year)<<(partBits+dayBits) | Value(part)<<dayBits | Value(day)
}

// Unit is the span the value names.
func (v Value) Unit() Unit { return Unit(v >> (yearBits + partBits + dayBits)) }

// IsZero reports whether v is no date.
func (v Value) IsZero() bool { return v == 0 }

func (v Value) year() int { return int(v>>(partBits+dayBits)) & (1<<yearBits - 1) }
func (v Value) part() int { return int(v>>dayBits) & (1<<partBits - 1) }
func (v Value) day() int  { return int(v) & (1<<dayBits - 1) }

// DayOf is the day of t.
func DayOf(t time.Time) (Value, bool) {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// Date is the day d of month m of year y, if there is one.
func Date(y int, m time.Month, d int) (Value, bool) {
	if y < 0 || y > maxYear || m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return pack(Day, y, int(m), d), true
}

// WeekOf is the ISO week that holds t.
func WeekOf(t time.Time) (Value, bool) {
	y, w := t.ISOWeek()
	return ISOWeek(y, w)
}

// ISOWeek is week w of ISO year y, if the year has it.
func ISOWeek(y, w int) (Value, bool) {
	if y < 0 || y > maxYear || w < 1 || w > weeksIn(y) || weekMonday(y, w).Year() < 0 {
		return 0, false // the last test: a week of year 0 may begin in year -1
	}
	return pack(Week, y, w, 0), true
}

// MonthOf is month m of year y.
func MonthOf(y int, m time.Month) (Value, bool) {
	if y < 0 || y > maxYear || m < time.January || m > time.December {
		return 0, false
	}
	return pack(Month, y, int(m), 0), true
}

// YearOf is the year y.
func YearOf(y int) (Value, bool) {
	if y < 0 || y > maxYear {
		return 0, false
	}
	return pack(Year, y, 0, 0), true
}

// ErrSyntax is the cause of every error of Parse.
var ErrSyntax = errors.New("not a calendar value (2022-02-09, 2022-W05, 2022-02 or 2022)")

// Parse reads a value in its TIMEX3 form. The empty string is the zero
// Value. A day must exist (no 2022-02-30) and a week must be one of its
// ISO year's (week 53 only in long years).
func Parse(s string) (Value, error) {
	if s == "" {
		return 0, nil
	}
	if v, ok := parse(s); ok {
		return v, nil
	}
	return 0, fmt.Errorf("%q is %w", s, ErrSyntax)
}

// MustParse is Parse for values written in code and tests.
func MustParse(s string) Value {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// parse is on the path of every resolved date, so it reads digits by hand.
func parse(s string) (Value, bool) {
	if len(s) < 4 {
		return 0, false
	}
	y := digits(s[:4])
	if y < 0 {
		return 0, false
	}
	switch {
	case len(s) == 4:
		return YearOf(y)
	case len(s) == 7 && s[4] == '-':
		return MonthOf(y, time.Month(digits(s[5:])))
	case len(s) == 8 && s[4:6] == "-W":
		return ISOWeek(y, digits(s[6:]))
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		return Date(y, time.Month(digits(s[5:7])), digits(s[8:]))
	}
	return 0, false
}

// digits reads a run of ASCII digits, or returns -1.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// String is the TIMEX3 form, "" for the zero Value.
func (v Value) String() string {
	var buf [10]byte
	return string(v.AppendTo(buf[:0]))
}

// AppendTo appends the TIMEX3 form to b.
func (v Value) AppendTo(b []byte) []byte {
	switch v.Unit() {
	case Day:
		b = append(appendDigits(b, v.year(), 4), '-')
		b = append(appendDigits(b, v.part(), 2), '-')
		return appendDigits(b, v.day(), 2)
	case Week:
		b = append(appendDigits(b, v.year(), 4), '-', 'W')
		return appendDigits(b, v.part(), 2)
	case Month:
		b = append(appendDigits(b, v.year(), 4), '-')
		return appendDigits(b, v.part(), 2)
	case Year:
		return appendDigits(b, v.year(), 4)
	}
	return b
}

// MarshalText writes the TIMEX3 form, for encoders.
func (v Value) MarshalText() ([]byte, error) { return v.AppendTo(nil), nil }

// UnmarshalText reads the TIMEX3 form, for decoders.
func (v *Value) UnmarshalText(text []byte) error {
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

func appendDigits(b []byte, n, width int) []byte {
	var buf [8]byte
	i := len(buf)
	for ; n > 0 || i > len(buf)-width; n /= 10 {
		i--
		buf[i] = byte('0' + n%10)
	}
	return append(b, buf[i:]...)
}

// First is the first day of the value, at midnight UTC; the zero time for
// the zero Value, so that undated things sort last, newest first.
func (v Value) First() time.Time {
	switch v.Unit() {
	case Day:
		return time.Date(v.year(), time.Month(v.part()), v.day(), 0, 0, 0, 0, time.UTC)
	case Week:
		return weekMonday(v.year(), v.part())
	case Month:
		return time.Date(v.year(), time.Month(v.part()), 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(v.year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// FirstDay is the number of the value's first day since 1970-01-01,
// negative before: First's Unix seconds in days, exactly, as First is a
// midnight in UTC. Days order and group values as First does, in less
// room than a time.
func (v Value) FirstDay() int64 { return v.First().Unix() / secondsPerDay }

const secondsPerDay = 24 * 60 * 60

// Compare orders values by their first day alone: a day and the week,
// month or year that begin on it compare equal, and a stable sort keeps
// them in the order given.
func (v Value) Compare(w Value) int { return v.First().Compare(w.First()) }

// MonthOfFirst is the month that holds the value's first day, which a
// timeline groups it under; a year stays a year.
func (v Value) MonthOfFirst() Value {
	switch v.Unit() {
	case Day, Month:
		return pack(Month, v.year(), v.part(), 0)
	case Week:
		t := v.First()
		return pack(Month, t.Year(), int(t.Month()), 0)
	}
	return v
}

// Human is the value as readers see it: "Wednesday 9 February 2022",
// "week 5 of 2022 (from 31 January)", "February 2022", "2022"; "" for the
// zero Value.
func (v Value) Human() string { return string(v.AppendHuman(nil)) }

// AppendHuman appends Human to b, without the time package's formatter:
// an article page shows the human form of each of its dates.
func (v Value) AppendHuman(b []byte) []byte {
	switch v.Unit() {
	case Day:
		t := v.First()
		b = append(b, t.Weekday().String()...)
		b = append(strconv.AppendInt(append(b, ' '), int64(v.day()), 10), ' ')
		b = append(append(b, time.Month(v.part()).String()...), ' ')
		return appendDigits(b, v.year(), 4)
	case Week:
		b = strconv.AppendInt(append(b, "week "...), int64(v.part()), 10)
		b = appendDigits(append(b, " of "...), v.year(), 4)
		t := v.First()
		b = strconv.AppendInt(append(b, " (from "...), int64(t.Day()), 10)
		return append(append(append(b, ' '), t.Month().String()...), ')')
	case Month:
		b = append(append(b, time.Month(v.part()).String()...), ' ')
		return appendDigits(b, v.year(), 4)
	case Year:
		return appendDigits(b, v.year(), 4)
	}
	return b
}

// weekMonday is the Monday that starts ISO week w of year y: week 1 holds
// 4 January.
func weekMonday(y, w int) time.Time {
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1))
}

// weeksIn is the number of ISO weeks of year y: 53 when 28 December,
// always in the last week, is in week 53.
func weeksIn(y int) int {
	_, w := time.Date(y, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
