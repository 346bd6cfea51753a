package render

import (
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// TestBriefingLDIsMarshal keeps encoding/json as the oracle of the
// briefing's structured data written by hand.
func TestBriefingLDIsMarshal(t *testing.T) {
	s := &model.Site{}
	ada := &model.Actor{ID: "ada", Name: "Ada <Lovelace>", Kind: actorkind.Person, Aliases: []string{"Ada"}}
	org := &model.Actor{ID: "un", Name: "United Nations", Kind: actorkind.Organization, Wikidata: "Q1065"}
	actorsLD := map[*model.Actor]actorData{}
	for _, a := range []*model.Actor{ada, org} {
		actorsLD[a] = newActorData(s, a)
	}
	published := time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		b    *model.Briefing
		p    *Page
	}{
		{"bare", &model.Briefing{Title: "T", Published: published, Seed: &seeds.Seed{}}, &Page{}},
		{"all", &model.Briefing{Title: `"Quoted" & <b>`, Published: published,
			Seed:   &seeds.Seed{Author: "Jo \u2028 Doe", URL: "https://example.org/a?b=1&c=2"},
			Counts: []model.ActorCount{{Actor: ada, Count: 2, Key: true}, {Actor: org, Count: 1}}},
			&Page{Description: "A <description>", Canonical: "https://example.org/briefings/t.html"}},
		{"key actors alone", &model.Briefing{Title: "T", Published: published, Seed: &seeds.Seed{},
			Counts: []model.ActorCount{{Actor: ada, Count: 1, Key: true}, {Actor: org, Key: true}}}, &Page{}},
		{"one actor", &model.Briefing{Title: "T", Published: published, Seed: &seeds.Seed{URL: "u"},
			Counts: []model.ActorCount{{Actor: org}}}, &Page{Description: "d"}},
	} {
		// The key actors in full, the others by type and name.
		var about, mentions []map[string]any
		for _, c := range tt.b.Counts {
			if c.Key {
				about = append(about, actorLD(s, c.Actor))
			} else {
				mentions = append(mentions, map[string]any{"@type": c.Actor.Kind.SchemaType(), "name": c.Actor.Name})
			}
		}
		ld := map[string]any{
			"@context": "https://schema.org", "@type": "NewsArticle",
			"headline": tt.b.Title, "datePublished": tt.b.Published.Format("2006-01-02"),
		}
		if about != nil {
			ld["about"] = about
		}
		if mentions != nil {
			ld["mentions"] = mentions
		}
		if tt.p.Canonical != "" {
			ld["url"] = tt.p.Canonical
		}
		if tt.b.Seed.URL != "" {
			ld["isBasedOn"] = tt.b.Seed.URL
		}
		if tt.b.Seed.Author != "" {
			ld["author"] = map[string]any{"@type": "Person", "name": tt.b.Seed.Author}
		}
		if got, want := briefingLD(tt.b, tt.p, actorsLD), jsonLD(ld); got != want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, want)
		}
	}
}
