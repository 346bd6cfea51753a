package extract

// Years written in words: "nineteen ninety-six", "Nineteen eighty-four",
// "two thousand and eight", "twenty twenty-four". News spells a year out
// rarely, at the start of a sentence or in a quotation.

// centuryWords begin a year in words, with the hundreds they stand for.
// Earlier centuries are left out: "eleven fifteen" and "twelve thirty" are
// more often times of day than years.
var centuryWords = map[string]int{
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"two": 20, // "two thousand (and) eight"
}

var (
	unitWords = map[string]int{
		"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9,
	}
	teenWords = map[string]int{
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	}
	tensWords = map[string]int{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
		"seventy": 70, "eighty": 80, "ninety": 90,
	}
)

// lower returns w with its first letter in lower case.
func lower(w string) string {
	if w != "" && w[0] >= 'A' && w[0] <= 'Z' {
		return string(w[0]+'a'-'A') + w[1:]
	}
	return w
}

// belowHundred reads a number from 1 to 99 in words at token k: "eight",
// "fifteen", "ninety", "ninety-six". It returns the index past it.
func (r *resolver) belowHundred(k int) (n, next int, ok bool) {
	w := r.word(k)
	if n, ok := unitWords[w]; ok {
		return n, k + 1, true
	}
	if n, ok := teenWords[w]; ok {
		return n, k + 1, true
	}
	tens, ok := tensWords[w]
	if !ok {
		return 0, 0, false
	}
	if r.is(k+1, "-") && r.joined(k+1) && r.joined(k+2) {
		if u, ok := unitWords[r.word(k+2)]; ok {
			return tens + u, k + 3, true
		}
	}
	return tens, k + 1, true
}

// wordYear reads a year in words at token i.
func (r *resolver) wordYear(i int) (found, bool) {
	w := lower(r.word(i))
	c, ok := centuryWords[w]
	if !ok {
		return found{}, false
	}
	var y, end int
	if w == "two" {
		// "two thousand and eight" names a count as often as a year: only
		// a word that introduces a year, or the start of a sentence, makes
		// it one.
		if !r.is(i+1, "thousand") || !(strongYearWords[r.word(i-1)] || weakYearWords[r.word(i-1)] ||
			i == 0 || r.sentenceStartsAt(i)) {
			return found{}, false
		}
		k := i + 2
		if r.is(k, "and") {
			k++
		}
		n, next, ok := r.belowHundred(k)
		if !ok {
			n, next = 0, i+2
		}
		y, end = 2000+n, next
	} else {
		// "nineteen ninety-six": the hundreds, then two digits that are
		// not a unit alone ("nineteen six" is no year).
		n, next, ok := r.belowHundred(i + 1)
		if !ok || n < 10 {
			return found{}, false
		}
		y, end = c*100+n, next
	}
	if end < len(r.toks) && (looksPlural(r.word(end)) || pluralNouns[r.word(end)] || units[r.word(end)]) {
		return found{}, false // "nineteen twenty-four-hour", "two thousand and eight soldiers"
	}
	return yearFound(i, end, y), true
}
