package extract

// Tense decides which way a weekday or a date without a year points. News
// mode reads it from the verb group of the clause around the expression:
// the nearest tense marker wins, looking first inside the commas around the
// date and then in the whole sentence. A participle after "be" ("will be
// held", "is paid") is no marker, so the auxiliary before it decides; a
// reporting verb ("said", "told") is one only right beside the date ("said
// on Monday"), since elsewhere it tells when the news was given, not when
// the thing reported happens. A cue just before the date ("payable",
// "postponed until", "set for") outweighs the clause. With no marker at all
// the caller picks its own default (the past for weekdays, the nearest year
// for a day or month).

type tense int

const (
	noTense tense = iota
	past
	future
)

// pastWords are verbs and adverbs that put a clause in the past. Regular
// verbs are recognised by their -ed ending; these are the irregular ones
// news reports use most, and a few adverbs.
var pastWords = map[string]bool{
	"was": true, "were": true, "had": true, "did": true, "said": true, "told": true,
	"met": true, "spoke": true, "went": true, "came": true, "held": true, "took": true,
	"made": true, "gave": true, "left": true, "saw": true, "began": true, "sent": true,
	"flew": true, "lost": true, "got": true, "ran": true, "wrote": true, "led": true,
	"struck": true, "fell": true, "rose": true, "laid": true, "knew": true, "thought": true,
	"brought": true, "bought": true, "felt": true, "kept": true, "meant": true,
	"paid": true, "stood": true, "understood": true, "sat": true, "spent": true,
	"drove": true, "chose": true, "threw": true, "shot": true, "fought": true,
	"sought": true, "caught": true, "broke": true, "grew": true, "drew": true,
	"became": true, "ago": true, "earlier": true,
	"previously": true, "yesterday": true, "last": true, "hit": true, "won": true,
	"arrived": true, "hosted": true, "tweeted": true,
	"cut": true, "put": true, "beat": true, "hurt": true, "shut": true, "quit": true,
	"spread": true,
}

// bareVerbs are past forms that are also the base form and a noun. After
// "to" or a modal they are infinitives ("will cut rates"), and the modal
// tells the tense; after a determiner, or before a preposition or a
// punctuation mark, they are nouns ("a rate cut in November").
var bareVerbs = map[string]bool{
	"cut": true, "put": true, "beat": true, "hurt": true, "shut": true, "quit": true,
	"spread": true, "hit": true,
	"last": true, // "designed to last until September", "the last round"
}

var determiners = map[string]bool{
	"a": true, "an": true, "the": true, "A": true, "An": true, "The": true, "another": true,
	"its": true, "their": true, "his": true, "her": true, "our": true, "first": true,
	"this": true, "that": true, "any": true, "no": true,
}

var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "of": true, "since": true, "for": true, "from": true,
	"by": true, "after": true, "before": true, "to": true, "this": true, "next": true,
	"last": true, "until": true, "during": true, "and": true, "or": true,
}

// modals make the verb after them an infinitive, whatever its form.
var modals = map[string]bool{
	"to": true, "will": true, "would": true, "could": true, "can": true, "should": true,
	"may": true, "might": true, "must": true, "shall": true, "ll": true,
}

// nounUse reports whether token k, one of bareVerbs, is used as a noun or
// an infinitive rather than a verb in the past.
func (r *resolver) nounUse(k int) bool {
	prev := r.word(k - 1)
	if modals[prev] || determiners[prev] || r.joined(k) && r.is(k-1, "-") {
		return true
	}
	return k+1 >= len(r.toks) || !r.toks[k+1].word || prepositions[r.word(k+1)]
}

// futureWords put a clause in the future on their own.
var futureWords = map[string]bool{
	"will": true, "shall": true, "tomorrow": true, "upcoming": true, "could": true,
	"would": true, "might": true, "may": true, "should": true, "must": true,
	"plans": true, "plan": true, "intends": true, "intend": true, "aims": true,
	"Will": true,
	// Timetables are told in the present: "campaigning ends on Friday".
	"begins": true, "starts": true, "opens": true, "ends": true, "closes": true,
	"meets": true, "convenes": true, "resumes": true, "arrives": true, "visits": true,
	"travels": true, "leaves": true, "expires": true, "returns": true, "hosts": true,
}

// timetableVerbs are the plural present forms of the verbs in the
// timetable list of futureWords; after an auxiliary or "to" they are
// infinitives and the auxiliary tells the tense.
var timetableVerbs = map[string]bool{
	"begin": true, "start": true, "open": true, "end": true, "close": true,
	"meet": true, "convene": true, "resume": true, "arrive": true, "visit": true,
	"travel": true, "leave": true, "expire": true, "return": true, "host": true,
}

var auxiliaries = map[string]bool{
	"to": true, "not": true, "did": true, "does": true, "do": true, "will": true,
	"would": true, "could": true, "can": true, "should": true, "may": true,
	"might": true, "must": true, "ll": true, "t": true, "never": true, "shall": true,
}

// plannedWords make a future with "is" or "are" before them: "is due to",
// "are scheduled for", "is set to".
var plannedWords = map[string]bool{
	"due": true, "scheduled": true, "set": true, "expected": true, "slated": true,
	"poised": true, "going": true, "planning": true, "preparing": true, "likely": true,
	"to": true, "planned": true,
}

// notPastParticiple are words in -ed that are rarely verbs in the past.
var notPastParticiple = map[string]bool{
	"indeed": true, "proceed": true, "exceed": true, "succeed": true, "hundred": true,
	"sacred": true, "naked": true, "wicked": true, "united": true, "armed": true,
	"alleged": true, "scheduled": true, "planned": true, "expected": true,
	"proposed": true, "limited": true, "detailed": true, "advanced": true,
	"related": true, "supposed": true, "so-called": true, "interested": true,
	"concerned": true, "embattled": true, "beloved": true, "learned": true,
	"rugged": true, "ragged": true, "kindred": true, "speed": true, "breed": true,
}

// tenseClass is the set of the word lists above that a word is in.
type tenseClass uint8

const (
	isPastWord tenseClass = 1 << iota
	isFutureWord
	isTimetableVerb
	isPlannedWord
	isNotPastParticiple
	isReportingVerb
)

// tenseClasses merges the word lists, so that classifying a word takes one
// lookup rather than one a list: tense reads every word of a sentence.
var tenseClasses = newWordTable(func() map[string]tenseClass {
	m := make(map[string]tenseClass)
	for class, words := range map[tenseClass]map[string]bool{
		isPastWord: pastWords, isFutureWord: futureWords, isTimetableVerb: timetableVerbs,
		isPlannedWord: plannedWords, isNotPastParticiple: notPastParticiple,
		isReportingVerb: reportingVerbs,
	} {
		for w := range words {
			m[w] |= class
		}
	}
	return m
}())

// tenseMarker classifies token k; a reporting verb is no marker unless
// reporting is set.
func (r *resolver) tenseMarker(k int, reporting bool) tense {
	t := r.toks[k]
	if !t.word {
		return noTense
	}
	w := r.text[t.start:t.end]
	class, _ := tenseClasses.get(w)
	if class == 0 && !maybeMarker(w) || class&isReportingVerb != 0 && !reporting {
		return noTense // most words, and no need to look at their neighbours
	}
	prev := r.word(k - 1)
	presentAux := prev == "is" || prev == "are" || prev == "am" ||
		(prev == "s" || prev == "re") && r.joined(k-1) && r.is(k-2, aposKey)
	switch {
	case class&isFutureWord != 0:
		return future
	case class&isTimetableVerb != 0 && !auxiliaries[prev]:
		return future // "talks resume on Monday", but not "did not resume"
	case string(w) == "ll" && r.joined(k) && r.is(k-1, aposKey): // we'll
		return future
	case string(w) == "won" && r.joined(k+1) && r.is(k+1, aposKey) && r.is(k+2, "t"): // won't
		return future
	case presentAux && (class&isPlannedWord != 0 || len(w) > 4 && string(w[len(w)-3:]) == "ing"):
		return future // "is due to", "are meeting"
	case class&isPastWord != 0:
		if bareVerbs[string(w)] && r.nounUse(k) || passiveAuxiliaries[prev] {
			return noTense
		}
		return past
	}
	if len(w) > 4 && string(w[len(w)-2:]) == "ed" && w[0] >= 'a' && w[0] <= 'z' && class&isNotPastParticiple == 0 {
		if passiveAuxiliaries[prev] || determiners[prev] {
			// A passive, whose auxiliary tells the tense, or an adjective:
			// "a revised forecast".
			return noTense
		}
		return past
	}
	return noTense
}

// clauseLinks begin a new clause after a date.
var clauseLinks = newWordSet("and", "but", "while", "which", "who", "whose", "because",
	"although", "though", "unless", "whereas")

// passiveAuxiliaries make the participle after them a passive, whose tense
// is the auxiliary's: "will be held", "is paid", "are being moved".
var passiveAuxiliaries = map[string]bool{
	"be": true, "been": true, "being": true, "is": true, "are": true, "am": true,
}

// reportingVerbs tell when news was given. They are tense markers only
// beside the date (see reportingReach): "said on Monday" is past, but in
// "will be paid Jan. 2, the company said" the clause's own verb decides.
var reportingVerbs = map[string]bool{
	"said": true, "told": true, "announced": true, "added": true, "says": true,
	"say": true, "stated": true, "noted": true,
	"explained": true, "wrote": true, "tweeted": true, "declared": true, "insisted": true,
}

// reportingReach is how many tokens before a date a reporting verb may
// stand and still be the verb of that date: "told reporters on Monday".
const reportingReach = 4

// marker is tenseMarker for a search about the expression [start, end):
// a reporting verb away from the expression counts for nothing, unless
// reporting is set.
func (r *resolver) marker(k, start, end int, reporting bool) tense {
	return r.tenseMarker(k, reporting || k < start && start-k <= reportingReach || k == end)
}

// maybeMarker reports whether word w, in none of the word lists, may still
// be a tense marker: a contraction ("we'll", "we've"), an -ing form after
// "is" or an -ed form.
func maybeMarker(w []byte) bool {
	if len(w) <= 4 {
		return string(w) == "ll" || string(w) == "ve"
	}
	return string(w[len(w)-2:]) == "ed" || string(w[len(w)-3:]) == "ing"
}

// sentenceBoundary reports whether token k ends a sentence or a quotation,
// beyond which tense markers say nothing about a date.
func (r *resolver) sentenceBoundary(k int) bool {
	t := r.toks[k]
	if t.word {
		return false
	}
	if t.key == quoteKey[0] {
		return true
	}
	switch r.word(k) {
	case "!", "?", ";", ":", "«", "»":
		return true
	case ".":
		// An abbreviation's period ends nothing: "Feb. 3", "Mr. Biden",
		// "10 a.m. Friday"; nor does one inside a word or number ("3.5").
		if r.joined(k+1) && r.toks[k+1].word {
			return false
		}
		w := r.word(k - 1)
		return !(r.joined(k) && (abbreviations[w] || len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' ||
			len(w) == 1 && r.joined(k-1) && r.is(k-2, ".") && r.joined(k-2)))
	}
	return false
}

var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Jr": true, "Sr": true, "St": true,
	"Gen": true, "Lt": true, "Col": true, "Capt": true, "Sgt": true, "Sen": true,
	"Rep": true, "Gov": true, "Prof": true, "Rev": true, "No": true, "vs": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true,
	"Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
	"Inc": true, "Ltd": true, "Co": true, "Corp": true, "Mt": true, "Ft": true,
}

// tense returns the tense of the clause around tokens [start, end).
func (r *resolver) tense(start, end int) tense {
	// The clause: out to a comma or the end of the sentence on each side.
	// Its ends are found while looking for the marker nearest to the
	// expression (as nearestMarker does), which is usually close: the rest
	// of the clause, and of the sentence, is read only when it has none.
	best, bestDist := noTense, -1
	clo := start
	for clo > 0 && !r.sentenceStartsAt(clo) && !r.is(clo-1, ",") {
		clo--
		if t := r.marker(clo, start, end, false); t != noTense {
			best, bestDist = t, 2*(start-clo)
			break
		}
	}
	chi := end
	for ; chi < len(r.toks) && !r.sentenceEndsAt(chi) && !r.is(chi, ","); chi++ {
		if bestDist >= 0 && (2*(chi-end+1)+1 >= bestDist || clauseLinks.has(r.bytes(chi))) {
			// Past "and" or "which" begins another verb's clause: in
			// "stayed shut on Thursday and will reopen", "will" is not
			// Thursday's.
			break
		}
		if t := r.marker(chi, start, end, false); t != noTense {
			return t
		}
	}
	if best != noTense {
		return best
	}
	// The sentence: out to a boundary or a paragraph break on each side.
	lo := clo
	for lo > 0 && !r.sentenceStartsAt(lo) {
		lo--
	}
	hi := chi
	for hi < len(r.toks) && !r.sentenceEndsAt(hi) {
		hi++
	}
	// A clause that is the date alone ("On Tuesday, the minister told
	// reporters...") belongs to the sentence's main verb, reporting or not.
	alone := start-clo <= 1 && chi == end
	return r.nearestMarker(lo, hi, clo, chi, start, end, alone)
}

// sentenceStartsAt reports whether token k > 0 begins a sentence, a
// quotation or a paragraph.
func (r *resolver) sentenceStartsAt(k int) bool {
	// Most tokens are words, which end nothing.
	return r.toks[k].gap == gapParagraph || !r.toks[k-1].word && r.sentenceBoundary(k-1)
}

// sentenceEndsAt reports whether token k < len(r.toks) is past the end of
// a sentence: it is a boundary, or begins a paragraph.
func (r *resolver) sentenceEndsAt(k int) bool {
	return r.toks[k].gap == gapParagraph || !r.toks[k].word && r.sentenceBoundary(k)
}

// nearestMarker returns the tense of the marker in [lo, hi) nearest to the
// expression [start, end); a marker before the expression wins a tie,
// since the verb that a trailing "on Monday" belongs to comes first. The
// tokens [from, start) and [end, to) are known to hold no marker.
func (r *resolver) nearestMarker(lo, hi, from, to, start, end int, reporting bool) tense {
	best, bestDist := noTense, -1
	for k := from - 1; k >= lo; k-- {
		if t := r.marker(k, start, end, reporting); t != noTense {
			best, bestDist = t, 2*(start-k)
			break
		}
	}
	// The distance grows with k, so starting at to rather than end stops
	// where the scan from end would have.
	for k := to; k < hi; k++ {
		if bestDist >= 0 && 2*(k-end+1)+1 >= bestDist {
			break
		}
		if t := r.marker(k, start, end, reporting); t != noTense {
			return t
		}
	}
	return best
}

// cuePreps is the set of ways a future cue may stand before a date: right
// before it, or before one of a few prepositions.
type cuePreps uint8

const (
	cueBare cuePreps = 1 << iota // "payable Jan. 2", "due Friday"
	cueOn                        // "due on Friday"
	cueTo                        // "postponed to", "until", "till"
	cueFor                       // "set for June 30"
	cueBy                        // "due by Friday"
	cueOf                        // "a deadline of Nov. 20"
)

// futureCues point the date after them ahead of publication whatever the
// tense of the clause: "The offer was extended to Nov. 20" is a deadline
// still to come, as is a dividend "payable Jan. 2".
var futureCues = map[string]cuePreps{
	"payable": cueBare | cueOn, "due": cueBare | cueOn | cueBy,
	"expected": cueBare | cueOn | cueBy, "deadline": cueOn | cueOf | cueFor,
	"postponed": cueTo | cueFor | cueOn, "delayed": cueTo | cueFor, "deferred": cueTo | cueFor,
	"adjourned": cueTo, "extended": cueTo, "rescheduled": cueTo | cueFor | cueOn,
	"moved": cueTo, "pushed": cueTo, "put": cueTo, "suspended": cueTo, "recessed": cueTo,
	"set": cueFor, "scheduled": cueFor | cueOn, "slated": cueFor, "planned": cueFor,
	"upcoming": cueBare,
	// "has until Friday to respond", "had until Monday to ask".
	"has": cueTo, "have": cueTo, "had": cueTo,
}

// cuePrepositions are the prepositions of cuePreps.
var cuePrepositions = map[string]cuePreps{
	"on": cueOn, "to": cueTo, "until": cueTo, "till": cueTo, "for": cueFor, "by": cueBy, "of": cueOf,
}

// timeOfDayWords may stand between a cue and its date: "postponed until
// 15:00 GMT Saturday", "payable at 10 a.m. on Jan. 2".
var timeOfDayWords = map[string]bool{
	":": true, ".": true, "a": true, "m": true, "p": true, "am": true, "pm": true,
	"GMT": true, "UTC": true, "ET": true, "EST": true, "EDT": true, "BST": true, "CET": true,
	"CEST": true, "local": true, "time": true, "noon": true, "midnight": true, "at": true,
}

// cueWord is what a word is to futureCue: the prepositions it takes as a
// cue, the one it is, and whether it may belong to a time of day.
type cueWord struct {
	takes, is cuePreps
	timeOfDay bool
}

// cueWords merges the tables above, for one lookup a word.
var cueWords = newWordTable(func() map[string]cueWord {
	m := make(map[string]cueWord)
	for w, p := range futureCues {
		c := m[w]
		c.takes = p
		m[w] = c
	}
	for w, p := range cuePrepositions {
		c := m[w]
		c.is = p
		m[w] = c
	}
	for w := range timeOfDayWords {
		c := m[w]
		c.timeOfDay = true
		m[w] = c
	}
	return m
}())

// cueOf returns what token k is to futureCue.
func (r *resolver) cueOf(k int) cueWord {
	if k < 0 || k >= len(r.toks) {
		return cueWord{}
	}
	t := r.toks[k]
	c, _ := cueWords.get(r.text[t.start:t.end])
	return c
}

// futureCue reports whether a future cue stands before the expression
// starting at token start.
func (r *resolver) futureCue(start int) bool {
	k := start - 1
	c := r.cueOf(k)
	for skipped := 0; k >= 0 && skipped < 8; skipped++ {
		if !c.timeOfDay {
			if _, _, ok := r.number(k); !ok {
				break
			}
		}
		k--
		c = r.cueOf(k)
	}
	if c.is != 0 {
		k--
		if r.is(k, "back", "off") {
			k-- // "pushed back to", "put off until"
		}
		return r.cueOf(k).takes&c.is != 0
	}
	return c.takes&cueBare != 0
}

// dateTense is the tense that points the expression [start, end): a
// future cue before it, or else the tense of its clause.
func (r *resolver) dateTense(start, end int) tense {
	if r.futureCue(start) {
		return future
	}
	return r.tense(start, end)
}
