package export

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// A briefing's entry in data/site.json, as encoding/json writes it: the
// schema that appendBriefingJSON writes by hand, and its oracle here.
type dataBriefing struct {
	Slug      string        `json:"slug"`
	Title     string        `json:"title"`
	Published string        `json:"published"`
	Seed      string        `json:"seed"`
	URL       string        `json:"url"`
	Tags      []string      `json:"tags"`
	KeyActors []string      `json:"key_actors"`
	Mentions  []dataMention `json:"mentions"`
	Dates     []dataDate    `json:"dates"`
	Events    []dataEvent   `json:"events"`
	Notes     []dataNote    `json:"notes"`
}

type dataMention struct {
	Actor string `json:"actor"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type dataDate struct {
	Text      string         `json:"text"`
	Value     calendar.Value `json:"value"`
	Start     int            `json:"start"`
	End       int            `json:"end"`
	Corrected bool           `json:"corrected,omitempty"`
}

type dataEvent struct {
	Title  string         `json:"title"`
	Date   calendar.Value `json:"date,omitempty"`
	Quote  string         `json:"quote"`
	Actors []string       `json:"actors"`
	Start  int            `json:"start"`
	End    int            `json:"end"`
}

type dataNote struct {
	Quote string `json:"quote"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func briefingData(b *model.Briefing) dataBriefing {
	db := dataBriefing{
		Slug: b.Slug, Title: b.Title, Published: b.Published.Format("2006-01-02"),
		Seed: b.Seed.Name, URL: "briefings/" + b.Slug + ".html", Tags: []string{},
		KeyActors: ids(b.KeyActors), Mentions: make([]dataMention, 0, len(b.Mentions)),
		Dates: make([]dataDate, 0, len(b.Dates)), Events: []dataEvent{}, Notes: []dataNote{},
	}
	for _, t := range b.Tags {
		db.Tags = append(db.Tags, t.Name)
	}
	for _, m := range b.Mentions {
		db.Mentions = append(db.Mentions, dataMention{m.Actor.ID, m.Text(), m.Start, m.End})
	}
	for _, x := range b.Dates {
		db.Dates = append(db.Dates, dataDate{x.Text(), x.Value, x.Start, x.End, x.Corrected})
	}
	for _, e := range b.Events {
		db.Events = append(db.Events, dataEvent{e.Title, e.Value, e.Quote, ids(e.Actors), e.Start, e.End})
	}
	for _, n := range b.Notes {
		db.Notes = append(db.Notes, dataNote{n.Quote, n.Text, n.Start, n.End})
	}
	return db
}

func ids(actors []*model.Actor) []string {
	out := make([]string, len(actors))
	for i, a := range actors {
		out[i] = a.ID
	}
	return out
}

// jsonBriefing is a briefing with every kind of entry, its text and
// strings as given.
func jsonBriefing(title string, text []byte, quote string, start, end int) *model.Briefing {
	if start > end {
		start, end = end, start
	}
	start, end = min(start, len(text)), min(end, len(text))
	span := model.Span{Start: start, End: end}
	a := &model.Actor{ID: "ada-lovelace", Name: "Ada"}
	b := &model.Briefing{
		Slug: "2022-02-10-x", Title: title, Published: time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC),
		Seed: &seeds.Seed{Name: "x.txt", Data: text}, KeyActors: []*model.Actor{a},
		Tags: []*model.Tag{{Name: "t1"}, {Name: quote}},
	}
	b.Mentions = []*model.Mention{{Span: span, Actor: a, Briefing: b}, {Span: model.Span{}, Actor: a, Briefing: b}}
	b.Dates = []*model.Date{{Span: span, Value: calendar.MustParse("2022-02-09"), Briefing: b}, {Span: span, Value: calendar.MustParse("2022-W05"), Briefing: b, Corrected: true}}
	b.Events = []*model.Event{{Span: span, Title: title, Value: calendar.MustParse("2022-02"), Quote: quote, Actors: []*model.Actor{a}}, {Span: span, Quote: quote}}
	b.Notes = []*model.Note{{Span: span, Text: title + quote, Quote: quote}}
	return b
}

func checkBriefingJSON(t *testing.T, b *model.Briefing) {
	t.Helper()
	want, err := json.Marshal(briefingData(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := appendBriefingJSON(nil, b); string(got) != string(want) {
		t.Fatalf("appendBriefingJSON:\ngot  %s\nwant %s", got, want)
	}
}

func TestBriefingJSON(t *testing.T) {
	checkBriefingJSON(t, &model.Briefing{Slug: "empty", Seed: &seeds.Seed{Name: "e.txt"}})
	for _, tt := range []struct {
		title, text, quote string
	}{
		{"Plain", "Ada met Charles in London.", "met"},
		{`<b>"A" & 'B'</b>\`, "tab\there\nnew\rline\b\f\x00\x1f", "\u2028\u2029 é ✓"},
		{"bad \xff utf-8 \xe2\x80", "\xc3\x28 \xf0\x9f\x98 ok", "\xed\xa0\x80"},
	} {
		checkBriefingJSON(t, jsonBriefing(tt.title, []byte(tt.text), tt.quote, 2, 12))
	}
}

func FuzzBriefingJSON(f *testing.F) {
	f.Add("Title <&>", []byte("text \u2028 \xff"), `"quote"`, 1, 7)
	f.Fuzz(func(t *testing.T, title string, text []byte, quote string, start, end int) {
		checkBriefingJSON(t, jsonBriefing(title, text, quote, max(0, start), max(0, end)))
	})
}
