package highlight

import (
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

func TestYAMLTokens(t *testing.T) {
	src := `seed: 2022-02-10-biden-macron-call.txt   # the file
title: "Biden and \"Macron\""
note: Macron's plan, in short.
summary: >-
  One paragraph
  of text.

tags: [diplomacy, russia-ukraine]
events:
  - quote: 'it''s here'
    date: 2022-02-07
draft: false
`
	want := []string{
		"nt:seed", "p::", "l:2022-02-10-biden-macron-call.txt", "c1:# the file",
		"nt:title", "s2:\"Biden and \\\"Macron\\\"\"",
		"nt:note", "l:Macron's plan, in short.",
		"nt:summary", "p:>-", "sd:  One paragraph",
		"nt:tags", "p:[", "l:diplomacy", "p:,", "l:russia-ukraine", "p:]",
		"nt:events", "p:-", "nt:quote", "s1:'it''s here'", "nt:date", "m:2022-02-07",
		"nt:draft", "kc:false",
	}
	toks := yamlTokens(src)
	var joined strings.Builder
	var got []string
	for _, tok := range toks {
		joined.WriteString(tok.Value)
		if tok.Type != chroma.TextWhitespace {
			got = append(got, chroma.StandardTypes[tok.Type]+":"+tok.Value)
		}
	}
	if joined.String() != src {
		t.Fatalf("tokens do not join to the source:\n%q", joined.String())
	}
	g := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(g, w) {
			t.Errorf("no token %q in:\n%s", w, g)
		}
	}
}

func FuzzYAMLTokens(f *testing.F) {
	f.Add("seed: x.txt\ntitle: T\nsummary: |\n  a\n  b\ntags: [a, 'b', \"c\"]\n- x: 1 # c\n")
	f.Add("key: \"unclosed\n'\n: \n-\n- - a\n")
	f.Fuzz(func(t *testing.T, src string) {
		var b strings.Builder
		for _, tok := range yamlTokens(src) {
			if tok.Value == "" {
				t.Fatalf("empty token of type %v", tok.Type)
			}
			b.WriteString(tok.Value)
		}
		if b.String() != src {
			t.Fatalf("tokens join to %q, want %q", b.String(), src)
		}
	})
}

// chromaHighlight is what FrontMatter replaced: our tokens
// through chroma's HTML formatter, less the spans around its lines and
// around every token but keys and comments, and with quotes unescaped
// in the text. It is the oracle for the markup.
func chromaHighlight(t testing.TB, src string) string {
	var b strings.Builder
	if err := formatter.Format(&b, styles.Get("github"), chroma.Literator(yamlTokens(src)...)); err != nil {
		t.Fatal(err)
	}
	out := chromaValueRE.ReplaceAllStringFunc(b.String(), func(span string) string {
		m := chromaValueRE.FindStringSubmatch(span)
		if m[1] == "nt" || strings.HasPrefix(m[1], "c") {
			return span
		}
		return m[2]
	})
	out = strings.ReplaceAll(out, `</span></span><span class="line"><span class="cl">`, "")
	out = strings.Replace(out, `<span class="line"><span class="cl">`, "", 1)
	out = strings.Replace(out, `</span></span></code>`, `</code>`, 1)
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'").Replace(out)
}

var chromaValueRE = regexp.MustCompile(`<span class="([a-z0-9]+)">([^<]*)</span>`)

func TestFrontMatterAsChroma(t *testing.T) {
	for _, src := range []string{
		"",
		"seed: a.txt\n",
		"seed: a.txt",
		"title: \"<b> & 'x'\"\n\n\nsummary: |\n  a\n\n  b\n",
		"tags: [a, 'b', \"c\"]\r\n- x: 1 # c\n",
		"\n\n",
		"key: \"unclosed\n'\n: \n-\n- - a\n",
	} {
		if got, want := string(FrontMatter(src)), chromaHighlight(t, src); got != want {
			t.Errorf("%q:\ngot  %s\nwant %s", src, got, want)
		}
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add("seed: x.txt\ntitle: T\nsummary: |\n  a\n  b\ntags: [a, 'b', \"c\"]\n- x: 1 # c\n")
	f.Add("key: \"<unclosed>&\n'\n: \n-\n- - a\n\n")
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := string(FrontMatter(src)), chromaHighlight(t, src); got != want {
			t.Fatalf("%q:\ngot  %s\nwant %s", src, got, want)
		}
	})
}
