// Package export writes the site's data for other programs, what
// extraction found (briefings with their mentions, dates, events and
// notes; actors), split so that no file grows with the whole site
// (split.go), and the search index that search.html loads in shards
// (search.go). A briefing's data is written by hand with the bytes that
// encoding/json would give (checked against it in the tests).
package export

import (
	"html/template"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/model"
)

// An actor in data/site.json.
type dataActor struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Kind     actorkind.Kind `json:"kind"`
	Aliases  []string       `json:"aliases,omitempty"`
	Short    string         `json:"short,omitempty"`
	Wikidata string         `json:"wikidata,omitempty"`
	URL      string         `json:"url"`
	Mentions int            `json:"mentions"`
}

// Summaries are the briefings' summaries, rendered.
type Summaries = map[*model.Briefing]template.HTML
