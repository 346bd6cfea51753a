package extract

import "time"

// A holiday is a named day whose date each year is fixed or computable:
// "Christmas Day", "Easter Monday", "Thanksgiving". Its year is chosen as
// for a day and month without one: by the tense of the clause, else the
// nearest to publication; "last", "this" or "next" before it, or a year
// after it, say which.
type holiday struct {
	words []string // the tokens of the name; "'" stands for any apostrophe
	// alone marks names that are a date only after a preposition, since
	// they also name a season or a thing: "at Christmas", "over Easter",
	// but not "Christmas shopping".
	alone bool
	date  func(y int) time.Time
}

// holidays lists longer names before the shorter ones they begin with.
var holidays = []holiday{
	{words: []string{"Christmas", "Day"}, date: fixedDay(12, 25)},
	{words: []string{"Christmas", "Eve"}, date: fixedDay(12, 24)},
	{words: []string{"Christmas"}, alone: true, date: fixedDay(12, 25)},
	{words: []string{"Boxing", "Day"}, date: fixedDay(12, 26)},
	{words: []string{"New", "Year", "'", "s", "Day"}, date: fixedDay(1, 1)},
	{words: []string{"New", "Year", "'", "s", "Eve"}, date: fixedDay(12, 31)},
	{words: []string{"Independence", "Day"}, date: fixedDay(7, 4)},
	{words: []string{"Bastille", "Day"}, date: fixedDay(7, 14)},
	{words: []string{"Valentine", "'", "s", "Day"}, date: fixedDay(2, 14)},
	{words: []string{"Halloween"}, alone: true, date: fixedDay(10, 31)},
	{words: []string{"Veterans", "Day"}, date: fixedDay(11, 11)},
	{words: []string{"Armistice", "Day"}, date: fixedDay(11, 11)},
	{words: []string{"Easter", "Sunday"}, date: easterPlus(0)},
	{words: []string{"Easter", "Monday"}, date: easterPlus(1)},
	{words: []string{"Easter"}, alone: true, date: easterPlus(0)},
	{words: []string{"Good", "Friday"}, date: easterPlus(-2)},
	{words: []string{"Thanksgiving", "Day"}, date: nthWeekday(11, time.Thursday, 4)},
	{words: []string{"Thanksgiving"}, date: nthWeekday(11, time.Thursday, 4)},
	{words: []string{"Cyber", "Monday"}, date: dayAfter(nthWeekday(11, time.Thursday, 4), 4)},
	{words: []string{"Labor", "Day"}, date: nthWeekday(9, time.Monday, 1)},
	{words: []string{"Presidents", "Day"}, date: nthWeekday(2, time.Monday, 3)},
	{words: []string{"Presidents", "'", "Day"}, date: nthWeekday(2, time.Monday, 3)},
	{words: []string{"Martin", "Luther", "King", "Day"}, date: nthWeekday(1, time.Monday, 3)},
	{words: []string{"Columbus", "Day"}, date: nthWeekday(10, time.Monday, 2)},
	{words: []string{"Mother", "'", "s", "Day"}, date: nthWeekday(5, time.Sunday, 2)},
	{words: []string{"Father", "'", "s", "Day"}, date: nthWeekday(6, time.Sunday, 3)},
	{words: []string{"Memorial", "Day"}, date: lastWeekdayOf(5, time.Monday)},
	// The Tuesday after the first Monday of November.
	{words: []string{"Election", "Day"}, date: dayAfter(nthWeekday(11, time.Monday, 1), 1)},
}

// holidayNamesake are words after a holiday's name that make it the name
// of something else: "the Good Friday Agreement", "the Tet Offensive".
var holidayNamesake = map[string]bool{
	"Agreement": true, "Accord": true, "Accords": true, "Offensive": true, "Massacre": true,
	"Tsunami": true, "Rising": true, "Uprising": true, "Truce": true, "Island": true,
}

// holidayPrepositions make a holiday that may be a season (alone) a date.
var holidayPrepositions = map[string]bool{
	"on": true, "at": true, "over": true, "before": true, "after": true, "by": true,
	"until": true, "since": true, "for": true, "On": true, "At": true, "Over": true,
	"Before": true, "After": true, "By": true, "Until": true, "Since": true, "For": true,
	"last": true, "this": true, "next": true,
}

func fixedDay(m time.Month, d int) func(int) time.Time {
	return func(y int) time.Time { return civil(y, m, d) }
}

// nthWeekday is the n-th wd of month m: Thanksgiving is the fourth
// Thursday of November.
func nthWeekday(m time.Month, wd time.Weekday, n int) func(int) time.Time {
	return func(y int) time.Time {
		return weekdayAfter(civil(y, m, 1), wd, false).AddDate(0, 0, 7*(n-1))
	}
}

// lastWeekdayOf is the last wd of month m.
func lastWeekdayOf(m time.Month, wd time.Weekday) func(int) time.Time {
	return func(y int) time.Time {
		return weekdayBefore(civil(y, m+1, 1).AddDate(0, 0, -1), wd, false)
	}
}

func dayAfter(date func(int) time.Time, days int) func(int) time.Time {
	return func(y int) time.Time { return date(y).AddDate(0, 0, days) }
}

func easterPlus(days int) func(int) time.Time {
	return func(y int) time.Time { return easter(y).AddDate(0, 0, days) }
}

// easter returns Easter Sunday of year y in the Gregorian calendar, by the
// anonymous algorithm of 1876 (Meeus/Jones/Butcher).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return civil(y, time.Month(month), day)
}

// holiday reads a holiday's name at token i, with "last", "this" or "next"
// before it or a year after it.
func (r *resolver) holiday(i int) (found, bool) {
	for _, h := range holidays {
		if r.word(i) != h.words[0] {
			continue
		}
		end, ok := r.matchWords(i, h.words)
		if !ok {
			continue
		}
		if h.alone && !holidayPrepositions[r.word(i-1)] && !(r.is(i-1, "and", "or") && r.prevEnd == i-1) ||
			holidayNamesake[r.word(end)] {
			return found{}, false
		}
		if y, ok := r.year(end); ok {
			return dayFound(i, end+1, h.date(y)), true // "Easter 2025"
		}
		at := func(y int) (time.Time, bool) { return h.date(y), true }
		y := r.pub.Year()
		switch {
		case r.isFold(i-1, "last"):
			t := h.date(y)
			if !t.Before(r.pub) {
				t = h.date(y - 1)
			}
			return dayFound(i-1, end, t), true
		case r.isFold(i-1, "next"):
			t := h.date(y)
			if !t.After(r.pub) {
				t = h.date(y + 1)
			}
			return dayFound(i-1, end, t), true
		case r.isFold(i-1, "this"):
			return dayFound(i-1, end, h.date(y)), true
		}
		return dayFound(i, end, r.inferYear(i, end, at, dayAhead, 7)), true
	}
	return found{}, false
}

// matchWords reports whether the tokens from i spell words, and returns
// the index past them. "'" matches any apostrophe, touching the word before
// it, and the "s" of a possessive touches the apostrophe.
func (r *resolver) matchWords(i int, words []string) (int, bool) {
	for k, w := range words {
		if !r.is(i+k, w) || (w == "'" || w == "s" && k > 0 && words[k-1] == "'") && !r.joined(i+k) {
			return 0, false
		}
	}
	return i + len(words), true
}
