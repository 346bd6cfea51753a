package suggest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/names"
)

// draft runs Make on body with its names found as suggest finds them, and
// its dates resolved against published.
func draft(title, body string, published time.Time) Draft {
	return Make(Input{
		Seed: "x.txt", Title: title, Body: []byte(body),
		Candidates: names.Find([]byte(body), nil),
		Dates:      extract.ResolveDates([]byte(body), published),
	})
}

func TestMake(t *testing.T) {
	pub := time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, title, body string
		actors            string // key actors, in order
		events            string // "date actors|date actors"
	}{
		{
			name:   "the headline's subject before the dateline's city",
			title:  "Peskov rejects grain deal",
			body:   "GENEVA — Talks in Geneva went on in Geneva. Kremlin spokesman Dmitry Peskov said on Thursday that Geneva was fine.",
			actors: "dmitry-peskov geneva kremlin",
			events: "2025-06-12 kremlin,dmitry-peskov,geneva",
		},
		{
			name:   "dates without an acting actor, or not a day, make no event",
			body:   "Prices rose last year and in 2023. The deal fell apart on Monday. Sudan and Chad agreed last week.",
			actors: "chad sudan",
			events: "",
		},
		{
			name:   "a subject acts in a dated sentence",
			body:   "Ignazio Cassis met the delegations on Tuesday.",
			actors: "ignazio-cassis",
			events: "2025-06-10 ignazio-cassis",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := draft(tc.title, tc.body, pub)
			if got := strings.Join(d.Actors, " "); got != tc.actors {
				t.Errorf("actors = %q, want %q", got, tc.actors)
			}
			var events []string
			for _, e := range d.Events {
				events = append(events, e.Date+" "+strings.Join(e.Actors, ","))
				if !strings.HasPrefix(e.Title, Placeholder+": ") {
					t.Errorf("event title %q does not start with the placeholder", e.Title)
				}
			}
			if got := strings.Join(events, "|"); got != tc.events {
				t.Errorf("events = %q, want %q", got, tc.events)
			}
			if !d.Draft {
				t.Error("a suggested briefing must be a draft")
			}
			if strings.HasPrefix(d.Summary, "GENEVA") {
				t.Errorf("summary %q starts with the dateline", d.Summary)
			}
		})
	}
}

// TestMakeLongText: a text far longer than an article, dense with names
// and dates and without a full stop, is drafted in reasonable time, with
// no more events than a draft holds. The limit is loose because the
// machine may be shared.
func TestMakeLongText(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "Ada Lovelace%d met Charles Babbage%d on Monday, ", i%50, i%70)
	}
	start := time.Now()
	d := draft("", b.String(), time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC))
	if el := time.Since(start); el > 60*time.Second {
		t.Errorf("Make took %v on %d bytes", el, b.Len())
	}
	if len(d.Events) > maxEvents {
		t.Errorf("%d events, want at most %d", len(d.Events), maxEvents)
	}
}
