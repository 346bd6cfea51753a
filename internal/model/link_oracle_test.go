package model

import (
	"cmp"
	"fmt"
	"io/fs"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/corpus"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// linkOracle is link as it was before each actor's mentions were placed
// from the briefings' counts on every CPU, its events taken from the
// site's sorted list and the dates sorted by datesNewestFirst: every
// mention appended in turn, every actor's events sorted, and the dates
// by newestFirst.
func linkOracle(site *Site, tags map[string]*Tag) *pairTable {
	sort.SliceStable(site.Briefings, func(i, j int) bool {
		a, b := site.Briefings[i], site.Briefings[j]
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		return a.Slug < b.Slug
	})
	for i, b := range site.Briefings {
		if i > 0 {
			b.Newer = site.Briefings[i-1]
		}
		if i+1 < len(site.Briefings) {
			b.Older = site.Briefings[i+1]
		}
	}
	var dates []*Date
	for _, b := range site.Briefings {
		dates = append(dates, b.Dates...)
	}
	newestFirst(dates, func(d *Date) (calendar.Value, *Briefing, int) { return d.Value, d.Briefing, d.Start })
	site.Dates = dates
	together := newPairTable(site.Actors)
	mentioned := map[*Actor]int{}
	for _, b := range site.Briefings {
		for _, c := range b.Counts {
			mentioned[c.Actor] += c.Count
		}
	}
	for a, n := range mentioned {
		a.Mentions = slices.Grow(a.Mentions, n)
	}
	for _, b := range site.Briefings {
		for _, m := range b.Mentions {
			m.Actor.Mentions = append(m.Actor.Mentions, m)
		}
		for _, p := range b.pairs {
			together.add(p)
		}
		b.pairs = nil
		for _, c := range b.Counts {
			c.Actor.Briefings = append(c.Actor.Briefings, b)
		}
		for _, e := range b.Events {
			for _, a := range e.Actors {
				a.Events = append(a.Events, e)
			}
			site.Events = append(site.Events, e)
		}
	}
	together.relate(site.Actors)
	for _, a := range site.Actors {
		sortRelated(a.Related)
		sortEvents(a.Events)
	}
	sort.SliceStable(site.Actors, func(i, j int) bool { return byName(site.Actors[i], site.Actors[j]) })
	sortEvents(site.Events)
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

// unlink undoes what link did to a model, for linkOracle to link it again.
func unlink(site *Site) map[string]*Tag {
	for _, a := range site.Actors {
		a.Mentions, a.Events, a.Briefings, a.Related = nil, nil, nil, nil
	}
	tags := map[string]*Tag{}
	for _, t := range site.Tags {
		t.Briefings = nil
		tags[t.Name] = t
	}
	for _, b := range site.Briefings {
		b.Older, b.Newer = nil, nil
		b.pairs = sharedPassages(b, nil)
	}
	// The order the briefings were linked in must not matter.
	slices.Reverse(site.Briefings)
	site.Events, site.Dates, site.Tags = nil, nil, nil
	return tags
}

// describeLinks writes down what link makes, one line a list.
func describeLinks(site *Site) string {
	var s strings.Builder
	for _, b := range site.Briefings {
		older, newer := "", ""
		if b.Older != nil {
			older = b.Older.Slug
		}
		if b.Newer != nil {
			newer = b.Newer.Slug
		}
		fmt.Fprintf(&s, "briefing %s older %s newer %s\n", b.Slug, older, newer)
	}
	for _, a := range site.Actors {
		fmt.Fprintf(&s, "actor %s nil mentions %t:", a.ID, a.Mentions == nil)
		for _, m := range a.Mentions {
			fmt.Fprintf(&s, " %s#%s", m.Briefing.Slug, m.Anchor())
		}
		s.WriteString("\n  events:")
		for _, e := range a.Events {
			fmt.Fprintf(&s, " %s#%s", e.Briefing.Slug, e.Anchor)
		}
		s.WriteString("\n  briefings:")
		for _, b := range a.Briefings {
			fmt.Fprintf(&s, " %s", b.Slug)
		}
		s.WriteString("\n  related:")
		for _, r := range a.Related {
			fmt.Fprintf(&s, " %s=%d", r.Actor.ID, r.Count)
		}
		s.WriteString("\n")
	}
	s.WriteString("dates:")
	for _, d := range site.Dates {
		fmt.Fprintf(&s, " %s#%s", d.Briefing.Slug, d.Anchor())
	}
	s.WriteString("\nevents:")
	for _, e := range site.Events {
		fmt.Fprintf(&s, " %s#%s", e.Briefing.Slug, e.Anchor)
	}
	for _, t := range site.Tags {
		fmt.Fprintf(&s, "\ntag %s:", t.Name)
		for _, b := range t.Briefings {
			fmt.Fprintf(&s, " %s", b.Slug)
		}
	}
	return s.String()
}

// generatedSite is a site of the corpus generator, as files.
func generatedSite(t testing.TB, o corpus.Options) fs.FS {
	t.Helper()
	files := corpus.Files{}
	if err := corpus.Write(o, files, nil); err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	for name, data := range files {
		site[name] = &fstest.MapFile{Data: data}
	}
	return site
}

// TestLinkOracle links generated sites with link and with linkOracle,
// which must make the same lists in the same order: with the passages
// actors share counted by link itself, and added up from each
// briefing's list of them, as for a large registry.
func TestLinkOracle(t *testing.T) {
	defer func(max int) { maxPairsInLink = max }(maxPairsInLink)
	for _, max := range []int{maxPairsInLink, 0} {
		maxPairsInLink = max
		for _, o := range []corpus.Options{{Briefings: 1, Seed: 1, Words: 200}, {Briefings: 300, Seed: 2, Words: 300}, {Briefings: 120, Seed: 5, Words: 800}} {
			site := generatedSite(t, o)
			content, problems := annotations.Load(site)
			seedFiles, serrs := seeds.Load(site)
			if err := append(problems, serrs...).Err(); err != nil {
				t.Fatal(err)
			}
			m, errs := Build(content, seedFiles, Options{})
			if err := errs.Err(); err != nil {
				t.Fatal(err)
			}
			got := describeLinks(m)
			linkOracle(m, unlink(m))
			if want := describeLinks(m); got != want {
				t.Errorf("%+v, pairs in link up to %d actors: link and linkOracle differ:\n%s", o, max, firstDifference(got, want))
			}
		}
	}
}

// firstDifference shows the first line where two descriptions differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %.300s\nwant %.300s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestDatesNewestFirst compares datesNewestFirst with newestFirst's
// oracle: on briefings of unique slugs whose dates are in the order of
// their starts and near each other (the counting sort's case), and on
// those it leaves to newestFirst: days far apart (the zero value among
// them), two briefings with one slug, dates out of the order of their
// starts.
func TestDatesNewestFirst(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var near []string
	for range 40 {
		d := base.AddDate(0, 0, r.Intn(400))
		_, w := d.ISOWeek()
		near = append(near, d.Format("2006-01-02"), d.Format("2006-01"), d.Format("2006"), fmt.Sprintf("%d-W%02d", d.Year(), w))
	}
	far := append([]string{"", "1969-12-31", "0001-01-01", "9999-12-31"}, near...)
	for _, c := range []struct {
		name             string
		values           []string
		twoSlugs, jumble bool
	}{
		{"near", near, false, false},
		{"far", far, false, false},
		{"two slugs", near, true, false},
		{"starts out of order", near, false, true},
	} {
		var briefings []*Briefing
		for i := range 60 {
			briefings = append(briefings, &Briefing{Slug: fmt.Sprintf("s%03d", r.Intn(1000)*1000+i)})
		}
		if c.twoSlugs {
			briefings = append(briefings, &Briefing{Slug: briefings[7].Slug})
		}
		briefings = append(briefings, &Briefing{Slug: "no-dates"})
		var all []*Date
		for _, b := range briefings[:len(briefings)-1] {
			for range 1 + r.Intn(20) {
				v, err := calendar.Parse(c.values[r.Intn(len(c.values))])
				if err != nil {
					t.Fatal(err)
				}
				start := r.Intn(5) * 10 // starts repeat: the given order decides
				b.Dates = append(b.Dates, &Date{Value: v, Briefing: b, Span: Span{start, start + 1}})
			}
			if !c.jumble {
				slices.SortStableFunc(b.Dates, func(x, y *Date) int { return cmp.Compare(x.Start, y.Start) })
			}
			all = append(all, b.Dates...)
		}
		want := newestFirstOracle(all)
		if got := datesNewestFirst(briefings); !slices.Equal(got, want) {
			t.Errorf("%s: datesNewestFirst differs from the oracle", c.name)
		}
	}
	if got := datesNewestFirst([]*Briefing{{Slug: "a"}}); got != nil {
		t.Errorf("no dates: got %v, want nil", got)
	}
}

// describeAnnotated writes down what annotate made of every briefing.
func describeAnnotated(site *Site) string {
	var s strings.Builder
	for _, b := range site.Briefings {
		fmt.Fprintf(&s, "briefing %s\n", b.Slug)
		for _, m := range b.Mentions {
			fmt.Fprintf(&s, " m%d %d-%d %s block %d\n", m.Index, m.Start, m.End, m.Actor.ID, m.Block)
		}
		for _, d := range b.Dates {
			fmt.Fprintf(&s, " d%d %d-%d %s block %d corrected %t sentence %v\n", d.Index, d.Start, d.End, d.Value, d.Block, d.Corrected, d.Sentence())
		}
		for _, e := range b.Events {
			fmt.Fprintf(&s, " %s %d-%d %s block %d %q", e.Anchor, e.Start, e.End, e.Value, e.Block, e.Title)
			for _, a := range e.Actors {
				fmt.Fprintf(&s, " %s", a.ID)
			}
			s.WriteString("\n")
		}
		for _, n := range b.Notes {
			fmt.Fprintf(&s, " %s %d-%d block %d\n", n.Anchor, n.Start, n.End, n.Block)
		}
		for _, c := range b.Counts {
			fmt.Fprintf(&s, " count %s %d %t\n", c.Actor.ID, c.Count, c.Key)
		}
	}
	return s.String()
}

// TestBuildFromCacheSame: a model built from an extraction cache read
// back from its file is the model built without one.
func TestBuildFromCacheSame(t *testing.T) {
	site := generatedSite(t, corpus.Options{Briefings: 150, Seed: 4, Words: 400})
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	if err := append(problems, serrs...).Err(); err != nil {
		t.Fatal(err)
	}
	build := func(c *ExtractCache) string {
		t.Helper()
		m, errs := Build(content, seedFiles, Options{Cache: c})
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		return describeAnnotated(m) + describeLinks(m)
	}
	want := build(nil)
	c := NewExtractCache()
	c.Use("salt")
	if got := build(c); got != want {
		t.Errorf("a build that fills the cache differs from one without:\n%s", firstDifference(got, want))
	}
	_, read := writeAndRead(t, c)
	read.Use("salt")
	if got := build(read); got != want {
		t.Errorf("a build from the cache read back differs from one without:\n%s", firstDifference(got, want))
	}
	if read.Changed() {
		t.Error("a build from the cache extracted again")
	}
}
