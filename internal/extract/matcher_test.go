package extract

import (
	"reflect"
	"strings"
	"testing"
)

var testActors = []Actor{
	{ID: "switzerland", Name: "Switzerland", Kind: "country", Aliases: []string{"Swiss"}},
	{ID: "snb", Name: "Swiss National Bank", Kind: "organization"},
	{ID: "us", Name: "United States", Kind: "country", Aliases: []string{"US"}},
	{ID: "macron", Name: "Emmanuel Macron", Kind: "person"},
	{ID: "biden", Name: "Joe Biden", Kind: "person", Aliases: []string{"Joseph R. Biden, Jr."}},
	{ID: "le-pen", Name: "Marine Le Pen", Kind: "person", Short: "Le Pen"},
	{ID: "afu", Name: "Armed Forces of Ukraine", Kind: "organization", Aliases: []string{"@ArmedForcesUkr"}},
	{ID: "ivory-coast", Name: "Côte d'Ivoire", Kind: "country"},
	{ID: "gb", Name: "Guinea-Bissau", Kind: "country"},
	{ID: "guinea", Name: "Guinea", Kind: "country"},
	{ID: "obrien", Name: "Kate O'Brien", Kind: "person"},
	{ID: "farmers", Name: "farmers", Kind: "group"},
	{ID: "wh", Name: "White House", Kind: "organization"},
}

// findCase is a text and the mentions Find must return, as "actor=text".
type findCase struct {
	name, text string
	want       []string
}

func runFindCases(t *testing.T, m *Matcher, tests []findCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []byte(tt.text)
			var got []string
			for _, mt := range m.Find(text) {
				checkSpan(t, text, mt.Text, mt.Start, mt.End)
				got = append(got, mt.Actor+"="+mt.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	m, conflicts := NewMatcher(testActors)
	if len(conflicts) != 0 {
		t.Fatalf("conflicts: %+v", conflicts)
	}
	tests := []findCase{
		{"longest wins", "The Swiss National Bank and Swiss banks.", []string{"snb=Swiss National Bank", "switzerland=Swiss"}},
		{"whole words", "USA, us, US-led, US.", []string{"us=US", "us=US"}},
		{"case-sensitive", "united states and United States", []string{"us=United States"}},
		{"possessive curly", "Emmanuel’s Macron’s plan", []string{"macron=Macron"}},
		{"possessive straight", "Macron's and Macron`s", []string{"macron=Macron", "macron=Macron"}},
		{"plural possessive", "the farmers' union", []string{"farmers=farmers"}},
		{"hyphen joins two", "the Biden-Macron call", []string{"biden=Biden", "macron=Macron"}},
		{"en dash joins two", "the Biden–Macron call", []string{"biden=Biden", "macron=Macron"}},
		{"short override", "Marine Le Pen, then Le Pen and Pen", []string{"le-pen=Marine Le Pen", "le-pen=Le Pen"}},
		{"no derived short with override", "Marine said", nil},
		{"punctuation at the ends", "said Joseph R. Biden, Jr. to @ArmedForcesUkr!", []string{"biden=Joseph R. Biden, Jr.", "afu=@ArmedForcesUkr"}},
		{"apostrophe look-alikes", "in Côte d’Ivoire and Côte dʼIvoire", []string{"ivory-coast=Côte d’Ivoire", "ivory-coast=Côte dʼIvoire"}},
		{"hyphen look-alikes", "Guinea‑Bissau and Guinea‐Bissau and Guinea", []string{"gb=Guinea‑Bissau", "gb=Guinea‐Bissau", "guinea=Guinea"}},
		{"space look-alikes", "the White\u00a0House, the White\n  House", []string{"wh=White\u00a0House", "wh=White\n  House"}},
		{"not across a paragraph", "White\n\nHouse", nil},
		{"word-internal apostrophe", "O'Brien met Brien; Kate O’Brien", []string{"obrien=O'Brien", "obrien=Kate O’Brien"}},
		{"prefix of a longer word", "Macronist Swissair", nil},
		{"letters around", "xMacron Macronx _Macron", nil},
		{"empty", "", nil},
	}
	runFindCases(t, m, tests)
}

func TestNewMatcherConflicts(t *testing.T) {
	tests := []struct {
		name   string
		actors []Actor
		want   []Conflict
		find   string
		found  string // actor ids found in find, space-separated
	}{
		{
			name: "explicit alias claimed twice",
			actors: []Actor{
				{ID: "a", Name: "Alpha Group", Aliases: []string{"AG"}},
				{ID: "b", Name: "Beta Group", Aliases: []string{"AG"}},
			},
			want: []Conflict{{Form: "AG", Actors: []int{0, 1}}},
			find: "AG and Alpha Group", found: "a",
		},
		{
			name: "folded forms are the same form",
			actors: []Actor{
				{ID: "a", Name: "O'Neil Ltd"},
				{ID: "b", Name: "O’Neil Ltd"},
			},
			want: []Conflict{{Form: "O'Neil Ltd", Actors: []int{0, 1}}},
		},
		{
			name: "derived short shared by two persons",
			actors: []Actor{
				{ID: "a", Name: "Anna Weber", Kind: "person"},
				{ID: "b", Name: "Jonas Weber", Kind: "person"},
			},
			want: []Conflict{{Form: "Weber", Actors: []int{0, 1}, Derived: true}},
			find: "Weber met Anna Weber", found: "a",
		},
		{
			name: "explicit beats derived",
			actors: []Actor{
				{ID: "p", Name: "Pedro Costa", Kind: "person"},
				{ID: "c", Name: "Costa Party", Kind: "organization", Aliases: []string{"Costa"}},
			},
			want: []Conflict{{Form: "Costa", Actors: []int{0, 1}, Derived: true}},
			find: "Costa won", found: "c",
		},
		{
			name: "own alias equal to own short",
			actors: []Actor{
				{ID: "b", Name: "Joe Biden", Kind: "person", Aliases: []string{"Biden"}},
			},
			find: "Biden", found: "b",
		},
		{
			name: "suffix skipped for the short name",
			actors: []Actor{
				{ID: "k", Name: "Martin Luther King Jr.", Kind: "person"},
			},
			find: "King spoke", found: "k",
		},
		{
			name: "short names only for persons",
			actors: []Actor{
				{ID: "w", Name: "White House", Kind: "organization"},
			},
			find: "House", found: "",
		},
		{
			name: "empty forms are ignored",
			actors: []Actor{
				{ID: "x", Name: "  ", Aliases: []string{""}},
				{ID: "y", Name: "", Kind: "person"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, got := NewMatcher(tt.actors)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("conflicts\n got %+v\nwant %+v", got, tt.want)
			}
			var ids []string
			for _, mt := range m.Find([]byte(tt.find)) {
				ids = append(ids, mt.Actor)
			}
			if s := strings.Join(ids, " "); s != tt.found {
				t.Errorf("Find(%q) = %q, want %q", tt.find, s, tt.found)
			}
		})
	}
}

func TestFindNilMatcher(t *testing.T) {
	var m *Matcher
	if got := m.Find([]byte("anything")); got != nil {
		t.Errorf("nil matcher found %v", got)
	}
}

func TestFindMonthNamesAndAcronyms(t *testing.T) {
	actors := []Actor{
		{ID: "may", Name: "Theresa May", Kind: "person"},
		{ID: "us", Name: "United States", Kind: "country", Aliases: []string{"US"}},
		{ID: "un", Name: "United Nations", Kind: "organization", Aliases: []string{"U.N."}},
		{ID: "uk", Name: "United Kingdom", Kind: "country", Aliases: []string{"UK", "U.K."}},
	}
	m, conflicts := NewMatcher(actors)
	if len(conflicts) != 0 {
		t.Fatalf("conflicts: %+v", conflicts)
	}
	tests := []findCase{
		{"month after a preposition", "May said in May and since May", []string{"may=May"}},
		{"month with a day or year", "May 3, 3 May, 3rd of May, May 2019, mid-May, mid–May", nil},
		{"person around months", "May's plan; by May; Theresa May, May.", []string{"may=May", "may=May", "may=Theresa May", "may=May"}},
		{"last and next", "Last May, next May; May resigned", []string{"may=May"}},
		{"dotted acronym", "the U.S. and the US, U.S.-led", []string{"us=U.S.", "us=US", "us=U.S."}},
		{"undotted acronym", "the U.N. and the UN", []string{"un=U.N.", "un=UN"}},
		{"both written", "UK and U.K.", []string{"uk=UK", "uk=U.K."}},
		{"not inside words", "USSR, U.S.S.R., AUS", nil},
	}
	runFindCases(t, m, tests)
}

func TestAcronymVariant(t *testing.T) {
	for key, want := range map[string]string{"US": "U.S.", "U.S.": "US", "NATO": "N.A.T.O.", "U.N.": "UN"} {
		if got, ok := acronymVariant(key); !ok || got != want {
			t.Errorf("acronymVariant(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	for _, key := range []string{"U", "Us", "U.S", "ABCDEF", "U.S.A.B.C.D.", "A1", ""} {
		if got, ok := acronymVariant(key); ok {
			t.Errorf("acronymVariant(%q) = %q; want none", key, got)
		}
	}
}
