// Package suggest drafts the annotations of a new seed article: its key
// actors, ranked by what the article is about, and its events, proposed
// for dated sentences in which actors act. It takes the seed's text, the
// registered mentions, the names found for unregistered actors and the
// resolved dates, and returns plain data; the command prints or writes it.
package suggest

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/names"
)

// Placeholder starts every text that the analyst must write. A briefing
// that still holds one is a draft: build refuses to publish it.
const Placeholder = annotations.Placeholder

// Draft is the proposed front matter of a briefing.
type Draft struct {
	Seed    string   `json:"seed" yaml:"seed"`
	Title   string   `json:"title" yaml:"title"`
	Summary string   `json:"summary" yaml:"summary"`
	Tags    []string `json:"tags" yaml:"tags,flow"`
	Actors  []string `json:"actors" yaml:"actors,flow"`
	Events  []Event  `json:"events,omitempty" yaml:"events,omitempty"`
	Draft   bool     `json:"draft" yaml:"draft"`
}

// Event is a proposed event: a dated sentence and the actors in it.
type Event struct {
	Quote  string   `json:"quote" yaml:"quote"`
	Title  string   `json:"title" yaml:"title"`
	Date   string   `json:"date" yaml:"date"`
	Actors []string `json:"actors" yaml:"actors,flow"`
}

// Input is what the draft is made from. Offsets are into Body.
type Input struct {
	Seed       string // the seed's file name
	Title      string // the seed's title, if its header has one
	Body       []byte
	Mentions   []extract.Mention
	Kinds      map[string]actorkind.Kind // the registered actors' kinds, by id
	Candidates []names.Candidate
	Dates      []extract.Date
}

// keyActors is how many actors the draft lists as key actors.
const keyActors = 4

// actorSpan is one mention of an actor, registered or proposed.
type actorSpan struct {
	id         string
	start, end int
}

// Make drafts the front matter.
func Make(in Input) Draft {
	var spans []actorSpan
	for _, m := range in.Mentions {
		spans = append(spans, actorSpan{m.Actor, m.Start, m.End})
	}
	for _, c := range in.Candidates {
		for _, sp := range c.Spans {
			spans = append(spans, actorSpan{c.ID, sp.Start, sp.End})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	d := Draft{Seed: in.Seed, Title: in.Title, Tags: []string{}, Draft: true}
	if d.Title == "" {
		d.Title = Placeholder + ": " + firstSentence(in.Body, 90)
	}
	d.Summary = firstSentence(in.Body[datelineEnd(in.Body):], 300)
	d.Actors = rank(in, spans)
	d.Events = events(in, spans)
	return d
}

// rank orders the actors by what the article is about: named in the
// headline, in the first paragraph, as the subject of a sentence, and only
// then by how often. A dateline ("GENEVA —") is where, not who.
func rank(in Input, spans []actorSpan) []string {
	score := map[string]float64{}
	first := bytes.Index(in.Body, []byte("\n\n"))
	if first < 0 {
		first = len(in.Body)
	}
	title := strings.ToLower(in.Title)
	forms := map[string][]string{}
	for _, c := range in.Candidates {
		for _, f := range c.Forms {
			forms[c.ID] = append(forms[c.ID], f.Text)
		}
		// A headline names a person by surname: "Peskov rejects ...".
		if f := strings.Fields(c.Name); c.Kind == names.KindPerson && len(f) > 1 {
			forms[c.ID] = append(forms[c.ID], f[len(f)-1])
		}
	}
	for _, m := range in.Mentions {
		forms[m.Actor] = append(forms[m.Actor], m.Text)
	}
	for id, fs := range forms {
		for _, f := range fs {
			if len(f) > 2 && containsWord(title, strings.ToLower(f)) {
				score[id] += 3
				break
			}
		}
	}
	kinds := map[string]actorkind.Kind{}
	for id, k := range in.Kinds {
		kinds[id] = k
	}
	for _, c := range in.Candidates {
		kinds[c.ID] = c.Kind
	}
	for _, s := range spans {
		score[s.id] += 0.25
		if s.start < first && !dateline(in.Body, s) {
			score[s.id] += 1
		}
		if subject(in.Body, s) {
			score[s.id] += 1
		}
	}
	ids := make([]string, 0, len(score))
	for id := range score {
		// Places are where a story happens, seldom what it is about.
		if kinds[id] == names.KindPlace {
			score[id] /= 2
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if score[ids[i]] != score[ids[j]] {
			return score[ids[i]] > score[ids[j]]
		}
		return ids[i] < ids[j]
	})
	return ids[:min(keyActors, len(ids))]
}

func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isLetter(s[j-1])) && (end == len(s) || !isLetter(s[end])) {
			return true
		}
		i = j + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// datelineEnd returns where the text starts after a "CITY — " opening.
func datelineEnd(body []byte) int {
	head := body[:min(len(body), 60)]
	for _, dash := range []string{" — ", " – ", " - "} {
		if i := bytes.Index(head, []byte(dash)); i > 0 && string(bytes.ToUpper(head[:i])) == string(head[:i]) {
			return i + len(dash)
		}
	}
	return 0
}

// dateline reports whether s is a paragraph's "CITY —" opening.
func dateline(body []byte, s actorSpan) bool {
	rest := strings.TrimLeft(string(body[s.end:min(len(body), s.end+6)]), " ")
	return strings.HasPrefix(rest, "—") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "- ")
}

// nextWord matches the word after a mention, past a possessive or an
// acronym in parentheses.
var nextWord = regexp.MustCompile(`^(?:['’]s\b)?\s*(?:\([A-Z.]+\)\s*)?,?\s*([A-Za-z]+)`)

// notVerbs are the lower-case words after a name that show it is not the
// subject of a verb: "Bank of England", "Odesa and Izmail", "Ukraine's
// agriculture minister".
var notVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`of and or but the a an in on at for to with by from as
		into over under who whom whose which that than then where when while if so nor
		per about after before since until between among against during without via
		officials official minister president spokesman spokeswoman spokesperson chief
		leader government army forces troops news his her its their our`) {
		notVerbs[w] = true
	}
}

// subject reports whether the mention stands before a verb: the word
// after it is in lower case and not one that continues a noun phrase.
func subject(body []byte, s actorSpan) bool {
	m := nextWord.FindStringSubmatch(string(body[s.end:min(len(body), s.end+40)]))
	if m == nil {
		return false
	}
	w := m[1]
	return w[0] >= 'a' && w[0] <= 'z' && !notVerbs[w]
}

// maxEvents is as many events as a draft proposes: an article's worth,
// so that a long text stays quick to draft and the draft quick to read.
// Each event's quote is searched for in the whole text, and a text that
// repeats itself may need many tries: maxQuoteTries bounds them.
const (
	maxEvents     = 40
	maxQuoteTries = 4 * maxEvents
)

// events proposes an event for each date of a day in a sentence where an
// actor acts: a subject before a verb, with the sentence's actors.
func events(in Input, spans []actorSpan) []Event {
	var out []Event
	quotes := extract.NewQuoteFinder(in.Body)
	tries := 0
	for _, d := range in.Dates {
		if len(out) == maxEvents || tries == maxQuoteTries {
			break
		}
		if len(d.Value) != len("2006-01-02") {
			continue // weeks, months and years are the background, not events
		}
		start, end := sentence(in.Body, d.Start, d.End)
		var ids []string
		seen := map[string]bool{}
		acts := false
		first := sort.Search(len(spans), func(i int) bool { return spans[i].start >= start })
		for _, s := range spans[first:] {
			if s.start >= end {
				break
			}
			if s.end <= end && !dateline(in.Body, s) {
				if !seen[s.id] {
					seen[s.id] = true
					ids = append(ids, s.id)
				}
				acts = acts || subject(in.Body, s)
			}
		}
		if len(ids) == 0 || !acts {
			continue
		}
		tries++
		q := uniqueQuote(quotes, in.Body, d.Start, d.End)
		if q == "" {
			continue
		}
		if start == 0 {
			start = datelineEnd(in.Body)
		}
		out = append(out, Event{Quote: q, Title: Placeholder + ": " + clip(string(in.Body[start:end]), 80), Date: d.Value, Actors: ids})
	}
	return out
}

// sentenceReach bounds how far a sentence is looked for on each side.
const sentenceReach = 1000

// sentence returns the bounds of the sentence around [start, end).
func sentence(body []byte, start, end int) (int, int) {
	lo, hi := max(0, start-sentenceReach), min(len(body), end+sentenceReach)
	for lo > 0 && !utf8.RuneStart(body[lo]) {
		lo--
	}
	for hi < len(body) && !utf8.RuneStart(body[hi]) {
		hi++
	}
	for start > lo {
		if c := body[start-1]; c == '\n' || start >= 2 && c == ' ' && (body[start-2] == '.' || body[start-2] == '?' || body[start-2] == '!') {
			break
		}
		start--
	}
	for end < hi {
		c := body[end]
		if c == '\n' || (c == '.' || c == '?' || c == '!') && (end+1 == len(body) || body[end+1] == ' ' || body[end+1] == '\n') {
			break
		}
		end++
	}
	return start, end
}

func clip(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= limit {
		return s
	}
	s = s[:limit]
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	return s + "…"
}

// firstSentence returns the body's first sentence, cut at a word before
// limit bytes.
func firstSentence(body []byte, limit int) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return clip(s, limit)
}

// uniqueQuote widens text[start:end] a word on each side until it occurs
// once in text, giving up at a line break or after a few words.
func uniqueQuote(quotes *extract.QuoteFinder, text []byte, start, end int) string {
	for range 8 {
		q := string(text[start:end])
		if strings.Contains(q, "\n") {
			return ""
		}
		if len(quotes.Find(q)) == 1 {
			return q
		}
		if i := bytes.LastIndexByte(text[:max(0, start-1)], ' '); i >= 0 {
			start = i + 1
		}
		if i := bytes.IndexByte(text[min(len(text), end+1):], ' '); i >= 0 {
			end += 1 + i
		}
	}
	return ""
}
