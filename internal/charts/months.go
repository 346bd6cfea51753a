package charts

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/briefing-dev/briefing/internal/i18n"
)

// MonthCount is how many of something fell in one month. Month is
// "YYYY-MM"; Href, when set, is the month's page, relative to the page the
// picture goes on.
type MonthCount struct {
	Month string
	Count int
	Href  string
}

// month counts months from year 0, so that a span is a subtraction.
type month int

func parseMonth(s string) (month, bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 0 || m < 1 || m > 12 || s[0] == '+' || s[5] == '+' || s[5] == '-' {
		return 0, false
	}
	return month(y*12 + m - 1), true
}

func (m month) year() int         { return int(m) / 12 }
func (m month) month() time.Month { return time.Month(int(m)%12 + 1) }

// maxBars bounds a strip of months, and so its bytes: past it, bars cover
// several months each, and past the widest bucket the oldest are left out
// (and said so).
const maxBars = 36

// minBars is the fewest months a strip shows.
const minBars = 12

// bucketSizes are the months a bar may cover, tried in order.
var bucketSizes = []int{1, 3, 6, 12}

// bar is one bucket of months.
type bar struct {
	first month
	count int
	href  string // the first linked month's page
}

// strip is a month series ready to draw.
type strip struct {
	bars              []bar
	size              int // months per bar
	first, last       month
	total, max        int
	peak              month // the month (not bucket) with the most
	older, olderCount int   // months and count left out before the first bar
	dropped           []string
}

// bucket sorts and sums the months, choosing the smallest bucket that keeps
// the strip within maxBars. Months that do not parse are reported.
func bucket(in []MonthCount) strip {
	var st strip
	counts := map[month]int{}
	hrefs := map[month]string{}
	for _, mc := range in {
		m, ok := parseMonth(mc.Month)
		if !ok {
			st.dropped = append(st.dropped, fmt.Sprintf("month %q is not YYYY-MM", mc.Month))
			continue
		}
		if mc.Count < 0 {
			st.dropped = append(st.dropped, fmt.Sprintf("month %s has a negative count", mc.Month))
			continue
		}
		if mc.Count == 0 {
			continue
		}
		counts[m] = addCapped(counts[m], mc.Count)
		if mc.Href != "" && hrefs[m] == "" {
			hrefs[m] = safeHref(mc.Href)
		}
	}
	if len(counts) == 0 {
		return st
	}
	months := make([]month, 0, len(counts))
	for m := range counts {
		months = append(months, m)
	}
	sort.Slice(months, func(i, j int) bool { return months[i] < months[j] })
	st.first, st.last = months[0], months[len(months)-1]
	for _, m := range months {
		c := counts[m]
		st.total = addCapped(st.total, c)
		if c > st.max {
			st.max, st.peak = c, m
		}
	}

	span := int(st.last-st.first) + 1
	st.size = bucketSizes[len(bucketSizes)-1]
	for _, size := range bucketSizes {
		if (span+size-1)/size <= maxBars || size == bucketSizes[len(bucketSizes)-1] {
			st.size = size
			break
		}
	}
	// Buckets align to calendar quarters, halves and years, and end with
	// the last month.
	start := st.first - st.first%month(st.size)
	n := int(st.last-start)/st.size + 1
	if n > maxBars {
		start += month((n - maxBars) * st.size)
		n = maxBars
	}
	// A short span still gets a year's width, ending with its last
	// month, so that one busy month is a bar and not a block.
	if n < minBars && start >= month(minBars-n) {
		start -= month(minBars - n)
		n = minBars
	}
	st.bars = make([]bar, n)
	for i := range st.bars {
		st.bars[i].first = start + month(i*st.size)
	}
	for _, m := range months {
		if m < start {
			st.older++
			st.olderCount = addCapped(st.olderCount, counts[m])
			continue
		}
		b := &st.bars[int(m-start)/st.size]
		b.count = addCapped(b.count, counts[m])
		if b.href == "" {
			b.href = hrefs[m]
		}
	}
	return st
}

// barsMax is the tallest bar, which sets the scale.
func (st strip) barsMax() int {
	top := 0
	for _, b := range st.bars {
		top = max(top, b.count)
	}
	return top
}

// Strip geometry, in viewBox units: a canvas small enough that its labels
// stay readable when a phone shrinks it.
const (
	stripWidth  = 400
	stripHeight = 150
	stripLeft   = 34 // room for the scale's number
	stripRight  = 6
	stripTop    = 14
	stripBottom = 26 // room for the axis labels
	labelSize   = 12
)

// drawStrip draws a bar strip: the bars, the scale at the top with its
// number, and the first and last month under the axis.
func drawStrip(id, class, title, desc string, st strip, l *i18n.Lang) string {
	var s svg
	s.open(id, class, stripWidth, stripHeight, title, desc)
	top := st.barsMax()
	plotW := float64(stripWidth - stripLeft - stripRight)
	plotH := float64(stripHeight - stripTop - stripBottom)
	baseline := float64(stripHeight - stripBottom)
	// Whole-unit columns keep the numbers short; what is left over widens
	// the left margin.
	slot := float64(int(plotW) / len(st.bars))
	left := float64(stripLeft) + float64(int(plotW)-int(slot)*len(st.bars))
	gap := 1.0
	if slot > 10 {
		gap = 2
	}

	// The scale: a line at the tallest bar, labelled with its count.
	s.raw(`<g class="chart-axis" aria-hidden="true">`)
	s.raw(`<line class="chart-grid" x1="`)
	s.num(left)
	s.raw(`" x2="`)
	s.num(stripWidth - stripRight)
	s.raw(`" y1="`)
	s.num(stripTop)
	s.raw(`" y2="`)
	s.num(stripTop)
	s.raw(`"/><line x1="`)
	s.num(left)
	s.raw(`" x2="`)
	s.num(stripWidth - stripRight)
	s.raw(`" y1="`)
	s.num(baseline)
	s.raw(`" y2="`)
	s.num(baseline)
	s.raw(`"/><text x="`)
	s.num(left - 4)
	s.raw(`" y="`)
	s.num(stripTop + 4)
	s.raw(`" text-anchor="end">`)
	s.int(top)
	s.raw(`</text><text x="`)
	s.num(left - 4)
	s.raw(`" y="`)
	s.num(baseline + 4)
	s.raw(`" text-anchor="end">0</text>`)
	// First and last bucket under the axis; a single bar gets one label.
	firstLabel := bucketLabel(st.bars[0].first, st.size, l)
	s.raw(`<text x="`)
	s.num(left)
	s.raw(`" y="`)
	s.num(baseline + 18)
	s.raw(`">`)
	s.text(firstLabel)
	s.raw(`</text>`)
	if len(st.bars) > 1 {
		s.raw(`<text x="`)
		s.num(stripWidth - stripRight)
		s.raw(`" y="`)
		s.num(baseline + 18)
		s.raw(`" text-anchor="end">`)
		s.text(bucketLabel(st.bars[len(st.bars)-1].first, st.size, l))
		s.raw(`</text>`)
	}
	s.raw("</g>\n")

	for i, b := range st.bars {
		x := left + float64(i)*slot
		h := 0.0
		if top > 0 {
			h = plotH * float64(b.count) / float64(top)
		}
		h = math.Round(h)
		if b.count > 0 && h < 1 {
			h = 1 // a month with anything in it stays visible
		}
		tip := l.Format("list.count", "name", bucketName(b.first, st.size, l), "n", strconv.Itoa(b.count))
		if b.href != "" {
			// The link covers the whole column, so that a thin bar is
			// still easy to tap.
			s.link(b.href)
			s.raw(`<title>`)
			s.text(tip)
			s.raw(`</title><rect class="chart-hit" x="`)
			s.num(x)
			s.raw(`" y="`)
			s.num(stripTop)
			s.raw(`" width="`)
			s.num(slot)
			s.raw(`" height="`)
			s.num(plotH)
			s.raw(`"/>`)
		}
		if b.count > 0 {
			s.raw(`<rect x="`)
			s.num(x)
			s.raw(`" y="`)
			s.num(baseline - h)
			s.raw(`" width="`)
			s.num(slot - gap)
			s.raw(`" height="`)
			s.num(h)
			if b.href == "" {
				s.raw(`"><title>`)
				s.text(tip)
				s.raw(`</title></rect>`)
			} else {
				s.raw(`"/>`)
			}
		}
		if b.href != "" {
			s.raw(`</a>`)
		}
		if b.href != "" || b.count > 0 {
			s.raw("\n")
		}
	}
	return s.close()
}

// bucketLabel names a bar on the axis: the short month, or the year of a
// yearly bar.
func bucketLabel(m month, size int, l *i18n.Lang) string {
	if size == 12 {
		return l.Year(m.year())
	}
	return l.MonthShort(m.year(), m.month())
}

// bucketName names a bar in its tooltip: the month, the first and last
// month of a longer bucket, or the year.
func bucketName(m month, size int, l *i18n.Lang) string {
	switch size {
	case 1:
		return l.MonthTitle(m.year(), m.month())
	case 12:
		return l.Year(m.year())
	}
	end := m + month(size-1)
	return l.MonthShort(m.year(), m.month()) + " – " + l.MonthShort(end.year(), end.month())
}

// Activity is an actor's mentions (or briefings) per month.
type Activity struct {
	Actor  string // the actor's name
	Months []MonthCount
}

// ActivityChart draws an actor's activity over time as a strip of bars,
// one per month (or per quarter, half or year on a long span). The error
// names the months it left out; the picture is drawn from the rest.
func ActivityChart(a Activity, l *i18n.Lang) (template.HTML, error) {
	st := bucket(a.Months)
	if len(st.bars) == 0 {
		return "", dropped(st.dropped)
	}
	desc := describe(st, "chart.activity", l)
	title := l.Format("chart.activity.title", "actor", a.Actor)
	return template.HTML(drawStrip("chart-activity", "chart-strip", title, desc, st, l)), dropped(st.dropped)
}

// EventsChart draws the timeline's events and dated passages per month;
// each bar links to its month's page when the month has one.
func EventsChart(months []MonthCount, l *i18n.Lang) (template.HTML, error) {
	st := bucket(months)
	if len(st.bars) == 0 {
		return "", dropped(st.dropped)
	}
	desc := describe(st, "chart.events", l)
	return template.HTML(drawStrip("chart-events", "chart-strip", l.Text("chart.events.title"), desc, st, l)), dropped(st.dropped)
}

// describe says what a strip shows: its span, total and busiest month, or
// its one month; then how many months a bar stands for, and what is left
// out before the first bar.
func describe(st strip, prefix i18n.Key, l *i18n.Lang) string {
	var desc string
	if st.first == st.last {
		desc = l.Format(prefix+".one", "month", l.Month(st.first.year(), st.first.month()), "total", strconv.Itoa(st.total))
	} else {
		desc = l.Format(prefix+".desc",
			"first", l.Month(st.first.year(), st.first.month()),
			"last", l.Month(st.last.year(), st.last.month()),
			"total", strconv.Itoa(st.total),
			"max", strconv.Itoa(st.max),
			"peak", l.Month(st.peak.year(), st.peak.month()))
	}
	if st.size > 1 {
		desc += " " + l.Format("chart.span", "months", strconv.Itoa(st.size))
	}
	if st.older > 0 {
		b := st.bars[0].first
		desc += " " + l.Format("chart.older", "n", strconv.Itoa(st.olderCount), "first", l.Month(b.year(), b.month()))
	}
	return desc
}

// dropped joins what a picture left out into one error, or nil.
func dropped(what []string) error {
	if len(what) == 0 {
		return nil
	}
	errs := make([]error, len(what))
	for i, w := range what {
		errs[i] = errors.New("left out " + w)
	}
	return errors.Join(errs...)
}

// addCapped adds two counts without wrapping around.
func addCapped(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}
