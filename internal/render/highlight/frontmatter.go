package highlight

import (
	"html/template"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"

	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// FrontMatter returns a briefing's front matter as highlighted
// HTML: its keys and comments in the markup that chroma's HTML formatter
// writes with classes (so assets/chroma.css styles them), the rest as
// text, but written here: chroma's YAML lexer is a cascade of regular
// expressions that cost about 200µs a briefing and reads
// "2022-02-10-biden-macron-call.txt" as a date followed by text, and its
// formatter builds each span with fmt, a tenth of a large build.
func FrontMatter(src string) template.HTML {
	var b strings.Builder
	b.Grow(len(src)*2 + 64)
	b.WriteString(`<pre class="chroma"><code>`)
	t := tokenLists.Get().(*tokens)
	defer tokenLists.Put(t)
	for _, tok := range t.split(src) {
		// The keys show the structure; colouring every value too, and
		// chroma's spans around lines, whitespace and punctuation, would
		// be most of the markup. A comment stays apart from the values.
		class := ""
		if tok.Type == chroma.NameTag || tok.Type.InCategory(chroma.Comment) {
			class = tokenClass(tok.Type)
		}
		if class != "" {
			b.WriteString(`<span class="`)
			b.WriteString(class)
			b.WriteString(`">`)
		}
		textEscaper.WriteString(&b, tok.Value)
		if class != "" {
			b.WriteString(`</span>`)
		}
	}
	b.WriteString(`</code></pre>`)
	return template.HTML(b.String())
}

// textEscaper escapes text as html.EscapeString does, as chroma does,
// but for the quotes, which only an attribute's value needs escaped.
var textEscaper = func() *strings.Replacer {
	var pairs []string
	for c, rep := range htmlw.Escapes {
		if rep != "" && c != '"' && c != '\'' {
			pairs = append(pairs, string(rune(c)), rep)
		}
	}
	return strings.NewReplacer(pairs...)
}()

// tokenClass is the CSS class chroma gives a token type: its own or its
// nearest parent's.
func tokenClass(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if class, ok := chroma.StandardTypes[t]; ok {
			return class
		}
	}
	return chroma.StandardTypes[t]
}

// yamlTokens splits YAML into tokens whose values, joined, are src. It
// knows the block style that front matter uses (keys, list items,
// comments, block scalars) and flow lists; anything else is text.
func yamlTokens(src string) []chroma.Token {
	var t tokens
	return t.split(src)
}

// tokenLists are FrontMatter's token lists, kept from one briefing to the
// next.
var tokenLists = sync.Pool{New: func() any { return new(tokens) }}

// split is yamlTokens in t's list, which it returns: valid until t's next
// use.
func (t *tokens) split(src string) []chroma.Token {
	t.src, t.at, t.list = src, 0, t.list[:0]
	blockIndent := -1 // indentation of the key that opened a block scalar
	for len(src) > 0 {
		line := src
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line = src[:i+1]
		}
		src = src[len(line):]
		body := strings.TrimRight(line, "\r\n")
		eol := line[len(body):]
		indent := len(body) - len(strings.TrimLeft(body, " \t"))
		if blockIndent >= 0 {
			if strings.TrimSpace(body) == "" || indent > blockIndent {
				t.add(chroma.LiteralStringDoc, body)
				t.add(chroma.TextWhitespace, eol)
				continue
			}
			blockIndent = -1
		}
		t.add(chroma.TextWhitespace, body[:indent])
		rest := body[indent:]
		keyIndent := indent
		for strings.HasPrefix(rest, "- ") || rest == "-" {
			t.add(chroma.Punctuation, "-")
			rest = rest[1:]
			n := len(rest) - len(strings.TrimLeft(rest, " \t"))
			t.add(chroma.TextWhitespace, rest[:n])
			rest = rest[n:]
			keyIndent = len(body) - len(rest)
		}
		if strings.HasPrefix(rest, "#") {
			t.add(chroma.CommentSingle, rest)
			t.add(chroma.TextWhitespace, eol)
			continue
		}
		if key, after, ok := cutKey(rest); ok {
			t.add(chroma.NameTag, key)
			t.add(chroma.Punctuation, ":")
			rest = after
			n := len(rest) - len(strings.TrimLeft(rest, " \t"))
			t.add(chroma.TextWhitespace, rest[:n])
			rest = rest[n:]
			if isBlockIndicator(strings.TrimRight(rest, " \t")) {
				t.add(chroma.Punctuation, rest)
				t.add(chroma.TextWhitespace, eol)
				blockIndent = keyIndent
				continue
			}
		}
		t.value(rest)
		t.add(chroma.TextWhitespace, eol)
	}
	return t.list
}

// tokens are the tokens of src, added in order: each value is the next
// bytes of src.
type tokens struct {
	list []chroma.Token
	src  string
	at   int // the bytes of src that the tokens hold
}

// add appends a token, merging it into the last one of the same type: as
// the bytes of src that both cover, not a new string, when s is the
// next of them, as every caller gives it.
func (t *tokens) add(typ chroma.TokenType, s string) {
	if s == "" {
		return
	}
	next := t.at+len(s) <= len(t.src) && t.src[t.at:t.at+len(s)] == s
	if next {
		t.at += len(s)
	}
	if n := len(t.list); n > 0 && t.list[n-1].Type == typ {
		last := &t.list[n-1]
		if start := t.at - len(s) - len(last.Value); next && start >= 0 && t.src[start:t.at-len(s)] == last.Value {
			last.Value = t.src[start:t.at]
		} else {
			last.Value += s
		}
		return
	}
	t.list = append(t.list, chroma.Token{Type: typ, Value: s})
}

// cutKey splits "key: value" (or "key:" at the end) into key and the text
// after the colon. Quoted and flow values have no key.
func cutKey(s string) (key, after string, ok bool) {
	if s == "" || strings.ContainsRune(`"'[{&*!|>%@`+"`", rune(s[0])) {
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
				return s[:i], s[i+1:], i > 0
			}
		case '#':
			if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
				return "", "", false
			}
		}
	}
	return "", "", false
}

func isBlockIndicator(s string) bool {
	if s == "" || (s[0] != '|' && s[0] != '>') {
		return false
	}
	return strings.Trim(s[1:], "+-0123456789") == ""
}

// value tokenises a scalar or flow value and any comment after it.
// Commas and brackets are punctuation only inside a flow collection.
func (t *tokens) value(s string) {
	depth := 0
	for s != "" {
		switch c := s[0]; {
		case c == ' ' || c == '\t':
			n := len(s) - len(strings.TrimLeft(s, " \t"))
			t.add(chroma.TextWhitespace, s[:n])
			s = s[n:]
		case c == '#':
			t.add(chroma.CommentSingle, s)
			return
		case c == '"' || c == '\'':
			n := quotedLen(s)
			typ := chroma.LiteralStringDouble
			if c == '\'' {
				typ = chroma.LiteralStringSingle
			}
			t.add(typ, s[:n])
			s = s[n:]
		case c == '[' || c == '{':
			depth++
			t.add(chroma.Punctuation, s[:1])
			s = s[1:]
		case depth > 0 && (c == ']' || c == '}' || c == ','):
			if c != ',' {
				depth--
			}
			t.add(chroma.Punctuation, s[:1])
			s = s[1:]
		default:
			n := plainLen(s, depth > 0)
			t.add(scalarType(s[:n]), s[:n])
			s = s[n:]
		}
	}
}

// quotedLen is the length of the quoted string at the start of s, quotes
// included; an unclosed one runs to the end.
func quotedLen(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return len(s)
}

// plainLen is the length of the plain scalar at the start of s: up to a
// comment, trailing white space or, inside a flow collection, a flow
// indicator.
func plainLen(s string, inFlow bool) int {
	end := len(s)
	for i := 0; i < len(s); i++ {
		if (inFlow && strings.IndexByte(",[]{}", s[i]) >= 0) || (s[i] == '#' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t')) {
			end = i
			break
		}
	}
	n := len(strings.TrimRight(s[:end], " \t"))
	if n == 0 {
		return max(1, end)
	}
	return n
}

func scalarType(s string) chroma.TokenType {
	switch s {
	case "true", "false", "null", "~", "yes", "no":
		return chroma.KeywordConstant
	}
	digits := strings.Trim(s, "0123456789.-+")
	if digits == "" && strings.ContainsAny(s, "0123456789") && strings.Count(s, "-") <= 2 {
		return chroma.LiteralNumber
	}
	return chroma.Literal
}
