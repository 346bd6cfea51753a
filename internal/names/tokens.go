package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word or one punctuation mark of the text. A paragraph break
// and a registered actor's mention are tokens too, so that no name runs
// across them.
type token struct {
	text       string
	start, end int
	word       bool
	possessive bool // the word was followed by 's, which end leaves out
	sentence   bool // the word starts a sentence, a quotation or a paragraph
	paragraph  bool // a blank line
	known      bool // a registered actor's mention
	heading    bool // in a sub-heading, whose words are capitalised as a headline's
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }
func isHyphen(r rune) bool     { return r == '-' || r == '‐' || r == '‑' }
func isWordRune(r rune) bool   { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize splits text into tokens. Spans in known become one token each.
// Hyphens and apostrophes inside a word, the periods of "U.S." and the
// ampersand of "AT&T" belong to the word.
func tokenize(text []byte, known []Span) []token {
	var out []token
	k := 0
	i := 0
	for i < len(text) {
		for k < len(known) && known[k].End <= i {
			k++
		}
		if k < len(known) && known[k].Start <= i {
			out = append(out, token{text: string(text[known[k].Start:known[k].End]), start: known[k].Start, end: known[k].End, known: true})
			i = known[k].End
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case isWordRune(r):
			t := scanWord(text, i)
			if k < len(known) && known[k].Start < t.end {
				t.end = known[k].Start
				t.text = string(text[t.start:t.end])
				t.possessive = false
			}
			out = append(out, t)
			i = max(t.end, i+size)
			if t.possessive {
				i = t.end + len("'s")
				if r, _ := utf8.DecodeRune(text[t.end:]); r == '’' {
					i = t.end + len("’s")
				}
			}
		case unicode.IsSpace(r):
			j, lines := i, 0
			for j < len(text) {
				r, n := utf8.DecodeRune(text[j:])
				if !unicode.IsSpace(r) {
					break
				}
				if r == '\n' {
					lines++
				}
				j += n
			}
			if lines >= 2 {
				out = append(out, token{text: "\n\n", start: i, end: j, paragraph: true})
			}
			i = j
		default:
			out = append(out, token{text: string(text[i : i+size]), start: i, end: i + size})
			i += size
		}
	}
	markSentences(out)
	markHeadings(text, out)
	return out
}

// markHeadings marks the words of sub-headings: a short line without
// final punctuation between paragraphs, such as "Markets React", as the
// seed format defines them.
func markHeadings(text []byte, toks []token) {
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !toks[i].paragraph {
			continue
		}
		if i > start && start > 0 && i < len(toks) {
			from, to := toks[start].start, toks[i-1].end
			line := strings.TrimSpace(string(text[from:to]))
			words := len(strings.Fields(line))
			last, _ := utf8.DecodeLastRuneInString(line)
			if !strings.ContainsRune(line, '\n') && words <= 12 && !strings.ContainsRune(".!?:;\"”’)…", last) {
				for k := start; k < i; k++ {
					toks[k].heading = true
				}
			}
		}
		start = i + 1
	}
}

// scanWord reads the word starting at text[start].
func scanWord(text []byte, start int) token {
	i := start
	for i < len(text) {
		r, n := utf8.DecodeRune(text[i:])
		if isWordRune(r) {
			i += n
			continue
		}
		next, m := utf8.DecodeRune(text[min(len(text), i+n):])
		switch {
		case isApostrophe(r) && (next == 's' || next == 'S') && !isWordRune(runeAt(text, i+n+m)):
			return token{text: string(text[start:i]), start: start, end: i, word: true, possessive: true}
		case (isApostrophe(r) || isHyphen(r)) && isWordRune(next):
			i += n
			continue
		case r == '.' && isDotted(text[start:i]) && (unicode.IsUpper(next) || i-start >= 3):
			i += n // U.S., U.N.
			if !unicode.IsUpper(next) {
				return token{text: string(text[start:i]), start: start, end: i, word: true}
			}
			continue
		case r == '&' && unicode.IsUpper(next) && unicode.IsUpper(rune(text[i-1])):
			i += n
			continue
		}
		break
	}
	return token{text: string(text[start:i]), start: start, end: i, word: true}
}

// isDotted reports whether s is capitals separated by periods: "U", "U.S".
func isDotted(s []byte) bool {
	if len(s)%2 == 0 {
		return false
	}
	for j, c := range s {
		if j%2 == 0 && !('A' <= c && c <= 'Z') || j%2 == 1 && c != '.' {
			return false
		}
	}
	return true
}

func runeAt(text []byte, i int) rune {
	if i >= len(text) {
		return 0
	}
	r, _ := utf8.DecodeRune(text[i:])
	return r
}

// markSentences marks the words that start a sentence: the first of the
// text, of a paragraph, after . ! ? or :, after an opening quotation mark
// and after a dateline's dash.
func markSentences(toks []token) {
	start := true
	for i := range toks {
		t := &toks[i]
		switch {
		case t.paragraph:
			start = true
		case t.word || t.known:
			if start || openedQuote(toks, i) {
				t.sentence = true
			}
			start = false
		case t.text == "." || t.text == "!" || t.text == "?" || t.text == ":" || t.text == "—" || t.text == "–":
			start = true
		case t.text == "\"" || t.text == "“" || t.text == "‘" || t.text == "(" || t.text == "”" || t.text == "'":
			// a quotation mark keeps the state of what it follows
		default:
			start = false
		}
	}
}

func openedQuote(toks []token, i int) bool {
	if i == 0 {
		return false
	}
	q := toks[i-1]
	return (q.text == "\"" || q.text == "“") && q.end == toks[i].start && (i < 2 || toks[i-2].end < q.start || toks[i-2].paragraph)
}
