// Package model joins the seeds, the annotations and what extraction found
// into the site model: briefings with their mentions, dates, events and
// notes, actors with everything said about them, tags and the timeline.
// Every cross-reference is checked here (actor ids, seed names, quotes), and
// every list is sorted, so rendering sees a deterministic, valid model.
package model

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Site is the whole model.
type Site struct {
	Config    annotations.Config
	Briefings []*Briefing // newest first
	Actors    []*Actor    // by name
	Tags      []*Tag      // by name
	Events    []*Event    // newest first
	Dates     []*Date     // every resolved date, newest first
	// Lang is the interface language (site.yaml's language, with the
	// site's content/strings.yaml), set by the pipeline; nil reads as
	// English.
	Lang *i18n.Lang
}

// AbsURL joins base_url and an output path; index.html stays explicit, as
// every link in the site names a file.
func (s *Site) AbsURL(p string) string {
	base := s.Config.BaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + p
}

// Briefing is one annotated article.
type Briefing struct {
	Slug        string
	File        string // content/briefings/SLUG.md
	Title       string
	Summary     string // Markdown
	Seed        *seeds.Seed
	Published   time.Time
	Tags        []*Tag
	KeyActors   []*Actor
	Mentions    []*Mention // in text order
	Dates       []*Date    // in text order
	Events      []*Event   // in text order
	Notes       []*Note    // in text order
	Counts      []ActorCount
	Commentary  []byte // Markdown
	FrontMatter []byte // YAML as written
	Older       *Briefing
	Newer       *Briefing
	Draft       bool // marked draft: built only with -drafts, and marked so

	pairs    []pairCount // actors sharing passages, until link merges them
	reusedIn int         // the build of a Reuse that took it as annotated
}

// Span is a half-open byte range of the seed file.
type Span struct{ Start, End int }

// Mention is an actor's name in a briefing's text. A large site has
// millions, so its text and anchor are computed when asked for.
type Mention struct {
	Span
	Actor    *Actor
	Briefing *Briefing
	Index    int // in Briefing.Mentions
	Block    int // index of the seed block it is in
}

// Text is the mention as written.
func (m *Mention) Text() string { return string(m.Briefing.Seed.Data[m.Start:m.End]) }

// Anchor is the mention's fragment id in the briefing page.
func (m *Mention) Anchor() string {
	var buf [24]byte
	return string(m.AppendAnchor(buf[:0]))
}

// AppendAnchor appends Anchor to dst, for pages that write millions of
// them without a string for each.
func (m *Mention) AppendAnchor(dst []byte) []byte {
	return strconv.AppendInt(append(dst, 'm'), int64(m.Index+1), 10)
}

// Date is a resolved date expression.
type Date struct {
	Span
	Value calendar.Value
	// sentence is Sentence, kept from annotate, where the seed's bytes
	// are at hand: the timeline asks for the sentence of every date,
	// and finding it there again reads the seed from cold memory. Its
	// fields sit in the padding after Value and Corrected, so a Date
	// is no larger for them.
	sentence  sentenceReach
	Briefing  *Briefing
	Index     int  // in Briefing.Dates
	Corrected bool // set by a dates: entry of the front matter
	// sentenceKept says that sentence holds Sentence; a Date made
	// elsewhere (in tests) or whose sentence is too long for it
	// finds its sentence again when asked.
	sentenceKept bool
	Block        int
}

// Text is the date expression as written.
func (d *Date) Text() string { return string(d.Briefing.Seed.Data[d.Start:d.End]) }

// Anchor is the date's fragment id in the briefing page.
func (d *Date) Anchor() string {
	var buf [24]byte
	return string(d.AppendAnchor(buf[:0]))
}

// AppendAnchor appends Anchor to dst, as Mention.AppendAnchor does.
func (d *Date) AppendAnchor(dst []byte) []byte {
	return strconv.AppendInt(append(dst, 'd'), int64(d.Index+1), 10)
}

// Event is a dated happening in a briefing.
type Event struct {
	Span     // of its quote
	Title    string
	Value    calendar.Value // zero when neither given nor found
	Briefing *Briefing
	Actors   []*Actor
	Anchor   string
	Quote    string
	Block    int
}

// Note is the analyst's remark on a passage.
type Note struct {
	Span
	Text     string // Markdown
	Briefing *Briefing
	Anchor   string
	Quote    string
	Block    int
}

// Actor is a registry entry with what the site says about it. The entry's
// fields are copied rather than embedded: templates read them on every
// page, and reflect finds a promoted field by a slow search.
type Actor struct {
	ID          string
	Name        string
	Kind        actorkind.Kind
	Aliases     []string
	Short       string
	Description string // Markdown
	Wikidata    string

	Mentions  []*Mention  // newest briefing first, then text order
	Events    []*Event    // newest first
	Briefings []*Briefing // newest first
	Related   []ActorCount

	// num is its place in the registry, while building: in tally's
	// scratch, the table of shared passages and the lists of mentions.
	num int
}

// ActorCount pairs an actor with a number: mentions in a briefing, or
// passages shared with another actor.
type ActorCount struct {
	Actor *Actor
	Count int
	Key   bool // a key actor of the briefing
}

// Tag groups briefings.
type Tag struct {
	Name      string
	Briefings []*Briefing // newest first
}

// Options change what goes into the model.
type Options struct {
	Drafts bool // include briefings marked draft
	// Cache, if not nil, keeps extraction's results between builds.
	Cache *ExtractCache
	// Reuse, if not nil, keeps the annotated briefings between builds.
	Reuse *Reuse
}

// Build assembles the model. seedsByName maps file names under seeds/ to
// parsed seeds. Of the problems found, the warnings are for check to show;
// any error makes the build fail, and the site is nil.
func Build(c *annotations.Content, seedsByName map[string]*seeds.Seed, opts Options) (*Site, diag.List) {
	if site, errs, ok := opts.Reuse.patch(c, seedsByName, opts); ok {
		return site, errs
	}
	site := &Site{Config: c.Config}
	reuse := opts.Reuse.start(c.Actors, opts.Drafts)
	actors := reuse.actors
	for _, a := range c.Actors {
		if !reuse.same {
			actors[a.ID] = &Actor{ID: a.ID, Name: a.Name, Kind: a.Kind, Aliases: a.Aliases, Short: a.Short, Description: a.Description, Wikidata: a.Wikidata}
		}
		site.Actors = append(site.Actors, actors[a.ID])
	}
	matcher, errs := NewMatcher(c.Actors)
	matcherErrs := slices.Clone(errs)
	warnNoBaseURL(c.Config, &errs)

	tags := map[string]*Tag{}
	var inputs []*annotations.Briefing
	var drafts []*annotations.Briefing  // left out, whose actors must not show
	var checked map[string]checkedInput // kept for the next build to patch
	if opts.Reuse != nil {
		checked = make(map[string]checkedInput, len(c.Briefings))
	}
	// What each briefing file needs of nothing but itself, the seeds and
	// the registry is found on every CPU: it reads every file's text,
	// which a large site has tens of megabytes of.
	found := make([]foundInput, len(c.Briefings))
	parallel.For(len(c.Briefings), func(_, i int) error {
		found[i].find(c.Briefings[i], seedsByName, actors, opts.Drafts)
		return nil
	})
	for i, in := range c.Briefings {
		f := &found[i]
		if checked != nil {
			checked[in.File] = checkedInput{in, f.placeholders}
		}
		errs = append(errs, f.placeholders...)
		if in.Draft && !opts.Drafts {
			drafts = append(drafts, in)
			continue
		}
		errs = append(errs, f.errs...)
		if f.seed == nil {
			continue
		}
		b := reuse.briefing(in, f.seed)
		if b == nil {
			b = &Briefing{
				Slug: in.Slug, File: in.File, Title: in.Title, Summary: in.Summary,
				Seed: f.seed, Published: f.seed.Published,
				Commentary: in.Body, FrontMatter: in.FrontMatter, Draft: in.Draft,
			}
		}
		b.KeyActors = f.keyActors
		for _, t := range in.Tags {
			if tags[t] == nil {
				tags[t] = &Tag{Name: t}
			}
			b.Tags = append(b.Tags, tags[t])
		}
		site.Briefings = append(site.Briefings, b)
		inputs = append(inputs, in)
	}
	// Extraction is the costly part and each briefing's is independent.
	briefingErrs := make([]diag.List, len(site.Briefings))
	for i, a := range site.Actors {
		a.num = i
	}
	scratch := make([]tallyScratch, parallel.Workers(len(site.Briefings)))
	// Each briefing's shared passages are listed for link to add up,
	// unless link counts them itself (pairsInLink).
	listPairs := !pairsInLink(len(site.Actors))
	parallel.For(len(site.Briefings), func(w, i int) error {
		if b := site.Briefings[i]; reuse.annotated(b, &briefingErrs[i]) {
			if listPairs {
				b.pairs = sharedPassages(b, nil)
			}
			return nil
		}
		annotate(site.Briefings[i], inputs[i], matcher, opts.Cache, actors, &briefingErrs[i])
		if scratch[w].slots == nil {
			scratch[w].slots = make([]int32, len(site.Actors))
		}
		tally(site.Briefings[i], &scratch[w], listPairs)
		return nil
	})
	reuse.keep(site.Briefings, inputs, briefingErrs)
	for _, e := range briefingErrs {
		errs = append(errs, e...)
	}
	if errs.Err() != nil {
		return nil, errs
	}
	together := link(site, tags, reuse)
	var byName []*Actor
	if opts.Reuse != nil {
		byName = slices.Clone(site.Actors)
	}
	inDrafts := draftActors(drafts, seedsByName, matcher)
	site.Actors = withoutDraftOnly(site, inDrafts)
	if opts.Reuse != nil {
		reuse.linked(&linkedSite{
			site: site, tags: tags, together: together, byName: byName,
			matcher: matcher, matcherErrs: matcherErrs, checked: checked,
			drafts: drafts, draftSeeds: seedsOf(drafts, seedsByName), inDrafts: inDrafts,
		})
	}
	return site, errs
}

// foundInput is what Build finds of one briefing file before making
// its briefing: the placeholders left in it, its seed (nil when it has
// none or is a draft left out), its key actors, and the problems found
// with those two.
type foundInput struct {
	placeholders diag.List
	seed         *seeds.Seed
	keyActors    []*Actor
	errs         diag.List
}

func (f *foundInput) find(in *annotations.Briefing, seedsByName map[string]*seeds.Seed, actors map[string]*Actor, drafts bool) {
	checkPlaceholders(in, &f.placeholders)
	if in.Draft && !drafts {
		return
	}
	if f.seed = seedOf(in, seedsByName, &f.errs); f.seed == nil {
		return
	}
	for _, ref := range in.Actors {
		if a := lookup(actors, ref, &f.errs); a != nil {
			f.keyActors = append(f.keyActors, a)
		}
	}
}

// warnNoBaseURL warns of settings without the site's address.
func warnNoBaseURL(c annotations.Config, errs *diag.List) {
	if c.BaseURL == "" {
		errs.Warn(diag.Pos{File: "content/site.yaml"}, "no base_url: feeds, the sitemap and canonical links need the site's absolute address, and fall back to relative ones")
	}
}

// seedOf returns a briefing's seed; nil when it has none (an error) or
// when the seed could not be read (its own errors are reported).
func seedOf(in *annotations.Briefing, seedsByName map[string]*seeds.Seed, errs *diag.List) *seeds.Seed {
	seed, ok := seedsByName[in.Seed]
	if !ok && in.Seed != "" {
		errs.Add(in.SeedPos, "seed %q not found in seeds/%s", in.Seed, diag.DidYouMean(in.Seed, keys(seedsByName)))
	}
	return seed
}

// NewMatcher builds the mention matcher for a registry, with the surface
// forms claimed twice as positioned errors (explicit forms) and warnings
// (derived short names).
func NewMatcher(registry []annotations.Actor) (*extract.Matcher, diag.List) {
	list := make([]extract.Actor, len(registry))
	for i, a := range registry {
		list[i] = extract.Actor{ID: a.ID, Name: a.Name, Kind: string(a.Kind), Short: a.Short, Aliases: a.Aliases}
	}
	m, conflicts := extract.NewMatcher(list)
	var problems diag.List
	reportConflicts(registry, conflicts, &problems)
	return m, problems
}

// reportConflicts turns the matcher's conflicts into positioned errors and
// warnings.
func reportConflicts(actors []annotations.Actor, conflicts []extract.Conflict, problems *diag.List) {
	for _, c := range conflicts {
		if len(c.Actors) < 2 {
			continue
		}
		ids := make([]string, len(c.Actors))
		for i, k := range c.Actors {
			ids[i] = fmt.Sprintf("%q", actors[k].ID)
		}
		last := actors[c.Actors[len(c.Actors)-1]]
		if c.Derived {
			var explicit, derived []string
			for _, k := range c.Actors {
				if claims(actors[k], c.Form) {
					explicit = append(explicit, fmt.Sprintf("%q", actors[k].ID))
				} else {
					derived = append(derived, fmt.Sprintf("%q", actors[k].ID))
				}
			}
			if len(explicit) > 0 {
				problems.Warn(last.Pos, "short name %q of %s is not matched, as it is a name or alias of %s; set short: to choose another", c.Form, strings.Join(derived, " and "), strings.Join(explicit, " and "))
			} else {
				problems.Warn(last.Pos, "short name %q is shared by %s and is not matched for either; set short: on each to choose", c.Form, strings.Join(ids, " and "))
			}
			continue
		}
		problems.Add(formPos(last, c.Form), "surface form %q is claimed by %s; a name, alias or short form must belong to one actor", c.Form, strings.Join(ids, " and "))
	}
}

// claims reports whether a names form explicitly: as name, alias or short.
func claims(a annotations.Actor, form string) bool {
	if a.Name == form || a.Short == form {
		return true
	}
	for _, alias := range a.Aliases {
		if alias == form {
			return true
		}
	}
	return false
}

func formPos(a annotations.Actor, form string) diag.Pos {
	forms := append(append([]string{a.Name}, a.Aliases...), a.Short)
	for i, f := range forms {
		if f == form && i < len(a.FormPos) && a.FormPos[i].Line > 0 {
			return a.FormPos[i]
		}
	}
	return a.Pos
}

func lookup(actors map[string]*Actor, ref annotations.Ref, errs *diag.List) *Actor {
	if a := actors[ref.ID]; a != nil {
		return a
	}
	ids := make([]string, 0, len(actors))
	for id := range actors {
		ids = append(ids, id)
	}
	errs.Add(ref.Pos, "unknown actor %q%s", ref.ID, diag.DidYouMean(ref.ID, ids))
	return nil
}

// sameReference says whether mention b, right after a, names the same
// actor in the same breath: a title then a name ("Russian President
// Vladimir Putin"), or a name then an apposition ("Putin, the Russian
// President"). Such a pair is one reference, one link and one count;
// extract still reports both, as its contract says.
// The spans are of body, and their labels the actors' ids.
func sameReference(body []byte, a, b *cachedSpan) bool {
	return a.Label == b.Label && a.Block == b.Block && adjacentGap(body[a.End:b.Start])
}

// adjacentGap reports whether gap may stand between two mentions of one
// reference: white space, a no-break space, or a comma and white space,
// with "the" after it or not. It is the regular expression
// adjacentGapPattern (its test's oracle), by hand: it is asked for every
// two neighbouring mentions of one actor in every build.
func adjacentGap(gap []byte) bool {
	if string(gap) == "\u00a0" {
		return true
	}
	if len(gap) > 0 && gap[0] == ',' {
		n := gapSpaces(gap[1:])
		if n == 0 {
			return false
		}
		rest := gap[1+n:]
		if len(rest) == 0 {
			return true
		}
		rest, ok := bytes.CutPrefix(rest, []byte("the"))
		n = gapSpaces(rest)
		return ok && n > 0 && n == len(rest)
	}
	n := gapSpaces(gap)
	return n > 0 && n == len(gap)
}

// adjacentGapPattern is what adjacentGap accepts.
const adjacentGapPattern = `^(?:[ \t\n]+|\x{a0}|,[ \t\n]+(?:the[ \t\n]+)?)$`

// gapSpaces is the length of the run of spaces, tabs and newlines that
// b begins with.
func gapSpaces(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\n' {
			return i
		}
	}
	return len(b)
}

// annotate runs extraction on the seed and anchors the front matter's
// quotes in it.
func annotate(b *Briefing, in *annotations.Briefing, matcher *extract.Matcher, cache *ExtractCache, actors map[string]*Actor, errs *diag.List) {
	seed := b.Seed
	body := seed.Body()
	blockOf := blockIndex(seed)
	// extract works on the body and gives offsets into it; from here on
	// every offset is into the file, converted here and nowhere else.
	inFile := func(start, end int) Span { return Span{start + seed.BodyStart, end + seed.BodyStart} }

	// One array of mentions and one of dates per briefing, rather than one
	// allocation each: a large site has millions.
	var key [sha256.Size]byte // the seed's in the cache, made once
	if cache != nil {
		key = cacheKey(seed.Digest(), seed.Published)
	}
	lists := spanListsPool.Get().(*spanLists)
	defer spanListsPool.Put(lists)
	found, resolved, cached := extractSeed(cache, key, matcher, seed, lists)
	mentions := make([]Mention, len(found))
	b.Mentions = make([]*Mention, len(found))
	for i, m := range found {
		mentions[i] = Mention{Span: inFile(m.Start, m.End), Actor: actors[m.Label], Briefing: b, Index: i, Block: int(m.Block)}
		b.Mentions[i] = &mentions[i]
	}
	dateArray := make([]Date, len(resolved))
	dates := make([]*Date, 0, len(resolved)+len(in.Dates))
	for i, d := range resolved {
		span := inFile(d.Start, d.End)
		value := d.Value
		if value.IsZero() {
			// Only made-up years (past 9999) resolve outside the calendar.
			line, col := diag.LineCol(seed.Data, span.Start)
			errs.Warn(diag.Pos{File: "seeds/" + in.Seed, Line: line, Col: col}, "date %q resolves to %q, outside the calendar; left out", body[d.Start:d.End], d.Label)
			continue
		}
		dateArray[i] = Date{Span: span, Value: value, Briefing: b, Block: int(d.Block)}
		dates = append(dates, &dateArray[i])
	}

	quotes := newQuoteFinder(cache, key, body)
	defer quotes.release()
	find := func(q annotations.Quote) (Span, bool) {
		spans := quotes.Find(q.Text)
		switch len(spans) {
		case 1:
			return inFile(spans[0].Start, spans[0].End), true
		case 0:
			errs.Add(q.Pos, "quote %q not found in seeds/%s%s", q.Text, in.Seed, closest(seed, q.Text))
		default:
			var lines []string
			for _, s := range spans {
				l, _ := diag.LineCol(seed.Data, inFile(s.Start, s.End).Start)
				lines = append(lines, fmt.Sprint(l))
			}
			errs.Add(q.Pos, "quote %q found %d times in seeds/%s (lines %s); quote more of the passage so it is found once", q.Text, len(spans), in.Seed, strings.Join(lines, ", "))
		}
		return Span{}, false
	}

	for _, o := range in.Dates {
		span, ok := find(o.Quote)
		if !ok {
			continue
		}
		// The correction replaces what resolution made of the passage: the
		// expression inside it keeps its span, or the whole quote is the span.
		target := span
		kept := dates[:0]
		found := false
		for _, d := range dates {
			if d.Start < span.End && span.Start < d.End {
				if !found {
					target, found = d.Span, true
				}
				continue
			}
			kept = append(kept, d)
		}
		dates = append(kept, &Date{Span: target, Value: o.Date, Briefing: b, Corrected: true, Block: blockOf(target.Start)})
	}
	slices.SortStableFunc(dates, func(x, y *Date) int { return cmp.Compare(x.Start, y.Start) })
	for i, d := range dates {
		d.Index = i
		// A seed extracted now has its dates' sentences found while its
		// bytes are at hand, for the timeline, which shows them all. One
		// taken from the cache is of a build from the caches, which
		// makes few pages as a rule: those it shows find theirs.
		if !cached {
			d.keepSentence()
		}
	}
	b.Dates = dates

	for _, e := range in.Events {
		span, ok := find(e.Quote)
		if !ok {
			for _, r := range e.Actors {
				lookup(actors, r, errs)
			}
			continue
		}
		ev := &Event{Span: span, Title: e.Title, Value: e.Date, Briefing: b, Quote: e.Quote.Text, Block: blockOf(span.Start)}
		if ev.Value.IsZero() {
			ev.Value = dateIn(b.Dates, span)
		}
		if ev.Value.IsZero() {
			// Like its actors, the date of what a quote tells is often
			// in the rest of its sentence: "signed the accord in Oslo on
			// Monday".
			ev.Value = dateNearest(b.Dates, sentenceAround(seed, span), span)
		}
		if e.Actors != nil {
			for _, r := range e.Actors {
				if a := lookup(actors, r, errs); a != nil {
					ev.Actors = append(ev.Actors, a)
				}
			}
		} else {
			ev.Actors = actorsIn(b.Mentions, span)
			if len(ev.Actors) == 0 {
				// A quote that names no actor takes its sentence's: the
				// person who acts is often outside the words quoted.
				ev.Actors = actorsIn(b.Mentions, sentenceAround(seed, span))
			}
		}
		if ev.Value.IsZero() {
			errs.Warn(e.Quote.Pos, "event %q has no date: neither its quote nor its sentence holds a date expression and it gives no date:, so the timeline leaves it out", ev.Title)
		}
		if len(ev.Actors) == 0 && e.Actors == nil {
			errs.Warn(e.Quote.Pos, "event %q has no actor: neither its quote nor its sentence names one; give actors:", ev.Title)
		}
		b.Events = append(b.Events, ev)
	}
	slices.SortStableFunc(b.Events, func(x, y *Event) int { return cmp.Compare(x.Start, y.Start) })
	for i, e := range b.Events {
		e.Anchor = "e" + strconv.Itoa(i+1)
	}

	for _, n := range in.Notes {
		span, ok := find(n.Quote)
		if !ok {
			continue
		}
		b.Notes = append(b.Notes, &Note{Span: span, Text: n.Text, Briefing: b, Quote: n.Quote.Text, Block: blockOf(span.Start)})
	}
	slices.SortStableFunc(b.Notes, func(x, y *Note) int { return cmp.Compare(x.Start, y.Start) })
	for i, n := range b.Notes {
		n.Anchor = "n" + strconv.Itoa(i+1)
	}
}

// blockIndex returns a function from an offset to the index of the seed
// block holding it (or the block before it, for offsets between blocks).
// Offsets come in text order as a rule: the search goes on from the
// last block found, and starts over only for an offset before it.
func blockIndex(s *seeds.Seed) func(int) int {
	last := 0
	return func(off int) int {
		blocks := s.Blocks
		i := last
		if i > 0 && blocks[i-1].End > off {
			i = sort.Search(i, func(i int) bool { return blocks[i].End > off })
		}
		for i < len(blocks) && blocks[i].End <= off {
			i++
		}
		last = i
		if i == len(blocks) {
			return len(blocks) - 1
		}
		return i
	}
}

// link fills the back references and orders everything.
func link(site *Site, tags map[string]*Tag, reuse *reuseRun) *pairTable {
	slices.SortStableFunc(site.Briefings, newestBriefingFirst)
	for i, b := range site.Briefings {
		if i > 0 {
			b.Newer = site.Briefings[i-1]
		}
		if i+1 < len(site.Briefings) {
			b.Older = site.Briefings[i+1]
		}
	}
	// The dates are the most to sort, hundreds of thousands on a large
	// site: that goes on beside the rest.
	var datesSorted sync.WaitGroup
	datesSorted.Go(func() { site.Dates = reuse.sortDates(site.Briefings) })
	defer datesSorted.Wait()
	together := newPairTable(site.Actors)
	for _, shared := range fillMentions(site, pairsInLink(len(site.Actors))) {
		for i, n := range shared {
			together.counts[i] += n
		}
	}
	for _, b := range site.Briefings {
		for _, p := range b.pairs {
			together.add(p)
		}
		b.pairs = nil
		for _, c := range b.Counts {
			c.Actor.Briefings = append(c.Actor.Briefings, b)
		}
		site.Events = append(site.Events, b.Events...)
	}
	// An actor's events are the site's that name it, in the site's
	// order: sorted once, rather than each actor's list again.
	sortEvents(site.Events)
	events := make([]int, len(site.Actors))
	for _, e := range site.Events {
		for _, a := range e.Actors {
			events[a.num]++
		}
	}
	for i, a := range site.Actors {
		if events[i] > 0 {
			a.Events = make([]*Event, 0, events[i])
		}
	}
	for _, e := range site.Events {
		for _, a := range e.Actors {
			a.Events = append(a.Events, e)
		}
	}
	together.relate(site.Actors)
	parallel.For(len(site.Actors), func(_, i int) error {
		sortRelated(site.Actors[i].Related)
		return nil
	})
	sort.SliceStable(site.Actors, func(i, j int) bool { return byName(site.Actors[i], site.Actors[j]) })
	for _, t := range tags {
		site.Tags = append(site.Tags, t)
	}
	sort.Slice(site.Tags, func(i, j int) bool { return site.Tags[i].Name < site.Tags[j].Name })
	for _, b := range site.Briefings {
		for _, t := range b.Tags {
			t.Briefings = append(t.Briefings, b)
		}
	}
	return together
}

// newestBriefingFirst orders briefings newest first, then by slug.
func newestBriefingFirst(a, b *Briefing) int {
	return cmp.Or(b.Published.Compare(a.Published), strings.Compare(a.Slug, b.Slug))
}

// fillMentions gives each actor its mentions, newest briefing first, then
// in text order, and room for its briefings. A large site has millions
// of mentions: each briefing's place in the lists of its actors is
// counted first, from its Counts, and the briefings then fill their
// places on every CPU. With pairs, the passages that actors share are
// counted on the way, as sharedPassages counts them, in a table of the
// registry's actors for each worker, which it returns.
func fillMentions(site *Site, pairs bool) (shared [][]int32) {
	n := len(site.Actors)
	if pairs {
		shared = make([][]int32, parallel.Workers(len(site.Briefings)))
	}
	for i, a := range site.Actors {
		a.num = i
	}
	first := make([]int, len(site.Briefings)) // of the briefing's counts in places
	counts := 0
	for i, b := range site.Briefings {
		first[i] = counts
		counts += len(b.Counts)
	}
	places := make([]int, counts) // of each count's mentions in its actor's list
	next := make([]int, n)
	briefings := make([]int, n) // how many name each actor
	k := 0
	for _, b := range site.Briefings {
		for _, c := range b.Counts {
			places[k] = next[c.Actor.num]
			next[c.Actor.num] += c.Count
			briefings[c.Actor.num]++
			k++
		}
	}
	for i, a := range site.Actors {
		if next[i] > 0 {
			a.Mentions = make([]*Mention, next[i])
		}
		if briefings[i] > 0 {
			a.Briefings = make([]*Briefing, 0, briefings[i])
		}
	}
	cursors := make([][]int, parallel.Workers(len(site.Briefings)))
	parallel.For(len(site.Briefings), func(w, i int) error {
		if cursors[w] == nil {
			cursors[w] = make([]int, len(site.Actors))
		}
		cursor, b := cursors[w], site.Briefings[i]
		for k, c := range b.Counts {
			cursor[c.Actor.num] = places[first[i]+k]
		}
		for _, m := range b.Mentions {
			a := m.Actor
			a.Mentions[cursor[a.num]] = m
			cursor[a.num]++
		}
		if pairs {
			if shared[w] == nil {
				shared[w] = make([]int32, n*n)
			}
			countSharedPassages(shared[w], n, b.Mentions)
		}
		return nil
	})
	return shared
}

// pairsInLink says whether link counts the passages that actors share
// itself, in a table for each worker, rather than adding up each
// briefing's list of them: for a registry whose table is small.
func pairsInLink(actors int) bool { return actors <= maxPairsInLink }

// maxPairsInLink is the most actors for which link counts shared
// passages itself (a table of int32 of a megabyte for each worker).
var maxPairsInLink = 512

// countSharedPassages adds a briefing's shared passages to a table of
// the registry's n actors ([a.num*n + b.num]): for each passage, each
// two distinct actors it mentions, as sharedPassages counts them.
func countSharedPassages(table []int32, n int, mentions []*Mention) {
	countPassagePairs(table, n, mentions, func(_ int, m *Mention) int { return m.Actor.num })
}

// countPassagePairs adds one to an n×n table ([x*n + y]) for each
// passage and each two distinct actors it mentions, the actors numbered
// by num (given each mention and its index). Mentions are in text order,
// so each block's come together.
func countPassagePairs(table []int32, n int, mentions []*Mention, num func(i int, m *Mention) int) {
	var room [16]int
	inBlock := room[:0] // distinct actors of the current block
	sharePassage := func() {
		for _, x := range inBlock {
			for _, y := range inBlock {
				if x != y {
					table[x*n+y]++
				}
			}
		}
		inBlock = inBlock[:0]
	}
	block := -1
	for i, m := range mentions {
		if m.Block != block {
			sharePassage()
			block = m.Block
		}
		if a := num(i, m); !slices.Contains(inBlock, a) {
			inBlock = append(inBlock, a)
		}
	}
	sharePassage()
}

// sortRelated orders related actors by passages shared, most first, then
// by name.
func sortRelated(related []ActorCount) {
	slices.SortFunc(related, func(x, y ActorCount) int {
		if x.Count != y.Count {
			return cmp.Compare(y.Count, x.Count)
		}
		if byName(x.Actor, y.Actor) {
			return -1
		}
		if byName(y.Actor, x.Actor) {
			return 1
		}
		return 0
	})
}

// byName orders actors by name, then by id, which is unique.
func byName(a, b *Actor) bool {
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.ID < b.ID
}

// pairTable adds up the passages that pairs of actors share over the
// site: in a square table of the actors, a few million pairs on a large
// site cost less than in a map, which a registry too large for the table
// keeps.
type pairTable struct {
	n      int
	counts []int32 // [a.num*n + b.num]
	pairs  map[actorPair]int
	actors []*Actor // by num
}

// maxPairTable is the most actors that a table is made for (a table of
// int32 of sixteen megabytes).
const maxPairTable = 2048

func newPairTable(actors []*Actor) *pairTable {
	t := &pairTable{n: len(actors)}
	if t.n > maxPairTable {
		t.pairs = map[actorPair]int{}
		return t
	}
	t.counts = make([]int32, t.n*t.n)
	t.actors = slices.Clone(actors)
	for i, a := range actors {
		a.num = i
	}
	return t
}

// sub takes a briefing's shared passages out of the table.
func (t *pairTable) sub(p pairCount) {
	if t.pairs != nil {
		if t.pairs[p.actorPair] -= p.n; t.pairs[p.actorPair] == 0 {
			delete(t.pairs, p.actorPair)
		}
		return
	}
	t.counts[p.a.num*t.n+p.b.num] -= int32(p.n)
}

// relateOne gives one actor the actors it shares passages with, as relate
// does, sorted.
func (t *pairTable) relateOne(a *Actor) {
	a.Related = nil
	if t.pairs != nil {
		for p, n := range t.pairs {
			if p.a == a {
				a.Related = append(a.Related, ActorCount{Actor: p.b, Count: n})
			}
		}
	} else {
		row := t.counts[a.num*t.n : (a.num+1)*t.n]
		for j, n := range row {
			if n > 0 {
				a.Related = append(a.Related, ActorCount{Actor: t.actors[j], Count: int(n)})
			}
		}
	}
	sortRelated(a.Related)
}

func (t *pairTable) add(p pairCount) {
	if t.pairs != nil {
		t.pairs[p.actorPair] += p.n
		return
	}
	t.counts[p.a.num*t.n+p.b.num] += int32(p.n)
}

// relate gives each actor the actors it shares passages with, unordered.
func (t *pairTable) relate(actors []*Actor) {
	for p, n := range t.pairs {
		p.a.Related = append(p.a.Related, ActorCount{Actor: p.b, Count: n})
	}
	if t.counts == nil {
		return
	}
	for i, a := range actors {
		for j, b := range actors {
			if n := t.counts[i*t.n+j]; n > 0 {
				a.Related = append(a.Related, ActorCount{Actor: b, Count: int(n)})
			}
		}
	}
}

// actorPair is two actors mentioned in one passage.
type actorPair struct{ a, b *Actor }

// pairCount is how many passages of a briefing mention both actors.
type pairCount struct {
	actorPair
	n int
}

// tallyScratch is a worker's memory for tally, used again briefing after
// briefing: slots, as long as the registry, where an actor's number in
// Counts is found by its place in the registry (Actor.num), rather than
// by a search of Counts for each of the briefing's mentions (a slot is
// checked against Counts before it is trusted: what another briefing
// left there is never mistaken); local, each mention's number.
type tallyScratch struct {
	slots []int32
	local []int
}

// tally counts a briefing's mentions by actor (key actors first, then by
// count) and, with pairs, lists the passages that actors share. Briefings
// are tallied on every CPU; link merges the pairs.
//
// scratch, if not nil, is the worker's (tallyScratch).
func tally(b *Briefing, scratch *tallyScratch, pairs bool) {
	var slots []int32
	if scratch != nil {
		slots = scratch.slots
	}
	number := func(a *Actor) int {
		if a.num >= 0 && a.num < len(slots) {
			if i := int(slots[a.num]); i < len(b.Counts) && b.Counts[i].Actor == a {
				return i
			}
		}
		for i := range b.Counts {
			if b.Counts[i].Actor == a {
				return i
			}
		}
		b.Counts = append(b.Counts, ActorCount{Actor: a, Key: slices.Contains(b.KeyActors, a)})
		if a.num >= 0 && a.num < len(slots) {
			slots[a.num] = int32(len(b.Counts) - 1)
		}
		return len(b.Counts) - 1
	}
	// A briefing names a dozen actors or so: room for that many, not
	// grown from one.
	b.Counts = make([]ActorCount, 0, min(len(b.Mentions)+len(b.KeyActors), 16))
	var local []int // the number of each mention's actor
	if scratch != nil {
		scratch.local = slices.Grow(scratch.local[:0], len(b.Mentions))[:len(b.Mentions)]
		local = scratch.local
	} else {
		local = make([]int, len(b.Mentions))
	}
	for i, m := range b.Mentions {
		local[i] = number(m.Actor)
		b.Counts[local[i]].Count++
	}
	for _, a := range b.KeyActors {
		number(a)
	}
	if pairs {
		b.pairs = sharedPassages(b, local)
	}
	slices.SortFunc(b.Counts, func(x, y ActorCount) int {
		if x.Key != y.Key {
			return boolFirst(x.Key)
		}
		if x.Count != y.Count {
			return cmp.Compare(y.Count, x.Count)
		}
		if byName(x.Actor, y.Actor) {
			return -1
		}
		return 1
	})
}

// sharedPassages counts, for each two actors of a briefing (as its Counts
// list them), the passages that mention both. A briefing names a few
// dozen actors at most: each is numbered by its place in Counts, and the
// passages are counted in a small square table rather than maps. local,
// if not nil, is the number of each mention's actor.
func sharedPassages(b *Briefing, local []int) []pairCount {
	k := len(b.Counts)
	if local == nil {
		local = make([]int, len(b.Mentions))
		for i, m := range b.Mentions {
			local[i] = slices.IndexFunc(b.Counts, func(c ActorCount) bool { return c.Actor == m.Actor })
		}
	}
	shared := make([]int32, k*k)
	countPassagePairs(shared, k, b.Mentions, func(i int, _ *Mention) int { return local[i] })
	n := 0
	for _, c := range shared {
		if c > 0 {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	pairs := make([]pairCount, 0, n)
	for x := range k {
		for y := range k {
			if n := shared[x*k+y]; n > 0 {
				pairs = append(pairs, pairCount{actorPair{b.Counts[x].Actor, b.Counts[y].Actor}, int(n)})
			}
		}
	}
	return pairs
}

// boolFirst sorts the element for which first is true before the other.
func boolFirst(first bool) int {
	if first {
		return -1
	}
	return 1
}

// sortEvents orders events newest first; undated events go last.
func sortEvents(events []*Event) {
	newestFirst(events, func(e *Event) (calendar.Value, *Briefing, int) { return e.Value, e.Briefing, e.Start })
}

// newestFirst sorts items by the first day of their calendar value, newest
// first, then by briefing, by position in it and by the order given (two
// events may quote one passage). Each first day is computed once, not once
// per comparison, and each briefing's place among the slugs: a large site
// has hundreds of thousands of items, and two numbers compare faster than
// a day, a slug and two more.
func newestFirst[T any](items []T, key func(T) (value calendar.Value, b *Briefing, start int)) {
	type sortKey struct {
		hi, lo uint64 // the day, newest first, and the briefing; the start and the index
		item   T
	}
	keys := make([]sortKey, len(items))
	days := make([]int64, len(items)) // Unix seconds of the first day
	starts := make([]int, len(items))
	// Items come grouped by briefing, as a rule: a briefing is looked
	// up once a group.
	var briefings []*Briefing
	number := map[*Briefing]int{}
	group := make([]int, len(items))
	var lastStart []int // of each group's item before, while inOrder
	var last *Briefing
	n := 0
	packed, inOrder := true, true
	for i, it := range items {
		v, b, start := key(it)
		if i == 0 || b != last {
			var ok bool
			if n, ok = number[b]; !ok {
				n = len(briefings)
				number[b] = n
				briefings = append(briefings, b)
				lastStart = append(lastStart, start)
			}
			last = b
		}
		days[i], starts[i], group[i] = v.First().Unix(), start, n
		keys[i].item = it
		day := days[i] / 86400
		packed = packed && days[i]%86400 == 0 && day > -1<<31 && day < 1<<31 && start >= 0 && start < 1<<32
		inOrder = inOrder && start >= lastStart[n]
		lastStart[n] = start
	}
	bySlug := make([]int, len(briefings))
	for i := range bySlug {
		bySlug[i] = i
	}
	slices.SortFunc(bySlug, func(x, y int) int { return strings.Compare(briefings[x].Slug, briefings[y].Slug) })
	place := make([]uint64, len(briefings))
	for i, n := range bySlug {
		place[n] = uint64(i)
		if i > 0 && briefings[n].Slug == briefings[bySlug[i-1]].Slug {
			place[n] = place[bySlug[i-1]] // the same slug, the same place
			inOrder = false               // two briefings' starts interleave
		}
	}
	if !packed || len(items) >= 1<<32 {
		// Days or offsets out of any real site's range, or a first day
		// not at midnight: compared whole.
		ix := make([]int, len(items))
		for i := range ix {
			ix[i] = i
		}
		slices.SortFunc(ix, func(a, b int) int {
			return cmp.Or(cmp.Compare(days[b], days[a]), cmp.Compare(place[group[a]], place[group[b]]), cmp.Compare(starts[a], starts[b]), cmp.Compare(a, b))
		})
		sorted := make([]T, len(items))
		for i, j := range ix {
			sorted[i] = items[j]
		}
		copy(items, sorted)
		return
	}
	for i := range keys {
		// Newest first: the day's complement, offset to stay positive.
		keys[i].hi = uint64(1<<31-1-days[i]/86400)<<32 | place[group[i]]
		keys[i].lo = uint64(starts[i])<<32 | uint64(i)
	}
	if inOrder {
		// Each briefing's items come in the order of their starts, as
		// annotate makes them: a stable sort by day and briefing alone
		// keeps them so, and a radix sort does it in a few passes.
		keys = radixSortStable(keys, func(k *sortKey) uint64 { return k.hi })
	} else {
		slices.SortFunc(keys, func(a, b sortKey) int {
			if a.hi != b.hi {
				return cmp.Compare(a.hi, b.hi)
			}
			return cmp.Compare(a.lo, b.lo)
		})
	}
	for i := range keys {
		items[i] = keys[i].item
	}
}

// datesNewestFirst is every date of the briefings in newestFirst's
// order. A site's dates are many and their days few: taken briefing by
// briefing in the order of the slugs, each briefing's in the order of
// their starts, a counting sort by day alone orders them, in two passes
// and no comparison. Briefings that share a slug, dates out of the order
// of their starts, or days spread far wider than the dates are many, are
// left to newestFirst.
func datesNewestFirst(briefings []*Briefing) []*Date {
	bySlug := slices.Clone(briefings)
	slices.SortFunc(bySlug, func(a, b *Briefing) int { return strings.Compare(a.Slug, b.Slug) })
	n := 0
	ordered := true
	for i, b := range bySlug {
		ordered = ordered && (i == 0 || b.Slug != bySlug[i-1].Slug)
		n += len(b.Dates)
	}
	days := make([]int64, 0, n) // of the dates in the order taken
	var first firstDays
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, b := range bySlug {
		last := math.MinInt
		for _, d := range b.Dates {
			day := first.of(d.Value)
			lo, hi = min(lo, day), max(hi, day)
			days = append(days, day)
			ordered = ordered && d.Start >= last
			last = d.Start
		}
	}
	if n == 0 {
		return nil
	}
	if !ordered || uint64(hi-lo) > uint64(2*n+4096) {
		var all []*Date
		for _, b := range briefings {
			all = append(all, b.Dates...)
		}
		newestFirst(all, func(d *Date) (calendar.Value, *Briefing, int) { return d.Value, d.Briefing, d.Start })
		return all
	}
	// Newest first: a day's place counts from the highest.
	at := make([]int, hi-lo+2)
	for _, day := range days {
		at[hi-day+1]++
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	out := make([]*Date, n)
	i := 0
	for _, b := range bySlug {
		for _, d := range b.Dates {
			k := hi - days[i]
			out[at[k]] = d
			at[k]++
			i++
		}
	}
	return out
}

// firstDays finds the first day of calendar values, as days since
// 1970-01-01, remembering the last few hundred: a site's dates repeat a
// few thousand values, and computing a day anew goes through time.Date.
type firstDays struct {
	known [512]struct {
		v   calendar.Value
		day int64
		set bool
	}
}

func (f *firstDays) of(v calendar.Value) int64 {
	e := &f.known[(uint32(v)*2654435761)>>23]
	if !e.set || e.v != v {
		e.v, e.day, e.set = v, v.FirstDay(), true
	}
	return e.day
}

// radixSortStable sorts items stably by a 64-bit key, a byte at a time from
// the lowest, skipping the bytes that all keys share. It returns the
// sorted slice, which is items or a copy.
func radixSortStable[K any](items []K, key func(*K) uint64) []K {
	var and, or uint64 = ^uint64(0), 0
	for i := range items {
		k := key(&items[i])
		and &= k
		or |= k
	}
	varying := and ^ or
	buf := make([]K, len(items))
	src, dst := items, buf
	for shift := 0; shift < 64; shift += 8 {
		if (varying>>shift)&0xff == 0 {
			continue
		}
		var count [257]int
		for i := range src {
			count[(key(&src[i])>>shift)&0xff+1]++
		}
		for b := 1; b < len(count); b++ {
			count[b] += count[b-1]
		}
		for i := range src {
			b := (key(&src[i]) >> shift) & 0xff
			dst[count[b]] = src[i]
			count[b]++
		}
		src, dst = dst, src
	}
	return src
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
