// Package extract finds actor mentions and resolves date expressions in the
// text of a seed article. It is the extraction stage of the pipeline: it takes
// plain bytes and an actor list and returns spans, with no I/O of its own.
//
// All offsets are byte offsets into the text passed in, end exclusive, and
// the Text of every span equals text[Start:End]. Spans never split a UTF-8
// sequence, results are sorted by Start and never overlap, and no input,
// invalid UTF-8 included, makes a function panic.
//
// # Folding
//
// Writers and their software use look-alike characters interchangeably, so
// text is compared after folding them: the apostrophes ' ’ ‘ ʼ become one,
// hyphens and dashes (- ‐ ‑ ‒ – — −) become one, the double quotation
// marks " “ ” „ become one, and a run of white space of any kind (no-break
// and thin spaces and line breaks included) becomes one space. Letters are
// never folded: matching is case-sensitive.
//
// # Mentions
//
// A Matcher finds every actor by its name, its aliases and, for a person,
// its short name (the Short field, or else the last word of the name,
// leaving out a suffix such as "Jr."). The rules:
//
//   - Forms match whole words only: "US" is not found in "USA" or "us".
//     Hyphens and dashes separate words, so "Biden-Macron call" mentions
//     both. An apostrophe inside a word joins it ("O'Brien" does not
//     mention "Brien"), except for the possessive: "Macron’s" and
//     "farmers'" mention their actor, and the span leaves out the 's.
//   - A form may begin or end with punctuation ("@ArmedForcesUkr",
//     "Joseph R. Biden, Jr.").
//   - Where forms compete, the leftmost wins, then the longest, and mentions
//     never overlap: "Swiss National Bank" is one mention of the bank, not
//     one of Switzerland.
//   - A form never runs across a blank line, and one that ends in
//     punctuation does not end before a letter ("U.S." is not found in
//     "U.S.S.R.").
//   - An acronym of two to five capitals is found with or without periods:
//     "US" finds "U.S." and "U.N." finds "UN", unless another actor's form
//     is the other spelling.
//   - A one-word form that is a month name (a short name "May") is not a
//     mention where its neighbours make it a month: "in May", "since May",
//     "mid-May", "last May", "May 2019", "3 May".
//   - A form written in the registry and claimed by two actors is a
//     conflict that the caller reports as an error; a derived short name
//     shared by two persons, or also written for another actor, is dropped
//     and reported as a Derived conflict (a warning).
//
// Matching is one pass over the tokens of the text with a trie of tokens,
// so its cost per byte does not grow with the number of actors.
//
// # Dates
//
// ResolveDates works in news mode: every expression is resolved against the
// publication date, and the values are TIMEX3 calendar values: 2022-02-09
// (a day), 2022-W05 (an ISO week), 2022-02 (a month) and 2022 (a year).
//
//   - Weekdays ("on Wednesday", "Tuesday night") are the most recent such
//     day on or before publication, the day itself included, unless the
//     clause is in the future ("will", "is due to", "is scheduled to",
//     "is set to", "could travel"), when they are the first such day on or
//     after it. "last Monday" and "next Monday" are strictly before or after.
//     A weekday that something runs "until", "through" or "from" in a
//     clause with no tense lies ahead: "a warning is in effect through
//     Friday".
//   - Tense is read from the verb group of the clause that holds the date:
//     the nearest tense marker wins, looking first inside the commas around
//     the date (and, after it, no further than a word that begins another
//     clause: "stayed shut on Thursday and will reopen on Monday"), then in
//     the sentence. A participle after "be" is a passive whose auxiliary
//     tells the tense ("will be held on 30 June"); an -ed word after a
//     determiner is an adjective ("a revised forecast"); the present
//     perfect ("has called a summit for Sept. 24") points neither way. A
//     reporting verb ("said", "told", "announced") is a marker only beside
//     the date ("said on Friday", "told reporters on Monday") or when the
//     date stands alone in its clause ("On Tuesday, the minister told..."):
//     in "The vote will be held on 30 June, officials said" the clause's own
//     verb decides. A cue just before the date, or before its preposition,
//     points it ahead whatever the clause: "payable Jan. 2", "due Friday",
//     "expected", "extended to", "pushed back to", "postponed until 15:00
//     GMT Saturday", "set for", "scheduled for", "a deadline of", "has
//     until".
//     "since" puts the date before publication. A bare past form ("cut",
//     "hit", "last") is a noun or an infinitive after a determiner or a
//     modal, or before a preposition ("another cut in November").
//   - A day and month without a year ("3 February", "March 22", "the 3
//     February call") takes the publication year, moved a year back when
//     the clause is in the past and the day lies more than 30 days after
//     publication, forward when it is in the future and the day lies more
//     than a week before; with no tense, the year that puts it nearest to
//     publication. A deadline ("until Dec. 31", "by Jan. 15") in a clause
//     told in the past may still lie up to three months after publication.
//     The end of a range is not before its start: "between Thanksgiving and
//     Christmas". A month alone needs a word before it that makes it a date
//     ("in June", "since March", "mid-May", "last December", "its August
//     prices"), and takes the year of its sentence when a past year
//     introduced by "in", "since" and the like, or "last year", comes first
//     in it: "Last year, sales in November rose", "since 1996, when a
//     crisis delayed the vote until July". "last year", "this year", "next
//     year" or "of that year" after a day or month gives its year: "in
//     March last year", "Oct. 4 of that year".
//   - Full dates in the usual orders: "December 1, 2023", "Feb. 3, 2022",
//     "3 February 2022", "2022-02-03"; a weekday written before one
//     ("Monday, March 6") is part of it. Months with a year: "November 2022".
//   - Ranges give a date for each end: "Nov. 6-7" and "March 3 and 4" are
//     "Nov. 6" and "7", "March 3" and "4"; "between 3 and 5 June" and "6-7
//     November" are "3" and "5 June", "6" and "7 November"; "1957-58" and
//     "fiscal 2023/24" are two years, "1957" and "58".
//   - Four-digit numbers are years only after a word that makes them one
//     ("since 2008", "in 1999", "targets for 2030", "a 2019 report", "a 2009
//     analysis", "mid-2022", "end-2023", "summer 2022", "between 2019 and
//     2021", "in 2019, 2020 and 2021", "below 1990 levels") or before a
//     possessive ("2023's catch"), and not before a plural noun, a unit or a
//     time zone ("2000 soldiers", "2500 people", "by 1400 GMT"). Digits
//     glued into larger numbers ("3,000") are never dates; decades ("the
//     1990's") are left out. Years in words: "Nineteen ninety-six", "two
//     thousand and eight" (the latter only where a year may stand).
//   - Holidays with a fixed or computable date, in the year that tense
//     selects as for a day and month, or the one "last", "this" or "next"
//     before them or a year after them names: Christmas Day and Eve, New
//     Year's Day and Eve, Boxing Day, Independence Day (4 July), Bastille
//     Day, Valentine's Day, Veterans and Armistice Day, Easter (Sunday,
//     Monday), Good Friday, Thanksgiving, Cyber Monday, Labor, Memorial,
//     Presidents, Martin Luther King and Columbus Day, Mother's and Father's
//     Day, and the US Election Day (the Tuesday after the first Monday of
//     November). "Christmas", "Easter" and "Halloween" alone are dates only
//     after a preposition ("at Christmas", "over Easter"), not in "Christmas
//     shopping".
//   - "today", "yesterday", "tomorrow", "tonight", "this morning", "last
//     night"; "last/this/next week|month|year"; "this fiscal year"; "the
//     end (start, middle, rest) of the year|month|week" and "by year-end",
//     which are the publication's; "N days|weeks|months|years ago". Inside a
//     quotation, the expressions that name a day relative to the speaker
//     ("today", "yesterday", "three days ago") are left out: quoted speech has
//     its own today, which is not the publication date.
//   - Anaphoric expressions count from the date the passage is about: the
//     last day mentioned before them, not publication: "the next day", "the
//     following day", "the day before", "the previous day", "the same day",
//     "that day", "a day later", "two days later", "later that day", "the
//     following Monday", "the previous Friday". "the following week" and
//     "that week" are ISO weeks counted from that day; "the week before",
//     like "a week earlier", is the day seven days before it. Months
//     and years count from the last month or year mentioned (or the month
//     or year of the last day): in "in 2019 ... two years later" the value
//     is 2021, in "inflation was 10 percent in November, down from 11 the
//     month before" it is October, and in "In 2019 it fell, and the same
//     year it rose" it is 2019. A clause told in the past does not count
//     from a day after publication: in "Schools will reopen on Monday. The
//     premier, who toured the damage the previous day, said on Friday...",
//     the previous day is the one before publication. With no date before
//     them, "that week", "that year" and "the same year" are left out.
//   - Vague expressions ("recent months", "this weekend", "the past week",
//     "the first quarter", "last autumn") are left out, as are ordinals
//     without a month ("the 10th") and numbers that count things ("80
//     tons", "five-hour").
//
// # Quotes
//
// FindQuote locates an analyst's quotation in a text with the same folding,
// so that a quote typed with straight apostrophes finds the curly ones.
package extract

import "strings"

// Actor is the part of a registry entry that matching needs.
type Actor struct {
	ID      string
	Name    string
	Kind    string // a kind of internal/actorkind's table
	Short   string // persons only; "" means the last word of Name
	Aliases []string
}

// Mention is one occurrence of an actor in a text.
type Mention struct {
	Actor string `json:"actor"`
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Date is one resolved date expression. Value is a calendar value:
// 2022-02-09 (day), 2022-W05 (ISO week), 2022-02 (month) or 2022 (year).
type Date struct {
	Text  string `json:"text"`
	Value string `json:"value"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Labeled is a mention or a date as a span and a label alone: the
// actor's id (FindLabeled) or the date's value (ResolveDatesLabeled).
// It is what the model keeps of extraction, without the texts, which it
// has in the bytes it gave.
type Labeled struct {
	Label      string
	Start, End int
}

// Conflict is a surface form claimed by more than one actor. Actors holds
// indices into the slice given to NewMatcher. A Derived conflict (a default
// short name shared by two persons) is dropped from matching and is a
// warning; any other conflict is an error for the caller to report.
type Conflict struct {
	Form    string
	Actors  []int
	Derived bool
}

// Span is a half-open byte range.
type Span struct{ Start, End int }

// joinSpans returns the texts of spans, one after the other, as one
// string: Find and ResolveDates cut each one's Text from it, one
// allocation for the whole text's rather than one a span.
func joinSpans(text []byte, spans []Labeled) string {
	size := 0
	for _, s := range spans {
		size += s.End - s.Start
	}
	var all strings.Builder
	all.Grow(size)
	for _, s := range spans {
		all.Write(text[s.Start:s.End])
	}
	return all.String()
}
