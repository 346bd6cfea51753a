package extract

import (
	"slices"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/internal/actorkind"
)

// A Matcher finds the mentions of a fixed set of actors in texts. It is safe
// for concurrent use once built.
//
// The surface forms are kept in a trie of tokens: each edge is one folded
// token, and the edges out of a node are split by whether the token is
// separated from the previous one by white space. Finding mentions is one
// left-to-right pass over the tokens of the text with one map lookup per
// token that could start a form, so its cost per byte does not depend on the
// number of actors.
type Matcher struct {
	ids  []string // actor IDs, by index into the registry
	root *trieNode
	// firstLengths has bit n of entry c set when the first token of a form
	// starts with byte c (its key, for punctuation with look-alikes) and is
	// n bytes long, bit 31 standing for any length from 31 on. Most tokens
	// of a text fail this test, which is much cheaper than the lookup.
	firstLengths [256]uint32
}

// lengthBit is the bit of Matcher.firstLengths for a token of n bytes.
func lengthBit(n int) uint32 { return 1 << min(n, 31) }

// mayStartForm reports whether token t of text passes firstLengths. Its
// token, like child's, is passed by pointer: a copy of one just scanned
// would wait for the stores that wrote it (see token.scan).
func (m *Matcher) mayStartForm(text []byte, t *token) bool {
	if t.key != 0 {
		return m.firstLengths[t.key]&lengthBit(1) != 0
	}
	return m.firstLengths[text[t.start]]&lengthBit(t.end-t.start) != 0
}

type trieNode struct {
	actor  int                  // index into Matcher.ids, or -1
	joined map[string]*trieNode // next token touches this one ("d'Ivoire")
	spaced map[string]*trieNode // next token follows white space
}

func newTrieNode() *trieNode { return &trieNode{actor: -1} }

// child returns the node reached from n by token t of text, or nil.
func (n *trieNode) child(text []byte, t *token, first bool) *trieNode {
	m := n.spaced
	if !first && t.gap == gapNone {
		m = n.joined
	}
	if m == nil {
		return nil
	}
	if t.key != 0 {
		return m[string(rune(t.key))]
	}
	return m[string(text[t.start:t.end])]
}

// formTokens splits a surface form into its folded tokens; spaced[i]
// reports whether token i follows white space. It returns nothing for a
// form with no tokens or one that runs across a blank line.
func formTokens(form string) (keys []string, spaced []bool) {
	text := []byte(form)
	for pos := 0; ; {
		t, ok := nextToken(text, pos)
		if !ok {
			break
		}
		if t.gap == gapParagraph && len(keys) > 0 {
			return nil, nil
		}
		k := form[t.start:t.end]
		if t.key != 0 {
			k = string(rune(t.key))
		}
		keys = append(keys, k)
		spaced = append(spaced, t.gap != gapNone)
		pos = t.end
	}
	return keys, spaced
}

// formKey is the folded spelling of a form: its tokens, with one space
// wherever the form has white space. Two forms with the same key match the
// same text.
func formKey(form string) string {
	keys, spaced := formTokens(form)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 && spaced[i] {
			b.WriteByte(' ')
		}
		b.WriteString(k)
	}
	return b.String()
}

// nameSuffixes are the generational suffixes skipped when deriving the short
// name of a person: the short name of "Martin Luther King Jr." is "King".
var nameSuffixes = map[string]bool{"Jr": true, "Sr": true, "II": true, "III": true, "IV": true}

// defaultShort returns the short name of a person whose registry entry has
// none: the last word of the name, leaving out a generational suffix.
func defaultShort(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 && nameSuffixes[strings.Trim(words[len(words)-1], ".,")] {
		words = words[:len(words)-1]
	}
	if len(words) < 2 {
		return ""
	}
	return strings.TrimRight(words[len(words)-1], ",;")
}

// claim is a surface form and the actors that claim it, in registry order.
type claim struct {
	form   string // as first written
	actors []int
}

// claims collects forms by folded key, keeping first-seen order so that
// the conflicts come out in a deterministic order.
type claims struct {
	byKey map[string]*claim
	keys  []string
}

func (c *claims) add(form string, actor int) {
	key := formKey(form)
	if key == "" {
		return
	}
	if c.byKey == nil {
		c.byKey = make(map[string]*claim)
	}
	cl := c.byKey[key]
	if cl == nil {
		cl = &claim{form: form}
		c.byKey[key] = cl
		c.keys = append(c.keys, key)
	}
	if !slices.Contains(cl.actors, actor) {
		cl.actors = append(cl.actors, actor)
	}
}

// NewMatcher builds a matcher for actors. Every actor is found by its name
// and aliases, and by its short name; a person without one is found by the
// last word of the name as well.
//
// A form written in the registry (a name, an alias or a short name) that two
// actors claim is reported as a conflict that is not Derived, and neither
// actor is found by it. A default short name that two persons share, or that
// another actor has written in the registry, is reported as a Derived
// conflict and is not used for the persons it was derived for.
func NewMatcher(actors []Actor) (*Matcher, []Conflict) {
	var explicit, derived claims
	for i, a := range actors {
		explicit.add(a.Name, i)
		for _, alias := range a.Aliases {
			explicit.add(alias, i)
		}
		if a.Short != "" {
			explicit.add(a.Short, i)
		} else if a.Kind == string(actorkind.Person) {
			derived.add(defaultShort(a.Name), i)
		}
	}

	m := &Matcher{ids: make([]string, len(actors)), root: newTrieNode()}
	for i, a := range actors {
		m.ids[i] = a.ID
	}
	var conflicts []Conflict
	for _, key := range explicit.keys {
		cl := explicit.byKey[key]
		if len(cl.actors) > 1 {
			conflicts = append(conflicts, Conflict{Form: cl.form, Actors: sortedInts(cl.actors)})
			continue
		}
		m.insert(key, cl.actors[0])
	}
	for _, key := range derived.keys {
		cl := derived.byKey[key]
		holders := cl.actors
		if ex := explicit.byKey[key]; ex != nil {
			// Written forms win over derived ones. A person whose own
			// name or alias is the short name loses nothing.
			var others []int
			for _, a := range holders {
				if !slices.Contains(ex.actors, a) {
					others = append(others, a)
				}
			}
			if len(others) > 0 {
				all := append(append([]int(nil), ex.actors...), others...)
				conflicts = append(conflicts, Conflict{Form: cl.form, Actors: sortedInts(all), Derived: true})
			}
			continue
		}
		if len(holders) > 1 {
			conflicts = append(conflicts, Conflict{Form: cl.form, Actors: sortedInts(holders), Derived: true})
			continue
		}
		m.insert(key, holders[0])
	}
	// An acronym is written with or without periods: "US" finds "U.S."
	// and "U.N." finds "UN", unless another form claims the other spelling.
	for _, key := range explicit.keys {
		cl := explicit.byKey[key]
		v, ok := acronymVariant(key)
		if !ok || len(cl.actors) > 1 || explicit.byKey[v] != nil || derived.byKey[v] != nil {
			continue
		}
		m.insert(v, cl.actors[0])
	}
	return m, conflicts
}

// acronymVariant returns the other spelling of an acronym of two to five
// capital letters: "U.S." for "US" and "US" for "U.S.".
func acronymVariant(key string) (string, bool) {
	if n := len(key); n >= 2 && n <= 5 && strings.Trim(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		var b strings.Builder
		for i := range n {
			b.WriteByte(key[i])
			b.WriteByte('.')
		}
		return b.String(), true
	}
	n := len(key) / 2
	if len(key)%2 != 0 || n < 2 || n > 5 {
		return "", false
	}
	letters := make([]byte, n)
	for i := range n {
		c, dot := key[2*i], key[2*i+1]
		if c < 'A' || c > 'Z' || dot != '.' {
			return "", false
		}
		letters[i] = c
	}
	return string(letters), true
}

func sortedInts(s []int) []int {
	out := append([]int(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// insert adds the form with folded key to the trie. The key is re-split into
// tokens: it has the same tokens and spacing as the form it came from.
func (m *Matcher) insert(key string, actor int) {
	keys, spaced := formTokens(key)
	n := m.root
	for i, k := range keys {
		children := &n.spaced
		if i > 0 && !spaced[i] {
			children = &n.joined
		}
		if *children == nil {
			*children = make(map[string]*trieNode)
		}
		next := (*children)[k]
		if next == nil {
			next = newTrieNode()
			(*children)[k] = next
		}
		n = next
	}
	n.actor = actor
	if len(keys) > 0 {
		m.firstLengths[keys[0][0]] |= lengthBit(len(keys[0]))
	}
}

// Find returns the mentions of the matcher's actors in text, sorted by
// Start and never overlapping. Where forms compete, the one that starts
// first wins, and of those the longest: "Swiss National Bank" is one mention
// of the bank, not one of Switzerland.
func (m *Matcher) Find(text []byte) []Mention {
	if m == nil || m.root == nil {
		return nil
	}
	labeled := m.FindLabeled(text)
	if len(labeled) == 0 {
		return nil
	}
	texts := joinSpans(text, labeled)
	out := make([]Mention, len(labeled))
	for i, l := range labeled {
		// Field by field: assigning a whole Mention moves it with a write
		// barrier call while the garbage collector runs.
		mt := &out[i]
		mt.Actor, mt.Start, mt.End = l.Label, l.Start, l.End
		mt.Text, texts = texts[:l.End-l.Start], texts[l.End-l.Start:]
	}
	return out
}

// FindLabeled is Find without the mentions' texts: each is its span and
// its actor's id, which costs no string a text.
func (m *Matcher) FindLabeled(text []byte) []Labeled {
	if m == nil || m.root == nil {
		return nil
	}
	hits := hitScratches.Get().(*[]hit)
	found := m.hits(text, (*hits)[:0])
	var out []Labeled
	if len(found) > 0 {
		out = make([]Labeled, len(found))
		for i, h := range found {
			l := &out[i]
			l.Label, l.Start, l.End = m.ids[h.actor], h.start, h.end
		}
	}
	*hits = found[:0]
	hitScratches.Put(hits)
	return out
}

// hits appends the mentions in text to found, as Find gives them.
func (m *Matcher) hits(text []byte, found []hit) []hit {
	var t, u token
	for pos := 0; t.scan(text, pos); {
		pos = t.end
		if !m.mayStartForm(text, &t) {
			continue
		}
		n := m.root.child(text, &t, true)
		if n == nil || !wordStartsAt(text, t.start) {
			continue
		}
		best, bestEnd := -1, 0
		if n.actor >= 0 && wordEndsAt(text, t.end) {
			best, bestEnd = n.actor, t.end
		}
		for next := t.end; n.joined != nil || n.spaced != nil; {
			if !u.scan(text, next) || u.gap == gapParagraph {
				break
			}
			if n = n.child(text, &u, false); n == nil {
				break
			}
			if n.actor >= 0 && wordEndsAt(text, u.end) && (u.word || !wordRuneAt(text, u.end)) {
				best, bestEnd = n.actor, u.end
			}
			next = u.end
		}
		if best >= 0 && bestEnd == t.end && readsAsMonth(text, t) {
			continue // "in May" is a month, not Theresa May
		}
		if best >= 0 {
			found = append(found, hit{actor: best, start: t.start, end: bestEnd})
			pos = bestEnd
		}
	}
	return found
}

// hit is a mention found, before it is made a Mention. It holds no
// pointers, so that collecting hits costs no write barriers.
type hit struct{ actor, start, end int }

// hitScratches recycles the hits of finished calls: the result is then
// allocated once, at its size, rather than grown an append at a time.
var hitScratches = sync.Pool{New: func() any { return new([]hit) }}

// monthWords introduce a month name as a date ("in May", "since May",
// "mid-May", "last May"), as opposed to a person called May.
var monthWords = map[string]bool{
	"in": true, "since": true, "until": true, "till": true, "during": true, "early": true,
	"late": true, "mid": true, "last": true, "next": true, "this": true, "through": true,
	"throughout": true,
}

// readsAsMonth reports whether word token t of text is a month name that
// its neighbours make a date: a number after it ("May 2019", "May 3"), or
// before it a number ("3 May", "3rd of May") or a word of monthWords.
// A form that is a month name (a person's short name "May") is not a
// mention there.
func readsAsMonth(text []byte, t token) bool {
	if _, ok := months[string(text[t.start:t.end])]; !ok {
		return false
	}
	if u, ok := nextToken(text, t.end); ok && u.word && u.gap == gapSpace && isDigit(text[u.start]) {
		return true
	}
	w, start := wordBefore(text, t.start)
	if r, n := runeAt(text, start); len(w) == 0 && start+n == t.start && isHyphen(r) {
		w, _ = wordBefore(text, start) // "mid-May"
		return string(w) == "mid"
	}
	if len(w) == 0 {
		return false
	}
	if string(w) == "of" {
		w, _ = wordBefore(text, start)
		return len(w) > 0 && isDigit(w[0]) || string(w) == "end" || string(w) == "start" ||
			string(w) == "beginning" || string(w) == "middle"
	}
	if isDigit(w[0]) {
		return true // "3 May", "3rd May"
	}
	if 'A' <= w[0] && w[0] <= 'Z' {
		return monthWords[string(w[0]|0x20)+string(w[1:])]
	}
	return monthWords[string(w)]
}

// wordRuneAt reports whether a word rune starts at offset i. A form that
// ends in punctuation does not end before one: "U.S." is not found in
// "U.S.S.R.".
func wordRuneAt(text []byte, i int) bool {
	r, n := runeAt(text, i)
	return n > 0 && isWordRune(r)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// wordBefore returns the word that ends just before offset i, white space
// aside, and where it starts; when a non-word character comes first it
// returns no word and the offset of that character.
func wordBefore(text []byte, i int) ([]byte, int) {
	for {
		r, n := runeBefore(text, i)
		if n == 0 || !isSpace(r) {
			break
		}
		i -= n
	}
	end := i
	for {
		r, n := runeBefore(text, i)
		if n == 0 || !isWordRune(r) {
			break
		}
		i -= n
	}
	if i == end {
		if _, n := runeBefore(text, i); n > 0 {
			return nil, i - n
		}
	}
	return text[i:end], i
}
