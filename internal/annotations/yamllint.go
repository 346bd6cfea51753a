package annotations

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/briefing-dev/briefing/internal/diag"
)

// Placeholder marks a text for the analyst to write, as suggest drafts
// it. A published briefing may hold none.
const Placeholder = "TODO"

// yamlProblem is a syntax mistake found at a line and column (both from 1).
type yamlProblem struct {
	line, col int
	msg       string
}

// diagnoseYAML looks for the mistakes people make in hand-written YAML
// (a tab in the indentation, a key indented out of line, a quote or a
// bracket left open, ": " inside a plain value) and describes the first in
// plain words, at the line and column where it is. go-yaml, which found
// that the text is not YAML, often names a line before or after the
// mistake and says what its parser expected rather than what is wrong.
func diagnoseYAML(src []byte) (yamlProblem, bool) {
	lines := bytes.Split(src, []byte("\n"))
	var levels []int // columns of the keys and list items open above
	prevOpens, prevCol := true, 0
	blockScalar := -1 // the indentation a block scalar's lines exceed
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(string(raw), "\r")
		body := strings.TrimLeft(line, " \t")
		indent := len(line) - len(body)
		if t := strings.IndexByte(line[:indent], '\t'); t >= 0 {
			return yamlProblem{n, t + 1, "a tab indents this line, and tabs cannot indent YAML; use spaces"}, true
		}
		if body == "" || body[0] == '#' || body == "---" || body == "..." {
			continue
		}
		if blockScalar >= 0 {
			if indent > blockScalar {
				continue
			}
			blockScalar = -1
		}
		col := indent + 1
		if prevOpens {
			if col <= prevCol && !(strings.HasPrefix(body, "- ") || body == "-") {
				return yamlProblem{n, col, fmt.Sprintf("this line should be indented under the key above it, past column %d", prevCol)}, true
			}
			levels = append(levels, col)
		} else {
			for len(levels) > 0 && levels[len(levels)-1] > col {
				levels = levels[:len(levels)-1]
			}
			if len(levels) == 0 || levels[len(levels)-1] != col {
				want := 1
				if len(levels) > 0 {
					want = levels[len(levels)-1]
				}
				if col > prevCol {
					return yamlProblem{n, col, fmt.Sprintf("this line is indented more than the line above it; keys of one entry start in one column, here column %d", prevCol)}, true
				}
				return yamlProblem{n, col, fmt.Sprintf("this line's indentation lines up with nothing above it; indent it to column %d, like the keys of its entry, or to column %d", prevCol, want)}, true
			}
		}
		// A list item's content is a level of its own: "- id: x" opens
		// the column of "id".
		rest, restCol := body, col
		for strings.HasPrefix(rest, "- ") {
			trimmed := strings.TrimLeft(rest[2:], " ")
			restCol += len(rest) - len(trimmed)
			rest = trimmed
			if rest != "" && rest[0] != '#' {
				levels = append(levels, restCol)
			}
		}
		if p, ok := lintValue(rest, restCol, n); ok {
			return p, true
		}
		value := strings.TrimSpace(stripComment(rest))
		prevCol = restCol
		prevOpens = strings.HasSuffix(value, ":") || value == "-" || strings.HasSuffix(value, "- ")
		if blockIndicator.MatchString(value) {
			blockScalar = indent
			prevOpens = false
		}
	}
	return yamlProblem{}, false
}

var (
	blockIndicator = regexp.MustCompile(`:\s+[|>][+-]?\d*$`)
	plainKey       = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]*$`)
)

// lintValue checks one line's key and value for a quote or bracket left
// open and for ": " in a plain value. col is the column of s in the line.
func lintValue(s string, col, line int) (yamlProblem, bool) {
	var stack []int // columns of open brackets
	var open []byte
	quote, quoteCol := byte(0), 0
	valueStart := true // where a quote may open a scalar
	plainValue := false
	closed := -1 // where a quoted value of a key, outside brackets, ended
	keyed := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			switch {
			case quote == '"' && c == '\\':
				i++
			case c == quote && quote == '\'' && i+1 < len(s) && s[i+1] == '\'':
				i++
			case c == quote:
				quote = 0
				if len(stack) == 0 && keyed {
					closed = i
				}
			}
			continue
		}
		if closed >= 0 && c != ' ' && c != '\t' && c != '\r' {
			// After a quoted value, only a comment; after a quoted key,
			// its colon.
			keyColon := c == ':' && (i+1 == len(s) || s[i+1] == ' ')
			if !keyColon && c != '#' {
				return yamlProblem{line, col + i, fmt.Sprintf("text after the quote that closes the value at column %d; put the whole value in quotes", col+closed)}, true
			}
			closed = -1
		}
		switch {
		case c == '#' && (i == 0 || s[i-1] == ' '):
			i = len(s)
		case (c == '"' || c == '\'') && valueStart:
			quote, quoteCol = c, col+i
		case (c == '@' || c == '`') && valueStart && len(stack) == 0:
			return yamlProblem{line, col + i, fmt.Sprintf("a value cannot start with %c in YAML; put it in quotes", c)}, true
		case c == '[' || c == '{':
			stack = append(stack, col+i)
			open = append(open, c)
			valueStart = true
			continue
		case c == ']' || c == '}':
			if len(stack) == 0 {
				return yamlProblem{line, col + i, fmt.Sprintf("%c closes nothing: no [ or { is open before it", c)}, true
			}
			stack, open = stack[:len(stack)-1], open[:len(open)-1]
		case c == ':' && (i+1 == len(s) || s[i+1] == ' '):
			if plainValue && len(stack) == 0 {
				return yamlProblem{line, col + i, `this value holds ": ", which YAML reads as a key; put the value in quotes`}, true
			}
			// Only a plain key, as briefing's files have, is followed
			// into its value: go-yaml reads odd keys in odd ways.
			valueStart, keyed = true, len(stack) == 0 && plainKey.MatchString(s[:i])
			continue
		case c == ',' && len(stack) > 0:
			valueStart = true
			continue
		case c == ' ':
			continue
		default:
			if valueStart && i > 0 && len(stack) == 0 {
				plainValue = true
			}
		}
		valueStart = false
	}
	switch {
	case quote != 0:
		return yamlProblem{line, quoteCol, fmt.Sprintf("the quote %c opened here is not closed on this line", quote)}, true
	case len(stack) > 0:
		closer := map[byte]byte{'[': ']', '{': '}'}[open[len(open)-1]]
		return yamlProblem{line, stack[len(stack)-1], fmt.Sprintf("the %c opened here is not closed with %c on this line", open[len(open)-1], closer)}, true
	}
	return yamlProblem{}, false
}

// stripComment removes a comment that is outside quotes.
func stripComment(s string) string {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

// yamlWords puts go-yaml's messages in plain words, for the mistakes that
// diagnoseYAML does not recognise.
var yamlWords = []struct{ parser, plain string }{
	{"found character that cannot start any token", "a character that cannot start a value here (a tab, @ or `); quote the value"},
	{"found a tab character that violates indentation", "a tab in the indentation; tabs cannot indent YAML, use spaces"},
	{"did not find expected key", "a line here is not a key where one was expected; check the indentation and the colon after each key"},
	{"mapping values are not allowed in this context", `": " inside a value, or a key indented out of line; quote the value or line the key up with the ones above`},
	{"found unexpected end of stream", "the text ends inside a quoted value or a [list]; close the quote or bracket"},
	{"did not find expected '-' indicator", "a line breaks the list's indentation; list items start with - in one column"},
	{"did not find expected ',' or ']'", "a [list] is not closed with ]"},
	{"did not find expected ',' or '}'", "a {mapping} is not closed with }"},
	{"could not find expected ':'", "a key without a colon after it"},
}

func plainYAMLError(msg string) string {
	for _, w := range yamlWords {
		if strings.Contains(msg, w.parser) {
			return w.plain + " (the parser says: " + msg + ")"
		}
	}
	return msg
}

// parseActorsApart reads a registry file that is not valid YAML entry by
// entry, so that one broken entry hides neither the other actors nor, by
// their absence, makes every mention of them an unknown actor.
func parseActorsApart(file string, data []byte, errs *diag.List, err error) []Actor {
	starts := []int{}
	for i := 0; i < len(data); {
		if bytes.HasPrefix(data[i:], []byte("- ")) || bytes.HasPrefix(data[i:], []byte("-\n")) {
			starts = append(starts, i)
		}
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	if len(starts) < 2 {
		d := &doc{file: file, errs: errs}
		d.syntaxError(data, err)
		return nil
	}
	var actors []Actor
	for k, start := range starts {
		end := len(data)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		chunk := data[start:end]
		if k == 0 {
			chunk = data[:end] // with any comment above the first entry
		}
		offset := bytes.Count(data[:start], []byte("\n"))
		if k == 0 {
			offset = 0
		}
		var sub diag.List
		list := ParseActors(file, chunk, &sub)
		for _, e := range sub {
			e.Pos.Line += offset
		}
		for i := range list {
			list[i].Pos.Line += offset
			for j := range list[i].FormPos {
				list[i].FormPos[j].Line += offset
			}
		}
		*errs = append(*errs, sub...)
		actors = append(actors, list...)
	}
	return actors
}
