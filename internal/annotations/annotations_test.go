package annotations

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/diag"
)

func TestParseActors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ids  string   // ids parsed, joined by spaces
		errs []string // each error, in order
	}{
		{
			name: "full entry",
			in: `- id: emmanuel-macron
  name: Emmanuel Macron
  kind: person
  aliases: ["French President"]
  short: Macron
  description: President of France.
  wikidata: Q3052772
`,
			ids: "emmanuel-macron",
		},
		{
			name: "unknown key and bad kind",
			in:   "- id: x\n  name: X\n  kind: animal\n  colour: red\n",
			ids:  "x",
			errs: []string{
				`a.yaml:4:3: unknown key "colour" in actor (known: aliases, description, id, kind, name, short, wikidata)`,
				`a.yaml:1:3: actor "x" has kind "animal"; want one of person, organization, country, place, group`,
			},
		},
		{
			name: "ids must be slugs",
			in:   "- id: ../up\n  name: Up\n  kind: place\n- id: Big\n  name: Big\n  kind: place\n- name: None\n  kind: place\n- id: index\n  name: Index\n  kind: place\n",
			ids:  "../up Big  index",
			errs: []string{
				`a.yaml:1:3: actor id "../up" is not a slug`,
				`a.yaml:4:3: actor id "Big" is not a slug`,
				`a.yaml:7:3: actor has no id`,
				`a.yaml:9:3: actor id "index" is taken by the page listing all actors`,
			},
		},
		{
			name: "short is for persons",
			in:   "- id: x\n  name: X Y\n  kind: place\n  short: Y\n",
			ids:  "x",
			errs: []string{`a.yaml:4:10: short is for persons only, and "x" is a place`},
		},
		{
			name: "wrong types",
			in:   "- id: x\n  name: [X]\n  kind: person\n  aliases: X\n  wikidata: 42\n",
			ids:  "x",
			errs: []string{
				`a.yaml:2:9: expected text, found a list`,
				`a.yaml:4:12: expected a list, found the value "X"`,
				`a.yaml:1:3: actor "x" has no name`,
				`a.yaml:1:3: wikidata "42" of "x" is not an item id like Q42`,
			},
		},
		{name: "not a list", in: "id: x\n", errs: []string{`a.yaml:1:1: an actors file must be a list of actors, found a mapping`}},
		{name: "syntax error", in: "- id: x\n  name: [\n", errs: []string{`a.yaml:2:9: invalid YAML: the [ opened here is not closed with ] on this line`}},
		{name: "one broken entry keeps the others", in: "- id: x\n  name: X\n  kind: place\n- id: y\n  name: \"Y\n  kind: place\n- id: z\n  name: Z\n  kind: place\n",
			ids:  "x z",
			errs: []string{`a.yaml:5:9: invalid YAML: the quote " opened here is not closed on this line`}},
		{name: "empty file", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			actors := ParseActors("a.yaml", []byte(tt.in), &errs)
			var ids []string
			for _, a := range actors {
				ids = append(ids, a.ID)
			}
			if got := strings.Join(ids, " "); got != tt.ids {
				t.Errorf("ids = %q, want %q", got, tt.ids)
			}
			checkErrors(t, errs, tt.errs)
		})
	}
}

func checkErrors(t *testing.T, errs diag.List, want []string) {
	t.Helper()
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), errs)
	}
	for i, e := range errs {
		if !strings.HasPrefix(e.Error(), want[i]) {
			t.Errorf("error %d = %q, want prefix %q", i, e, want[i])
		}
	}
}

func TestParseBriefing(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, b *Briefing)
		errs  []string
	}{
		{
			name: "everything",
			in: `---
seed: x.txt
title: T
summary: S
tags: [a, b-c]
actors: [p, q]
events:
  - quote: "on Monday"
    title: E
    date: 2022-W05
notes:
  - quote: "n"
    text: N
dates:
  - quote: "Today"
    date: 2022-02-09
draft: true
---
Body *here*.
`,
			check: func(t *testing.T, b *Briefing) {
				if b.Seed != "x.txt" || b.Title != "T" || !b.Draft || len(b.Tags) != 2 || len(b.Actors) != 2 {
					t.Errorf("parsed %+v", b)
				}
				if b.Actors[1].Pos.Line != 6 || b.Actors[1].Pos.Col != 13 {
					t.Errorf("actor q at %v, want 6:13", b.Actors[1].Pos)
				}
				if b.Events[0].Date.String() != "2022-W05" || b.Events[0].Actors != nil {
					t.Errorf("event %+v", b.Events[0])
				}
				if b.Events[0].Quote.Pos.Line != 8 || b.Events[0].Quote.Pos.Col != 12 {
					t.Errorf("event quote at %v, want 8:12", b.Events[0].Quote.Pos)
				}
				if b.Dates[0].Date.String() != "2022-02-09" || b.Notes[0].Text != "N" {
					t.Errorf("dates %+v notes %+v", b.Dates, b.Notes)
				}
				if string(b.Body) != "Body *here*.\n" {
					t.Errorf("body %q", b.Body)
				}
			},
		},
		{
			name: "strict keys and values",
			in:   "---\nseed: x.txt\ntitle: T\ntitle: U\ndraft: maybe\ntags: [Not A Slug, index]\nevents:\n  - quote: q\n    when: now\n    date: Feb 3\n---\n",
			errs: []string{
				`b.md:4:1: key "title" repeated in front matter`,
				`b.md:5:8: expected true or false, found the value "maybe"`,
				`b.md:9:5: unknown key "when" in event`,
				`b.md:10:11: date "Feb 3" is not a calendar value`,
				`b.md:8:5: event has no title`,
				`b.md:6:8: tag "Not A Slug" is not a slug`,
				`b.md:6:20: tag "index" is taken by the page listing all tags`,
			},
		},
		{
			name: "a date that the calendar lacks",
			in:   "---\nseed: x.txt\ntitle: T\ndates:\n  - quote: q\n    date: 2022-02-30\n  - quote: r\n    date: 2022-W53\n---\n",
			errs: []string{
				`b.md:6:11: date "2022-02-30" is not a calendar value`,
				`b.md:8:11: date "2022-W53" is not a calendar value`,
			},
		},
		{
			name: "seed must be a plain file name",
			in:   "---\nseed: ../etc/passwd\ntitle: T\n---\n",
			errs: []string{`b.md:2:7: seed "../etc/passwd" must be a file name directly under seeds/`},
		},
		{
			name: "missing seed and title",
			in:   "---\nsummary: S\n---\n",
			errs: []string{`b.md:2:1: front matter has no seed`, `b.md:2:1: front matter has no title`},
		},
		{name: "empty value", in: "---\nseed: x.txt\ntitle:\n---\n", errs: []string{`b.md:3:7: expected text, found nothing`, `b.md:2:1: front matter has no title`}},
		{name: "no front matter", in: "# Title\n", errs: []string{`b.md:1:1: missing front matter`}},
		{name: "unclosed front matter", in: "---\nseed: x\n", errs: []string{`b.md:1:1: missing front matter`}},
		{name: "empty front matter", in: "---\n---\n", errs: []string{`b.md:1:1: empty front matter`}},
		{name: "syntax error", in: "---\nseed: x\n  bad: [\n---\n", errs: []string{`b.md:3:3: invalid YAML: this line is indented more than the line above it; keys of one entry start in one column, here column 1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			b := ParseBriefing("b.md", []byte(tt.in), &errs)
			checkErrors(t, errs, tt.errs)
			if tt.check != nil {
				tt.check(t, b)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		in   string
		want Config
		errs []string
	}{
		{in: "title: T\nbase_url: https://x.org/\nlanguage: fr\n", want: Config{Title: "T", BaseURL: "https://x.org/", Language: "fr"}},
		{in: "title: T\nbaseurl: x\n", want: Config{Title: "T"}, errs: []string{`site.yaml:2:1: unknown key "baseurl" in site settings`}},
		{in: "base_url: /relative/\n", want: Config{BaseURL: "/relative/"}, errs: []string{`site.yaml: base_url "/relative/" is not an absolute http or https URL`}},
		{in: "base_url: \"https://x.org/\\nDisallow: /\"\n", want: Config{BaseURL: "https://x.org/\nDisallow: /"}, errs: []string{`site.yaml: base_url "https://x.org/\nDisallow: /" must not contain white space, control characters or backslashes`}},
		{in: "base_url: https://x//evil/\n", want: Config{BaseURL: "https://x//evil/"}, errs: []string{`site.yaml: base_url "https://x//evil/" has an empty path segment (//)`}},
		{in: "base_url: https:///evil/\n", want: Config{BaseURL: "https:///evil/"}, errs: []string{`site.yaml: base_url "https:///evil/" has no host name`}},
		{in: "base_url: https:evil.org/\n", want: Config{BaseURL: "https:evil.org/"}, errs: []string{`site.yaml: base_url "https:evil.org/" is not an absolute http or https URL`}},
		{in: "base_url: javascript://x.org/\n", want: Config{BaseURL: "javascript://x.org/"}, errs: []string{`site.yaml: base_url "javascript://x.org/" is not an absolute http or https URL`}},
		{in: "base_url: https://user:pw@x.org/\n", want: Config{BaseURL: "https://user:pw@x.org/"}, errs: []string{`site.yaml: base_url "https://user:pw@x.org/" must not carry a user name or password`}},
		{in: "base_url: https://x.org/?a=1\n", want: Config{BaseURL: "https://x.org/?a=1"}, errs: []string{`site.yaml: base_url "https://x.org/?a=1" must not have a query or a fragment`}},
		{in: "base_url: https://x.org:99999/\n", want: Config{BaseURL: "https://x.org:99999/"}, errs: []string{`site.yaml: base_url "https://x.org:99999/" has an invalid port "99999"`}},
		{in: "base_url: http://127.0.0.1:8080/a/b/\n", want: Config{BaseURL: "http://127.0.0.1:8080/a/b/"}},
	}
	for _, tt := range tests {
		var errs diag.List
		got := ParseConfig("site.yaml", []byte(tt.in), &errs)
		if got != tt.want {
			t.Errorf("ParseConfig(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		checkErrors(t, errs, tt.errs)
	}
}

func TestLoadDuplicateIDs(t *testing.T) {
	site := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: T\n")},
		"content/actors/a.yaml":      {Data: []byte("- id: x\n  name: X\n  kind: place\n")},
		"content/actors/b.yml":       {Data: []byte("- id: x\n  name: Y\n  kind: place\n")},
		"content/briefings/a-b.md":   {Data: []byte("---\nseed: s.txt\ntitle: T\n---\n")},
		"content/briefings/Bad_X.md": {Data: []byte("---\nseed: s.txt\ntitle: T\n---\n")},
		"content/briefings/index.md": {Data: []byte("---\nseed: s.txt\ntitle: T\n---\n")},
	}
	c, errs := Load(site)
	checkErrors(t, errs.Sort(), []string{
		`content/actors/b.yml:1:3: duplicate actor id "x" (first defined at content/actors/a.yaml:1:3)`,
		`content/briefings/Bad_X.md: briefing file name "Bad_X" is not a slug`,
		`content/briefings/index.md: briefing file name "index" is taken by the page listing all briefings`,
	})
	if len(c.Actors) != 2 || len(c.Briefings) != 3 || c.Config.Title != "T" {
		t.Errorf("loaded %d actors, %d briefings, config %+v", len(c.Actors), len(c.Briefings), c.Config)
	}
}

func FuzzParseBriefing(f *testing.F) {
	f.Add([]byte("---\nseed: x.txt\ntitle: T\nevents:\n  - quote: q\n    title: t\n---\nBody"))
	f.Add([]byte("---\n[\n---\n"))
	f.Add([]byte("---\nnotes: {a: b}\ndates: [1, 2]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs diag.List
		b := ParseBriefing("f.md", data, &errs)
		for _, e := range errs {
			if e.Pos.File != "f.md" {
				t.Fatalf("error without the file: %v", e)
			}
		}
		if b != nil && len(errs) == 0 && (b.Seed == "" || b.Title == "") {
			t.Fatalf("accepted a briefing without seed or title: %+v", b)
		}
	})
}

func FuzzParseActors(f *testing.F) {
	f.Add([]byte("- id: x\n  name: X\n  kind: person\n  aliases: [A, B]\n"))
	f.Add([]byte("- {id: y, name: Y, kind: place, short: Z}\n- 3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs diag.List
		actors := ParseActors("f.yaml", data, &errs)
		if len(errs) == 0 {
			for _, a := range actors {
				if !IsSlug(a.ID) || strings.TrimSpace(a.Name) == "" {
					t.Fatalf("accepted actor %+v", a)
				}
			}
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte("title: T\nbase_url: https://x.org/\nlanguage: en\n"))
	f.Add([]byte("title: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs diag.List
		c := ParseConfig("site.yaml", data, &errs)
		if len(errs) == 0 && c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http") {
			t.Fatalf("accepted base_url %q", c.BaseURL)
		}
	})
}
