package i18n

import (
	"strconv"
	"strings"
	"time"

	"github.com/goodsign/monday"
)

// calendar holds one language's month and weekday names, looked up once.
type calendar struct {
	month    [13]string // standalone: "février", "Februar"
	inDate   [13]string // after a day number; differs where grammar asks (Russian genitive)
	short    [13]string // "févr"
	weekdays [7]string  // by time.Weekday
}

func newCalendar(loc monday.Locale) calendar {
	var c calendar
	for m := time.January; m <= time.December; m++ {
		t := time.Date(2001, m, 2, 0, 0, 0, 0, time.UTC)
		c.month[m] = monday.Format(t, "January", loc)
		c.inDate[m] = strings.TrimLeft(strings.TrimPrefix(monday.Format(t, "2 January", loc), "2"), " ")
		c.short[m] = monday.Format(t, "Jan", loc)
	}
	for d := 0; d < 7; d++ {
		// 7 January 2001 was a Sunday, time.Weekday 0.
		t := time.Date(2001, time.January, 7+d, 0, 0, 0, 0, time.UTC)
		c.weekdays[d] = monday.Format(t, "Monday", loc)
	}
	return c
}

// dateArgs are the placeholders a date string may use.
func (l *Lang) dateArgs(t time.Time) []string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = l.Text("date.first")
	}
	return []string{
		"day", day,
		"month", l.cal.inDate[t.Month()],
		"mon", l.cal.short[t.Month()],
		"year", strconv.Itoa(t.Year()),
		"weekday", l.cal.weekdays[t.Weekday()],
	}
}

// datePlaceholders are the names dateArgs gives, with the week's: a
// site's date strings may use any of them.
var datePlaceholders = []string{"day", "month", "mon", "year", "weekday", "week", "start"}

// Day spells a day: "10 February 2022", "10 février 2022".
func (l *Lang) Day(t time.Time) string { return l.Format("date.day", l.dateArgs(t)...) }

// Weekday spells a day with its weekday: "Thursday 10 February 2022".
func (l *Lang) Weekday(t time.Time) string { return l.Format("date.weekday", l.dateArgs(t)...) }

// Month spells a month in running text: "February 2022", "février 2022".
func (l *Lang) Month(year int, m time.Month) string {
	return l.Format("date.month", l.monthArgs(year, m)...)
}

// MonthTitle spells a month as a heading or a label: "Février 2022".
func (l *Lang) MonthTitle(year int, m time.Month) string {
	return l.Format("date.month.title", l.monthArgs(year, m)...)
}

// MonthShort spells a month in few letters, for a chart's axis: "févr 2022".
func (l *Lang) MonthShort(year int, m time.Month) string {
	return l.Format("date.mon", l.monthArgs(year, m)...)
}

func (l *Lang) monthArgs(year int, m time.Month) []string {
	if m < time.January || m > time.December {
		m = time.January
	}
	return []string{"month", l.cal.month[m], "mon", l.cal.short[m], "year", strconv.Itoa(year)}
}

// Year spells a year.
func (l *Lang) Year(year int) string { return l.Format("date.year", "year", strconv.Itoa(year)) }

// Week spells an ISO week: "week 5 of 2022 (from 31 January)".
func (l *Lang) Week(year, week int) string {
	start := isoWeekStart(year, week)
	return l.Format("date.week", "week", strconv.Itoa(week), "year", strconv.Itoa(year),
		"start", l.Format("date.daymonth", l.dateArgs(start)...))
}

// Human spells a calendar value of any precision, as dates are resolved:
// "2022-02-10" (day), "2022-W05" (ISO week), "2022-02" (month), "2022"
// (year). Anything else comes back as it is.
func (l *Lang) Human(value string) string {
	switch v := parseValue(value); v.precision {
	case dayPrecision:
		return l.Day(v.time())
	case weekPrecision:
		return l.Week(v.year, v.week)
	case monthPrecision:
		return l.Month(v.year, v.month)
	case yearPrecision:
		return l.Year(v.year)
	}
	return value
}

// HumanLong is Human with the weekday of a day: "Thursday 10 February 2022".
func (l *Lang) HumanLong(value string) string {
	if v := parseValue(value); v.precision == dayPrecision {
		return l.Weekday(v.time())
	}
	return l.Human(value)
}

type precision int

const (
	noPrecision precision = iota
	yearPrecision
	monthPrecision
	weekPrecision
	dayPrecision
)

// value is a parsed calendar value. The calendar package of the model is
// the authority on these; this reading is only what spelling needs.
type value struct {
	precision precision
	year      int
	month     time.Month
	week, day int
}

func (v value) time() time.Time { return time.Date(v.year, v.month, v.day, 0, 0, 0, 0, time.UTC) }

func parseValue(s string) value {
	num := func(s string) int {
		if s == "" {
			return -1
		}
		n := 0
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	if len(s) < 4 {
		return value{}
	}
	y := num(s[:4])
	if y < 0 {
		return value{}
	}
	switch {
	case len(s) == 4:
		return value{precision: yearPrecision, year: y}
	case len(s) == 7 && s[4] == '-':
		if m := num(s[5:]); m >= 1 && m <= 12 {
			return value{precision: monthPrecision, year: y, month: time.Month(m)}
		}
	case len(s) == 8 && s[4:6] == "-W":
		if w := num(s[6:]); w >= 1 && w <= isoWeeks(y) {
			return value{precision: weekPrecision, year: y, week: w}
		}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		m, d := num(s[5:7]), num(s[8:])
		if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, time.Month(m)) {
			return value{precision: dayPrecision, year: y, month: time.Month(m), day: d}
		}
	}
	return value{}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isoWeeks is the number of ISO weeks in year y: 28 December is always in
// the last one.
func isoWeeks(y int) int {
	_, w := time.Date(y, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// isoWeekStart is the Monday that starts ISO week w of year y: week 1
// holds 4 January.
func isoWeekStart(y, w int) time.Time {
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1))
}
