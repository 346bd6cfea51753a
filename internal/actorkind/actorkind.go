// Package actorkind is the one table of the kinds of actor: the name an
// actor file writes, the heading of the kind's group on the actors page and
// the schema.org type of its structured data. Validation, matching, the
// actors page and the structured data all read this table, so a new kind is
// one row here and its style in static/assets.
package actorkind

import "strings"

// Kind is an actor's kind, as its file writes it.
type Kind string

const (
	Person       Kind = "person"
	Organization Kind = "organization"
	Country      Kind = "country"
	Place        Kind = "place"
	Group        Kind = "group"
)

// Entry is one row of the table.
type Entry struct {
	Kind       Kind
	Heading    string // the kind's group on the actors page
	SchemaType string // https://schema.org type of its structured data
}

// Table lists the kinds in the order the actors page groups them.
var Table = []Entry{
	{Person, "People", "Person"},
	{Organization, "Organisations", "Organization"},
	{Country, "Countries", "Country"},
	{Place, "Places", "Place"},
	{Group, "Groups", "Organization"},
}

func entry(k Kind) *Entry {
	for i := range Table {
		if Table[i].Kind == k {
			return &Table[i]
		}
	}
	return nil
}

// Known reports whether k is in the table.
func (k Kind) Known() bool { return entry(k) != nil }

// Heading is the kind's heading on the actors page, "" for an unknown kind.
func (k Kind) Heading() string {
	if e := entry(k); e != nil {
		return e.Heading
	}
	return ""
}

// SchemaType is the kind's schema.org type, "" for an unknown kind.
func (k Kind) SchemaType() string {
	if e := entry(k); e != nil {
		return e.SchemaType
	}
	return ""
}

// List is the kinds' names, for messages: "person, organization, …".
func List() string {
	names := make([]string, len(Table))
	for i, e := range Table {
		names[i] = string(e.Kind)
	}
	return strings.Join(names, ", ")
}
