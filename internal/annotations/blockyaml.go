package annotations

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseBlockYAML parses the plain block-style YAML that front matter and
// actor files almost always are: mappings of lowercase keys to double-quoted
// or plain one-line scalars, flow lists of them, and block lists of such
// mappings or scalars. It returns the tree go-yaml would make of src, node
// for node, or false when src holds anything else (comments, anchors, tags,
// single quotes, escapes other than \" and \\, multi-line scalars, tabs,
// unusual indentation, and so on); the caller then asks go-yaml.
//
// go-yaml builds its tree through a general scanner, parser and resolver,
// which is most of the time of reading a briefing's front matter; this
// reads the common case in one pass. FuzzBlockYAML keeps go-yaml as the
// oracle: whatever this accepts, go-yaml must read to an equal tree.
func parseBlockYAML(src []byte) (*yaml.Node, bool) {
	if !utf8.Valid(src) {
		return nil, false
	}
	p := blockParser{src: src, line: 1}
	p.next()
	if p.at >= len(p.src) || p.indent != 0 {
		return nil, false
	}
	var n *yaml.Node
	var ok bool
	if p.isItem() {
		n, ok = p.sequence(0)
	} else {
		n, ok = p.mapping(0)
	}
	if !ok || p.at < len(p.src) {
		return nil, false
	}
	return n, true
}

// blockParser reads src line by line. The current line starts at at, its
// content (after indent spaces) at at+indent, and it is number line.
type blockParser struct {
	src    []byte
	at     int // start of the current line; len(src) at the end
	line   int // 1-based number of the current line
	indent int
	end    int // end of the current line, before its newline
}

// next moves to the next line that is not blank, starting at p.at, or to
// the end of src.
func (p *blockParser) next() {
	for p.at < len(p.src) {
		end := len(p.src)
		if k := bytes.IndexByte(p.src[p.at:], '\n'); k >= 0 {
			end = p.at + k
		}
		indent := 0
		for p.at+indent < end && p.src[p.at+indent] == ' ' {
			indent++
		}
		if p.at+indent < end {
			p.indent, p.end = indent, end
			return
		}
		if end == len(p.src) {
			p.at = end
			return
		}
		p.at = end + 1
		p.line++
	}
}

// advance moves past the current line.
func (p *blockParser) advance() {
	if p.end >= len(p.src) {
		p.at = len(p.src)
		return
	}
	p.at = p.end + 1
	p.line++
	p.next()
}

// column is go-yaml's 1-based column of byte offset off on the current
// line: it counts characters, not bytes.
func (p *blockParser) column(off int) int {
	return utf8.RuneCount(p.src[p.at:off]) + 1
}

// mapping reads the block mapping whose keys start at column indent+1,
// beginning at the current line.
func (p *blockParser) mapping(indent int) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: indent + 1}
	for p.at < len(p.src) && p.indent == indent {
		if !p.entry(n, p.at+indent, indent) {
			return nil, false
		}
	}
	if p.at < len(p.src) && p.indent > indent {
		return nil, false
	}
	return n, true
}

// entry reads one "key: value" of a mapping at indent, the key starting at
// byte start of the current line, and appends key and value to m.
func (p *blockParser) entry(m *yaml.Node, start, indent int) bool {
	i := start
	for i < p.end && isKeyByte(p.src[i]) {
		i++
	}
	if i == start || i >= p.end || p.src[i] != ':' || i-start > maxKeyLen {
		return false
	}
	key := string(p.src[start:i])
	tag, ok := plainTag(key)
	if !ok || !isLowerLetter(key[0]) {
		return false
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: key, Line: p.line, Column: p.column(start)})
	i++
	if i == p.end {
		// The value is the block below: a mapping indented further, or a
		// list, which may start at the key's own indent.
		keyLine := p.line
		p.advance()
		if p.at >= len(p.src) || p.line == keyLine {
			return false
		}
		var v *yaml.Node
		switch {
		case p.isItem() && p.indent >= indent:
			v, ok = p.sequence(p.indent)
		case p.indent > indent:
			v, ok = p.mapping(p.indent)
		default:
			return false // an empty value: go-yaml's null
		}
		if !ok {
			return false
		}
		m.Content = append(m.Content, v)
		return true
	}
	if p.src[i] != ' ' {
		return false
	}
	for i < p.end && p.src[i] == ' ' {
		i++
	}
	if i == p.end {
		return false // spaces, then the value below or none
	}
	v, ok := p.inlineValue(i)
	if !ok {
		return false
	}
	m.Content = append(m.Content, v)
	p.advance()
	return true
}

// maxKeyLen bounds the keys read here: YAML's implicit keys end within
// 1024 characters, and the keys of front matter are words.
const maxKeyLen = 64

// isItem reports whether the current line is a list item, "- ...".
func (p *blockParser) isItem() bool {
	i := p.at + p.indent
	return p.src[i] == '-' && i+1 < p.end && p.src[i+1] == ' '
}

// sequence reads the block list whose dashes are at column indent+1.
func (p *blockParser) sequence(indent int) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.line, Column: indent + 1}
	for p.at < len(p.src) && p.indent == indent && p.isItem() {
		i := p.at + indent + 1
		for i < p.end && p.src[i] == ' ' {
			i++
		}
		if i == p.end {
			return nil, false
		}
		if k := keyEnd(p.src[i:p.end]); k > 0 {
			// A mapping in the item: its first key on the dash's line,
			// the others below at the first key's column.
			itemIndent := i - p.at
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: p.column(i)}
			if !p.entry(m, i, itemIndent) {
				return nil, false
			}
			for p.at < len(p.src) && p.indent == itemIndent {
				if !p.entry(m, p.at+itemIndent, itemIndent) {
					return nil, false
				}
			}
			if p.at < len(p.src) && p.indent > indent && p.indent != itemIndent {
				return nil, false
			}
			n.Content = append(n.Content, m)
			continue
		}
		v, ok := p.inlineValue(i)
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, v)
		p.advance()
		if p.at < len(p.src) && p.indent > indent {
			return nil, false
		}
	}
	if p.at < len(p.src) && p.indent > indent {
		return nil, false
	}
	return n, true
}

// keyEnd returns the length of the "key:" that b starts with, followed by
// a space or the end of the line, or 0.
func keyEnd(b []byte) int {
	i := 0
	for i < len(b) && isKeyByte(b[i]) {
		i++
	}
	if i == 0 || i == len(b) || b[i] != ':' || (i+1 < len(b) && b[i+1] != ' ') {
		return 0
	}
	return i + 1
}

// inlineValue reads the value that starts at byte i of the current line
// and ends with it: a double-quoted or plain scalar, or a flow list.
func (p *blockParser) inlineValue(i int) (*yaml.Node, bool) {
	var n *yaml.Node
	var j int
	var ok bool
	switch p.src[i] {
	case '"':
		n, j, ok = p.quoted(i)
	case '[':
		n, j, ok = p.flowList(i)
	default:
		n, j, ok = p.plain(i, p.end, false)
	}
	if !ok {
		return nil, false
	}
	for j < p.end && p.src[j] == ' ' {
		j++
	}
	return n, j == p.end
}

// quoted reads the double-quoted scalar at byte i, returning the offset
// after its closing quote.
func (p *blockParser) quoted(i int) (*yaml.Node, int, bool) {
	col := p.column(i)
	var b strings.Builder
	start := i + 1
	for j := start; j < p.end; j++ {
		switch c := p.src[j]; {
		case c == '"':
			var value string
			if b.Len() == 0 {
				value = string(p.src[start:j])
			} else {
				b.Write(p.src[start:j])
				value = b.String()
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: yaml.DoubleQuotedStyle, Line: p.line, Column: col}, j + 1, true
		case c == '\\':
			if j+1 >= p.end || (p.src[j+1] != '"' && p.src[j+1] != '\\') {
				return nil, 0, false
			}
			b.Write(p.src[start:j])
			b.WriteByte(p.src[j+1])
			j++
			start = j + 1
		case !isTextByte(p.src, j):
			return nil, 0, false
		}
	}
	return nil, 0, false // continued on the next line
}

// flowList reads the one-line flow list at byte i, "[a, b]", of plain or
// double-quoted scalars.
func (p *blockParser) flowList(i int) (*yaml.Node, int, bool) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: p.line, Column: p.column(i)}
	j := skipSpaces(p.src, i+1, p.end)
	if j < p.end && p.src[j] == ']' {
		return n, j + 1, true
	}
	for j < p.end {
		var item *yaml.Node
		var ok bool
		if p.src[j] == '"' {
			item, j, ok = p.quoted(j)
		} else {
			item, j, ok = p.plain(j, p.end, true)
		}
		if !ok {
			return nil, 0, false
		}
		n.Content = append(n.Content, item)
		j = skipSpaces(p.src, j, p.end)
		if j >= p.end {
			break
		}
		switch p.src[j] {
		case ']':
			return n, j + 1, true
		case ',':
			j = skipSpaces(p.src, j+1, p.end)
			if j < p.end && p.src[j] == ']' {
				return nil, 0, false // a trailing comma
			}
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// plain reads the plain scalar at byte i, up to end or, in a flow list,
// to the next comma or bracket. Its words may be separated by single
// spaces; trailing spaces are not part of it.
func (p *blockParser) plain(i, end int, flow bool) (*yaml.Node, int, bool) {
	if !isPlainStart(p.src[i]) {
		return nil, 0, false
	}
	j := i
	last := i // end of the scalar so far, after its last non-space
	for j < end {
		c := p.src[j]
		if c == ' ' {
			j++
			continue
		}
		if flow && (c == ',' || c == ']') {
			break
		}
		if c == ':' && !flow && j+1 < end && p.src[j+1] != ' ' {
			// "https://…": a colon not followed by a space is text.
		} else if !isPlainByte(c, flow) || !isTextByte(p.src, j) {
			return nil, 0, false
		}
		if j > last && j-last > 1 {
			return nil, 0, false // two spaces in a row: keep to the simple case
		}
		j++
		last = j
	}
	value := string(p.src[i:last])
	tag, ok := plainTag(value)
	if !ok {
		return nil, 0, false
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: p.line, Column: p.column(i)}, last, true
}

func skipSpaces(b []byte, i, end int) int {
	for i < end && b[i] == ' ' {
		i++
	}
	return i
}

func isLowerLetter(c byte) bool { return 'a' <= c && c <= 'z' }

// isKeyByte: the bytes of the keys this parser reads.
func isKeyByte(c byte) bool {
	return isLowerLetter(c) || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// isPlainStart: a plain scalar here starts with a letter or digit, or a
// byte of a character beyond ASCII; never with one of YAML's indicators.
func isPlainStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// isPlainByte: the bytes a plain scalar here may hold after its first.
// YAML allows more; these are never a mapping value's colon or a comment,
// and in a flow list, where go-yaml reads more characters as indicators,
// only letters, digits, "-", "_", ".", "/" and characters beyond ASCII.
func isPlainByte(c byte, flow bool) bool {
	if flow {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '/' || c >= 0x80
	}
	switch c {
	case ':', '#':
		return false
	}
	return c > ' ' && c != 0x7f
}

// isTextByte reports whether the byte at i is of a character go-yaml
// reads as itself in a scalar: printable, no tab, no line break of its
// own (NEL, LS, PS), no byte order mark.
func isTextByte(b []byte, i int) bool {
	c := b[i]
	if c < 0x80 {
		return c >= ' ' && c != 0x7f
	}
	if c < 0xC0 {
		return true // a continuation byte: its character was checked at its first byte
	}
	r, _ := utf8.DecodeRune(b[i:])
	switch {
	case r < 0xA0: // C1 controls, NEL among them
		return false
	case r == 0x2028 || r == 0x2029 || r == 0xFEFF:
		return false
	case 0xD800 <= r && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// plainTag is the tag go-yaml resolves a plain scalar to, as its resolver
// does, for the scalars this parser reads: false for the ones it would
// not take for text (timestamps, numbers and merge keys read too rarely
// here to be worth following go-yaml's every rule).
func plainTag(s string) (string, bool) {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "", "~", "null", "Null", "NULL":
		return "", false
	}
	switch c := s[0]; {
	case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
		if mayBeNumberOrTime(s) {
			return "", false
		}
	}
	return "!!str", true
}

// yamlStyleFloat is go-yaml's pattern for a float.
var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// timestampFormats are go-yaml's.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// mayBeNumberOrTime reports whether go-yaml's resolver could take s, a
// plain scalar starting with a digit, sign or dot, for anything but text.
func mayBeNumberOrTime(s string) bool {
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	if yamlStyleFloat.MatchString(plain) {
		return true
	}
	for _, prefix := range []string{"0b", "-0b", "0o", "-0o", "+0b", "+0o"} {
		if strings.HasPrefix(plain, prefix) {
			return true
		}
	}
	digits := 0
	for digits < len(s) && '0' <= s[digits] && s[digits] <= '9' {
		digits++
	}
	if digits == 4 && digits < len(s) && s[digits] == '-' {
		for _, f := range timestampFormats {
			if _, err := time.Parse(f, s); err == nil {
				return true
			}
		}
	}
	return false
}
