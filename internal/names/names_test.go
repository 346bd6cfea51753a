package names

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// describe prints candidates as "Name (kind: form, form)" for comparing.
func describe(cs []Candidate) string {
	var out []string
	for _, c := range cs {
		var forms []string
		for _, f := range c.Forms {
			if f.Text != c.Name {
				forms = append(forms, f.Text)
			}
		}
		out = append(out, fmt.Sprintf("%s (%s: %s)", c.Name, c.Kind, strings.Join(forms, ", ")))
	}
	return strings.Join(out, "; ")
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"title splits person from country",
			"Swiss Foreign Minister Ignazio Cassis met them. Cassis said so.",
			"Ignazio Cassis (person: Cassis); Switzerland (country: Swiss)"},
		{"acronym in parentheses and initials",
			"The European Central Bank (ECB) held rates. ECB President Christine Lagarde spoke.",
			"European Central Bank (organization: ECB); Christine Lagarde (person: )"},
		{"sentence-initial common words are not names",
			"Markets fell. Traders in Chicago sold. Wheat rose.",
			"Chicago (place: )"},
		{"months and weekdays are not names",
			"The talks in Geneva on Monday ended in May.",
			"Geneva (place: )"},
		{"dateline and lower-case title",
			"GENEVA — Kremlin spokesman Dmitry Peskov said the talks in Geneva failed.",
			"Geneva (place: ); Kremlin (organization: ); Dmitry Peskov (person: )"},
		{"of-phrases and and-names",
			"He met the Bank of England and the Competition and Markets Authority.",
			"Bank of England (organization: ); Competition and Markets Authority (organization: )"},
		{"a list of countries stays apart",
			"Stocks ran low in Egypt, Lebanon and Somalia.",
			"Egypt (country: ); Lebanon (country: ); Somalia (country: )"},
		{"demonyms from language names",
			"Polish voters and the Norwegian owner met in Warsaw.",
			"Poland (country: Polish); Norway (country: Norwegian); Warsaw (place: )"},
		{"a continent from its demonym alone is not proposed",
			"European leaders were reserved.",
			""},
		{"known as",
			"The paramilitary leader Mohamed Hamdan Dagalo, known as Hemedti, spoke.",
			"Mohamed Hamdan Dagalo (person: Hemedti)"},
		{"a company's short name",
			"Meta Platforms was fined. Meta will appeal.",
			"Meta Platforms (organization: Meta)"},
		{"group words and a plural",
			"The Houthi movement fired again. The Houthis control Sanaa. The Rapid Support Forces (RSF) retreated.",
			"Houthi (group: Houthis); Rapid Support Forces (group: RSF); Sanaa (organization: )"},
		{"compounds with a lower-case tail",
			"A Greek-owned tanker was hit.",
			"Greece (country: Greek)"},
		{"registered text is never proposed, nor a word of it alone",
			"Joe Biden met Emmanuel Macron. Joe agreed with Biden's and Macron's view.",
			"Emmanuel Macron (person: Macron)"},
		{"middle initials and plural titles",
			"Health Secretary Robert F. Kennedy Jr. spoke. Justices Elena Kagan and Sonia Sotomayor dissented.",
			"Robert F. Kennedy Jr (person: ); Elena Kagan (person: ); Sonia Sotomayor (person: )"},
		{"a list holds one kind",
			"Governors in states including California and New Jersey objected.",
			"California (place: ); New Jersey (place: )"},
		{"a dateline in capitals takes the text's spelling, accents and all",
			"BRASILIA — Luiz Inácio Lula da Silva spoke in Brasília. Lula said so.",
			"Brasília (place: Brasilia); Luiz Inácio Lula da Silva (person: Lula)"},
		{"analysts at a firm",
			"Analysts at Goldman Sachs said prices would fall.",
			"Goldman Sachs (organization: )"},
		{"headline words in a sub-heading are not names",
			"Shares fell in London.\n\nMarkets React Badly\n\nTraders in Paris sold.",
			"London (place: ); Paris (place: )"},
		{"a longer name keeps a first word that is common elsewhere",
			"The world watched. World Athletics president Sebastian Coe praised the two-time Olympic champion and AI developers.",
			"World Athletics (organization: ); Sebastian Coe (person: )"},
		{"initials that are another region's code",
			"AI firms and the UAE met. SA officials came.",
			"United Arab Emirates (country: UAE); Saudi Arabia (country: SA)"},
		{"a city of the time zone database is a place",
			"He said Moscow would not accept it, and Baghdad agreed with Rabobank.",
			"Moscow (place: ); Baghdad (place: ); Rabobank (organization: )"},
		{"a text of one line without a full stop is not a heading",
			"Ignazio Cassis met them in Geneva",
			"Ignazio Cassis (person: ); Geneva (place: )"},
		{"nothing to find", "the end.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var known []Span
			if i := strings.Index(tc.text, "Joe Biden"); i >= 0 {
				known = []Span{{i, i + len("Joe Biden")}}
			}
			if got := describe(Find([]byte(tc.text), known)); got != tc.want {
				t.Errorf("Find(%q)\n got %s\nwant %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Rebeca Grynspan":        "rebeca-grynspan",
		"Lloyd's of London":      "lloyds-of-london",
		"Côte d’Ivoire":          "cote-divoire",
		"Abdel Fattah al-Burhan": "abdel-fattah-al-burhan",
		"U.S.":                   "us",
		"Index":                  "actor-index",
		"北京":                     "actor-",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FuzzFind checks that any text gives well-formed candidates: spans inside
// the text, counts that add up, ids that are slugs, and no panic.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"GENEVA — Kremlin spokesman Dmitry Peskov said.",
		"The European Central Bank (ECB) and U.S. officials met in Lloyd's of London.",
		"A Greek-owned \"Tanker\" — known as X. al-Burhan's el-Sisi (",
		"\xff\xfe Bank of", "Court of Arbitration for Sport and",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range Find([]byte(text), nil) {
			n := 0
			for _, form := range c.Forms {
				n += form.Count
			}
			if n != c.Count || len(c.Spans) != c.Count || c.Name == "" || c.Context == "" && c.Count > 0 {
				t.Fatalf("%+v: counts or name do not add up", c)
			}
			if !slug.MatchString(strings.TrimPrefix(c.ID, "actor-")) && c.ID != "actor-" {
				t.Fatalf("id %q is not a slug", c.ID)
			}
			for _, sp := range c.Spans {
				if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
					t.Fatalf("span %v outside the text", sp)
				}
			}
			if !utf8.ValidString(c.Context) && utf8.ValidString(text) {
				t.Fatalf("context %q is not UTF-8", c.Context)
			}
		}
	})
}

// TestFindLargeInput guards against work that grows with the square of
// the names: a long text of distinct names, surnames, acronyms and
// "known as" takes about a second of CPU, and did take minutes when a
// merge compared every name with every other. The limit is loose because
// the machine may be shared.
func TestFindLargeInput(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "in Xq%d and the Yq%d Zq%d, known as Wq%d, or Zq%d (QQ%c). ", i, i, i, i, i, 'A'+i%26)
	}
	start := time.Now()
	got := Find([]byte(b.String()), nil)
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("Find took %v on %d bytes", d, b.Len())
	}
	if len(got) == 0 {
		t.Error("no names found")
	}
}
