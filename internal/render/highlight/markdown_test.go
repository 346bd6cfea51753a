package highlight

import (
	"html/template"
	"strings"
	"testing"
)

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

func TestPlain(t *testing.T) {
	tests := map[string]string{
		"":                                   "",
		"*Emphasis* and `code`":              "Emphasis and code",
		"A [link](https://example.org) & co": "A link & co",
		"<b>raw</b> text\n\nsecond  para":    "raw text second para",
		"Tom &amp; Jerry's \"show\"":         "Tom & Jerry’s “show”",
	}
	for in, want := range tests {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzPlainHTML checks PlainHTML's shortcut against the whole reduction.
func FuzzPlainHTML(f *testing.F) {
	for _, s := range []string{"", "a", "a b", " a", "a ", "a  b", "a\tb", "a<b>c", "x &amp; y", "é è", "a\u00a0b", "a\u2028b", "\xff", "a>b", "a\x7fb", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(stripTags(s)), " ")
		if got := PlainHTML(template.HTML(s)); got != want {
			t.Errorf("PlainHTML(%q) = %q, want %q", s, got, want)
		}
	})
}
