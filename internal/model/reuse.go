package model

import (
	"bytes"
	"reflect"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
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
// Reuse must not run at once.
type Reuse struct {
	registry  []annotations.Actor
	drafts    bool
	actors    map[string]*Actor
	briefings map[string]annotated // by file
	// The dates of the last build that was linked, newest first, with
	// their sort keys, and the briefings they are of.
	dates    []*Date
	dateKeys []dateKey
	datesOf  map[*Briefing]bool
	builds   int // counts the builds, to mark the briefings reused in one
}

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
// made from and the problems found.
type annotated struct {
	in    *annotations.Briefing
	seed  *seeds.Seed
	b     *Briefing
	pairs []pairCount
	errs  diag.List
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
	ids := map[string]bool{}
	for _, a := range registry {
		ids[a.ID] = true
	}
	// Two entries of one id are an error, and each its own actor.
	run.same = r.actors != nil && r.drafts == drafts && len(ids) == len(registry) && reflect.DeepEqual(r.registry, registry)
	if !run.same {
		r.registry, r.drafts, r.briefings, r.dates, r.dateKeys, r.datesOf = registry, drafts, nil, nil, nil, nil
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
	b.pairs = prev.pairs // link reads them, never changes them
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
		run.r.briefings[b.File] = annotated{in: inputs[i], seed: b.Seed, b: b, pairs: b.pairs, errs: errs[i]}
	}
}

// sortDates is every date of the briefings, newest first, as newestFirst
// orders them. The dates of briefings reused from the last build linked
// are in its order already: only the others are sorted, and merged in.
func (run *reuseRun) sortDates(briefings []*Briefing) []*Date {
	reused := func(b *Briefing) bool { return run.r != nil && b.reusedIn == run.build }
	var fresh []*Date
	for _, b := range briefings {
		if !reused(b) || !run.r.datesOf[b] {
			fresh = append(fresh, b.Dates...)
		}
	}
	newestFirst(fresh, func(d *Date) (calendar.Value, *Briefing, int) { return d.Value, d.Briefing, d.Start })
	if run.r == nil {
		return fresh
	}
	all := make([]*Date, 0, len(run.r.dates)+len(fresh))
	keys := make([]dateKey, 0, cap(all))
	j := 0
	var next dateKey
	if j < len(fresh) {
		next = keyOfDate(fresh[j])
	}
	for i, d := range run.r.dates {
		if !reused(d.Briefing) {
			continue
		}
		k := run.r.dateKeys[i]
		for j < len(fresh) && next.before(k) {
			all, keys = append(all, fresh[j]), append(keys, next)
			if j++; j < len(fresh) {
				next = keyOfDate(fresh[j])
			}
		}
		all, keys = append(all, d), append(keys, k)
	}
	for ; j < len(fresh); j++ {
		all, keys = append(all, fresh[j]), append(keys, keyOfDate(fresh[j]))
	}
	run.r.dates, run.r.dateKeys = all, keys
	run.r.datesOf = make(map[*Briefing]bool, len(briefings))
	for _, b := range briefings {
		run.r.datesOf[b] = true
	}
	return all
}
