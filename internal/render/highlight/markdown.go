// Package highlight turns what analysts write into HTML: Markdown
// (goldmark, raw HTML left out) with fenced code highlighted by chroma, a
// briefing's front matter highlighted by a YAML tokenizer of its own, and
// the stylesheet for both; and Markdown back into plain text, for
// descriptions, feeds and search.
package highlight

import (
	"bufio"
	"bytes"
	"html"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// markdown converts the analyst's Markdown. Raw HTML is not passed through:
// a briefing site must stay valid and safe whatever is typed into it.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Typographer),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(codeRenderer{}, 100)),
	),
)

// Markdown renders a block of Markdown.
func Markdown(src string) (template.HTML, error) {
	o := markdownOutputs.Get().(*markdownOutput)
	defer markdownOutputs.Put(o)
	o.buf.Reset()
	o.w.Reset(&o.buf) // drops what a failed conversion left buffered
	// goldmark wraps any writer that is not buffered in a new 4 KB
	// bufio.Writer; a site renders tens of thousands of snippets.
	if err := markdown.Convert([]byte(src), o.w); err != nil {
		return "", err
	}
	if err := o.w.Flush(); err != nil {
		return "", err
	}
	return template.HTML(o.buf.String()), nil
}

type markdownOutput struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var markdownOutputs = sync.Pool{New: func() any {
	o := new(markdownOutput)
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

// Inline renders one paragraph of Markdown without its <p> wrapper, for
// summaries and short descriptions shown inside other elements.
func Inline(src string) (template.HTML, error) {
	h, err := Markdown(src)
	s := strings.TrimSpace(string(h))
	if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") && strings.Count(s, "<p>") == 1 {
		s = s[len("<p>") : len(s)-len("</p>")]
	}
	return template.HTML(s), err
}

// codeRenderer highlights fenced code with chroma, using CSS classes so that
// one stylesheet (chroma.css) serves light and dark mode.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		block := n.(*ast.FencedCodeBlock)
		var code bytes.Buffer
		for i := 0; i < block.Lines().Len(); i++ {
			line := block.Lines().At(i)
			code.Write(line.Value(src))
		}
		lang := ""
		if block.Info != nil {
			lang = string(block.Language(src))
		}
		if err := Code(w, code.String(), lang); err != nil {
			return ast.WalkStop, err
		}
		return ast.WalkSkipChildren, nil
	})
}

var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(false))

// Code writes code as highlighted HTML; an unknown language is written
// as plain text.
func Code(w interface{ Write([]byte) (int, error) }, code, lang string) error {
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		_, werr := w.Write([]byte("<pre><code>" + html.EscapeString(code) + "</code></pre>"))
		return werr
	}
	return formatter.Format(w, styles.Get("github"), it)
}

// ChromaCSS is the stylesheet for highlighted code: a light style, and a
// dark one for readers who prefer it. Each sits in its own media query so
// that no light colour leaks into dark mode where the dark style leaves a
// token class undefined.
func ChromaCSS() []byte {
	var b bytes.Buffer
	b.WriteString("/* Generated from chroma's github and github-dark styles. */\n")
	b.WriteString("@media not all and (prefers-color-scheme: dark) {\n")
	formatter.WriteCSS(&b, styles.Get("github"))
	b.WriteString("}\n@media (prefers-color-scheme: dark) {\n")
	formatter.WriteCSS(&b, styles.Get("github-dark"))
	b.WriteString("}\n")
	return b.Bytes()
}

// Plain reduces Markdown to text for meta descriptions and feeds.
func Plain(md string) string {
	h, _ := Inline(md)
	return PlainHTML(h)
}

// PlainHTML reduces rendered Markdown to text.
func PlainHTML(h template.HTML) string {
	if plainAlready(string(h)) {
		return string(h) // most summaries: a page, the search index and its documents each ask
	}
	return strings.Join(strings.Fields(stripTags(string(h))), " ")
}

// plainAlready reports whether PlainHTML would give s back as it is: no
// markup or entity to remove, valid UTF-8, and its spaces single ASCII
// spaces between words.
func plainAlready(s string) bool {
	space := true // a space here would be a leading one, or a second
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if space {
				return false
			}
			space = true
			i++
			continue
		case c == '<' || c == '>' || c == '&' || c < ' ' || c == 0x7f:
			return false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) {
				return false
			}
			i += size
		default:
			i++
		}
		space = false
	}
	return !space || s == ""
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}
