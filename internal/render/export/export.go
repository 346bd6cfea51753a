// Package export writes the site's data for other programs: what
// extraction found (briefings with their mentions, dates, events and
// notes; actors), split so that no file grows with the whole site (see
// split.go), and assets/search-index.js, the words of every briefing and
// actor for search.html, written to a writer one entry at a time. A
// briefing's data is written by hand with the bytes that encoding/json
// would give (checked against it in the tests).
package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"html/template"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/render/highlight"
)

// An actor in data/site.json.
type dataActor struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Kind     actorkind.Kind `json:"kind"`
	Aliases  []string       `json:"aliases,omitempty"`
	Short    string         `json:"short,omitempty"`
	Wikidata string         `json:"wikidata,omitempty"`
	URL      string         `json:"url"`
	Mentions int            `json:"mentions"`
}

// jsonWriter writes values one after another, each as json.Marshal
// encodes it, through one reused buffer rather than a new one for each.
type jsonWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONWriter(w io.Writer) *jsonWriter {
	j := &jsonWriter{w: w}
	j.enc = json.NewEncoder(&j.buf)
	return j
}

func (j *jsonWriter) write(v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	_, err := j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n"))) // Encode ends each value with one
	return err
}

// The search index is a script, not JSON, so that search.html can load it
// with a <script> element and work from file://, where fetch is refused.
type searchDoc struct {
	Title   string         `json:"t"`
	URL     string         `json:"u"`
	Date    string         `json:"d,omitempty"`
	Summary string         `json:"s,omitempty"`
	Kind    actorkind.Kind `json:"k,omitempty"`
	Words   string         `json:"w"`
}

// Summaries are the briefings' summaries, rendered.
type Summaries = map[*model.Briefing]template.HTML

// SearchIndex writes the index one entry at a time; the bytes are those
// of encoding it whole.
func SearchIndex(w io.Writer, s *model.Site, sums Summaries) error {
	// The words of every briefing, found on every CPU: they are most of
	// the work and a few bytes each in the end.
	docs := make([]searchDoc, len(s.Briefings))
	parallel.For(len(docs), func(_, i int) error {
		b := s.Briefings[i]
		summary := highlight.PlainHTML(sums[b])
		text := b.Title + " " + summary + " " + string(b.Seed.Body()) + " " + string(b.Commentary)
		docs[i] = searchDoc{
			Title: b.Title, URL: "briefings/" + b.Slug + ".html", Date: b.Published.Format("2006-01-02"),
			Summary: summary, Words: vocabulary(text),
		}
		return nil
	})
	bw := bufio.NewWriterSize(w, 256<<10)
	js := newJSONWriter(bw)
	bw.WriteString(`window.BRIEFING_SEARCH = {"briefings":[`)
	for i, doc := range docs {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := js.write(doc); err != nil {
			return err
		}
	}
	bw.WriteString(`],"actors":[`)
	for i, a := range s.Actors {
		if i > 0 {
			bw.WriteByte(',')
		}
		doc := searchDoc{
			Title: a.Name, URL: "actors/" + a.ID + ".html", Kind: a.Kind,
			Words: vocabulary(strings.Join(append(append([]string{a.Name, a.Short}, a.Aliases...), highlight.Plain(a.Description)), " ")),
		}
		if err := js.write(doc); err != nil {
			return err
		}
	}
	bw.WriteString("]};\n")
	return bw.Flush()
}

var wordSets = sync.Pool{New: func() any { return make(map[string]struct{}, 512) }}

// vocabulary lists the distinct words of a text, lower-cased and with
// diacritics kept, in first-seen order: the index needs each word once.
// It runs over every briefing's text, so it copies nothing it need not: a
// word already in lower case is its own key in the set of words seen, and
// a word lower-cased is looked up from scratch space and, when new, keyed
// by its copy in the result (a strings.Builder never changes the bytes it
// has written). The set is reused from call to call.
func vocabulary(text string) string {
	seen := wordSets.Get().(map[string]struct{})
	defer func() {
		clear(seen)
		wordSets.Put(seen)
	}()
	var b strings.Builder
	b.Grow(len(text) / 3)
	var lower []byte
	for i := 0; i < len(text); {
		// Find the next word, and whether it has upper case or runes
		// beyond ASCII.
		start, plain := -1, true
		for i < len(text) {
			c, size := text[i], 1
			inWord := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
			if !inWord && 'A' <= c && c <= 'Z' {
				inWord, plain = true, false
			} else if !inWord && c >= utf8.RuneSelf {
				var r rune
				r, size = utf8.DecodeRuneInString(text[i:])
				if inWord = unicode.IsLetter(r) || unicode.IsDigit(r); inWord {
					plain = false
				}
			}
			if inWord && start < 0 {
				start = i
			} else if !inWord && start >= 0 {
				break
			}
			i += size
		}
		if start < 0 {
			break
		}
		word := text[start:i]
		if plain {
			if _, ok := seen[word]; !ok {
				seen[word] = struct{}{}
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(word)
			}
			continue
		}
		lower = lower[:0]
		for _, r := range word {
			lower = utf8.AppendRune(lower, unicode.ToLower(r))
		}
		if _, ok := seen[string(lower)]; !ok {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.Write(lower)
			seen[b.String()[b.Len()-len(lower):]] = struct{}{}
		}
	}
	return b.String()
}
