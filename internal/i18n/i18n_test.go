package i18n

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"
)

// TestEveryLanguageHasEveryKey fails when a built-in language lacks a key
// that English has, has one English lacks, or takes other placeholders.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	for _, b := range builtins[1:] {
		for _, k := range Keys() {
			text, ok := b.strings[k]
			if !ok {
				t.Errorf("%s lacks %q (English: %q)", b.tag, k, english[k])
				continue
			}
			want, got := placeholders(english[k]), placeholders(text)
			if strings.HasPrefix(string(k), "date.") {
				want = datePlaceholders
				for _, p := range got {
					if !slices.Contains(want, p) {
						t.Errorf("%s %q: placeholder {%s} is not a date's", b.tag, k, p)
					}
				}
				continue
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s %q takes %v, English %v", b.tag, k, got, want)
			}
		}
		for k := range b.strings {
			if _, ok := english[k]; !ok {
				t.Errorf("%s has %q, which English lacks", b.tag, k)
			}
		}
	}
}

// TestTemplateStrings keeps the table in step with what the pages show: the
// English text of each key is the one the templates and render print today.
func TestTemplateStrings(t *testing.T) {
	for k, want := range map[Key]string{
		"nav.timeline":    "Timeline",
		"frame.skip":      "Skip to content",
		"actor.related":   "Mentioned alongside",
		"kinds.country":   "Countries",
		"timeline.lede":   "Every event and every dated passage, newest first.",
		"notfound.title":  "Page not found",
		"briefing.pager":  "More briefings",
		"index.mentioned": "Most mentioned",
	} {
		if got := English.Text(k); got != want {
			t.Errorf("English %q = %q, want %q", k, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	langs := map[string]*Lang{}
	for _, code := range []string{"en", "fr", "de", "es", "it", "fr-CA"} {
		l, _ := New(code, Overrides{})
		langs[code] = l
	}
	tests := []struct {
		lang, value, human, long string
	}{
		{"en", "2022-02-10", "10 February 2022", "Thursday 10 February 2022"},
		{"fr", "2022-02-10", "10 février 2022", "jeudi 10 février 2022"},
		{"fr", "2022-02-01", "1er février 2022", "mardi 1er février 2022"},
		{"fr-CA", "2022-08-15", "15 août 2022", "lundi 15 août 2022"},
		{"de", "2022-02-10", "10. Februar 2022", "Donnerstag, 10. Februar 2022"},
		{"es", "2022-02-10", "10 de febrero de 2022", "jueves, 10 de febrero de 2022"},
		{"it", "2022-02-10", "10 febbraio 2022", "giovedì 10 febbraio 2022"},
		{"en", "2022-W05", "week 5 of 2022 (from 31 January)", "week 5 of 2022 (from 31 January)"},
		{"fr", "2022-W05", "semaine 5 de 2022 (à partir du 31 janvier)", ""},
		{"de", "2021-W52", "Kalenderwoche 52/2021 (ab 27. Dezember)", ""},
		{"es", "2020-W53", "semana 53 de 2020 (desde el 28 de diciembre)", ""},
		{"en", "2022-02", "February 2022", ""},
		{"fr", "2022-02", "février 2022", ""},
		{"es", "2022-02", "febrero de 2022", ""},
		{"de", "2022", "2022", ""},
		// Not calendar values: given back as they are.
		{"en", "2022-13", "2022-13", ""},
		{"en", "2022-02-30", "2022-02-30", ""},
		{"en", "2021-W53", "2021-W53", ""},
		{"en", "yesterday", "yesterday", ""},
		{"en", "", "", ""},
	}
	for _, tt := range tests {
		l := langs[tt.lang]
		if got := l.Human(tt.value); got != tt.human {
			t.Errorf("%s Human(%q) = %q, want %q", tt.lang, tt.value, got, tt.human)
		}
		if tt.long != "" {
			if got := l.HumanLong(tt.value); got != tt.long {
				t.Errorf("%s HumanLong(%q) = %q, want %q", tt.lang, tt.value, got, tt.long)
			}
		}
	}
	fr := langs["fr"]
	if got := fr.MonthTitle(2022, time.February); got != "Février 2022" {
		t.Errorf("fr MonthTitle = %q", got)
	}
	if got := fr.MonthShort(2022, time.February); got != "févr 2022" {
		t.Errorf("fr MonthShort = %q", got)
	}
	if got := langs["es"].MonthTitle(2022, time.March); got != "Marzo de 2022" {
		t.Errorf("es MonthTitle = %q", got)
	}
}

func TestCount(t *testing.T) {
	fr, _ := New("fr", Overrides{})
	de, _ := New("de", Overrides{})
	tests := []struct {
		l    *Lang
		n    int
		want string
	}{
		{English, 0, "0 briefings, newest first."},
		{English, 1, "1 briefing, newest first."},
		{English, 2, "2 briefings, newest first."},
		{fr, 0, "0 synthèse, des plus récentes aux plus anciennes."},
		{fr, 1, "1 synthèse, des plus récentes aux plus anciennes."},
		{fr, 2, "2 synthèses, des plus récentes aux plus anciennes."},
		{de, 1, "1 Lagebericht, die neuesten zuerst."},
		{de, 0, "0 Lageberichte, die neuesten zuerst."},
	}
	for _, tt := range tests {
		if got := tt.l.Count("briefings", tt.n); got != tt.want {
			t.Errorf("%s Count(briefings, %d) = %q, want %q", tt.l.Tag(), tt.n, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		text string
		args []string
		want string
	}{
		{"Tag: {tag}", []string{"tag", "a<b"}, "Tag: a<b"},
		{"{Month} {year}", []string{"month", "été", "year", "2022"}, "Été 2022"},
		{"{missing} stays", nil, "{missing} stays"},
		{"{not a name} and {", []string{"not a name", "x"}, "{not a name} and {"},
		{"}{tag}{", []string{"tag", "t"}, "}t{"},
		{"{a}{a}", []string{"a", "1"}, "11"},
	}
	for _, tt := range tests {
		l := &Lang{strings: table{"k": tt.text}}
		if got := l.Format("k", tt.args...); got != tt.want {
			t.Errorf("Format(%q, %q) = %q, want %q", tt.text, tt.args, got, tt.want)
		}
	}
	// FormatHTML escapes its own text and takes its arguments as HTML.
	l := &Lang{strings: table{"k": `Try <the> {latest} & {missing}`}}
	got := l.FormatHTML("k", map[string]template.HTML{"latest": `<a href="index.html">latest</a>`})
	if want := template.HTML(`Try &lt;the&gt; <a href="index.html">latest</a> &amp; {missing}`); got != want {
		t.Errorf("FormatHTML = %q, want %q", got, want)
	}
	if got := English.Text("no.such.key"); got != "no.such.key" {
		t.Errorf("Text of an unknown key = %q", got)
	}
}

func TestNewWarnings(t *testing.T) {
	tests := []struct {
		code string
		warn string // "" for none
		nav  string
	}{
		{"", "", "Timeline"},
		{"en-US", "", "Timeline"},
		{"fr", "", "Chronologie"},
		{"de-AT", "", "Chronik"},
		{"es-419", "", "Cronología"},
		{"it", `language "it" has no built-in interface strings`, "Timeline"},
		{"not a tag!", `language "not a tag!" is not a language tag`, "Timeline"},
	}
	for _, tt := range tests {
		l, warnings := New(tt.code, Overrides{})
		switch {
		case tt.warn == "" && len(warnings) > 0:
			t.Errorf("New(%q) warns: %v", tt.code, warnings)
		case tt.warn != "" && (len(warnings) != 1 || !strings.Contains(warnings.Error(), tt.warn)):
			t.Errorf("New(%q) warnings = %v, want %q", tt.code, warnings, tt.warn)
		}
		if errs := warnings.Errors(); len(errs) > 0 {
			t.Errorf("New(%q): %v are errors, not warnings: the build would fail", tt.code, errs)
		}
		if got := l.Text("nav.timeline"); got != tt.nav {
			t.Errorf("New(%q) nav.timeline = %q, want %q", tt.code, got, tt.nav)
		}
	}
}

func TestOverrides(t *testing.T) {
	const file = "content/strings.yaml"
	tests := []struct {
		name, src string
		errs      []string
		warnings  []string
		check     map[Key]string // in French, after the overrides
	}{
		{name: "empty"},
		{name: "comment only", src: "# nothing\n"},
		{
			name:  "replaces",
			src:   "nav.timeline: Frise\ndate.day: \"{weekday} {day} {month} {year}\"\ntag.title: \"Thème « {tag} »\"\n",
			check: map[Key]string{"nav.timeline": "Frise", "nav.actors": "Acteurs"},
		},
		{
			name: "errors",
			src: "nav.timelime: Frise\n" +
				"nav.actors: 12\n" +
				"tag.title: \"{tags}\"\n" +
				"nav.tags: [a]\n" +
				"nav.search: Cherche\n" +
				"nav.search: Encore\n" +
				"? [a]\n: b\n",
			errs: []string{
				`content/strings.yaml:1:1: unknown interface string "nav.timelime" (did you mean "nav.timeline"?)`,
				`content/strings.yaml:2:13: the text of "nav.actors" must be a string; quote it`,
				`content/strings.yaml:3:12: "tag.title" takes no placeholder {tags}; it takes {tag}`,
				`content/strings.yaml:4:11: the text of "nav.tags" must be a string; quote it`,
				`content/strings.yaml:6:1: "nav.search" is given twice (first at line 5)`,
				`content/strings.yaml:7:3: a key must be a string such as nav.timeline`,
			},
		},
		{
			name:     "warns",
			src:      "tag.title: Un thème\nbriefings.one: \"Une synthèse\"\n",
			warnings: []string{`content/strings.yaml:1:12: "tag.title" leaves out {tag}: readers will not see it`},
		},
		{
			name:     "retired",
			src:      "chart.story.desc: \"Acteurs\u00a0: {list}\"\nnav.timeline: Frise\n",
			warnings: []string{`content/strings.yaml:1:1: interface string "chart.story.desc" is no longer shown (`},
			check:    map[Key]string{"nav.timeline": "Frise"},
		},
		{
			name:     "retired with the month pages' passages",
			src:      "timeline.in: \"dans {title}\"\n",
			warnings: []string{`content/strings.yaml:1:1: interface string "timeline.in" is no longer shown (`},
		},
		{name: "not a mapping", src: "- a\n", errs: []string{"content/strings.yaml:1:1: content/strings.yaml must be a mapping"}},
		{name: "bad yaml", src: "a: b\n  c: d\n", errs: []string{"content/strings.yaml:2: invalid YAML: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ov, warnings, errs := ParseOverrides(file, []byte(tt.src))
			compare(t, "errors", errs.Sort(), tt.errs)
			compare(t, "warnings", warnings, tt.warnings)
			l, _ := New("fr", ov)
			for k, want := range tt.check {
				if got := l.Text(k); got != want {
					t.Errorf("%q = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func compare[E interface{ Error() string }](t *testing.T, what string, got []E, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d, want %d: %v", what, len(got), len(want), got)
		return
	}
	for i := range got {
		if !strings.HasPrefix(got[i].Error(), want[i]) {
			t.Errorf("%s[%d] = %q, want prefix %q", what, i, got[i].Error(), want[i])
		}
	}
}

// FuzzParseOverrides: bad input never panics, and a string that passes is
// one whose placeholders the key takes.
func FuzzParseOverrides(f *testing.F) {
	f.Add([]byte("nav.timeline: Frise\n"))
	f.Add([]byte("tag.title: \"{Tag} {tag}\"\n"))
	f.Add([]byte("date.week: \"{week}/{year} {start}\"\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		ov, _, errs := ParseOverrides("s.yaml", src)
		for _, e := range errs {
			if e.Pos.File != "s.yaml" {
				t.Errorf("error without the file: %v", e)
			}
		}
		l, _ := New("de", ov)
		for _, k := range Keys() {
			_ = l.Format(k, "n", "1", "tag", "<&>")
		}
		_ = l.Human("2022-W05")
	})
}

// FuzzHuman: any value is spelled or given back, never a panic.
func FuzzHuman(f *testing.F) {
	for _, s := range []string{"2022-02-10", "2022-W05", "2022-02", "2022", "0000-W01", "9999-12-31", "2022-W99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, b := range builtins {
			l, _ := New(b.tag.String(), Overrides{})
			if got := l.HumanLong(s); got == "" && s != "" {
				t.Errorf("%s HumanLong(%q) is empty", b.tag, s)
			}
		}
	})
}

// TestTemplatesUseTableStrings reads the built-in templates and fails on
// any English a reader would see there (text, aria-label, title, the
// words given to plural) that no string of the English table holds: a
// template that grows a heading must grow a key with it. Once the
// templates print keys instead of English, nothing is left to find.
func TestTemplatesUseTableStrings(t *testing.T) {
	files, _ := filepath.Glob("../../templates/*.html")
	if len(files) == 0 {
		t.Fatal("no templates")
	}
	var all []string
	for _, v := range english {
		all = append(all, v)
	}
	known := func(s string) bool {
		for _, v := range all {
			if strings.Contains(v, s) {
				return true
			}
		}
		return false
	}
	action := regexp.MustCompile(`\{\{.*?\}\}`)
	quoted := regexp.MustCompile(`"([^"]*)"`)
	checked := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fragments []string
		// Words passed to template functions: {{plural .N "briefing" "briefings"}}.
		for _, a := range action.FindAllString(string(src), -1) {
			if strings.Contains(a, "plural") {
				for _, m := range quoted.FindAllStringSubmatch(a, -1) {
					fragments = append(fragments, m[1])
				}
			}
		}
		// The tokenizer reads <noscript> as raw text; its words count too.
		text := strings.NewReplacer("<noscript>", "", "</noscript>", "").Replace(string(src))
		z := html.NewTokenizer(strings.NewReader(action.ReplaceAllString(text, "\x00")))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			tok := z.Token()
			switch tok.Type {
			case html.TextToken:
				fragments = append(fragments, strings.Split(tok.Data, "\x00")...)
			case html.StartTagToken, html.SelfClosingTagToken:
				for _, a := range tok.Attr {
					if a.Key == "aria-label" || a.Key == "title" || a.Key == "placeholder" {
						fragments = append(fragments, strings.Split(a.Val, "\x00")...)
					}
				}
			}
		}
		for _, frag := range fragments {
			frag = strings.TrimFunc(frag, func(r rune) bool { return !unicode.IsLetter(r) && r != ':' && r != '.' })
			frag = strings.TrimSpace(strings.TrimLeft(frag, ":."))
			if !strings.ContainsFunc(frag, unicode.IsLetter) {
				continue
			}
			checked++
			if !known(frag) {
				t.Errorf("%s: %q is in no English string", filepath.Base(f), frag)
			}
		}
	}
	if checked == 0 {
		t.Log("the templates print no English of their own")
	}
	t.Logf("%d pieces of template English found in the table", checked)
}

// TestFrenchSpacing: French puts a no-break space before : ; and inside
// « », so that a line never starts with the mark.
func TestFrenchSpacing(t *testing.T) {
	for k, v := range french {
		for _, bad := range []string{" :", " ;", "« ", " »"} {
			if strings.Contains(v, bad) {
				t.Errorf("French %q = %q has a breaking space in %q", k, v, bad)
			}
		}
	}
	fr, _ := New("fr", Overrides{})
	if got, want := fr.Format("tag.title", "tag", "énergie"), "Thème\u00a0: énergie"; got != want {
		t.Errorf("fr tag.title = %q, want %q", got, want)
	}
}
