package model

import (
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/seeds"
)

func testContent(t *testing.T, front string) (*annotations.Content, map[string]*seeds.Seed) {
	t.Helper()
	var errs diag.List
	actors := annotations.ParseActors("a.yaml", []byte(`
- {id: ada-lovelace, name: Ada Lovelace, kind: person}
- {id: charles-babbage, name: Charles Babbage, kind: person}
- {id: london, name: London, kind: place}
`), &errs)
	b := annotations.ParseBriefing("content/briefings/b.md", []byte("---\nseed: s.txt\ntitle: T\n"+front+"---\n"), &errs)
	seed, serrs := seeds.Parse("seeds/s.txt", []byte("date 2024-03-06 Ada Lovelace met Charles Babbage in London on Monday.\n\nToday Lovelace wrote to Babbage, and the next day he answered.\n"))
	errs = append(errs, serrs...)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := &annotations.Content{Config: annotations.Config{BaseURL: "https://example.org/"}, Actors: actors, Briefings: []*annotations.Briefing{b}}
	return c, map[string]*seeds.Seed{"s.txt": seed}
}

func TestBuildEvents(t *testing.T) {
	tests := []struct {
		name   string
		front  string
		value  string // of the first event
		actors string // of the first event
		errs   []string
	}{
		{
			name:   "date and actors from the quote",
			front:  "events:\n  - quote: \"met Charles Babbage in London on Monday\"\n    title: E\n",
			value:  "2024-03-04",
			actors: "charles-babbage london",
		},
		{
			name:   "given date and actors win",
			front:  "events:\n  - quote: \"met Charles Babbage\"\n    title: E\n    date: 2024-03\n    actors: [ada-lovelace]\n",
			value:  "2024-03",
			actors: "ada-lovelace",
		},
		{
			name:   "a corrected date reaches the event",
			front:  "events:\n  - quote: \"Today Lovelace wrote\"\n    title: E\ndates:\n  - quote: \"Today Lovelace\"\n    date: 2024-03-05\n",
			value:  "2024-03-05",
			actors: "ada-lovelace",
		},
		{
			name:  "quote folding: curly apostrophe and spaces",
			front: "events:\n  - quote: \"in  London\\non Monday\"\n    title: E\n",
			value: "2024-03-04", actors: "london",
		},
		{
			name:  "quote errors",
			front: "events:\n  - quote: \"in Paris\"\n    title: E\n  - quote: \"Babbage\"\n    title: F\n    actors: [babbage]\n",
			errs: []string{
				`content/briefings/b.md:5:12: quote "in Paris" not found in seeds/s.txt; closest passage at 1:50: "in London"`,
				`content/briefings/b.md:7:12: quote "Babbage" found 2 times in seeds/s.txt (lines 1, 3); quote more of the passage so it is found once`,
				`content/briefings/b.md:9:14: unknown actor "babbage" (did you mean "charles-babbage"?)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := testContent(t, tt.front)
			site, problems := Build(c, s, Options{})
			var got []string
			for _, e := range problems.Errors().Sort() {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.errs, "\n") {
				t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.errs, "\n"))
			}
			if len(got) > 0 {
				return
			}
			e := site.Briefings[0].Events[0]
			var ids []string
			for _, a := range e.Actors {
				ids = append(ids, a.ID)
			}
			if e.Value.String() != tt.value || strings.Join(ids, " ") != tt.actors {
				t.Errorf("event value %q actors %q, want %q %q", e.Value, ids, tt.value, tt.actors)
			}
		})
	}
}

func TestBuildLinks(t *testing.T) {
	c, s := testContent(t, "actors: [london]\nevents:\n  - quote: \"on Monday\"\n    title: E\n")
	site, problems := Build(c, s, Options{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	b := site.Briefings[0]
	var counts []string
	for _, c := range b.Counts {
		counts = append(counts, c.Actor.ID+":"+string(rune('0'+c.Count)))
	}
	// Key actors first, then by mentions, then by name.
	if got := strings.Join(counts, " "); got != "london:1 ada-lovelace:2 charles-babbage:2" {
		t.Errorf("counts = %s", got)
	}
	var ada *Actor
	for _, a := range site.Actors {
		if a.ID == "ada-lovelace" {
			ada = a
		}
	}
	var related []string
	for _, r := range ada.Related {
		related = append(related, r.Actor.ID+":"+string(rune('0'+r.Count)))
	}
	// Babbage shares both paragraphs with Lovelace, London one.
	if got := strings.Join(related, " "); got != "charles-babbage:2 london:1" {
		t.Errorf("related = %s", got)
	}
	if len(ada.Mentions) != 2 || ada.Mentions[0].Anchor() != "m1" || ada.Briefings[0] != b {
		t.Errorf("ada: %d mentions, first %q", len(ada.Mentions), ada.Mentions[0].Anchor())
	}
	if len(site.Events) != 1 || len(site.Dates) == 0 {
		t.Errorf("%d events, %d dates", len(site.Events), len(site.Dates))
	}
	for i := 1; i < len(site.Dates); i++ {
		if site.Dates[i].Value.First().After(site.Dates[i-1].Value.First()) {
			t.Errorf("dates not newest first: %s after %s", site.Dates[i].Value, site.Dates[i-1].Value)
		}
	}
}

func TestDrafts(t *testing.T) {
	c, s := testContent(t, "draft: true\n")
	for _, drafts := range []bool{false, true} {
		site, problems := Build(c, s, Options{Drafts: drafts})
		if err := problems.Err(); err != nil {
			t.Fatal(err)
		}
		if got := len(site.Briefings) == 1; got != drafts {
			t.Errorf("drafts %v: %d briefings", drafts, len(site.Briefings))
		}
	}
}

func TestWarnsWithoutBaseURL(t *testing.T) {
	c, s := testContent(t, "")
	c.Config.BaseURL = ""
	_, problems := Build(c, s, Options{})
	warnings, errs := problems.Warnings(), problems.Errors()
	if len(errs) > 0 || len(warnings) != 1 || !strings.HasPrefix(warnings[0].Error(), "content/site.yaml: no base_url") {
		t.Errorf("warnings %v, errors %v", warnings, errs)
	}
}

// TestOneReferenceOneMention: a title then a name, or a name then an
// apposition, is one mention of the actor; anything more between them,
// or another actor, keeps two.
func TestOneReferenceOneMention(t *testing.T) {
	tests := []struct {
		text string
		want string // the mentions, as actor=text
	}{
		{"Russian President Vladimir Putin spoke.", "putin=Russian President Vladimir Putin"},
		{"Vladimir Putin, the Russian President, spoke.", "putin=Vladimir Putin, the Russian President"},
		{"Putin,\u00a0Putin spoke.", "putin=Putin putin=Putin"},
		{"Putin and the Russian President spoke.", "putin=Putin putin=Russian President"},
		{"Russian President Macron spoke.", "putin=Russian President macron=Macron"},
		{"Russian President\n\nPutin spoke.", "putin=Russian President putin=Putin"},
		{"Russian President\u00a0Vladimir Putin spoke.", "putin=Russian President\u00a0Vladimir Putin"},
	}
	for _, tt := range tests {
		var errs diag.List
		actors := annotations.ParseActors("a.yaml", []byte(`
- {id: putin, name: Vladimir Putin, kind: person, aliases: [Russian President]}
- {id: macron, name: Emmanuel Macron, kind: person}
`), &errs)
		b := annotations.ParseBriefing("content/briefings/b.md", []byte("---\nseed: s.txt\ntitle: T\n---\n"), &errs)
		seed, serrs := seeds.Parse("seeds/s.txt", []byte("date 2024-03-06\n\n"+tt.text+"\n"))
		if errs = append(errs, serrs...); len(errs) > 0 {
			t.Fatal(errs)
		}
		c := &annotations.Content{Config: annotations.Config{BaseURL: "https://example.org/"}, Actors: actors, Briefings: []*annotations.Briefing{b}}
		site, problems := Build(c, map[string]*seeds.Seed{"s.txt": seed}, Options{})
		if problems.Err() != nil {
			t.Fatal(problems)
		}
		var got []string
		for i, m := range site.Briefings[0].Mentions {
			got = append(got, m.Actor.ID+"="+m.Text())
			if m.Index != i {
				t.Errorf("%q: mention %d has index %d", tt.text, i, m.Index)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: mentions %q, want %q", tt.text, strings.Join(got, " "), tt.want)
		}
	}
}
