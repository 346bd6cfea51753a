package model

import (
	"bytes"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// Reuse keeps, between the builds of one serve, each briefing as
// annotated (its mentions, dates, events, notes and counts) with the
// actors it points to, so that a save annotates again only the briefings
// whose file or seed changed. What a briefing's annotation depends on
// besides its file and its seed is the actor registry and the options:
// when either differs from the last build's, everything is annotated
// again. A build with a Reuse shares those briefings and actors with the
// last build, whose model must then no longer be in use; builds with one
// Reuse must not run at once. When few briefings changed, the build
// changes the last model where they are (patch) and returns it.
type Reuse struct {
	registry  []annotations.Actor
	drafts    bool
	actors    map[string]*Actor
	briefings map[string]annotated // by file
	// The dates of the last build that was linked, newest first, and the
	// briefings they are of.
	dates   []*Date
	datesOf map[*Briefing]bool
	builds  int         // counts the builds, to mark the briefings reused in one
	last    *linkedSite // the last build's model, when it succeeded
	patched int         // builds that patched the last model
}

// Patched reports how many builds patched the last build's model rather
// than linking every briefing again.
func (r *Reuse) Patched() int { return r.patched }

// dateKey orders dates as newestFirst does. Two dates of one briefing are
// in the order of its dates, as the order given is; dates of two
// briefings differ in slug.
type dateKey struct {
	day   int64 // Unix seconds of the first day
	slug  string
	start int
	index int
}

func keyOfDate(d *Date) dateKey {
	return dateKey{d.Value.First().Unix(), d.Briefing.Slug, d.Start, d.Index}
}

func (x dateKey) before(y dateKey) bool {
	if x.day != y.day {
		return x.day > y.day
	}
	if x.slug != y.slug {
		return x.slug < y.slug
	}
	if x.start != y.start {
		return x.start < y.start
	}
	return x.index < y.index
}

// annotated is a briefing as annotate and tally left it, with what it was
// made from and the problems found. The passages its actors share are
// counted again when needed (sharedPassages) rather than kept: they are
// many, and a build needs them only for the briefings that change.
type annotated struct {
	in   *annotations.Briefing
	seed *seeds.Seed
	b    *Briefing
	errs diag.List
}

// NewReuse returns an empty Reuse.
func NewReuse() *Reuse { return &Reuse{} }

// reuseRun is one build's use of a Reuse; a nil Reuse gives one that
// reuses nothing.
type reuseRun struct {
	r      *Reuse
	same   bool              // the registry and options are the last build's
	actors map[string]*Actor // this build's actors, by id
	reused map[*Briefing]annotated
	build  int // marks the briefings reused (Briefing.reusedIn)
}

// start begins a build: with the registry and options of the last build,
// its actors are this build's, emptied of what the briefings gave them.
func (r *Reuse) start(registry []annotations.Actor, drafts bool) *reuseRun {
	run := &reuseRun{r: r, actors: map[string]*Actor{}, reused: map[*Briefing]annotated{}}
	if r == nil {
		return run
	}
	r.builds++
	run.build = r.builds
	r.last = nil // its actors are emptied below
	ids := map[string]bool{}
	for _, a := range registry {
		ids[a.ID] = true
	}
	// Two entries of one id are an error, and each its own actor.
	run.same = r.actors != nil && r.drafts == drafts && len(ids) == len(registry) && reflect.DeepEqual(r.registry, registry)
	if !run.same {
		r.registry, r.drafts, r.briefings, r.dates, r.datesOf = registry, drafts, nil, nil, nil
		return run
	}
	run.actors = r.actors
	for _, a := range r.actors {
		a.Mentions, a.Events, a.Briefings, a.Related = nil, nil, nil, nil
	}
	return run
}

// briefing returns the briefing of the last build made from the same
// file and seed, ready to be linked again; nil when there is none.
func (run *reuseRun) briefing(in *annotations.Briefing, seed *seeds.Seed) *Briefing {
	if !run.same {
		return nil
	}
	prev, ok := run.r.briefings[in.File]
	if !ok || prev.in != in || prev.seed != seed && (prev.seed.Name != seed.Name || !bytes.Equal(prev.seed.Data, seed.Data)) {
		return nil
	}
	if _, twice := run.reused[prev.b]; twice {
		return nil
	}
	b := prev.b
	b.Tags, b.KeyActors, b.Older, b.Newer = nil, nil, nil, nil
	b.reusedIn = run.build
	run.reused[b] = prev
	return b
}

// annotated reports whether b is a briefing reused as annotated, and
// adds the problems its annotation found to errs.
func (run *reuseRun) annotated(b *Briefing, errs *diag.List) bool {
	prev, ok := run.reused[b]
	if ok {
		*errs = append(*errs, prev.errs...)
	}
	return ok
}

// keep records the briefings of this build, as annotated, for the next.
func (run *reuseRun) keep(briefings []*Briefing, inputs []*annotations.Briefing, errs []diag.List) {
	if run.r == nil {
		return
	}
	run.r.actors = run.actors
	run.r.briefings = make(map[string]annotated, len(briefings))
	for i, b := range briefings {
		run.r.briefings[b.File] = annotated{in: inputs[i], seed: b.Seed, b: b, errs: errs[i]}
	}
}

// sortDates is every date of the briefings, newest first, as newestFirst
// orders them. The dates of briefings reused from the last build linked
// are in its order already: only the others are sorted, and merged in.
func (run *reuseRun) sortDates(briefings []*Briefing) []*Date {
	reused := func(b *Briefing) bool { return run.r != nil && b.reusedIn == run.build }
	var freshOf []*Briefing
	for _, b := range briefings {
		if !reused(b) || !run.r.datesOf[b] {
			freshOf = append(freshOf, b)
		}
	}
	fresh := datesNewestFirst(freshOf)
	if run.r == nil {
		return fresh
	}
	all := make([]*Date, 0, len(run.r.dates)+len(fresh))
	j := 0
	var next dateKey
	if j < len(fresh) {
		next = keyOfDate(fresh[j])
	}
	for _, d := range run.r.dates {
		if !reused(d.Briefing) {
			continue
		}
		k := keyOfDate(d)
		for j < len(fresh) && next.before(k) {
			all = append(all, fresh[j])
			if j++; j < len(fresh) {
				next = keyOfDate(fresh[j])
			}
		}
		all = append(all, d)
	}
	all = append(all, fresh[j:]...)
	run.r.dates = all
	run.r.datesOf = make(map[*Briefing]bool, len(briefings))
	for _, b := range briefings {
		run.r.datesOf[b] = true
	}
	return all
}

// linkedSite is the last build's model as linked, kept so that a build
// that changes a few briefings patches it rather than linking every
// briefing again: on a large site, linking and sorting millions of
// mentions costs far more than taking one briefing's out and putting its
// new ones in.
type linkedSite struct {
	site        *Site
	tags        map[string]*Tag
	together    *pairTable
	byName      []*Actor // every actor of the registry, drafts' too
	matcher     *extract.Matcher
	matcherErrs diag.List
	checked     map[string]checkedInput // every briefing file, drafts too
	drafts      []*annotations.Briefing // left out
	draftSeeds  []*seeds.Seed
	inDrafts    map[string]bool
}

// checkedInput is a briefing file with the placeholders found in it.
type checkedInput struct {
	in           *annotations.Briefing
	placeholders diag.List
}

// maxPatched is the most briefings that a build patches into the last
// model; more (a checkout, a new registry) are linked anew.
const maxPatched = 64

// linked records the model of a build that succeeded, to be patched by
// the next; its briefings and actors are those the Reuse keeps.
func (run *reuseRun) linked(l *linkedSite) {
	if run.r != nil {
		run.r.last = l
	}
}

// patch builds the model by changing the last one where briefings
// changed, when the registry and options are the last build's and few
// briefings changed: the model is the one Build would make of the same
// input. It reports false when it cannot, and Build links everything. A
// build that fails leaves the last model as it was, for the next to patch.
func (r *Reuse) patch(c *annotations.Content, seedsByName map[string]*seeds.Seed, opts Options) (*Site, diag.List, bool) {
	if r == nil || r.last == nil || r.drafts != opts.Drafts || !reflect.DeepEqual(r.registry, c.Actors) {
		return nil, nil, false
	}
	l := r.last
	errs := slices.Clone(l.matcherErrs)
	warnNoBaseURL(c.Config, &errs)
	unchanged := func(in *annotations.Briefing, seed *seeds.Seed) bool {
		prev, ok := r.briefings[in.File]
		return ok && prev.in == in && seed != nil && (prev.seed == seed || prev.seed.Name == seed.Name && bytes.Equal(prev.seed.Data, seed.Data))
	}
	leftOut := func(in *annotations.Briefing) bool { return in.Draft && !opts.Drafts }

	// What changed: the briefings whose file or seed is not the last
	// build's, the drafts, and the briefings gone.
	type input struct {
		in   *annotations.Briefing
		seed *seeds.Seed
		at   int // its place in problemsOf
	}
	var changed []input
	var drafts []*annotations.Briefing
	var problemsOf []diag.List // each briefing's annotation's, in the order of the files
	checked := make(map[string]checkedInput, len(c.Briefings))
	for _, in := range c.Briefings {
		ch, ok := l.checked[in.File]
		if !ok || ch.in != in {
			ch = checkedInput{in: in}
			checkPlaceholders(in, &ch.placeholders)
		}
		checked[in.File] = ch
		errs = append(errs, ch.placeholders...)
		if leftOut(in) {
			drafts = append(drafts, in)
			continue
		}
		seed := seedOf(in, seedsByName, &errs)
		if seed == nil {
			continue
		}
		if unchanged(in, seed) {
			problemsOf = append(problemsOf, r.briefings[in.File].errs)
			continue
		}
		if changed = append(changed, input{in, seed, len(problemsOf)}); len(changed) > maxPatched {
			return nil, nil, false
		}
		problemsOf = append(problemsOf, nil)
	}
	var removed []*Briefing
	for file, prev := range r.briefings {
		ch, ok := checked[file]
		if !ok || leftOut(ch.in) || !unchanged(ch.in, seedsByName[ch.in.Seed]) {
			if removed = append(removed, prev.b); len(removed) > maxPatched {
				return nil, nil, false
			}
		}
	}

	// The new briefings are annotated apart from the model, which stays
	// as it was should they fail.
	fresh := make([]*Briefing, len(changed))
	for i, ch := range changed {
		in := ch.in
		b := &Briefing{
			Slug: in.Slug, File: in.File, Title: in.Title, Summary: in.Summary,
			Seed: ch.seed, Published: ch.seed.Published,
			Commentary: in.Body, FrontMatter: in.FrontMatter, Draft: in.Draft,
		}
		for _, ref := range in.Actors {
			if a := lookup(r.actors, ref, &errs); a != nil {
				b.KeyActors = append(b.KeyActors, a)
			}
		}
		fresh[i] = b
	}
	parallel.For(len(fresh), func(_, i int) error {
		var problems diag.List
		annotate(fresh[i], changed[i].in, l.matcher, opts.Cache, r.actors, &problems)
		tally(fresh[i], nil, true)
		problemsOf[changed[i].at] = problems
		return nil
	})
	for _, e := range problemsOf {
		errs = append(errs, e...)
	}
	if errs.Err() != nil {
		return nil, errs, true
	}

	site := l.site
	site.Config = c.Config
	gone := make(map[*Briefing]bool, len(removed))
	related := map[*Actor]bool{} // whose related actors changed
	for _, b := range removed {
		gone[b] = true
		l.unlink(b, related)
		delete(r.briefings, b.File)
		delete(r.datesOf, b)
	}
	site.Briefings = without(site.Briefings, func(b *Briefing) bool { return gone[b] })
	site.Events = without(site.Events, func(e *Event) bool { return gone[e.Briefing] })
	for i, b := range fresh {
		in := changed[i].in
		for _, name := range in.Tags {
			t := l.tags[name]
			if t == nil {
				t = &Tag{Name: name}
				l.tags[name] = t
				at, _ := slices.BinarySearchFunc(site.Tags, name, func(t *Tag, name string) int { return strings.Compare(t.Name, name) })
				site.Tags = slices.Concat(site.Tags[:at], []*Tag{t}, site.Tags[at:])
			}
			b.Tags = append(b.Tags, t)
		}
		site.Briefings = insertBriefing(site.Briefings, b, func(x *Briefing) *Briefing { return x })
		l.relink(b, related)
		site.Events = insertEvents(site.Events, b.Events)
		r.briefings[b.File] = annotated{in: in, seed: b.Seed, b: b, errs: problemsOf[changed[i].at]}
		b.pairs = nil
		r.datesOf[b] = true
	}
	var goneDates, freshDates []*Date
	for _, b := range removed {
		goneDates = append(goneDates, b.Dates...)
	}
	for _, b := range fresh {
		freshDates = append(freshDates, b.Dates...)
	}
	r.dates = spliceDates(r.dates, goneDates, freshDates)
	site.Dates = r.dates
	for _, t := range site.Tags {
		if len(t.Briefings) == 0 {
			delete(l.tags, t.Name)
		}
	}
	site.Tags = without(site.Tags, func(t *Tag) bool { return len(t.Briefings) == 0 })
	for i, b := range site.Briefings {
		b.Newer, b.Older = nil, nil
		if i > 0 {
			b.Newer = site.Briefings[i-1]
		}
		if i+1 < len(site.Briefings) {
			b.Older = site.Briefings[i+1]
		}
	}
	for a := range related {
		l.together.relateOne(a)
	}

	if !slices.Equal(drafts, l.drafts) || !slices.Equal(seedsOf(drafts, seedsByName), l.draftSeeds) {
		l.drafts, l.draftSeeds = drafts, seedsOf(drafts, seedsByName)
		l.inDrafts = draftActors(drafts, seedsByName, l.matcher)
	}
	site.Actors = withoutDraftOnly(&Site{Briefings: site.Briefings, Actors: slices.Clone(l.byName)}, l.inDrafts)
	l.checked = checked
	r.patched++
	return site, errs, true
}

// without is list without the elements that drop, in a new array. The
// patch changes no array of the last model in place: work of a rebuild
// that a newer save stopped (the search index) may still read them.
func without[T any](list []T, drop func(T) bool) []T {
	var out []T // nil when empty, as link leaves a list it appends nothing to
	for i, x := range list {
		if !drop(x) {
			if out == nil {
				out = make([]T, 0, len(list)-i)
			}
			out = append(out, x)
		}
	}
	return out
}

// seedsOf is the seeds of briefings, nil for those not found.
func seedsOf(briefings []*annotations.Briefing, seedsByName map[string]*seeds.Seed) []*seeds.Seed {
	out := make([]*seeds.Seed, len(briefings))
	for i, in := range briefings {
		out[i] = seedsByName[in.Seed]
	}
	return out
}

// unlink takes a briefing out of its actors' and tags' lists, and its
// shared passages out of the table; related gets the actors whose
// related actors change.
func (l *linkedSite) unlink(b *Briefing, related map[*Actor]bool) {
	for _, c := range b.Counts {
		a := c.Actor
		a.Mentions = without(a.Mentions, func(m *Mention) bool { return m.Briefing == b })
		a.Briefings = without(a.Briefings, func(x *Briefing) bool { return x == b })
	}
	for _, e := range b.Events {
		for _, a := range e.Actors {
			a.Events = without(a.Events, func(x *Event) bool { return x.Briefing == b })
		}
	}
	for _, t := range b.Tags {
		t.Briefings = without(t.Briefings, func(x *Briefing) bool { return x == b })
	}
	for _, p := range sharedPassages(b, nil) {
		l.together.sub(p)
		related[p.a] = true
	}
}

// relink puts a briefing into its actors' and tags' lists where link
// would have put it, and its shared passages into the table.
func (l *linkedSite) relink(b *Briefing, related map[*Actor]bool) {
	for _, c := range b.Counts {
		a := c.Actor
		var own []*Mention
		for _, m := range b.Mentions {
			if m.Actor == a {
				own = append(own, m)
			}
		}
		at := sort.Search(len(a.Mentions), func(i int) bool { return newerBriefing(b, a.Mentions[i].Briefing) })
		a.Mentions = slices.Concat(a.Mentions[:at], own, a.Mentions[at:])
		a.Briefings = insertBriefing(a.Briefings, b, func(x *Briefing) *Briefing { return x })
	}
	for _, e := range b.Events {
		for _, a := range e.Actors {
			a.Events = insertEvents(a.Events, []*Event{e})
		}
	}
	for _, t := range b.Tags {
		t.Briefings = insertBriefing(t.Briefings, b, func(x *Briefing) *Briefing { return x })
	}
	for _, p := range b.pairs {
		l.together.add(p)
		related[p.a] = true
	}
}

// newerBriefing orders briefings as link does: newest first, then by slug.
func newerBriefing(a, b *Briefing) bool {
	if !a.Published.Equal(b.Published) {
		return a.Published.After(b.Published)
	}
	return a.Slug < b.Slug
}

// insertBriefing puts b into a list in link's order, after those equal
// to it.
func insertBriefing[T any](list []T, b T, of func(T) *Briefing) []T {
	at := sort.Search(len(list), func(i int) bool { return newerBriefing(of(b), of(list[i])) })
	return slices.Concat(list[:at], []T{b}, list[at:])
}

// eventKey orders events as sortEvents does; the events of one briefing
// at one place keep the briefing's order.
func eventKey(e *Event) dateKey {
	return dateKey{e.Value.First().Unix(), e.Briefing.Slug, e.Start, slices.Index(e.Briefing.Events, e)}
}

// insertEvents puts events into a list in sortEvents' order, each after
// those equal to it (the same event twice, when it names an actor twice).
func insertEvents(list, events []*Event) []*Event {
	for _, e := range events {
		k := eventKey(e)
		at := sort.Search(len(list), func(i int) bool { return k.before(eventKey(list[i])) })
		list = slices.Concat(list[:at], []*Event{e}, list[at:])
	}
	return list
}

// spliceDates takes dates out of a list in newestFirst's order and puts
// others in, found by their keys rather than by reading the whole list: a
// large site has hundreds of thousands.
func spliceDates(list, gone, fresh []*Date) []*Date {
	type cut struct {
		at   int   // in list
		gone bool  // list[at] goes; else d comes before it
		d    *Date // comes
	}
	cuts := make([]cut, 0, len(gone)+len(fresh))
	for _, d := range gone {
		k := keyOfDate(d)
		at := sort.Search(len(list), func(i int) bool { return !keyOfDate(list[i]).before(k) })
		for at < len(list) && list[at] != d {
			at++
		}
		if at < len(list) {
			cuts = append(cuts, cut{at: at, gone: true})
		}
	}
	newestFirst(fresh, func(d *Date) (calendar.Value, *Briefing, int) { return d.Value, d.Briefing, d.Start })
	for _, d := range fresh {
		k := keyOfDate(d)
		at := sort.Search(len(list), func(i int) bool { return k.before(keyOfDate(list[i])) })
		cuts = append(cuts, cut{at: at, d: d})
	}
	slices.SortStableFunc(cuts, func(x, y cut) int {
		if x.at != y.at {
			return x.at - y.at
		}
		if x.gone != y.gone {
			return boolFirst(!x.gone) // what comes goes before list[at]
		}
		return 0
	})
	out := make([]*Date, 0, len(list)+len(fresh)-len(gone))
	from := 0
	for _, c := range cuts {
		out = append(out, list[from:c.at]...)
		from = c.at
		if c.gone {
			from++
		} else {
			out = append(out, c.d)
		}
	}
	return append(out, list[from:]...)
}
