package render

import (
	"strings"
	"testing"
)

func TestNest(t *testing.T) {
	text := []byte("Ada met Babbage & co. in London")
	m := func(start, end int, name, anchor string) markup {
		return markup{start, end, "<" + name + ">", "</" + name + ">", anchor}
	}
	tests := []struct {
		name  string
		marks []markup // sorted outer first, as Article sorts them
		want  string
	}{
		{"plain text is escaped", nil, "Ada met Babbage &amp; co. in London"},
		{"one mark", []markup{m(0, 3, "a", "")}, "<a>Ada</a> met Babbage &amp; co. in London"},
		{"nested", []markup{m(0, 15, "mark", "e1"), m(8, 15, "a", "")}, "<mark>Ada met <a>Babbage</a></mark> &amp; co. in London"},
		{"adjacent", []markup{m(0, 3, "a", ""), m(3, 7, "b", "")}, "<a>Ada</a><b> met</b> Babbage &amp; co. in London"},
		{
			"a crossing mention is dropped",
			[]markup{m(0, 10, "mark", "e1"), m(8, 15, "a", "")},
			"<mark>Ada met Ba</mark>bbage &amp; co. in London",
		},
		{
			"a crossing passage becomes an anchor",
			[]markup{m(4, 15, "a", ""), m(8, 20, "mark", "n1")},
			`Ada <a>met <span class="anchor" id="n1"></span>Babbage</a> &amp; co. in London`,
		},
		{
			"same span: outer stays outside",
			[]markup{m(25, 31, "mark", "e1"), m(25, 31, "a", "")},
			"Ada met Babbage &amp; co. in <mark><a>London</a></mark>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nest(text, 0, len(text), tt.marks); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestHumanDate(t *testing.T) {
	tests := map[string]string{
		"2022-02-09": "Wednesday 9 February 2022",
		"2022-W05":   "week 5 of 2022 (from 31 January)",
		"2022-02":    "February 2022",
		"2022":       "2022",
		"junk":       "junk",
	}
	for in, want := range tests {
		if got := HumanDate(in); got != want {
			t.Errorf("HumanDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	h, err := Markdown("Hi <script>alert(1)</script> *there*\n\n```yaml\na: 1\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	if strings.Contains(s, "<script>") {
		t.Errorf("raw HTML passed through: %s", s)
	}
	if !strings.Contains(s, "<em>there</em>") || !strings.Contains(s, `<pre class="chroma">`) || !strings.Contains(s, `<span class="nt">a</span>`) {
		t.Errorf("unexpected rendering: %s", s)
	}
	if h, _ := Inline("one *para*"); h != "one <em>para</em>" {
		t.Errorf("Inline = %q", h)
	}
}
