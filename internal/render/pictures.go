package render

import (
	"fmt"
	"html/template"
	"time"

	"github.com/briefing-dev/briefing/internal/charts"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
)

// The pictures of the pages, drawn by internal/charts from the model. A
// chart leaves out only input it cannot draw (a count below one, a month
// it cannot read), which the model never gives: an error here is a bug,
// and stops the build rather than drawing less than the page says.

// actorCharts draws an actor's mentions per month (by the month of the
// briefing that mentions it) and its network of actors mentioned alongside
// it, each linked to its page. runs are its mentions by briefing
// (mentionRuns): an actor of a large site has hundreds of thousands, and
// the picture needs only how many each briefing has.
func actorCharts(lang *i18n.Lang, a *model.Actor, runs []mentionRun) (activity, network template.HTML, err error) {
	var months []charts.MonthCount
	var buf [8]byte
	lastYear, lastMonth := 0, time.Month(0)
	for _, run := range runs {
		// A month's briefings are a run of them, newest first: the
		// month is written once a month.
		year, month, _ := run.Briefing.Published.Date()
		if n := len(months); n > 0 && year == lastYear && month == lastMonth {
			months[n-1].Count += run.Mentions
			continue
		}
		key := run.Briefing.Published.AppendFormat(buf[:0], "2006-01")
		if n := len(months); n > 0 && months[n-1].Month == string(key) {
			months[n-1].Count += run.Mentions
			continue
		}
		lastYear, lastMonth = year, month
		months = append(months, charts.MonthCount{Month: string(key), Count: run.Mentions})
	}
	activity, err = charts.ActivityChart(charts.Activity{Actor: a.Name, Months: months}, lang)
	if err != nil {
		return "", "", fmt.Errorf("activity picture: %w", err)
	}
	n := charts.Network{Actor: a.Name, Kind: string(a.Kind)}
	for _, r := range a.Related {
		n.Neighbours = append(n.Neighbours, charts.Neighbour{Name: r.Actor.Name, Href: r.Actor.ID + ".html", Kind: string(r.Actor.Kind), Shared: r.Count})
	}
	network, err = charts.NetworkChart(n, lang)
	if err != nil {
		return "", "", fmt.Errorf("network picture: %w", err)
	}
	return activity, network, nil
}

// eventsChart draws the timeline's entries per month, each bar linked to
// its month's page where there is one. Entries dated by year alone have
// no month and are left out of the picture (the list shows them).
func eventsChart(lang *i18n.Lang, months []Month) template.HTML {
	var counts []charts.MonthCount
	for i := len(months) - 1; i >= 0; i-- { // oldest first
		m := months[i]
		if len(m.Value) != len("2006-01") {
			continue
		}
		counts = append(counts, charts.MonthCount{Month: m.Value, Count: len(m.Items), Href: m.Page})
	}
	svg, _ := charts.EventsChart(counts, lang) // months are the model's own: nothing to leave out
	return svg
}
