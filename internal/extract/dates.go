package extract

import (
	"fmt"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// ResolveDates finds the date expressions in text and resolves them against
// the publication date, in news mode (see the package documentation). The
// dates are sorted by Start and never overlap. Only the calendar date of
// published matters, in its own location.
func ResolveDates(text []byte, published time.Time) []Date {
	labeled := ResolveDatesLabeled(text, published)
	if len(labeled) == 0 {
		return nil
	}
	texts := joinSpans(text, labeled)
	out := make([]Date, len(labeled))
	for k, l := range labeled {
		n := l.End - l.Start
		out[k] = Date{Text: texts[:n], Value: l.Label, Start: l.Start, End: l.End}
		texts = texts[n:]
	}
	return out
}

// ResolveDatesLabeled is ResolveDates without the expressions' texts:
// each date is its span and its value.
func ResolveDatesLabeled(text []byte, published time.Time) []Labeled {
	r, dates, sc := resolve(text, published)
	out := r.outputLabeled(dates, sc)
	sc.toks, sc.dates = r.toks[:0], dates[:0]
	scratches.Put(sc)
	return out
}

// resolve finds the dates of text, in a scratch from scratches that the
// caller puts back once it has made its output of them.
func resolve(text []byte, published time.Time) (*resolver, []found, *scratch) {
	y, m, d := published.Date()
	sc := scratches.Get().(*scratch)
	r := &resolver{text: text, pub: civil(y, m, d), toks: sc.toks[:0]}
	r.tokenize()
	dates := sc.dates[:0]
	next := 0 // the first token not inside an expression found
	inQuote := false
	for i := range r.toks {
		t := &r.toks[i]
		if t.gap == gapParagraph {
			inQuote = false // an unclosed quotation ends with its paragraph
		}
		if !t.word {
			if t.key == quoteKey[0] || r.is(i, "«", "»") {
				switch r.word(i) {
				case "\u201C", "\u201E", "«":
					inQuote = true
				case "\u201D", "»":
					inQuote = false
				default:
					inQuote = !inQuote
				}
			}
			continue
		}
		if i < next {
			continue
		}
		// Most words begin no expression: tell them before calling at.
		var l leads
		if w := r.text[t.start:t.end]; !isDigit(w[0]) {
			if !mayLead(w) {
				continue
			}
			if l = wordLeadsOf(w); l == 0 {
				continue
			}
		}
		r.quoted = inQuote
		f, ok := r.at(i, l)
		if !ok {
			continue
		}
		next = f.end
		if f.kind == leftOut {
			r.hasSecond = false
			continue // recognised, so its words are not reused, but not resolved
		}
		r.remember(f)
		dates = append(dates, f)
		if r.hasSecond {
			// The second day or year of a range: "Nov. 6-7", "1957-58".
			r.hasSecond = false
			next = r.second.end
			r.remember(r.second)
			dates = append(dates, r.second)
		}
	}
	return r, dates, sc
}

// outputLabeled returns the dates found, each its span and its value;
// the values are pieces of one string, one allocation for the dates of a
// text rather than one a date.
func (r *resolver) outputLabeled(dates []found, sc *scratch) []Labeled {
	if len(dates) == 0 {
		return nil
	}
	out := make([]Labeled, len(dates))
	chars, valueEnds := sc.chars[:0], sc.valueEnds[:0]
	for k, f := range dates {
		out[k].Start, out[k].End = r.toks[f.start].start, r.toks[f.end-1].end
		chars = f.appendValue(chars)
		valueEnds = append(valueEnds, len(chars))
	}
	all, pos := string(chars), 0
	for k := range out {
		out[k].Label, pos = all[pos:valueEnds[k]], valueEnds[k]
	}
	sc.chars, sc.valueEnds = chars[:0], valueEnds[:0]
	return out
}

// scratches recycles the working slices of finished calls: the tokens of a
// text take several times its size, and allocating (and clearing) them anew
// for every article cost more than resolving its dates. The pool lets the
// garbage collector reclaim a scratch that a huge text left behind.
var scratches = sync.Pool{New: func() any { return new(scratch) }}

type scratch struct {
	toks      []token
	dates     []found
	chars     []byte // the Text and Value of each date, one after the other
	valueEnds []int  // where in chars each Value ends
}

// civil returns the calendar day y-m-d as a time at noon UTC, so that adding
// days never meets a daylight-saving change or a date-line surprise.
func civil(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

// resolver holds the state of one pass over an article.
type resolver struct {
	text   []byte
	toks   []token
	quoted bool // the token that at tries is inside a quotation
	pub    time.Time
	ref    time.Time // the last day mentioned, for "the next day"
	hasRef bool
	// The last day mentioned was counted from another ("the next day"),
	// not named ("on Monday").
	refCounted bool
	// The last month (from a day or a month) and the last year (from a
	// day, a month or a year) mentioned, for "a month later" and "two
	// years earlier": "in 2019 ... two years later" counts from 2019.
	refMonth, refYear       time.Time
	hasRefMonth, hasRefYear bool
	prevStart, prevEnd      int  // the tokens of the last date found
	prevYr                  bool // the last date found was a bare year ("between 2019 and 2021")
	// The second date of a range ("Nov. 6-7", "March 3 and 4", "1957-58"),
	// set by the reader of the first, which ends before it.
	second    found
	hasSecond bool
	// The last year value found before publication's year, and the token
	// just past it: the year its sentence is about (see focusYear).
	focus    int
	focusEnd int
}

// found is a date expression over tokens [start, end) and its value, which
// is formatted (by appendValue) only once the expression is kept.
type found struct {
	start, end int
	kind       valueKind
	day        time.Time // a day, or a day in a week
	year       int       // a month or a year
	month      time.Month
	counted    bool // counted from another date: "the next day", "two days later"
}

// valueKind is the kind of calendar value a date expression resolves to.
type valueKind uint8

const (
	leftOut    valueKind = iota // recognised, but left out of the results
	dayValue                    // 2022-02-09
	weekValue                   // 2022-W05, the ISO week
	monthValue                  // 2022-02
	yearValue                   // 2022
)

func dayFound(start, end int, t time.Time) found {
	return found{start: start, end: end, kind: dayValue, day: t}
}

func weekFound(start, end int, t time.Time) found {
	return found{start: start, end: end, kind: weekValue, day: t}
}

func monthFound(start, end, y int, m time.Month) found {
	return found{start: start, end: end, kind: monthValue, year: y, month: m}
}

func yearFound(start, end, y int) found {
	return found{start: start, end: end, kind: yearValue, year: y}
}

// appendValue appends the calendar value of f to b. The digits are written
// by hand rather than with time.Format or fmt, which cost more than finding
// the date; years outside 0-9999, which only made-up input reaches, take
// the general formatting, whose signs and widths the values keep.
func (f found) appendValue(b []byte) []byte {
	switch f.kind {
	case dayValue:
		y, m, d := f.day.Date()
		if !fourDigitYear(y) {
			return f.day.AppendFormat(b, "2006-01-02")
		}
		b = append(appendDigits(b, y, 4), '-')
		b = append(appendDigits(b, int(m), 2), '-')
		return appendDigits(b, d, 2)
	case weekValue:
		y, w := f.day.ISOWeek()
		if !fourDigitYear(y) {
			return fmt.Appendf(b, "%04d-W%02d", y, w)
		}
		b = append(appendDigits(b, y, 4), '-', 'W')
		return appendDigits(b, w, 2)
	case monthValue:
		if !fourDigitYear(f.year) {
			return fmt.Appendf(b, "%04d-%02d", f.year, int(f.month))
		}
		b = append(appendDigits(b, f.year, 4), '-')
		return appendDigits(b, int(f.month), 2)
	case yearValue:
		if !fourDigitYear(f.year) {
			return fmt.Appendf(b, "%04d", f.year)
		}
		return appendDigits(b, f.year, 4)
	}
	return b
}

// isFourCharYear reports whether f is a year whose value has four
// characters, as "%04d" writes it: "2019" or "0999", but also "-999".
func (f found) isFourCharYear() bool {
	return f.kind == yearValue && -999 <= f.year && f.year <= 9999
}

func fourDigitYear(y int) bool { return 0 <= y && y <= 9999 }

// appendDigits appends n >= 0 as width decimal digits, zero-padded.
func appendDigits(b []byte, n, width int) []byte {
	start := len(b)
	for range width {
		b = append(b, '0')
	}
	for i := len(b) - 1; i >= start && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

func (r *resolver) tokenize() {
	// News text averages about five bytes a token, punctuation included.
	if want := len(r.text)/4 + 1; cap(r.toks) < want {
		r.toks = make([]token, 0, want)
	}
	r.toks = appendTokens(r.toks, r.text)
}

// word returns the text of token i, or "" past the ends. The string
// shares the bytes of the text rather than copying them: words are read for
// almost every token, and a copy each time cost more than the reading. No
// word outlives the call to ResolveDates, which never writes to the text.
func (r *resolver) word(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	t := r.toks[i]
	if t.start == t.end {
		return ""
	}
	return unsafe.String(&r.text[t.start], t.end-t.start)
}

// is reports whether token i is one of the words.
func (r *resolver) is(i int, words ...string) bool {
	if i < 0 || i >= len(r.toks) {
		return false
	}
	t := r.toks[i]
	if t.key != 0 {
		for _, w := range words {
			if len(w) == 1 && w[0] == t.key {
				return true
			}
		}
		return false
	}
	b := r.text[t.start:t.end]
	for _, w := range words {
		if string(b) == w {
			return true
		}
	}
	return false
}

// isFold is like is, ignoring the case of the first letter: "Last week".
func (r *resolver) isFold(i int, words ...string) bool {
	if i < 0 || i >= len(r.toks) || !r.toks[i].word {
		return false
	}
	t := r.toks[i]
	b := r.text[t.start:t.end]
	for _, w := range words {
		if len(b) == len(w) && (string(b) == w || b[0]|0x20 == w[0] && string(b[1:]) == w[1:]) {
			return true
		}
	}
	return false
}

// joined reports whether token i touches the token before it.
func (r *resolver) joined(i int) bool {
	return i > 0 && i < len(r.toks) && r.toks[i].gap == gapNone
}

// number returns the value of token i when it is all ASCII digits.
func (r *resolver) number(i int) (n, digits int, ok bool) {
	if i < 0 || i >= len(r.toks) || !r.toks[i].word {
		return 0, 0, false
	}
	t := r.toks[i]
	b := r.text[t.start:t.end]
	if len(b) > 9 {
		return 0, 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b), true
}

// partOfNumber reports whether token i is glued to digits around it, as in
// "3,000" or "2.5", so that it is a piece of a larger number.
func (r *resolver) partOfNumber(i int) bool {
	if r.joined(i) && r.is(i-1, ",", ".") && r.joined(i-1) {
		if _, _, ok := r.number(i - 2); ok {
			return true
		}
	}
	if r.joined(i+1) && r.is(i+1, ",", ".", ":") && r.joined(i+2) {
		if _, _, ok := r.number(i + 2); ok {
			return true
		}
	}
	return false
}

// dayOfMonth reads token i as a day of the month: "3", "03", "3rd", "22nd".
func (r *resolver) dayOfMonth(i int) (int, bool) {
	if n, digits, ok := r.number(i); ok {
		if digits <= 2 && n >= 1 && n <= 31 && !r.partOfNumber(i) {
			return n, true
		}
		return 0, false
	}
	w := r.word(i)
	if len(w) < 3 || len(w) > 4 || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	suffix := w[len(w)-2:]
	if suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" {
		return 0, false
	}
	n, err := strconv.Atoi(w[:len(w)-2])
	if err != nil || n < 1 || n > 31 || w[0] < '0' || w[0] > '9' {
		return 0, false
	}
	return n, true
}

// year reads token i as a four-digit year.
func (r *resolver) year(i int) (int, bool) {
	n, digits, ok := r.number(i)
	if !ok || digits != 4 || n < 1000 || n > 2999 || r.partOfNumber(i) {
		return 0, false
	}
	return n, true
}

var months = map[string]time.Month{
	"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
	"July": 7, "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
}

// monthAbbrevs are only read as months next to a day or a year: "Jan" and
// "Mar" are names and words too.
var monthAbbrevs = map[string]time.Month{
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
	"Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

// month reads a month name at token i and returns the index just past it
// (past the period of an abbreviation) and whether it was written in full.
func (r *resolver) month(i int) (m time.Month, next int, full, ok bool) {
	name, ok := monthNames.get(r.bytes(i))
	switch {
	case !ok:
		return 0, 0, false, false
	case name.full:
		return name.month, i + 1, true, true
	case r.is(i+1, ".") && r.joined(i+1):
		return name.month, i + 2, false, true
	}
	return name.month, i + 1, false, true
}

// monthName is a month's name in monthNames: written in full or not.
type monthName struct {
	month time.Month
	full  bool
}

// monthNames merges months and monthAbbrevs, for one cheap lookup.
var monthNames = newWordTable(func() map[string]monthName {
	m := make(map[string]monthName)
	for w, month := range monthAbbrevs {
		m[w] = monthName{month, false}
	}
	for w, month := range months {
		m[w] = monthName{month, true}
	}
	return m
}())

var weekdays = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday,
	"Wednesday": time.Wednesday, "Thursday": time.Thursday, "Friday": time.Friday,
	"Saturday": time.Saturday,
}

// notWeekdayBefore and notWeekdayAfter mark names that contain a weekday
// but are not a date of this week: "Black Friday", "Bloody Sunday", "the
// Sunday Times".
var (
	notWeekdayBefore = map[string]bool{
		"Black": true, "Good": true, "Bloody": true, "Cyber": true, "Ash": true,
		"Easter": true, "Palm": true, "Holy": true, "Maundy": true, "Super": true,
		"Shrove": true, "Mail": true,
	}
	notWeekdayAfter = map[string]bool{
		"Times": true, "Telegraph": true, "Express": true, "Mirror": true, "Post": true,
		"Herald": true, "Independent": true, "Mail": true, "Sport": true, "People": true,
	}
)

// weekdayNames is weekdays, for the lookups of every word after "this",
// "last" or "next".
var weekdayNames = newWordTable(weekdays)

func (r *resolver) weekday(i int) (time.Weekday, bool) {
	wd, ok := weekdayNames.get(r.bytes(i))
	if !ok || notWeekdayBefore[r.word(i-1)] || notWeekdayAfter[r.word(i+1)] {
		return 0, false
	}
	if r.is(i-1, "on") && r.word(i-2) == "Mail" {
		return 0, false // the Mail on Sunday
	}
	return wd, true
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"A": 1, "An": 1, "One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5, "Six": 6,
	"Seven": 7, "Eight": 8, "Nine": 9, "Ten": 10, "Eleven": 11, "Twelve": 12,
}

// count reads a small count at token i: "3" or "three" or "a".
func (r *resolver) count(i int) (int, bool) {
	if n, digits, ok := r.number(i); ok && digits <= 3 && !r.partOfNumber(i) {
		return n, true
	}
	return countWords.get(r.bytes(i))
}

// countWords is numberWords, for the lookup of every "a" and "an".
var countWords = newWordTable(numberWords)

// unit reads a calendar unit at token i, singular or plural.
func (r *resolver) unit(i int) (string, bool) {
	switch r.word(i) {
	case "day", "days":
		return "day", true
	case "week", "weeks":
		return "week", true
	case "month", "months":
		return "month", true
	case "year", "years":
		return "year", true
	}
	return "", false
}

// shift moves t by n units, keeping the unit as the value's granularity,
// except that weeks counted from a day ("a week later") stay days.
func shift(start, end int, t time.Time, unit string, n int, weekAsDay bool) found {
	switch unit {
	case "day":
		return dayFound(start, end, t.AddDate(0, 0, n))
	case "week":
		if weekAsDay {
			return dayFound(start, end, t.AddDate(0, 0, 7*n))
		}
		return weekFound(start, end, t.AddDate(0, 0, 7*n))
	case "month":
		t = civil(t.Year(), t.Month(), 1).AddDate(0, n, 0)
		return monthFound(start, end, t.Year(), t.Month())
	default:
		return yearFound(start, end, t.Year()+n)
	}
}

// leads is a set of the expressions that a word can begin, besides the
// numbers: at tries only those, since every one of them first tests the
// word it starts at, and most words of a text begin none.
type leads uint8

const (
	leadsWeekday  leads = 1 << iota // weekdayDate: a weekday name
	leadsMonth                      // monthFirst: a month name
	leadsRelative                   // relative: relativeWords
	leadsCount                      // counted: numberWords
	leadsAnaphora                   // anaphora: anaphoraWords
	leadsHoliday                    // holiday: the first word of a holidays name
	leadsWordYear                   // wordYear: centuryWords
	// that: the unit of "that week", which "that" itself does not lead,
	// being too common a word to try each time.
	leadsThatUnit
)

// relativeWords and anaphoraWords are the words that relative and anaphora
// begin with, read with either case of the first letter (see isFold).
var (
	relativeWords = []string{
		"today", "tonight", "yesterday", "tomorrow", "this", "last", "past",
		"previous", "next", "coming",
	}
	anaphoraWords = []string{"the", "later", "earlier"}
)

// wordLeads maps each word that begins an expression to what it begins.
var wordLeads = newWordTable(func() map[string]leads {
	m := make(map[string]leads)
	for _, names := range []map[string]time.Month{months, monthAbbrevs} {
		for w := range names {
			m[w] |= leadsMonth
		}
	}
	for w := range weekdays {
		m[w] |= leadsWeekday
	}
	for w := range numberWords {
		m[w] |= leadsCount
	}
	for _, w := range relativeWords {
		m[w] |= leadsRelative
		m[string(w[0]-'a'+'A')+w[1:]] |= leadsRelative
	}
	for _, w := range anaphoraWords {
		m[w] |= leadsAnaphora
		m[string(w[0]-'a'+'A')+w[1:]] |= leadsAnaphora
	}
	for _, h := range holidays {
		m[h.words[0]] |= leadsHoliday
	}
	for _, w := range []string{"day", "week", "month", "year", "morning", "afternoon", "evening", "night"} {
		m[w] |= leadsThatUnit
	}
	for w := range centuryWords {
		m[w] |= leadsWordYear
		m[string(w[0]-'a'+'A')+w[1:]] |= leadsWordYear
	}
	return m
}())

// leadLengths has bit n of entry c set when a word of wordLeads starts
// with byte c and is n bytes long: a test much cheaper than the map lookup
// that most words of a text fail.
var leadLengths = func() (t [256]uint32) {
	for _, s := range wordLeads.slots {
		if s.word != "" {
			t[s.word[0]] |= 1 << len(s.word)
		}
	}
	return t
}()

// mayLead reports whether word w passes leadLengths. It is kept apart from
// wordLeadsOf so that it is inlined.
func mayLead(w []byte) bool {
	return len(w) < 32 && leadLengths[w[0]]&(1<<len(w)) != 0
}

// wordLeadsOf returns what word w can begin.
func wordLeadsOf(w []byte) leads {
	l, _ := wordLeads.get(w)
	return l
}

// at tries every kind of date expression at word token i, longest first.
// A word other than a number tries only what it leads, the wordLeads of
// the word, in the same order; a number has no leads.
func (r *resolver) at(i int, l leads) (found, bool) {
	var f found
	var ok bool
	if l == 0 {
		// A number: its digits tell which readers can take it, in the
		// order isoDate, dayFirst, bareYear, dayRange, counted.
		switch _, digits, isNumber := r.number(i); {
		case isNumber && digits == 4: // a year
			if f, ok = r.isoDate(i); !ok {
				f, ok = r.bareYear(i)
			}
		case isNumber && digits == 3: // a count
			f, ok = r.counted(i)
			f.counted = ok
		case isNumber && digits > 4:
		default: // a day, an ordinal or a count
			if f, ok = r.dayFirst(i); !ok {
				if f, ok = r.dayRange(i); !ok {
					f, ok = r.counted(i)
					f.counted = ok
				}
			}
		}
	} else {
		if l&leadsWeekday != 0 {
			f, ok = r.weekdayDate(i)
		}
		if !ok && l&leadsMonth != 0 {
			f, ok = r.monthFirst(i)
		}
		if !ok && l&leadsRelative != 0 {
			f, ok = r.relative(i)
		}
		if !ok && l&leadsHoliday != 0 {
			f, ok = r.holiday(i)
		}
		if !ok && l&leadsWordYear != 0 {
			f, ok = r.wordYear(i)
		}
		if !ok && l&leadsCount != 0 {
			f, ok = r.counted(i)
			f.counted = ok
		}
		if !ok && l&leadsAnaphora != 0 {
			f, ok = r.anaphora(i)
			f.counted = ok
		}
		if !ok && l&leadsThatUnit != 0 && i-1 >= r.prevEnd && r.isFold(i-1, "that") {
			f, ok = r.that(i - 1)
			f.counted = ok
		}
		if !ok && l&leadsThatUnit != 0 {
			f, ok = r.yearEnd(i)
		}
	}
	if ok {
		r.prevYr = f.isFourCharYear()
		r.prevStart, r.prevEnd = f.start, f.end
		if r.hasSecond {
			r.prevYr = r.second.isFourCharYear()
			r.prevEnd = r.second.end
		}
	}
	return f, ok
}

// isoDate reads 2022-02-03 or 2022/02/03.
func (r *resolver) isoDate(i int) (found, bool) {
	y, ok := r.year(i)
	if !ok || !r.is(i+1, "-", "/") || !r.joined(i+1) || !r.is(i+3, r.word(i+1)) || !r.joined(i+3) || !r.joined(i+2) || !r.joined(i+4) {
		return found{}, false
	}
	m, md, ok1 := r.number(i + 2)
	d, dd, ok2 := r.number(i + 4)
	if !ok1 || !ok2 || md > 2 || dd > 2 || r.joined(i+5) && r.toks[i+5].word {
		return found{}, false
	}
	t, ok := validDay(y, time.Month(m), d)
	if !ok {
		return found{}, false
	}
	return dayFound(i, i+5, t), true
}

func validDay(y int, m time.Month, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := civil(y, m, d)
	if t.Month() != m {
		return time.Time{}, false
	}
	return t, true
}

// dayFirst reads "3 February", "3rd of February", "3 February 2022" and
// "3 Feb. 2022".
func (r *resolver) dayFirst(i int) (found, bool) {
	d, ok := r.dayOfMonth(i)
	if !ok {
		return found{}, false
	}
	j := i + 1
	if r.is(j, "of") {
		j++
	}
	m, next, _, ok := r.month(j)
	if !ok {
		return found{}, false
	}
	k := next
	if r.is(k, ",") {
		k++
	}
	if y, ok := r.year(k); ok {
		if t, ok := validDay(y, m, d); ok {
			return dayFound(i, k+1, t), true
		}
		return found{}, false
	}
	return r.dayMonth(i, next, m, d)
}

// secondDay reads the second day of a range after a day d at token k: "-7"
// in "Nov. 6-7", "and 4" in "March 3 and 4". It returns the day and the
// index just past it.
func (r *resolver) secondDay(k, d int) (int, int, bool) {
	switch {
	case r.is(k, "-") && r.joined(k) && r.joined(k+1):
	case r.is(k, "and", "to", "through", "-"):
	default:
		return 0, 0, false
	}
	d2, ok := r.dayOfMonth(k + 1)
	if !ok || d2 <= d {
		return 0, 0, false
	}
	// The number must end the phrase: not "March 3 and 4 April", which
	// is two dates, nor "on March 3 and 4 others".
	after := k + 2
	if after < len(r.toks) && r.toks[after].word && !prepositions[r.word(after)] && !r.endsPhrase(after) {
		return 0, 0, false
	}
	if _, _, _, ok := r.month(after); ok {
		return 0, 0, false
	}
	return d2, k + 2, true
}

// setSecond records the second date of a range, to follow the first.
func (r *resolver) setSecond(f found) {
	r.second, r.hasSecond = f, true
}

// dayRange reads a range whose month comes after the second day: "6-7
// November", "between 3 and 5 June", "3 to 5 June 2024".
func (r *resolver) dayRange(i int) (found, bool) {
	// Every number that is no other date comes here: the word after it
	// rules out most of them before the number is read.
	k := i + 1
	if k >= len(r.toks) || r.toks[k].key != hyphenKey[0] && !r.is(k, "and", "to", "through") {
		return found{}, false
	}
	d, ok := r.dayOfMonth(i)
	if !ok {
		return found{}, false
	}
	f2, ok := r.dayFirst(k + 1)
	if !ok || f2.kind != dayValue || f2.day.Day() <= d {
		return found{}, false
	}
	t1, ok := validDay(f2.day.Year(), f2.day.Month(), d)
	if !ok {
		return found{}, false
	}
	r.setSecond(f2)
	return dayFound(i, i+1, t1), true
}

// dayMonth resolves a day and month without a year over tokens [i, end).
func (r *resolver) dayMonth(i, end int, m time.Month, d int) (found, bool) {
	y := r.pub.Year()
	if _, ok := validDay(y, m, d); !ok && !(m == 2 && d == 29) {
		return found{}, false
	}
	if y, next, ok := r.yearAfter(end); ok {
		if t, ok := validDay(y, m, d); ok {
			return dayFound(i, next, t), true
		}
		return found{}, false
	}
	t := r.inferYear(i, end, func(y int) (time.Time, bool) { return validDay(y, m, d) }, dayAhead, 7)
	if t.IsZero() {
		return found{}, false
	}
	return dayFound(i, end, t), true
}

// yearAfter reads the year named after a day or month at token i: "(of)
// last year", "this year", "next year". It returns the year and the index
// just past the expression.
func (r *resolver) yearAfter(i int) (y, next int, ok bool) {
	if r.is(i, "of") {
		i++
	}
	if !r.is(i+1, "year") {
		return 0, 0, false
	}
	switch r.word(i) {
	case "last":
		return r.pub.Year() - 1, i + 2, true
	case "this":
		return r.pub.Year(), i + 2, true
	case "next":
		return r.pub.Year() + 1, i + 2, true
	case "that":
		if r.hasRefYear {
			return r.refYear.Year(), i + 2, true // "Oct. 4 of that year"
		}
	}
	return 0, 0, false
}

// dayAhead is how many days after publication a day in a clause told in
// the past may lie and keep the publication's year: news gives the year of
// a date nearly a year old, so "has called a summit for Sept. 24" a week
// before it is this year's.
const dayAhead = 30

// deadlineSlack is how many days after publication a deadline in a clause
// told in the past may lie.
const deadlineSlack = 92

// isDeadline reports whether the expression at token i follows a word that
// makes it a deadline: "by", "until", "till" or "through".
func (r *resolver) isDeadline(i int) bool {
	return r.isFold(i-1, "by", "until", "till", "through")
}

// inferYear picks the year of a day or month given without one: the
// publication year, moved back a year when the clause is in the past and
// the date would fall after publication, and forward when it is in the
// future and the date would fall before. With no sign of tense it takes
// the nearest of the three. The end of a range ("between Thanksgiving and
// Christmas") does not come before its start. ahead is how
// far, in days, a date in a past clause may lie after publication, and
// slack how far one in a future clause may lie before it, before it moves.
func (r *resolver) inferYear(i, end int, at func(y int) (time.Time, bool), ahead, slack int) time.Time {
	y := r.pub.Year()
	tense := r.dateTense(i, end)
	if r.isFold(i-1, "since") || r.is(i-1, "early", "late", "mid") && r.isFold(i-2, "since") {
		tense = past // "since November", "since early October"
	}
	if t, ok := r.rangeEnd(i, at); ok {
		return t
	}
	if tense == past && r.isDeadline(i) {
		// A deadline ("until Dec. 31", "by Jan. 15") may lie in the next
		// few months even in a clause told in the past: "gave the company
		// until Dec. 31", "vowed to act by Jan. 15".
		slack = max(slack, deadlineSlack)
		if c, ok := at(y + 1); ok && !c.After(r.pub.AddDate(0, 0, slack)) {
			return c
		}
	}
	cand, ok := at(y)
	switch tense {
	case past:
		if !ok || cand.After(r.pub.AddDate(0, 0, max(slack, ahead))) {
			cand, ok = at(y - 1)
		}
	case future:
		if !ok || cand.Before(r.pub.AddDate(0, 0, -slack)) {
			cand, ok = at(y + 1)
		}
	default:
		return r.nearestYear(at)
	}
	if !ok {
		return time.Time{}
	}
	return cand
}

// nearestYear returns the candidate from the publication year or the years
// either side that lies nearest to the publication date.
func (r *resolver) nearestYear(at func(y int) (time.Time, bool)) time.Time {
	y := r.pub.Year()
	best, bestDist := time.Time{}, time.Duration(-1)
	for _, yy := range []int{y, y - 1, y + 1} {
		c, ok := at(yy)
		if !ok {
			continue
		}
		dist := c.Sub(r.pub)
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best
}

// monthFirst reads "February 3", "Feb. 3, 2022", "November 2022" and, after
// a preposition, a month alone: "in June".
func (r *resolver) monthFirst(i int) (found, bool) {
	m, next, full, ok := r.month(i)
	if !ok {
		return found{}, false
	}
	if d, ok := r.dayOfMonth(next); ok && !(r.joined(next+1) && r.is(next+1, ":")) {
		k := next + 1
		if r.is(k, ",") {
			k++
		}
		if y, ok := r.year(k); ok {
			if t, ok := validDay(y, m, d); ok {
				return dayFound(i, k+1, t), true
			}
			return found{}, false
		}
		if d2, end, ok := r.secondDay(next+1, d); ok {
			// "Nov. 6-7", "March 3 and 4", "Nov. 6-7, 2024"
			k := end
			if r.is(k, ",") {
				k++
			}
			if y, ok := r.year(k); ok {
				t1, ok1 := validDay(y, m, d)
				t2, ok2 := validDay(y, m, d2)
				if !ok1 || !ok2 {
					return found{}, false
				}
				r.setSecond(dayFound(end-1, k+1, t2))
				return dayFound(i, next+1, t1), true
			}
			f, ok := r.dayMonth(i, next+1, m, d)
			if !ok {
				return found{}, false
			}
			if t2, ok := validDay(f.day.Year(), m, d2); ok {
				r.setSecond(dayFound(end-1, end, t2))
			}
			return f, true
		}
		return r.dayMonth(i, next+1, m, d)
	}
	k := next
	if r.is(k, ",") {
		k++
	}
	if y, ok := r.year(k); ok {
		return monthFound(i, k+1, y, m), true
	}
	if !full {
		return found{}, false
	}
	if y, end, ok := r.yearAfter(next); ok {
		return monthFound(i, end, y, m), true // "in March last year"
	}
	// A month alone is a date only after a word that introduces one:
	// "in June", "since March", "mid-May", "last December".
	prev := i - 1
	if r.is(prev, "-") && r.joined(i) {
		prev--
	}
	switch {
	case r.isFold(prev, "last", "past"):
		return r.monthRelative(prev, next, m, -1), true
	case r.isFold(prev, "next", "coming"):
		return r.monthRelative(prev, next, m, +1), true
	case r.isFold(prev, "this"):
		return monthFound(prev, next, r.pub.Year(), m), true
	case monthIntroducers.has(r.bytes(prev)),
		r.isFold(prev, "and", "to", "or") && r.prevEnd == prev,
		// A month as a possessive's modifier: "its August prices"; not "the
		// August heat", which may be any August, nor "their May government".
		possessives[r.word(prev)] && m != time.May && r.lowerWord(next):
		if fy, ok := r.focusYear(i); ok && r.tense(i, next) != future {
			return monthFound(i, next, fy, m), true
		}
		at := func(y int) (time.Time, bool) { return civil(y, m, 1), true }
		var t time.Time
		if r.isFold(prev, "by") || r.is(prev, "of") && r.is(prev-1, "end", "start", "beginning", "middle") &&
			r.is(prev-2, "the") && r.isFold(prev-3, "by") {
			// A deadline: "pledges by (the end of) March" points ahead even in a
			// clause told in the past, so take the nearest March.
			t = r.nearestYear(at)
		} else {
			t = r.inferYear(i, next, at, 0, 0)
		}
		if m == r.pub.Month() {
			t = civil(r.pub.Year(), m, 1)
		}
		return monthFound(i, next, t.Year(), m), true
	}
	return found{}, false
}

var possessives = map[string]bool{"its": true, "their": true, "his": true, "her": true, "our": true}

// monthIntroducers make a month alone after them a date: "in June",
// "since March", "mid-May".
var monthIntroducers = newWordSet(
	"in", "since", "by", "until", "till", "from", "through", "throughout", "during", "of",
	"early", "late", "mid", "before", "after", "between", "around", "for")

// wordSet is a wordTable of words, each in lower case and with a capital.
type wordSet struct{ t *wordTable[bool] }

func newWordSet(words ...string) wordSet {
	m := make(map[string]bool, 2*len(words))
	for _, w := range words {
		m[w] = true
		m[string(w[0]-'a'+'A')+w[1:]] = true
	}
	return wordSet{newWordTable(m)}
}

func (s wordSet) has(w []byte) bool {
	_, ok := s.t.get(w)
	return ok
}

// bytes returns the text of token i, or nil past the ends.
func (r *resolver) bytes(i int) []byte {
	if i < 0 || i >= len(r.toks) {
		return nil
	}
	t := r.toks[i]
	return r.text[t.start:t.end]
}

// lowerWord reports whether token i is a word that begins in lower case.
func (r *resolver) lowerWord(i int) bool {
	w := r.word(i)
	return w != "" && w[0] >= 'a' && w[0] <= 'z' && r.toks[i].word
}

// monthRelative resolves "last June" (dir -1) and "next June" (dir +1): the
// nearest such month strictly before or after the publication month.
func (r *resolver) monthRelative(start, end int, m time.Month, dir int) found {
	y := r.pub.Year()
	if dir < 0 && m >= r.pub.Month() {
		y--
	}
	if dir > 0 && m <= r.pub.Month() {
		y++
	}
	return monthFound(start, end, y, m)
}

// Words that introduce a bare four-digit number as a year; the strong ones
// almost always do, the weak ones ("for", "the") often enough.
var (
	strongYearWords = map[string]bool{
		"in": true, "since": true, "during": true, "until": true, "till": true, "before": true,
		"after": true, "early": true, "late": true, "mid": true, "through": true,
		"throughout": true, "circa": true, "between": true, "In": true, "Since": true,
		"During": true, "Until": true, "Before": true, "After": true, "Between": true,
		"Through": true, "Throughout": true, "Early": true, "Late": true,
	}
	weakYearWords = map[string]bool{
		"for": true, "of": true, "by": true, "from": true, "the": true, "its": true,
		"their": true, "his": true, "her": true, "By": true, "From": true, "For": true,
		"The": true, "year": true, "a": true, "A": true, "an": true, "An": true,
		"fiscal": true, "spring": true, "summer": true, "autumn": true, "fall": true,
		"winter": true, "Spring": true, "Summer": true, "Autumn": true, "Fall": true,
		"Winter": true,
	}
	// pluralNouns are counted nouns that do not end in s: "2500 people".
	pluralNouns = map[string]bool{
		"people": true, "children": true, "men": true, "women": true, "police": true,
		"staff": true, "personnel": true, "cattle": true, "sheep": true, "fish": true,
		"troops": true, "feet": true, "teeth": true, "mice": true, "geese": true,
	}
	// notPlural are words ending in s that are not counted nouns.
	notPlural = map[string]bool{
		"was": true, "has": true, "is": true, "as": true, "his": true, "its": true,
		"this": true, "thus": true, "plus": true, "us": true, "whereas": true,
		"across": true, "unless": true, "less": true, "always": true, "perhaps": true,
		"yes": true, "does": true, "says": true, "remains": true, "sees": true, "saw": true,
	}
	// units never follow a year.
	units = map[string]bool{
		"km": true, "kg": true, "m": true, "mm": true, "cm": true, "ft": true, "mi": true,
		"percent": true, "per": true, "%": true, "times": true, "mph": true, "kph": true,
		// Time zones make the number a time of day: "by 1400 GMT".
		"GMT": true, "UTC": true, "BST": true, "CET": true, "CEST": true, "EST": true,
		"EDT": true, "ET": true, "PST": true, "PDT": true, "local": true, "hrs": true, "h": true,
	}
)

// bareYear reads a four-digit year that the words around it mark as one:
// "since 2008", "in 1999", "targets for 2030", "mid-2022".
func (r *resolver) bareYear(i int) (found, bool) {
	y, ok := r.year(i)
	if !ok {
		return found{}, false
	}
	next := r.word(i + 1)
	if units[next] || pluralNouns[next] || r.joined(i+1) && r.toks[i+1].word {
		return found{}, false
	}
	if next == "levels" || next == "level" {
		// "below 1990 levels": the levels of a year.
		if r.isFold(i-1, "below", "above", "to", "from", "at", "near", "pre") {
			return yearFound(i, i+1, y), true
		}
		return found{}, false
	}
	prev := i - 1
	if r.is(i+1, "-", "/") && r.joined(i+1) && r.joined(i+2) {
		if n, digits, ok := r.number(i + 2); ok && digits == 2 && n == (y+1)%100 {
			// "the 2024-25 season", "fiscal 2023/24": two years.
			r.setSecond(yearFound(i+2, i+3, y+1))
			return yearFound(i, i+1, y), true
		}
	}
	if r.is(i+1, aposKey) && r.joined(i+1) && r.is(i+2, "s") && r.joined(i+2) {
		// "2023's catch" is a year; "the 1990's" is a decade.
		if y%10 == 0 && r.isFold(prev, "the", "early", "late", "mid") {
			return found{start: i, end: i + 3}, true
		}
		return yearFound(i, i+1, y), true
	}
	hyphenated := r.is(prev, "-") && r.joined(i) && r.isFold(prev-1, "mid", "end", "early", "late")
	if hyphenated {
		prev-- // "mid-2022", "end-2023"
	}
	w := r.word(prev)
	switch {
	case hyphenated, strongYearWords[w], weakYearWords[w]:
	case r.is(prev, "s") && r.joined(prev) && r.is(prev-1, aposKey):
		// "Russia's 2014 annexation"
	case (r.isFold(prev, "and", "to", "or") || r.is(prev, "-")) && r.prevEnd == prev && r.prevYr:
		// the second year of "between 2019 and 2021"
	case r.is(prev, ",") && r.prevEnd == prev && r.prevYr && r.is(i+1, ",", "and", "or"):
		// a year inside a list: "in 2019, 2020 and 2021", not "in 2020, 1200 died"
	default:
		return found{}, false
	}
	// A plural noun after the number makes it a quantity: "2000 soldiers".
	if looksPlural(next) {
		return found{}, false
	}
	return yearFound(i, i+1, y), true
}

// looksPlural reports whether w looks like a plural noun: "soldiers", but
// not "analysis", "census" or "was".
func looksPlural(w string) bool {
	if len(w) <= 2 || w[len(w)-1] != 's' || w[0] < 'a' || w[0] > 'z' || notPlural[w] {
		return false
	}
	switch w[len(w)-2] {
	case 's', 'u', 'i':
		return false
	}
	return true
}

// weekdayDate reads a weekday, alone ("on Wednesday", "Tuesday night") or
// naming a date written after it ("Monday, February 7").
func (r *resolver) weekdayDate(i int) (found, bool) {
	wd, ok := r.weekday(i)
	if !ok {
		return found{}, false
	}
	start := i
	if r.isFold(i-1, "on") && r.prevEnd < i {
		start = i - 1
	}
	j := i + 1
	if r.is(j, ",") {
		j++
	}
	if f, ok := r.dayFirst(j); ok {
		f.start = start
		return f, true
	}
	if f, ok := r.monthFirst(j); ok && f.kind == dayValue {
		f.start = start
		return f, true
	}
	end := i + 1
	if r.is(end, "morning", "afternoon", "evening", "night") {
		end++
	}
	switch r.dateTense(i, end) {
	case future:
		return dayFound(start, end, r.nextWeekday(wd, false)), true
	case noTense:
		// A weekday that something runs until or from lies ahead: "talks
		// continue until Saturday".
		if r.isFold(start-1, "until", "till", "from", "through") {
			return dayFound(start, end, r.nextWeekday(wd, false)), true
		}
	}
	return dayFound(start, end, r.lastWeekday(wd, false)), true
}

// lastWeekday returns the most recent wd on or before publication (strictly
// before when strict is set).
func (r *resolver) lastWeekday(wd time.Weekday, strict bool) time.Time {
	return weekdayBefore(r.pub, wd, strict)
}

// nextWeekday returns the first wd on or after publication (strictly after
// when strict is set).
func (r *resolver) nextWeekday(wd time.Weekday, strict bool) time.Time {
	return weekdayAfter(r.pub, wd, strict)
}

// weekdayBefore returns the most recent wd on or before t (strictly before
// when strict is set).
func weekdayBefore(t time.Time, wd time.Weekday, strict bool) time.Time {
	back := (int(t.Weekday()) - int(wd) + 7) % 7
	if back == 0 && strict {
		back = 7
	}
	return t.AddDate(0, 0, -back)
}

// weekdayAfter returns the first wd on or after t (strictly after when
// strict is set).
func weekdayAfter(t time.Time, wd time.Weekday, strict bool) time.Time {
	ahead := (int(wd) - int(t.Weekday()) + 7) % 7
	if ahead == 0 && strict {
		ahead = 7
	}
	return t.AddDate(0, 0, ahead)
}

// relative reads the expressions that count from the publication date:
// "today", "yesterday", "tomorrow", "tonight", "this morning", "last
// night", "last week", "next month", "this year", "last Monday". Its first
// word is one of relativeWords, which at relies on.
func (r *resolver) relative(i int) (found, bool) {
	day := func(end, offset int) (found, bool) {
		if r.quoted {
			// Quoted speech has its own "today", not the publication date.
			return found{start: i, end: end}, true
		}
		return dayFound(i, end, r.pub.AddDate(0, 0, offset)), true
	}
	switch {
	case r.isFold(i, "today", "tonight"):
		return day(i+1, 0)
	case r.isFold(i, "yesterday"):
		return day(i+1, -1)
	case r.isFold(i, "tomorrow"):
		return day(i+1, +1)
	case r.isFold(i, "this") && r.is(i+1, "morning", "afternoon", "evening"):
		return day(i+2, 0)
	case r.isFold(i, "last") && r.is(i+1, "night"):
		return day(i+2, -1)
	}
	var dir int
	switch {
	case r.isFold(i, "last", "past", "previous"):
		dir = -1
	case r.isFold(i, "this"):
		dir = 0
	case r.isFold(i, "next", "coming"):
		dir = +1
	default:
		return found{}, false
	}
	if r.isFold(i, "past", "previous") && !r.isFold(i-1, "this") || r.isFold(i-1, "the") {
		return found{}, false // "the past week" is a stretch of time, not a week
	}
	if wd, ok := r.weekday(i + 1); ok {
		switch dir {
		case -1:
			return dayFound(i, i+2, r.lastWeekday(wd, true)), true
		case +1:
			return dayFound(i, i+2, r.nextWeekday(wd, true)), true
		}
		if r.dateTense(i, i+2) == future {
			return dayFound(i, i+2, r.nextWeekday(wd, false)), true
		}
		return dayFound(i, i+2, r.lastWeekday(wd, false)), true
	}
	switch u, _ := r.unit(i + 1); r.word(i + 1) {
	case "week", "month", "year":
		return shift(i, i+2, r.pub, u, dir, false), true
	case "fiscal":
		if r.is(i+2, "year") {
			return yearFound(i, i+3, r.pub.Year()+dir), true // "this fiscal year"
		}
	}
	return found{}, false
}

// counted reads "three days ago", "two weeks ago", "a year ago", and
// "two days later", "a day earlier", which count from the last date
// mentioned.
func (r *resolver) counted(i int) (found, bool) {
	n, ok := r.count(i)
	if !ok {
		return found{}, false
	}
	u, ok := r.unit(i + 1)
	if !ok || (n == 1) != (r.word(i+1) == u) {
		return found{}, false
	}
	switch {
	case r.is(i+2, "ago"):
		if u == "day" && r.quoted {
			return found{start: i, end: i + 3}, true
		}
		return shift(i, i+3, r.pub, u, -n, false), true
	case r.is(i+2, "later") || r.is(i+2, "after") && r.endsPhrase(i+3):
		return shift(i, i+3, r.referenceFor(u), u, n, true), true
	case r.is(i+2, "earlier") || r.is(i+2, "before") && r.endsPhrase(i+3):
		return shift(i, i+3, r.referenceFor(u), u, -n, true), true
	}
	return found{}, false
}

// endsPhrase reports whether token i cannot continue a noun phrase: "the
// day before," as opposed to "the day before the vote".
func (r *resolver) endsPhrase(i int) bool {
	return i >= len(r.toks) || !r.toks[i].word || r.toks[i].gap == gapParagraph ||
		r.is(i, "and", "or", "but", "when", "as", "he", "she", "they", "it", "we")
}

// rangeEnd resolves the second date of "between A and B" or "from A to
// B" at token i: the first of the candidates on or after A.
func (r *resolver) rangeEnd(i int, at func(y int) (time.Time, bool)) (time.Time, bool) {
	if !r.hasRef || r.prevEnd != i-1 || !r.is(i-1, "and", "to", "until", "till", "through") ||
		!r.isFold(r.prevStart-1, "between", "from") {
		return time.Time{}, false
	}
	for _, y := range []int{r.ref.Year(), r.ref.Year() + 1} {
		if c, ok := at(y); ok && !c.Before(r.ref) {
			return c, true
		}
	}
	return time.Time{}, false
}

// focusLimit is how many tokens back focusYear looks for the year of a
// sentence.
const focusLimit = 40

// focusYear returns the year of the sentence around token i: a year before
// publication's that begins the sentence or follows "in", "since" and the
// like, found before i in the same sentence. A month alone after it is in
// that year: "Last year, sales in November rose", "since 1996, when a
// crisis delayed the vote until July".
func (r *resolver) focusYear(i int) (int, bool) {
	if r.focusEnd == 0 || r.focusEnd > i || i-r.focusEnd > focusLimit {
		return 0, false
	}
	for k := r.focusEnd; k < i; k++ {
		if r.sentenceEndsAt(k) {
			return 0, false
		}
	}
	return r.focus, true
}

// remember makes the date found f the reference of the anaphoric
// expressions after it, for the units it names.
func (r *resolver) remember(f found) {
	if f.kind == yearValue && f.year < r.pub.Year() && (strongYearWords[r.word(f.start-1)] || r.isFold(f.start, "last")) {
		r.focus, r.focusEnd = f.year, f.end
	}
	switch f.kind {
	case dayValue:
		r.ref, r.hasRef, r.refCounted = f.day, true, f.counted
		r.refMonth, r.hasRefMonth = f.day, true
		r.refYear, r.hasRefYear = f.day, true
	case monthValue:
		r.refMonth, r.hasRefMonth = civil(f.year, f.month, 1), true
		r.refYear, r.hasRefYear = r.refMonth, true
	case yearValue:
		r.refYear, r.hasRefYear = civil(f.year, 1, 1), true
	}
}

// reference is the day that anaphoric expressions count from: the last day
// mentioned, or the publication date when there is none yet.
func (r *resolver) reference() time.Time {
	if r.hasRef {
		return r.ref
	}
	return r.pub
}

// pastReference is reference for the expression [start, end), except
// that a clause told in the past does not count from a day named after
// publication: in "schools will reopen on Monday. The premier, who toured
// the damage the previous day, said on Friday", the day is the one before
// publication, not before Monday. A chain of days counted one from the
// other ("the next day ... the next day") goes on.
func (r *resolver) pastReference(start, end int) time.Time {
	ref := r.reference()
	if ref.After(r.pub) && !r.refCounted && r.tense(start, end) == past {
		return r.pub
	}
	return ref
}

// referenceFor is what an anaphoric expression counting in unit counts
// from: the last day mentioned for days and weeks, the last month or day
// for months, the last year, month or day for years.
func (r *resolver) referenceFor(unit string) time.Time {
	switch {
	case unit == "month" && r.hasRefMonth:
		return r.refMonth
	case unit == "year" && r.hasRefYear:
		return r.refYear
	}
	return r.reference()
}

// anaphora reads "the next day", "the following week", "the day before",
// "the previous day", "the same day" and "later that day". Its first word
// is one of anaphoraWords, which at relies on.
func (r *resolver) anaphora(i int) (found, bool) {
	// Token i is one of anaphoraWords, which its first letter tells apart.
	if b := r.text[r.toks[i].start] | 0x20; b == 't' {
		return r.anaphoraThe(i)
	}
	if r.is(i+1, "that") && r.is(i+2, "day", "morning", "afternoon", "evening", "night") {
		return dayFound(i, i+3, r.reference()), true // "later that day"
	}
	return found{}, false
}

// afterThe classifies the word after "the" for anaphoraThe. "the" begins a
// good part of all sentences, so that one lookup must tell the few
// anaphora from the rest.
type afterThe uint8

const (
	theOrder   afterThe = iota + 1 // next, following, previous, preceding, same
	theDay                         // day
	theUnit                        // week, month, year
	thePortion                     // end, start, beginning, middle, rest
)

var afterTheWords = newWordTable(map[string]afterThe{
	"next": theOrder, "following": theOrder, "previous": theOrder, "preceding": theOrder, "same": theOrder,
	"day": theDay, "week": theUnit, "month": theUnit, "year": theUnit,
	"end": thePortion, "start": thePortion, "beginning": thePortion, "middle": thePortion, "rest": thePortion,
})

// anaphoraThe reads the anaphora that begin with "the" at token i.
func (r *resolver) anaphoraThe(i int) (found, bool) {
	if i+1 >= len(r.toks) {
		return found{}, false
	}
	t := r.toks[i+1]
	after, _ := afterTheWords.get(r.text[t.start:t.end])
	switch after {
	case theOrder:
		ref := r.pastReference(i, i+3)
		dir := 0 // "same"
		switch r.word(i + 1) {
		case "next", "following":
			dir = 1
		case "previous", "preceding":
			dir = -1
		}
		if wd, ok := r.weekday(i + 2); ok && dir != 0 {
			// "the following Monday": the first one after the day last
			// mentioned; "the previous Friday": the last one before it.
			if dir > 0 {
				return dayFound(i, i+3, weekdayAfter(ref, wd, true)), true
			}
			return dayFound(i, i+3, weekdayBefore(ref, wd, true)), true
		}
		switch r.word(i + 2) {
		case "day", "morning", "afternoon", "evening", "night":
			return dayFound(i, i+3, ref.AddDate(0, 0, dir)), true
		case "week", "month", "year":
			u, _ := r.unit(i + 2)
			if dir == 0 && !r.hasReferenceFor(u) {
				return found{}, false // "the same year" with nothing to be the same as
			}
			return shift(i, i+3, r.referenceFor(u), u, dir, false), true
		}
	case theUnit:
		// "the month before", "the year after": counted from the date
		// mentioned last, like "a month earlier".
		if r.is(i+2, "before", "after") && r.endsPhrase(i+3) {
			u, _ := r.unit(i + 1)
			dir := 1
			if r.is(i+2, "before") {
				dir = -1
			}
			return shift(i, i+3, r.referenceFor(u), u, dir, u == "week"), true
		}
	case theDay:
		if !r.is(i+2, "before", "after") {
			return found{}, false
		}
		dir := 1
		if r.is(i+2, "before") {
			dir = -1
		}
		if r.is(i+3, "yesterday") {
			return r.deicticDay(i, i+4, -2)
		}
		if r.is(i+3, "tomorrow") {
			return r.deicticDay(i, i+4, +2)
		}
		if r.endsPhrase(i + 3) {
			return dayFound(i, i+3, r.pastReference(i, i+3).AddDate(0, 0, dir)), true
		}
	case thePortion:
		if r.is(i+2, "of") && r.is(i+3, "the") && r.is(i+4, "year", "month", "week") {
			// "by the end of the year" is the publication's year, as "this
			// year" is.
			u, _ := r.unit(i + 4)
			return shift(i, i+5, r.pub, u, 0, false), true
		}
	}
	return found{}, false
}

// yearEnd reads "year-end" after a preposition: "by year-end", "at
// year-end" are the publication's year, as "the end of the year" is.
func (r *resolver) yearEnd(i int) (found, bool) {
	if !r.is(i, "year") || !r.is(i+1, "-") || !r.joined(i+1) || !r.joined(i+2) || !r.is(i+2, "end") ||
		!r.isFold(i-1, "by", "at", "before", "until", "toward", "towards", "around", "after") {
		return found{}, false
	}
	return yearFound(i, i+3, r.pub.Year()), true
}

// that reads "that day", "that week", "that month", "that year", which
// name the day, week, month or year of the date mentioned last: "On 3 March
// the talks failed; that week the envoy left" is the week of 3 March.
func (r *resolver) that(i int) (found, bool) {
	u, ok := r.unit(i + 1)
	if !ok || r.word(i+1) != u {
		if !r.is(i+1, "morning", "afternoon", "evening", "night") {
			return found{}, false
		}
		u = "day"
	}
	if !r.hasReferenceFor(u) || r.is(i+2, "-") && r.joined(i+2) || r.is(i+2, "after", "care") {
		return found{}, false // "that year-end", "week after week", "day care"
	}
	return shift(i, i+2, r.referenceFor(u), u, 0, false), true
}

// hasReferenceFor reports whether a date mentioned before gives
// referenceFor(unit) something to count from.
func (r *resolver) hasReferenceFor(unit string) bool {
	switch unit {
	case "month":
		return r.hasRefMonth
	case "year":
		return r.hasRefYear
	}
	return r.hasRef
}

// deicticDay resolves a day counted from publication, left out in quotes.
func (r *resolver) deicticDay(start, end, offset int) (found, bool) {
	if r.quoted {
		return found{start: start, end: end}, true
	}
	return dayFound(start, end, r.pub.AddDate(0, 0, offset)), true
}
