package render

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/briefing-dev/briefing/internal/render/htmlw"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// testTags writes each kind as a short element, and anchors with the
// index of their passage.
type testTags struct{}

var testNames = map[markKind]string{markEvent: "mark", markNote: "note", markMention: "a", markDate: "time"}

func (testTags) open(w *htmlw.Writer, m markup) {
	if m.kind == markAnchor {
		w.Tag(`<span id="` + testNames[m.of] + strconv.Itoa(m.i) + `">`)
		return
	}
	w.Tag("<" + testNames[m.kind] + ">")
}

func (testTags) close(w *htmlw.Writer, m markup) {
	if m.kind == markAnchor {
		w.Tag("</span>")
		return
	}
	w.Tag("</" + testNames[m.kind] + ">")
}

func TestNest(t *testing.T) {
	text := []byte(`Ada met Babbage & co. in "London"`)
	m := func(start, end int, kind markKind) markup { return markup{start: start, end: end, kind: kind, i: 1} }
	tests := []struct {
		name  string
		marks []markup // sorted outer first, as Article sorts them
		want  string
	}{
		{"plain text is escaped", nil, "Ada met Babbage &amp; co. in &#34;London&#34;"},
		{"one mark", []markup{m(0, 3, markMention)}, "<a>Ada</a> met Babbage &amp; co. in &#34;London&#34;"},
		{"nested", []markup{m(0, 15, markEvent), m(8, 15, markMention)}, "<mark>Ada met <a>Babbage</a></mark> &amp; co. in &#34;London&#34;"},
		{"adjacent", []markup{m(0, 3, markMention), m(3, 7, markDate)}, "<a>Ada</a><time> met</time> Babbage &amp; co. in &#34;London&#34;"},
		{
			"a crossing mention is dropped",
			[]markup{m(0, 10, markEvent), m(8, 15, markMention)},
			"<mark>Ada met Ba</mark>bbage &amp; co. in &#34;London&#34;",
		},
		{
			"a crossing passage becomes an anchor",
			[]markup{m(4, 15, markMention), m(8, 20, markNote)},
			`Ada <a>met <span id="note1"></span>Babbage</a> &amp; co. in &#34;London&#34;`,
		},
		{
			"same span: outer stays outside",
			[]markup{m(26, 32, markEvent), m(26, 32, markMention)},
			"Ada met Babbage &amp; co. in &#34;<mark><a>London</a></mark>&#34;",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w htmlw.Writer
			new(nester).nest(&w, text, 0, len(text), tt.marks, testTags{})
			if got := w.String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestInBlock checks the block of a mark: the model's, when the mark
// starts inside it; none when it starts between blocks or past them.
func TestInBlock(t *testing.T) {
	blocks := []seeds.Block{{Start: 10, End: 20}, {Start: 30, End: 40}}
	tests := []struct{ k, off, want int }{
		{0, 10, 0}, {0, 19, 0}, {1, 30, 1}, {1, 39, 1},
		{0, 5, -1},   // before the first block
		{1, 25, -1},  // between blocks: the model says the block after
		{1, 40, -1},  // past the last block: the model says the last
		{-1, 12, -1}, // a seed without blocks
		{2, 12, -1},
	}
	for _, tt := range tests {
		if got := inBlock(blocks, tt.k, tt.off); got != tt.want {
			t.Errorf("inBlock(block %d, offset %d) = %d, want %d", tt.k, tt.off, got, tt.want)
		}
	}
}

// TestRelative checks relative, a loop for speed, against the expression
// it replaced.
func TestRelative(t *testing.T) {
	for _, expr := range []string{"", "on Wednesday", "the next day", "9 February", "2022", "last week", "week 5", "x\x00y", "٣ days", "day 0", "9"} {
		if got, want := relative([]byte(expr)), !bytes.ContainsAny([]byte(expr), "0123456789"); got != want {
			t.Errorf("relative(%q) = %v, want %v", expr, got, want)
		}
	}
}
