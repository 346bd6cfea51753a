// Package names finds the names of people, organisations, countries,
// places and groups in a news article, for actors that a registry does not
// have yet. It takes plain text and the spans of registered mentions and
// returns candidates, with no I/O of its own.
//
// It reads as a news reader does, by rules rather than a trained model:
//
//   - a name is a run of capitalised words, joined by "of", "for" and
//     particles such as "von der" and "al-" where those belong to it
//     ("Bank of England", "Ursula von der Leyen"), never across a
//     possessive, a line break or punctuation;
//   - a word capitalised only because it starts a sentence, a quotation or
//     a paragraph is not a name unless it is capitalised elsewhere too;
//     months, weekdays and titles are never names;
//   - titles mark persons and split off what they follow: "Swiss Foreign
//     Minister Ignazio Cassis" is Switzerland and a person, "ECB President
//     Christine Lagarde" an organisation and a person;
//   - organisation, place and group words decide a kind ("Swiss National
//     Bank", "Black Sea", "Rapid Support Forces"), and so do the words
//     around a name ("in Warsaw", "the Ifo institute", "the Zamzam camp",
//     "a spokesperson ... said");
//   - country, continent and language names come from CLDR through
//     golang.org/x/text, and give demonyms: "Swiss" is a form of
//     Switzerland, "Polish" of Poland;
//   - the other forms of a name are grouped with it: an acronym in
//     parentheses or made of its initials ("(ECB)"), a person's surname
//     ("Peskov"), a company's short name ("Meta" for "Meta Platforms"),
//     "known as" names and a dateline ("GENEVA —").
package names

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/briefing-dev/briefing/internal/actorkind"
)

// Kind is what a name names: one of the registry's kinds.
type Kind = actorkind.Kind

const (
	KindPerson       = actorkind.Person
	KindOrganization = actorkind.Organization
	KindCountry      = actorkind.Country
	KindPlace        = actorkind.Place
	KindGroup        = actorkind.Group
)

// kinds orders the kinds for voting; ties go to the earlier one.
var kinds = []Kind{KindCountry, KindPerson, KindOrganization, KindPlace, KindGroup}

// Span is a byte range of the text, end exclusive.
type Span struct{ Start, End int }

// Candidate is a proposed actor: a slug, the fullest name found, a kind,
// every form found in the text with its count, and the sentence where it
// first occurs.
type Candidate struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    Kind   `json:"kind"`
	Count   int    `json:"count"`
	Forms   []Form `json:"forms"`
	Context string `json:"context"`
	// Spans are the occurrences, in text order.
	Spans []Span `json:"-"`
}

// Form is one way the text writes a candidate, and how often.
type Form struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// votes weighs the evidence for each kind, indexed like kinds.
type votes [5]float64

func (v *votes) add(k Kind, w float64) {
	for i, kk := range kinds {
		if kk == k {
			v[i] += w
		}
	}
}

func (v votes) best() (Kind, float64) {
	best, bw := Kind(""), 0.0
	for i, w := range v {
		if w > bw {
			best, bw = kinds[i], w
		}
	}
	return best, bw
}

// occurrence is one name found in the text.
type occurrence struct {
	span Span
	text string // the form as written
	// own is the kind that the name's own words give, which goes before
	// anything that its neighbours suggest: "Rapid Support Forces".
	own     Kind
	words   int // capitalised words in it
	votes   votes
	the     bool   // "the" stands before it
	acronym string // an acronym in parentheses after it
	alias   bool   // a "known as" name: a form of the name before it
	aliasOf string // the noun that "known as" follows: "the bank"
	index   int    // of an alias, in finder.occ
	// dateline: "GENEVA —", whose spelling is the capitals' title-cased.
	dateline bool
}

// Find returns the candidates in text, most mentioned first. known are the
// spans of registered actors' mentions, sorted by start: nothing inside
// them is proposed.
func Find(text []byte, known []Span) []Candidate {
	toks := tokenize(text, known)
	f := &finder{text: text, toks: toks, lower: map[string]bool{}, capitalised: map[string]int{}}
	for i, t := range toks {
		if !t.word {
			continue
		}
		if isCapitalised(t.text) {
			// A word is seen capitalised when it is not the first of a
			// sentence, or when a name goes on after it ("Meta Platforms").
			if !t.sentence || i+1 < len(toks) && toks[i+1].word && isCapitalised(toks[i+1].text) && !stopwords[t.text] {
				f.capitalised[t.text]++
			}
		} else {
			f.lower[t.text] = true
		}
	}
	f.scan()
	// A word of a registered actor's mention is that actor's: "Emmanuel"
	// in a text that mentions "Emmanuel Macron".
	inKnown := map[string]bool{}
	for _, sp := range known {
		for _, w := range strings.Fields(string(text[sp.Start:sp.End])) {
			inKnown[strings.Trim(w, ",.'’")] = true
		}
	}
	var out []Candidate
	for _, c := range f.group() {
		if len(c.Forms) == 1 && !strings.Contains(c.Name, " ") && inKnown[c.Name] {
			continue
		}
		out = append(out, c)
	}
	return out
}

type finder struct {
	text        []byte
	toks        []token
	lower       map[string]bool // words seen in lower case
	capitalised map[string]int  // words seen capitalised, not at a sentence's start
	occ         []occurrence
	cities      cityFinder
}

// isCapitalised reports whether a word can be part of a name: "Geneva",
// "al-Burhan", "eBay", "ECB".
func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		return true
	}
	if i := strings.IndexAny(w, "-‐‑"); i > 0 && i <= 3 && connectors[w[:i]] {
		r, _ := utf8.DecodeRuneInString(w[i+1:])
		return unicode.IsUpper(r)
	}
	if unicode.IsLower(r) && !strings.ContainsAny(w, "-‐‑'’") {
		for _, r := range w[1:] {
			if unicode.IsUpper(r) {
				return true
			}
		}
	}
	return false
}

func isAcronym(w string) bool {
	w = strings.ReplaceAll(w, ".", "")
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, r := range w {
		if !('A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// nameWord reports whether toks[i] may be a word of a name.
func (f *finder) nameWord(i int) bool {
	t := f.toks[i]
	if !t.word || t.heading || !isCapitalised(t.text) || months[t.text] || weekdays[t.text] || commonAcronyms[t.text] || utf8.RuneCountInString(t.text) < 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return !unicode.IsDigit(r)
}

func (f *finder) wordAt(i int) string {
	if i < 0 || i >= len(f.toks) || !f.toks[i].word {
		return ""
	}
	return f.toks[i].text
}

// run is a stretch of tokens toks[from:to] that reads as one name.
type run struct{ from, to int }

// runs finds the capitalised runs of the text.
func (f *finder) runs() []run {
	var out []run
	for i := 0; i < len(f.toks); {
		if !f.nameWord(i) {
			i++
			continue
		}
		j := i + 1
		for j < len(f.toks) {
			prev := f.toks[j-1]
			if prev.possessive && !(f.wordAt(j) == "of" && j+1 < len(f.toks) && f.nameWord(j+1)) && !(possessors[prev.text] && f.nameWord(j)) {
				break
			}
			if f.nameWord(j) {
				j++
				continue
			}
			// A middle initial: "Robert F. Kennedy".
			if t := f.toks[j]; t.word && len(t.text) == 1 && 'A' <= t.text[0] && t.text[0] <= 'Z' &&
				j+2 < len(f.toks) && f.toks[j+1].text == "." && f.toks[j+1].start == t.end && f.nameWord(j+2) {
				j += 2
				continue
			}
			// Connectors join only where a name goes on after them.
			k := j
			for k < len(f.toks) && k-j < 2 && f.toks[k].word && connectors[f.toks[k].text] && f.toks[k].text != "and" && f.toks[k].text != "&" {
				k++
			}
			if k == j || k >= len(f.toks) || !f.nameWord(k) || !f.joins(f.toks[i:j], f.toks[j].text) {
				break
			}
			j = k
		}
		out = append(out, run{i, j})
		i = j
	}
	return f.joinAnd(out)
}

// joins reports whether the connector c continues the name so far: "of"
// and "for" follow the words of organisations, titles and places ("Court
// of Arbitration for Sport", "Secretary of State", "Gulf of Aden"), or a
// possessive ("Lloyd's of London").
func (f *finder) joins(so []token, c string) bool {
	switch c {
	case "of", "for":
		last := so[len(so)-1]
		if titles[last.text] || placeWords[last.text] || placeStarts[last.text] || last.possessive {
			return true
		}
		for _, t := range so {
			if orgWords[t.text] || t.text == "Republic" || t.text == "Kingdom" {
				return true
			}
		}
		return false
	case "the":
		return false
	}
	return true
}

// joinAnd joins two runs around "and" when together they name an
// organisation: "Competition and Markets Authority", "Law and Justice
// party", "Bureau of Industry and Security", and "Law and Justice"
// wherever it occurs once so joined.
func (f *finder) joinAnd(rs []run) []run {
	joined := map[string]bool{}
	try := func(a, b run) bool {
		if b.from != a.to+1 || f.wordAt(a.to) != "and" {
			return false
		}
		if g := geo(); g.names[f.textOf(a)] != (region{}) || g.names[f.textOf(b)] != (region{}) {
			return false
		}
		whole := f.textOf(run{a.from, b.to})
		last := f.wordAt(b.to - 1)
		after := f.wordAt(b.to)
		ofPhrase := false
		for i := a.from; i+1 < a.to; i++ {
			if orgWords[f.toks[i].text] && (f.toks[i+1].text == "of" || f.toks[i+1].text == "for") {
				ofPhrase = true
			}
		}
		if joined[whole] || orgWords[last] || groupWords[last] || ofPhrase || lowOrgNouns[after] && !f.toks[b.to-1].possessive {
			joined[whole] = true
			return true
		}
		return false
	}
	for pass := 0; pass < 2; pass++ {
		var out []run
		for _, r := range rs {
			if n := len(out); n > 0 && try(out[n-1], r) {
				out[n-1].to = r.to
				continue
			}
			out = append(out, r)
		}
		if pass == 1 {
			return out
		}
	}
	return rs
}

func (f *finder) textOf(r run) string {
	return string(f.text[f.toks[r.from].start:f.toks[r.to-1].end])
}

// titleish reports whether a word is a title, part of one, or a connector
// inside one.
func titleish(w string) bool {
	if titles[w] || portfolios[w] || titles[strings.TrimSuffix(w, "s")] {
		return true
	}
	if strings.ContainsAny(w, "-") {
		for _, p := range strings.Split(w, "-") {
			if titles[p] {
				return true
			}
		}
	}
	return false
}

func isTitle(w string) bool {
	if titles[w] || titles[strings.TrimSuffix(w, "s")] && strings.HasSuffix(w, "s") {
		return true // "Justices Elena Kagan and ..."
	}
	for _, p := range strings.Split(w, "-") {
		if titles[p] && p != w {
			return true
		}
	}
	return false
}

// scan turns the runs into occurrences, with the evidence around each.
func (f *finder) scan() {
	g := geo()
	for _, r := range f.runs() {
		if f.dateline(r) {
			continue
		}
		from, to := r.from, r.to
		if to-from == 1 && f.compound(from) {
			continue
		}
		// A word that starts a sentence is a name only where the text
		// capitalises it elsewhere too, or where it is a country's.
		// A common word that starts a sentence ("Traders", "Army") is
		// left out, but not from a longer name ("World Athletics").
		first := f.toks[from]
		common := f.lower[strings.ToLower(first.text)] && to-from == 1
		if first.sentence && (stopwords[first.text] || common) {
			from++
			for from < to && !f.nameWord(from) {
				from++
			}
		}
		if from >= to {
			continue
		}
		// A title splits the run: what stands before it names the
		// person's organisation or country, what follows is the person.
		t := -1
		for i := from; i < to; i++ {
			if isTitle(f.toks[i].text) {
				rest := false
				for k := i + 1; k < to; k++ {
					if f.nameWord(k) && !titleish(f.toks[k].text) {
						rest = true
					}
				}
				if rest {
					t = i
				}
			}
		}
		if t >= 0 && (orgWords[f.toks[to-1].text] || placeWords[f.toks[to-1].text] || groupWords[f.toks[to-1].text]) {
			t = -1 // "General Court", "Supreme Court": the title word names a body
		}
		if t >= 0 {
			i := t
			for i > from && (titleish(f.toks[i-1].text) || connectors[f.toks[i-1].text]) {
				i--
			}
			p := t + 1
			for p < to && (titleish(f.toks[p].text) || !f.nameWord(p)) {
				p++
			}
			if i > from {
				f.add(run{from, i}, KindOrganization, 1)
			}
			if p < to {
				f.add(run{p, to}, KindPerson, 3)
			}
			continue
		}
		// A lone title names nobody.
		all := true
		for i := from; i < to; i++ {
			if f.nameWord(i) && !titleish(f.toks[i].text) {
				all = false
			}
		}
		if all {
			continue
		}
		single := to-from == 1
		w := f.toks[from].text
		if single && (strings.HasSuffix(w, "ic") || strings.HasSuffix(w, "ical")) && g.names[w] == (region{}) &&
			to < len(f.toks) && f.toks[to].word && !isCapitalised(f.toks[to].text) && !personVerbs[f.toks[to].text] {
			continue // an adjective: "the two-time Olympic champion"
		}
		if single && placeStarts[w] && g.names[w] == (region{}) {
			continue // "Western governments"
		}
		if single && first.sentence && from == r.from && f.capitalised[w] == 0 && g.names[w] == (region{}) && !isAcronym(w) &&
			!lowTitles[f.wordAt(to)] && !lowTitles[f.wordAt(to+1)] && !lowOrgNouns[f.wordAt(to)] && !lowPlaceNouns[f.wordAt(to)] &&
			!(f.wordAt(to) == "and" && to+1 < len(f.toks) && f.nameWord(to+1)) &&
			!(to+1 < len(f.toks) && f.toks[to].text == "," && (f.wordAt(to+1) == "which" || f.wordAt(to+1) == "who") && !strings.HasSuffix(w, "s")) {
			continue
		}
		f.add(run{from, to}, "", 0)
	}
}

// compound records the name in "Greek-owned", "Iran-backed": a name
// whose hyphenated tail is lower case. It reports whether the word is one.
func (f *finder) compound(i int) bool {
	t := f.toks[i]
	h := strings.LastIndexAny(t.text, "-‐‑")
	if h <= 0 {
		return false
	}
	tail, _ := utf8.DecodeRuneInString(t.text[h+1:])
	if !unicode.IsLower(tail) {
		return false
	}
	head := t.text[:h]
	if strings.ContainsAny(head, "-‐‑") || !isCapitalised(head) || connectors[head] {
		return false
	}
	o := occurrence{span: Span{t.start, t.start + h}, text: head, words: 1}
	f.occ = append(f.occ, o)
	return true
}

// dateline records "GENEVA —" at the start of a paragraph as a place.
func (f *finder) dateline(r run) bool {
	if r.from > 0 && !f.toks[r.from-1].paragraph {
		return false
	}
	if r.to >= len(f.toks) || (f.toks[r.to].text != "—" && f.toks[r.to].text != "–" && f.toks[r.to].text != "-") {
		return false
	}
	var words []string
	for i := r.from; i < r.to; i++ {
		w := f.toks[i].text
		if strings.ToUpper(w) != w {
			return false
		}
		words = append(words, titleCase(w))
	}
	o := occurrence{span: Span{f.toks[r.from].start, f.toks[r.to-1].end}, text: strings.Join(words, " "), words: len(words), dateline: true}
	o.votes.add(KindPlace, 3)
	f.occ = append(f.occ, o)
	return true
}

func titleCase(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

// add records the run as an occurrence, weighing the words inside it and
// around it for each kind.
func (f *finder) add(r run, cue Kind, weight float64) {
	o := occurrence{span: Span{f.toks[r.from].start, f.toks[r.to-1].end}}
	o.text = string(f.text[o.span.Start:o.span.End])
	for i := r.from; i < r.to; i++ {
		if f.nameWord(i) {
			o.words++
		}
	}
	if cue != "" {
		o.votes.add(cue, weight)
	}
	firstWord, lastWord := f.toks[r.from].text, f.toks[r.to-1].text
	prev, prev2 := f.wordAt(r.from-1), f.wordAt(r.from-2)
	if r.from > 0 && !f.toks[r.from-1].word {
		prev, prev2 = "", ""
	}
	after := f.wordAt(r.to)
	if r.to < len(f.toks) && !f.toks[r.to].word {
		after = ""
	}
	lowerLast := strings.ToLower(lastWord)
	switch {
	case groupWords[lastWord]:
		o.own = KindGroup
	case orgWords[lastWord] || (strings.HasSuffix(lowerLast, "bank") && o.words == 1):
		o.own = KindOrganization
	case placeWords[lastWord] && o.words > 1:
		o.own = KindPlace
	}
	if o.own != "" {
		o.votes.add(o.own, 4)
	}
	// "Bank of England", "Chicago Board of Trade"; and a person's name
	// never has "of" in it.
	if placeStarts[firstWord] || placeWords[firstWord] {
		if f.wordAt(r.from+1) == "of" {
			o.own = KindPlace // "Gulf of Aden", "Cape of Good Hope"
		}
	} else if of := strings.Index(o.text, " of "); of > 0 || strings.Contains(o.text, " for ") {
		o.votes.add(KindOrganization, 1)
		for i := r.from; i < r.to-1; i++ {
			if orgWords[f.toks[i].text] && (f.toks[i+1].text == "of" || f.toks[i+1].text == "for") {
				o.votes.add(KindOrganization, 3)
				break
			}
		}
	}
	if o.words > 1 && placeStarts[firstWord] {
		o.votes.add(KindPlace, 2)
	}
	if isAcronym(o.text) {
		o.votes.add(KindOrganization, 1)
	}
	if strings.EqualFold(prev, "the") {
		o.the = true
		if o.words == 1 && strings.HasSuffix(o.text, "s") && !strings.HasSuffix(o.text, "ss") && o.own == "" {
			o.votes.add(KindGroup, 1) // "the Houthis"
		} else {
			o.votes.add(KindOrganization, 1)
		}
	}
	switch p := strings.ToLower(prev); {
	case p == "at" && strings.HasSuffix(prev2, "s") && !strings.HasSuffix(prev2, "ss"):
		o.votes.add(KindOrganization, 1.5) // "analysts at Morgan Stanley"
	case p == "at" && !f.toks[r.from].sentence:
		o.votes.add(KindOrganization, 0.6)
	case p == "on" && (personVerbs[prev2] || prev2 == "posted" || prev2 == "published"):
		o.votes.add(KindOrganization, 1) // "wrote on Telegram"
	case p == "from" && after == "to":
		o.votes.add(KindPlace, 2) // "from Shanghai to Rotterdam"
	case p == "from":
		o.votes.add(KindPlace, 0.3) // from a place, or from a company
	case placePreps[p]:
		o.votes.add(KindPlace, 1)
	}
	if lowPlaceNouns[prev] || prev == "to" && prev2 != "" && f.wordAt(r.from-3) == "from" {
		o.votes.add(KindPlace, 2)
	}
	if prev == "of" && (lowPlaceNouns[prev2] || lowPlaceNouns[strings.TrimSuffix(prev2, "s")]) {
		o.votes.add(KindPlace, 2)
	}
	// "in Odesa and Izmail", "in Egypt, Lebanon and Somalia"
	if (prev == "and" || r.from > 0 && f.toks[r.from-1].text == ",") && len(f.occ) > 0 {
		last := f.occ[len(f.occ)-1]
		if gap := string(f.text[last.span.End:o.span.Start]); len(gap) <= 6 && (strings.TrimSpace(gap) == "and" || strings.TrimSpace(gap) == ",") {
			if k, _ := last.votes.best(); k == KindPlace {
				o.votes.add(KindPlace, 1)
			} else if k, _ := o.votes.best(); k == KindPlace && prev == "and" && last.own == "" {
				// "California and New Jersey": a list holds one kind.
				f.occ[len(f.occ)-1].votes.add(KindPlace, 1)
			}
		}
	}
	switch {
	case after == "administration" || after == "government" && o.words > 1:
		o.votes.add(KindPerson, 2)
	case lowPlaceNouns[after]:
		o.votes.add(KindPlace, 2)
	case groupNouns[after]:
		o.votes.add(KindGroup, 2)
	case lowOrgNouns[after]:
		o.votes.add(KindOrganization, 2)
	case lowTitles[after] || lowTitles[f.wordAt(r.to+1)] && f.toks[r.to].word:
		o.votes.add(KindOrganization, 1)
	case personVerbs[after]:
		o.votes.add(KindPerson, 0.3) // organisations say things too
	}
	if lowTitles[prev] || (r.from > 1 && f.toks[r.from-1].text == "," && lowTitles[f.wordAt(r.from-2)]) {
		o.votes.add(KindPerson, 2)
	}
	// "the Sudanese army" is the state's armed force.
	if lowGroupNouns[after] && o.words == 1 {
		if reg, ok := geo().names[o.text]; ok && reg.kind == KindCountry && o.text != reg.name {
			g := occurrence{span: Span{o.span.Start, f.toks[r.to].end}, text: o.text + " " + after, words: 2}
			g.votes.add(KindGroup, 3)
			f.occ = append(f.occ, g)
		}
	}
	// "European Central Bank (ECB)"
	if r.to+2 < len(f.toks) && f.toks[r.to].text == "(" && f.toks[r.to+2].text == ")" && isAcronym(f.toks[r.to+1].text) {
		o.acronym = strings.ReplaceAll(f.toks[r.to+1].text, ".", "")
		o.votes.add(KindOrganization, 2)
	}
	// "The bank, known as Rosselkhozbank": a form of the last bank named.
	if prev == "as" && prev2 == "known" {
		o.alias = true
		if r.from >= 5 && f.toks[r.from-3].text == "," {
			o.aliasOf = f.wordAt(r.from - 4)
		}
	}
	f.occ = append(f.occ, o)
}

// group gathers the occurrences into candidates: one per name, with its
// other forms merged in.
func (f *finder) group() []Candidate {
	g := geo()
	type cand struct {
		key     string
		name    string
		words   int
		forms   map[string]int
		votes   votes
		region  *region
		spans   []Span
		the     bool
		merged  bool
		acronym map[string]bool
		named   bool // the region's own name occurs, not only a demonym
		own     Kind
		into    *cand // where it was merged
		// fromDateline: the name is a dateline's, title-cased from capitals.
		fromDateline bool
	}
	byKey := map[string]*cand{}
	var order []*cand
	get := func(key, name string, words int) *cand {
		c := byKey[key]
		if c == nil {
			c = &cand{key: key, name: name, words: words, forms: map[string]int{}, acronym: map[string]bool{}}
			byKey[key] = c
			order = append(order, c)
		}
		return c
	}
	var aliases []occurrence
	owner := make([]*cand, len(f.occ)) // the candidate of each occurrence
	for oi, o := range f.occ {
		form := strings.Join(strings.Fields(o.text), " ")
		key := fold(form) // "Brasilia" and "Brasília" are one name
		if isAcronym(form) {
			key = strings.ReplaceAll(form, ".", "")
		}
		var c *cand
		reg, ok := g.names[form]
		if !ok {
			reg, ok = g.names[key]
		}
		if !ok && isAcronym(key) {
			reg, ok = g.initials[key]
		}
		if ok {
			c = get("region:"+reg.name, reg.name, len(strings.Fields(reg.name)))
			r := reg
			c.region = &r
			if key == reg.name || !g.continent[reg.name] && (isAcronym(key) || otherCountryNames[key] != "") {
				c.named = true
			}
		} else {
			c = get(key, form, o.words)
			if c.fromDateline && !o.dateline {
				c.name, c.fromDateline = form, false // spelt as the text spells it
			} else if len(c.forms) == 0 {
				c.fromDateline = o.dateline
			}
			if o.alias {
				o.index = oi
				aliases = append(aliases, o)
			}
		}
		owner[oi] = c
		c.forms[form]++
		c.spans = append(c.spans, o.span)
		for i := range c.votes {
			c.votes[i] += o.votes[i]
		}
		c.the = c.the || o.the
		if o.own != "" && o.words == c.words {
			c.own = o.own
		}
		if o.acronym != "" {
			c.acronym[o.acronym] = true
		}
	}
	merge := func(from, into *cand) {
		for f, n := range from.forms {
			into.forms[f] += n
		}
		into.spans = append(into.spans, from.spans...)
		for i := range into.votes {
			into.votes[i] += from.votes[i]
		}
		if into.region == nil && from.region != nil {
			into.region = from.region
		}
		into.named = into.named || from.named
		from.merged = true
		from.into = into
	}
	kindOf := func(c *cand) Kind {
		if c.region != nil {
			return c.region.kind
		}
		if c.own != "" {
			return c.own
		}
		// Without evidence, a name of several words is a person's and
		// one word an organisation's; a capital never starts a person's
		// name ("SK Hynix"). A city of the time zone database is a place
		// unless the words around it say otherwise.
		v := c.votes
		if f.cities.isCity(c.name) {
			v.add(KindPlace, 1.5)
		}
		switch {
		case c.words > 1 && !isAcronym(strings.Fields(c.name)[0]):
			v.add(KindPerson, 0.5)
		default:
			v.add(KindOrganization, 0.4)
		}
		k, _ := v.best()
		return k
	}
	live := func(fn func(c *cand)) {
		for _, c := range order {
			if !c.merged {
				fn(c)
			}
		}
	}
	// Acronyms: one in parentheses after a name, or one made of a
	// single name's initials.
	live(func(c *cand) {
		for a := range c.acronym {
			if ac := byKey[a]; ac != nil && ac != c && !ac.merged && ac.region == nil {
				merge(ac, c)
			}
		}
	})
	// Longer names by their initials, first and last words, so that each
	// merge below looks up its few possible targets.
	byInitials, byFirst, byLast := map[string][]*cand{}, map[string][]*cand{}, map[string][]*cand{}
	live(func(c *cand) {
		if c.words < 2 || c.region != nil {
			return
		}
		fields := strings.Fields(c.name)
		byInitials[initialsOf(c.name)] = append(byInitials[initialsOf(c.name)], c)
		byFirst[fields[0]] = append(byFirst[fields[0]], c)
		last := fields[len(fields)-1]
		for _, inner := range fields[1 : len(fields)-1] {
			if isCapitalised(inner) {
				byLast[inner] = append(byLast[inner], c)
			}
		}
		byLast[last] = append(byLast[last], c)
		if i := strings.LastIndexAny(last, "-"); i > 0 {
			byLast[last[i+1:]] = append(byLast[last[i+1:]], c)
		}
	})
	live(func(ac *cand) {
		if !isAcronym(ac.key) || ac.region != nil {
			return
		}
		if match := byInitials[ac.key]; len(match) == 1 && !match[0].merged {
			merge(ac, match[0])
		}
	})
	// Long names that start with a standalone organisation or place are
	// its products and parts, not persons: "Facebook Marketplace".
	live(func(c *cand) {
		if c.words < 2 || c.region != nil {
			return
		}
		head := strings.Fields(c.name)[0]
		if h := byKey[head]; h != nil && !h.merged && kindOf(h) != KindPerson {
			c.votes.add(kindOf(h), 1.5)
		}
	})
	// A plural is a form of its singular: "the Houthis".
	live(func(s *cand) {
		if s.words == 1 && s.region == nil && strings.HasSuffix(s.key, "s") {
			if c := byKey[strings.TrimSuffix(s.key, "s")]; c != nil && !c.merged && c != s && c.region == nil {
				merge(s, c)
			}
		}
	})
	// A surname, an organisation's last word ("the Commission", "City")
	// or a company's first word is a form of the one longer name that it
	// ends or starts.
	live(func(s *cand) {
		if s.words != 1 || s.region != nil || isAcronym(s.key) {
			return
		}
		var match []*cand
		seen := map[*cand]bool{}
		for _, c := range append(byLast[s.key], byFirst[s.key]...) {
			if c == s || c.merged || seen[c] {
				continue
			}
			seen[c] = true
			fields := strings.Fields(c.name)
			k := kindOf(c)
			switch {
			case k == KindPerson && (slices.Contains(fields[1:], s.key) || strings.HasSuffix(c.name, "-"+s.key)):
				match = append(match, c) // a surname, or "Lula" of "Luiz Inácio Lula da Silva"
			case k != KindPerson && !placeStarts[fields[0]] && fields[len(fields)-1] == s.key:
				match = append(match, c) // "the Commission", "City"
			case fields[0] == s.key && corporate[fields[len(fields)-1]]:
				match = append(match, c)
			}
		}
		if len(match) == 1 {
			merge(s, match[0])
		}
	})
	// "known as": a form of the name just before it, or of the last one
	// ending in the noun it follows ("the bank, known as ...").
	for _, a := range aliases {
		c := byKey[strings.Join(strings.Fields(a.text), " ")]
		if c == nil || c.merged {
			continue
		}
		// The names before it, nearest first, as far back as a paragraph
		// or two reaches.
		var target *cand
		for i := a.index - 1; i >= 0 && i >= a.index-40 && target == nil; i-- {
			t := owner[i]
			for t != nil && t.into != nil {
				t = t.into
			}
			if t == nil || t == c || t.merged || f.occ[i].span.End > a.span.Start {
				continue
			}
			if a.aliasOf == "" || strings.HasSuffix(strings.ToLower(t.name), " "+strings.ToLower(a.aliasOf)) {
				target = t
			}
		}
		if target != nil {
			merge(c, target)
		}
	}
	var out []Candidate
	live(func(c *cand) {
		if c.region != nil && !c.named && g.continent[c.region.name] {
			return // "European leaders" alone do not make Europe an actor
		}
		cd := Candidate{Name: c.name, Kind: kindOf(c), ID: Slug(c.name)}
		for form, n := range c.forms {
			cd.Forms = append(cd.Forms, Form{form, n})
			cd.Count += n
		}
		sort.Slice(cd.Forms, func(i, j int) bool {
			a, b := cd.Forms[i], cd.Forms[j]
			if (a.Text == cd.Name) != (b.Text == cd.Name) {
				return a.Text == cd.Name
			}
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Text < b.Text
		})
		sort.Slice(c.spans, func(i, j int) bool { return c.spans[i].Start < c.spans[j].Start })
		cd.Spans = c.spans
		cd.Context = sentenceAround(f.text, c.spans[0])
		out = append(out, cd)
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Spans[0].Start < out[j].Spans[0].Start
	})
	return out
}

// sentenceAround returns the sentence holding sp, on one line.
func sentenceAround(text []byte, sp Span) string {
	const reach = 1000 // how far a sentence is looked for on each side
	lo, hi := max(0, sp.Start-reach), min(len(text), sp.End+reach)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	start := sp.Start
	for start > lo {
		c := text[start-1]
		if c == '\n' || (c == ' ' && start >= 2 && (text[start-2] == '.' || text[start-2] == '?' || text[start-2] == '!')) {
			break
		}
		start--
	}
	end := sp.End
	for end < hi {
		c := text[end]
		if c == '\n' || ((c == '.' || c == '?' || c == '!') && (end+1 == len(text) || text[end+1] == ' ' || text[end+1] == '\n')) {
			if c != '\n' {
				end++
			}
			break
		}
		end++
	}
	s := strings.Join(strings.Fields(string(text[start:end])), " ")
	if len(s) > 240 {
		s = s[:240]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

// fold leaves out the accents of a name, for comparing: "Brasília" →
// "Brasilia".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Slug makes an actor id from a name: "Rebeca Grynspan" → rebeca-grynspan,
// "Lloyd's of London" → lloyds-of-london.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'' || r == '’' || r == '.':
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	if b.Len() == 0 || b.String() == "index" {
		return "actor-" + b.String()
	}
	return b.String()
}
