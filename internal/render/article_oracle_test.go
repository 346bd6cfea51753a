package render

import (
	"html/template"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// The article's oracle: the markup of each mention, date, event and note,
// and the notes beside their block, as html/template makes them, over
// marks that do not cross (TestNest covers the crossing ones).
var articleOracle = template.Must(template.New("article").Funcs(funcs).Parse(`{{range .Blocks}}{{if .Heading}}<h3>{{template "segments" .Segments}}</h3>{{else}}<p>{{template "segments" .Segments}}</p>{{end}}
{{if .Notes}}<aside class="notes" aria-label="Analyst note{{if gt (len .Notes) 1}}s{{end}} {{range $i, $n := .Notes}}{{if $i}}, {{end}}{{noteNum $n}}{{end}}">{{range .Notes}}<p class="note" id="{{.Anchor}}-text"><a class="note-num" href="#{{.Anchor}}">Note {{noteNum .}}</a> {{index $.NoteHTML .}}</p>{{end}}</aside>
{{end}}{{end}}{{define "segments"}}{{range .}}{{if .Mention}}<a class="{{.Mention.Actor.Kind}}" id="{{.Mention.Anchor}}" href="{{.Root}}actors/{{.Mention.Actor.ID}}.html">{{.Text}}</a>{{else if .Date}}<time {{if .Date.Corrected}}class="corrected" {{end}}id="{{.Date.Anchor}}" datetime="{{.Date.Value}}"{{if not .Resolved}} title="{{human .Date.Value}}"{{end}}>{{.Text}}</time>{{with .Resolved}}<small> [{{.}}]</small>{{end}}{{else if .Event}}<mark class="event" id="{{.Event.Anchor}}">{{.Text}}</mark>{{else if .Note}}<mark class="note" id="{{.Note.Anchor}}">{{.Text}}<a class="note-ref" href="#{{.Note.Anchor}}-text">{{noteNum .Note}}</a></mark>{{else}}{{.Text}}{{end}}{{end}}{{end}}`))

type oracleSegment struct {
	Root    string
	Text    string
	Mention *model.Mention
	Date    *model.Date
	Event   *model.Event
	Note    *model.Note
	// Resolved is the date shown beside an expression with no digit.
	Resolved string
}

type oracleBlock struct {
	Heading  bool
	Segments []oracleSegment
	Notes    []*model.Note
}

// articleBriefing is a briefing of three blocks, a heading and two
// paragraphs, whose text and names come from the arguments: the first
// paragraph has a mention and a date, the second is an event, the third
// has a note on its last word.
func articleBriefing(name, text, noteText string, day time.Time) (*model.Briefing, map[*model.Note]template.HTML) {
	value, ok := calendar.DayOf(day)
	if !ok {
		value = calendar.MustParse("2022-02-09")
	}
	header := "date 2022-02-10\n"
	var data strings.Builder
	data.WriteString(header)
	blocks := []seeds.Block{}
	add := func(heading bool, parts ...string) (starts []int) {
		if len(blocks) > 0 {
			data.WriteString("\n\n")
		}
		start := data.Len()
		for _, p := range parts {
			starts = append(starts, data.Len())
			data.WriteString(p)
		}
		blocks = append(blocks, seeds.Block{Heading: heading, Start: start, End: data.Len()})
		return starts
	}
	add(true, "A heading")
	p1 := add(false, text, " ", name, " spoke ", text, ".")
	p2 := add(false, name+" & "+text)
	p3 := add(false, "Then ", "words", ".")
	seed := &seeds.Seed{Name: "x.txt", Data: []byte(data.String()), BodyStart: len(header), Blocks: blocks}
	b := &model.Briefing{Slug: "x", Seed: seed}
	a := &model.Actor{ID: "ada", Name: name, Kind: actorkind.Person}
	b.Mentions = []*model.Mention{{Span: model.Span{Start: p1[2], End: p1[2] + len(name)}, Actor: a, Briefing: b, Block: 1}}
	b.Dates = []*model.Date{{Span: model.Span{Start: p1[4], End: p1[4] + len(text)}, Value: value, Briefing: b, Block: 1, Corrected: true}}
	b.Events = []*model.Event{{Span: model.Span{Start: p2[0], End: blocks[2].End}, Briefing: b, Anchor: "e1", Block: 2}}
	n := &model.Note{Span: model.Span{Start: p3[1], End: p3[1] + len("words")}, Text: noteText, Briefing: b, Anchor: "n1", Block: 3}
	b.Notes = []*model.Note{n}
	return b, map[*model.Note]template.HTML{n: template.HTML(template.HTMLEscapeString(noteText))}
}

// oracleArticle cuts each block into the segments the oracle writes.
func oracleArticle(b *model.Briefing, root string) []oracleBlock {
	type mark struct {
		start, end int
		seg        oracleSegment
	}
	var marks []mark
	for _, m := range b.Mentions {
		marks = append(marks, mark{m.Start, m.End, oracleSegment{Mention: m}})
	}
	for _, d := range b.Dates {
		seg := oracleSegment{Date: d}
		if !strings.ContainsAny(d.Text(), "0123456789") {
			seg.Resolved = i18n.English.Human(d.Value.String())
		}
		marks = append(marks, mark{d.Start, d.End, seg})
	}
	for _, e := range b.Events {
		marks = append(marks, mark{e.Start, e.End, oracleSegment{Event: e}})
	}
	for _, n := range b.Notes {
		marks = append(marks, mark{n.Start, n.End, oracleSegment{Note: n}})
	}
	slices.SortFunc(marks, func(x, y mark) int { return x.start - y.start })
	data := b.Seed.Data
	var out []oracleBlock
	for k, blk := range b.Seed.Blocks {
		ob := oracleBlock{Heading: blk.Heading}
		pos := blk.Start
		for _, m := range marks {
			if m.start < blk.Start || m.start >= blk.End {
				continue
			}
			ob.Segments = append(ob.Segments, oracleSegment{Root: root, Text: string(data[pos:m.start])})
			m.seg.Root, m.seg.Text = root, string(data[m.start:m.end])
			ob.Segments = append(ob.Segments, m.seg)
			pos = m.end
		}
		ob.Segments = append(ob.Segments, oracleSegment{Root: root, Text: string(data[pos:blk.End])})
		for _, n := range b.Notes {
			if n.Block == k {
				ob.Notes = append(ob.Notes, n)
			}
		}
		out = append(out, ob)
	}
	return out
}

func checkArticle(t *testing.T, name, text, noteText string, day time.Time) {
	b, notes := articleBriefing(name, text, noteText, day)
	for _, root := range []string{"", "../"} {
		_, got := Article(b, root, notes)
		sameDocumentWith(t, "Article", got, articleOracle, "article", map[string]any{"Blocks": oracleArticle(b, root), "NoteHTML": notes})
	}
}

func TestArticleAgainstTemplate(t *testing.T) {
	day := time.Date(2022, 2, 9, 0, 0, 0, 0, time.UTC)
	checkArticle(t, "Macron", "On Wednesday", "Kyiv's airport.", day)
	checkArticle(t, `O'Brien & <Sons> "Ltd"`, `"Today" <is> & 'was'`, `<b>&"'</b>`, day)
}

func FuzzArticleAgainstTemplate(f *testing.F) {
	f.Add("Macron", "On Wednesday", "Kyiv's airport.", int64(0))
	f.Add(`O'Brien & <Sons>`, `"Today" <is> & 'was'`, `<b>&"'</b>`, int64(86400*40))
	f.Fuzz(func(t *testing.T, name, text, noteText string, secs int64) {
		for _, s := range []string{name, text, noteText} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\f") {
				t.Skip()
			}
		}
		if name == "" || text == "" {
			t.Skip()
		}
		day := time.Date(2022, 2, 9, 0, 0, 0, 0, time.UTC).Add(time.Duration(secs%(86400*3650)) * time.Second)
		checkArticle(t, name, text, noteText, day)
	})
}
