package actorkind

import "testing"

func TestTable(t *testing.T) {
	tests := []struct {
		kind            Kind
		known           bool
		heading, schema string
	}{
		{Person, true, "People", "Person"},
		{Organization, true, "Organisations", "Organization"},
		{Country, true, "Countries", "Country"},
		{Place, true, "Places", "Place"},
		{Group, true, "Groups", "Organization"},
		{"planet", false, "", ""},
		{"", false, "", ""},
		{"Person", false, "", ""},
	}
	for _, tt := range tests {
		if tt.kind.Known() != tt.known || tt.kind.Heading() != tt.heading || tt.kind.SchemaType() != tt.schema {
			t.Errorf("%q: %v %q %q, want %v %q %q", tt.kind, tt.kind.Known(), tt.kind.Heading(), tt.kind.SchemaType(), tt.known, tt.heading, tt.schema)
		}
	}
	if got, want := List(), "person, organization, country, place, group"; got != want {
		t.Errorf("List() = %q, want %q", got, want)
	}
	seen := map[Kind]bool{}
	for _, e := range Table {
		if seen[e.Kind] || e.Heading == "" || e.SchemaType == "" {
			t.Errorf("row %+v repeats a kind or lacks a heading or type", e)
		}
		seen[e.Kind] = true
	}
}
