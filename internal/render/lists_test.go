package render

import (
	"bytes"
	"html/template"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// The oracles: each piece of HTML that lists.go writes in Go, written
// again as html/template would make it. A piece must make the same
// document as its oracle (the same elements, attributes and text once
// parsed), whatever the titles, names, tags, values and seed text hold.
// html/template escapes a little more than the Go writer ('+' as &#43;,
// for one), so the two are compared as parsed, not byte for byte.
var oracles = template.Must(template.New("").Funcs(funcs).Parse(oracleSource +
	strings.ReplaceAll(briefingItemsOracle, "@H@", "2") + strings.ReplaceAll(briefingItemsOracle, "@H@", "3")))

// briefingItemsOracle is written once for each level of heading:
// html/template puts no action in a tag's name.
const briefingItemsOracle = `{{define "briefingItems@H@"}}{{range .Briefings}}<li>
<article>
<h@H@><a href="{{$.Root}}briefings/{{.Slug}}.html">{{.Title}}</a></h@H@>
<p class="meta"><time datetime="{{iso .Published}}">{{long .Published}}</time>{{if $.WithTags}}{{range .Tags}} · <a class="tag" href="{{$.Root}}tags/{{.Name}}.html">{{.Name}}</a>{{end}}{{end}}</p>
<p>{{index $.Sums .}}</p>
</article>
</li>
{{end}}{{end}}`

const oracleSource = `
{{define "mentionItems"}}{{range .Groups}}<li><a href="{{$.Root}}briefings/{{.B.Slug}}.html">{{.B.Title}}</a> <time>{{iso .B.Published}}</time>
<ol>
{{range .Excerpts}}<li>{{if .CutBefore}}…{{end}}{{range .Parts}}{{if .Anchor}}<a href="{{$.Root}}briefings/{{.Slug}}.html#{{.Anchor}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}{{if .CutAfter}}…{{end}}</li>
{{end}}{{if .More}}<li><a href="{{$.Root}}briefings/{{.B.Slug}}.html#a-{{$.Actor}}">{{.More}} more in this briefing</a></li>
{{end}}</ol></li>
{{end}}{{end}}

{{define "timelineItems"}}{{range $i, $e := .Entries}}{{if .Event}}<li class="event"><time datetime="{{.Value}}">{{human .Value}}</time>
<a href="{{$.Root}}briefings/{{.Briefing.Slug}}.html#{{.Event.Anchor}}">{{.Event.Title}}</a></li>
{{else}}{{if not (index $.Continues $i)}}<li class="mention"><time datetime="{{.Value}}">{{human .Value}}</time>
<ul>
{{end}}<li>{{range $p := .Sentences}}<a href="{{$.Root}}briefings/{{$.Slug}}.html#{{(index .Dates 0).Anchor}}">{{if .CutBefore}}…{{end}}{{range .Parts}}{{if .Mark}}<mark>{{printf "%s" .Text}}</mark>{{else}}{{printf "%s" .Text}}{{end}}{{end}}{{if .CutAfter}}…{{end}}</a> {{end}}<cite>{{.Briefing.Title}}</cite>
{{if not (index $.Continued $i)}}</ul></li>
{{end}}{{end}}{{end}}{{end}}

{{define "eventItems"}}{{range .Events}}<li>{{if .Value}}<time datetime="{{.Value}}">{{human .Value}}</time>{{end}} <a href="{{$.Root}}briefings/{{.Briefing.Slug}}.html#{{.Anchor}}">{{.Title}}</a></li>
{{end}}{{end}}

{{define "briefingLinks"}}{{range .Briefings}}<li><a href="{{$.Root}}briefings/{{.Slug}}.html">{{.Title}}</a> <time>{{iso .Published}}</time></li>
{{end}}{{end}}

{{define "chronologyItems"}}{{range .Events}}<li>{{if .Value}}<time datetime="{{.Value}}">{{human .Value}}</time>{{else}}<span class="undated">Undated</span>{{end}}
<a href="#{{.Anchor}}">{{.Title}}</a>{{if .Actors}}<span class="with"> · {{range $i, $a := .Actors}}{{if $i}}, {{end}}<a href="{{$.Root}}actors/{{$a.ID}}.html">{{$a.Name}}</a>{{end}}</span>{{end}}</li>
{{end}}{{end}}

{{define "actorCountItems"}}{{range $i, $c := .Counts}}<li id="a-{{.Actor.ID}}"{{if .Key}} class="key"{{end}}{{if .Count}} style="--n:{{index $.Bars $i}}%"{{end}}><a class="actor {{.Actor.Kind}}" href="{{$.Root}}actors/{{.Actor.ID}}.html">{{.Actor.Name}}</a> <span class="count">{{.Count}}</span>{{if .Key}} <span class="badge">key</span>{{end}}{{with index $.Jumps $i}}<small>{{range .}}<a href="#{{.Anchor}}">{{.N}}</a>{{end}}</small>{{end}}</li>
{{end}}{{end}}

{{define "actorLink"}}<a class="actor {{.A.Kind}}" href="{{.Root}}{{.A.ID}}.html">{{.A.Name}}</a>{{end}}

{{define "tagLink"}}<a class="tag" href="{{.Root}}{{.T.Name}}.html">{{.T.Name}}</a>{{end}}

{{define "tagItems"}}{{range .Tags}}<li><a class="tag" href="{{$.Root}}tags/{{.Name}}.html">{{.Name}}</a></li>{{end}}{{end}}

{{define "pagerLinks"}}{{with .Older}}<a rel="prev" href="{{.Slug}}.html">← {{.Title}}</a>{{end}}
{{with .Newer}}<a rel="next" href="{{.Slug}}.html">{{.Title}} →</a>{{end}}{{end}}

{{define "navItems"}}{{range .Sections}}<li><a href="{{$.Root}}{{.Path}}"{{if eq .Kind $.Kind}} aria-current="page"{{end}}>{{.Title}}</a></li>
{{end}}{{end}}
`

// listSite is a small site whose every title, name, tag, value and text
// comes from the arguments.
func listSite(title, tag, name, text string, day time.Time) (*model.Site, summaries) {
	value, ok := calendar.DayOf(day)
	if !ok {
		value = calendar.MustParse("2022-02-09")
	}
	week, _ := calendar.WeekOf(day)
	header := "date 2022-02-10\n"
	// Three paragraphs: two mentions in one excerpt, then one in each of
	// the others, so that an actor page shows two excerpts of three.
	first := text + " " + name + " met " + name + ", " + text
	body := first + "\n\n" + name + " left.\n\n" + name + " came back."
	data := []byte(header + body)
	second := len(header) + len(first) + 2
	third := second + len(name) + len(" left.\n\n")
	seed := &seeds.Seed{Name: "x.txt", Data: data, BodyStart: len(header), Blocks: []seeds.Block{
		{Start: len(header), End: second - 2}, {Start: second, End: third - 2}, {Start: third, End: len(data)},
	}}
	published := time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC)
	a := &model.Actor{ID: "ada-lovelace", Name: name, Kind: actorkind.Person}
	c := &model.Actor{ID: "charles", Name: name + "'s & <friend>", Kind: actorkind.Organization}
	t := &model.Tag{Name: tag}
	t2 := &model.Tag{Name: "plain"}
	b := &model.Briefing{Slug: "2022-02-10-x", Title: title, Seed: seed, Published: published, Tags: []*model.Tag{t, t2}}
	older := &model.Briefing{Slug: "2022-02-09-y", Title: title + " (older)", Seed: seed, Published: published.AddDate(0, 0, -1), Tags: []*model.Tag{t}}
	b.Older, older.Newer = older, b
	nameAt := len(header) + len(text) + 1
	for i, start := range []int{nameAt, nameAt + len(name) + len(" met "), second, third} {
		block := max(0, i-1)
		b.Mentions = append(b.Mentions, &model.Mention{Span: model.Span{Start: start, End: start + len(name)}, Actor: a, Briefing: b, Index: i, Block: block})
		older.Mentions = append(older.Mentions, &model.Mention{Span: model.Span{Start: start, End: start + len(name)}, Actor: a, Briefing: older, Index: i, Block: block})
	}
	a.Mentions = append(append([]*model.Mention{}, b.Mentions...), older.Mentions...)
	b.Dates = []*model.Date{{Span: model.Span{Start: len(header), End: len(header) + len(text)}, Value: value, Briefing: b}}
	b.Events = []*model.Event{
		{Title: title + " happened", Value: week, Briefing: b, Actors: []*model.Actor{a, c}, Anchor: "e1"},
		{Title: "undated " + title, Briefing: b, Anchor: "e2"},
	}
	b.Counts = []model.ActorCount{{Actor: a, Count: 4, Key: true}, {Actor: c, Count: 1}}
	a.Briefings = []*model.Briefing{b, older}
	a.Events = b.Events[:1]
	s := &model.Site{Briefings: []*model.Briefing{b, older}, Actors: []*model.Actor{a, c}, Tags: []*model.Tag{t, t2}, Events: b.Events[:1], Dates: b.Dates}
	sums := summaries{b: template.HTML("a <em>summary</em> of " + template.HTMLEscapeString(title)), older: "older"}
	return s, sums
}

// docTokens is a document as parsed: each element with its attributes, and
// the text between, unescaped.
func docTokens(t *testing.T, doc string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			text := strings.ReplaceAll(string(z.Text()), "\x00", "\uFFFD")
			if n := len(out); n > 0 && strings.HasPrefix(out[n-1], "text ") {
				out[n-1] += text // the tokenizer may cut text anywhere
				continue
			}
			out = append(out, "text "+text)
		default:
			tok := z.Token()
			s := tok.Type.String() + " " + tok.Data
			for _, a := range tok.Attr {
				s += " " + a.Key + "=" + a.Val
			}
			out = append(out, s)
		}
	}
}

// sameDocument compares a piece written in Go with its oracle.
func sameDocument(t *testing.T, name string, got template.HTML, oracle string, data any) {
	t.Helper()
	sameDocumentWith(t, name, got, oracles, oracle, data)
}

func sameDocumentWith(t *testing.T, name string, got template.HTML, set *template.Template, oracle string, data any) {
	t.Helper()
	var want bytes.Buffer
	if err := set.ExecuteTemplate(&want, oracle, data); err != nil {
		t.Fatalf("%s: oracle: %v", name, err)
	}
	g, w := docTokens(t, string(got)), docTokens(t, want.String())
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("%s differs from its oracle:\ngo:       %s\ntemplate: %s", name, got, want.String())
	}
	if len(g) == 0 && len(w) > 0 {
		t.Errorf("%s is empty", name)
	}
}

func joinList(l HTMLList) template.HTML {
	var b strings.Builder
	for _, p := range l {
		b.WriteString(string(p))
	}
	return template.HTML(b.String())
}

// oracleExcerpt is the text around one or more mentions: plain parts,
// and the mentions, which have an Anchor.
type oracleExcerpt struct {
	Parts               []struct{ Slug, Anchor, Text string }
	CutBefore, CutAfter bool
}

type oracleGroup struct {
	B        *model.Briefing
	Excerpts []oracleExcerpt
	More     int // the mentions past the excerpts shown
}

type oracleSection struct{ Kind, Path, Title string }

// checkPieces compares every piece of lists.go with its oracle on the
// site made of the arguments.
func checkPieces(t *testing.T, title, tag, name, text string, day time.Time) {
	s, sums := listSite(title, tag, name, text, day)
	b, a := s.Briefings[0], s.Actors[0]
	for _, root := range []string{"", "../"} {
		for _, h := range []string{"2", "3"} {
			sameDocument(t, "briefingItems", joinList(briefingItems(nil, i18n.English, root, s.Briefings, sums, h, true)), "briefingItems"+h,
				map[string]any{"Root": root, "Briefings": s.Briefings, "Sums": sums, "H": h, "WithTags": true})
		}
		sameDocument(t, "briefingItems without tags", joinList(briefingItems(nil, i18n.English, root, s.Briefings, sums, "2", false)), "briefingItems2",
			map[string]any{"Root": root, "Briefings": s.Briefings, "Sums": sums, "H": "2", "WithTags": false})

		var groups []oracleGroup
		for i, m := range a.Mentions {
			if i == 0 || a.Mentions[i-1].Briefing != m.Briefing {
				groups = append(groups, oracleGroup{B: m.Briefing})
			}
			g := &groups[len(groups)-1]
			before, after, cutBefore, cutAfter := context(m)
			meets := i > 0 && excerptsMeet(a.Mentions[i-1], m)
			if g.More > 0 || (len(g.Excerpts) == excerptsShown && !meets) {
				g.More++
				continue
			}
			if meets {
				// One excerpt: the text between the two, then the mention.
				e := &g.Excerpts[len(g.Excerpts)-1]
				prev := a.Mentions[i-1]
				e.Parts = append(e.Parts[:len(e.Parts)-1],
					struct{ Slug, Anchor, Text string }{Text: string(m.Briefing.Seed.Data[prev.End:m.Start])},
					struct{ Slug, Anchor, Text string }{m.Briefing.Slug, m.Anchor(), m.Text()},
					struct{ Slug, Anchor, Text string }{Text: string(after)})
				e.CutAfter = cutAfter
				continue
			}
			g.Excerpts = append(g.Excerpts, oracleExcerpt{CutBefore: cutBefore, CutAfter: cutAfter, Parts: []struct{ Slug, Anchor, Text string }{
				{Text: string(before)}, {m.Briefing.Slug, m.Anchor(), m.Text()}, {Text: string(after)},
			}})
		}
		if groups[0].More == 0 {
			t.Fatalf("the first briefing's excerpts are all shown: the link to the rest is not tested")
		}
		sameDocument(t, "mentionItems", joinList(mentionItems(i18n.English, root, a)), "mentionItems", map[string]any{"Root": root, "Groups": groups, "Actor": a.ID})

		items := []TimelineItem{
			{Value: b.Events[0].Value, Event: b.Events[0], Briefing: b},
		}
		for _, d := range b.Dates {
			items = append(items, TimelineItem{Value: d.Value, Date: d, Briefing: b})
		}
		entries := timelineEntries(items)
		// An entry of passages continues the <li> of the one before when
		// both are passages of one value.
		continues, continued := make([]bool, len(entries)), make([]bool, len(entries))
		for i := 1; i < len(entries); i++ {
			if entries[i].Event == nil && entries[i-1].Event == nil && entries[i].Value == entries[i-1].Value {
				continues[i], continued[i-1] = true, true
			}
		}
		sameDocument(t, "timelineItems", joinList(timelineItems(nil, i18n.English, root, items, nil)), "timelineItems", map[string]any{"Root": root, "Slug": b.Slug, "Entries": entries, "Continues": continues, "Continued": continued})
		sameDocument(t, "eventItems", eventItems(nil, newSpellings(i18n.English), root, b.Events), "eventItems", map[string]any{"Root": root, "Events": b.Events})
		sameDocument(t, "briefingLinks", joinList(briefingLinks(nil, root, s.Briefings, nil)), "briefingLinks", map[string]any{"Root": root, "Briefings": s.Briefings})
		sameDocument(t, "chronologyItems", chronologyItems(nil, newSpellings(i18n.English), root, b.Events), "chronologyItems", map[string]any{"Root": root, "Events": b.Events})
		top, bars := 0, []int{}
		for _, c := range b.Counts {
			top = max(top, c.Count)
		}
		for _, c := range b.Counts {
			bars = append(bars, max(1, int(math.Round(100*float64(c.Count)/float64(top)))))
		}
		type jump struct {
			Anchor string
			N      int
		}
		jumps := make([][]jump, len(b.Counts))
		for i, c := range b.Counts {
			for _, m := range b.Mentions {
				if m.Actor == c.Actor {
					jumps[i] = append(jumps[i], jump{m.Anchor(), len(jumps[i]) + 1})
				}
			}
		}
		sameDocument(t, "actorCountItems", actorCountItems(nil, i18n.English, root, b.Counts, b.Mentions), "actorCountItems", map[string]any{"Root": root, "Counts": b.Counts, "Bars": bars, "Jumps": jumps})
		sameDocument(t, "tagItems", tagItems(nil, root, b.Tags), "tagItems", map[string]any{"Root": root, "Tags": b.Tags})
		for _, tag := range s.Tags {
			sameDocument(t, "tagLink", tagLink(root+"tags/", tag), "tagLink", map[string]any{"Root": root + "tags/", "T": tag})
		}
		for _, actor := range s.Actors {
			sameDocument(t, "actorLink", actorLink(root+"actors/", actor), "actorLink", map[string]any{"Root": root + "actors/", "A": actor})
		}
		var secs []oracleSection
		for _, sec := range sections {
			secs = append(secs, oracleSection{sec.kind, sec.path, sec.title})
		}
		sameDocument(t, "navItems", navItems(nil, i18n.English, root, "actors"), "navItems", map[string]any{"Root": root, "Kind": "actors", "Sections": secs})
	}
	sameDocument(t, "pagerLinks", pagerLinks(nil, b.Older, b.Newer), "pagerLinks", map[string]any{"Older": b.Older, "Newer": b.Newer})
	sameDocument(t, "pagerLinks", pagerLinks(nil, s.Briefings[1].Older, s.Briefings[1].Newer), "pagerLinks", map[string]any{"Older": s.Briefings[1].Older, "Newer": s.Briefings[1].Newer})
}

func TestListsAgainstTemplates(t *testing.T) {
	day := time.Date(2022, 2, 9, 0, 0, 0, 0, time.UTC)
	tests := []struct{ title, tag, name, text string }{
		{"Biden and Macron talk", "diplomacy", "Macron", "On Wednesday"},
		{`<b>"Quotes" & 'apostrophes'</b>`, `a<b>&"'`, `O'Brien & <Sons> "Ltd"`, `"Today" <is> & 'was'`},
		{"a+b=c; 100% sure", "tag+plus", "Ünïcödé ✓", strings.Repeat("long text ", 30)},
	}
	for _, tt := range tests {
		checkPieces(t, tt.title, tt.tag, tt.name, tt.text, day)
	}
	// actorCountItems groups a long article's mentions by actor.
	defer func(n int) { groupMentionsOver = n }(groupMentionsOver)
	groupMentionsOver = 0
	for _, tt := range tests {
		checkPieces(t, tt.title, tt.tag, tt.name, tt.text, day)
	}
}

func FuzzListsAgainstTemplates(f *testing.F) {
	f.Add("Biden and Macron talk", "diplomacy", "Macron", "On Wednesday", int64(0))
	f.Add(`<b>"Q" & 'a'</b>`, `a<b>&"'`, `O'Brien & <Sons>`, `"Today" <is> & 'was'`, int64(86400*400))
	f.Fuzz(func(t *testing.T, title, tag, name, text string, secs int64) {
		for _, s := range []string{title, tag, name, text} {
			// A tag leads a URL path only after "tags/", but a ':' or a
			// '#' before it would still change what html/template makes
			// of the URL; tags are slugs, and the URL writer's own fuzz
			// covers the rest.
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\f") || strings.ContainsAny(tag, ":#?") {
				t.Skip()
			}
		}
		if name == "" || text == "" {
			t.Skip() // a mention and a date have text
		}
		day := time.Date(2022, 2, 9, 0, 0, 0, 0, time.UTC).Add(time.Duration(secs%(86400*3650)) * time.Second)
		checkPieces(t, title, tag, name, text, day)
	})
}

// TestTimelineEntries: the dates of one briefing with one value are one
// entry, those of one sentence one passage with each expression marked,
// and a long sentence is cut at words around them.
func TestTimelineEntries(t *testing.T) {
	long := "Ministers met " + strings.Repeat("and talked at length ", 8) + "on Monday " + strings.Repeat("before they went home again ", 6) + "late."
	tests := []struct {
		name  string
		text  string
		dates []string // expression=value, in text order
		want  string   // entries by " | ", passages by " / ", [marked]
	}{
		{"one sentence, two expressions", "Ada spoke on Monday and again on Monday.", []string{"on Monday=2024-03-04", "on Monday=2024-03-04"},
			"2024-03-04 Ada spoke [on Monday] and again [on Monday]."},
		{"two sentences, one value", "Ada spoke on Monday. Babbage wrote on Monday.", []string{"on Monday=2024-03-04", "on Monday=2024-03-04"},
			"2024-03-04 Ada spoke [on Monday]. / Babbage wrote [on Monday]."},
		{"two values", "Ada spoke on Monday. Babbage wrote on Tuesday.", []string{"on Monday=2024-03-04", "on Tuesday=2024-03-05"},
			"2024-03-04 Ada spoke [on Monday]. | 2024-03-05 Babbage wrote [on Tuesday]."},
		{"a long sentence is cut", long, []string{"on Monday=2024-03-04"},
			"2024-03-04 …and talked at length and talked at length and talked at length and talked at length and talked at length [on Monday] before they went home again before…"},
	}
	for _, tt := range tests {
		data := "date 2024-03-06\n\n" + tt.text + "\n"
		body := len("date 2024-03-06\n\n")
		seed := &seeds.Seed{Name: "s.txt", Data: []byte(data), BodyStart: body, Blocks: []seeds.Block{{Start: body, End: len(data) - 1}}}
		b := &model.Briefing{Slug: "s", Title: "T", Seed: seed}
		var items []TimelineItem
		at := body
		for i, d := range tt.dates {
			expr, value, _ := strings.Cut(d, "=")
			start := at + strings.Index(data[at:], expr)
			date := &model.Date{Span: model.Span{Start: start, End: start + len(expr)}, Value: calendar.MustParse(value), Briefing: b, Index: i}
			at = date.End
			items = append(items, TimelineItem{Value: date.Value, Date: date, Briefing: b})
		}
		var entries []string
		for _, e := range timelineEntries(items) {
			var passages []string
			for _, p := range e.Sentences {
				var s strings.Builder
				if p.CutBefore {
					s.WriteString("…")
				}
				for _, part := range p.Parts {
					if part.Mark {
						s.WriteString("[" + string(part.Text) + "]")
					} else {
						s.Write(part.Text)
					}
				}
				if p.CutAfter {
					s.WriteString("…")
				}
				passages = append(passages, s.String())
			}
			entries = append(entries, e.Value.String()+" "+strings.Join(passages, " / "))
		}
		if got := strings.Join(entries, " | "); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// TestMentionExcerpt: an actor page shows a mention within its sentence,
// at most contextWidth bytes either side, cut at a word with "…" when the
// sentence is longer.
func TestMentionExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 20)
	for _, tt := range []struct{ name, text, mention, want string }{
		{"the whole sentence", "Before. Then Ada spoke. After.", "Ada", "Then [Ada] spoke."},
		{"paragraph start and end", "Ada spoke", "Ada", "[Ada] spoke"},
		{"a long sentence is cut at words", long + "Ada " + long, "Ada", "…word word word word word word word word [Ada] word word word word word word word word…"},
		{"a question ends a sentence too", "Who? Ada! Yes.", "Ada", "[Ada]!"},
		{"a full stop inside a word does not", "See v1.2 and Ada at 3.5 today.", "Ada", "See v1.2 and [Ada] at 3.5 today."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.text)
			start := bytes.Index(data, []byte(tt.mention))
			b := &model.Briefing{Seed: &seeds.Seed{Data: data, Blocks: []seeds.Block{{Start: 0, End: len(data)}}}}
			m := &model.Mention{Span: model.Span{Start: start, End: start + len(tt.mention)}, Briefing: b}
			before, after, cutBefore, cutAfter := context(m)
			got := string(before) + "[" + tt.mention + "]" + string(after)
			if cutBefore {
				got = "…" + got
			}
			if cutAfter {
				got += "…"
			}
			if got != tt.want {
				t.Errorf("%q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestGroupByValue: items that begin on one day come grouped by value, so
// that the timeline shows each value once, events first, and the order of
// the briefings kept within a value.
func TestGroupByValue(t *testing.T) {
	b1, b2, b3 := &model.Briefing{Slug: "b1"}, &model.Briefing{Slug: "b2"}, &model.Briefing{Slug: "b3"}
	day, month, other := calendar.MustParse("2020-02-01"), calendar.MustParse("2020-02"), calendar.MustParse("2020-01-31")
	ev := &model.Event{Title: "e"}
	items := []TimelineItem{
		{Value: month, Briefing: b2, Event: ev},
		{Value: day, Briefing: b1, Date: &model.Date{}},
		{Value: month, Briefing: b1, Date: &model.Date{}},
		{Value: day, Briefing: b2, Date: &model.Date{}},
		{Value: month, Briefing: b3, Date: &model.Date{}},
		{Value: day, Briefing: b3, Date: &model.Date{}},
		{Value: other, Briefing: b1, Date: &model.Date{}},
		{Value: other, Briefing: b2, Date: &model.Date{}},
	}
	groupByValue(items)
	var got []string
	for _, it := range items {
		kind := "date"
		if it.Event != nil {
			kind = "event"
		}
		got = append(got, kind+" "+it.Value.String()+" "+it.Briefing.Slug)
	}
	// Values in any order, each a run, the same on every build.
	want := []string{"event 2020-02 b2", "date 2020-02-01 b1", "date 2020-02-01 b2", "date 2020-02-01 b3", "date 2020-02 b1", "date 2020-02 b3", "date 2020-01-31 b1", "date 2020-01-31 b2"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ", "), strings.Join(want, ", "))
	}
}
