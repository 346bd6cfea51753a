package render

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/model"
)

// monthSiteFS is bigSiteFS with an event in every third briefing, dated by
// its quote's sentence: a month of passages and events, which the key
// tests cut into pages of a few items.
func monthSiteFS(n int) fstest.MapFS {
	site := bigSiteFS(n)
	for i := 0; i < n; i += 3 {
		md := briefingFiles(site)[i]
		site[md] = &fstest.MapFile{Data: bytes.Replace(site[md].Data, []byte("tags: [x]\n"),
			fmt.Appendf(nil, "tags: [x]\nevents:\n  - quote: \"wrote note %d\"\n    title: \"Event %d\"\n", i, i), 1)}
	}
	return site
}

// briefingFiles is the site's briefing files, in the order of their
// numbers (the last four digits of the slug).
func briefingFiles(site fstest.MapFS) []string {
	var names []string
	for name := range site {
		if strings.HasPrefix(name, "content/briefings/") {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(a[len(a)-7:], b[len(b)-7:]) })
	return names
}

// seedOf is the seed file of a briefing file.
func seedOf(md string) string {
	return "seeds/" + strings.TrimSuffix(strings.TrimPrefix(md, "content/briefings/"), ".md") + ".txt"
}

var (
	titleField  = regexp.MustCompile(`(?m)^title: .*$`)
	eventTitle  = regexp.MustCompile(`(?m)^    title: .*$`)
	passageDate = regexp.MustCompile(`[0-9]+ (March|April) 2024`)
)

// monthEdits change what the month pages show: titles, which items a
// briefing has and where they fall, and which briefings there are. Each
// takes the site, an argument to choose what with, and the step's number
// for new text; it reports what it did.
var monthEdits = []func(site fstest.MapFS, arg, step int) string{
	func(site fstest.MapFS, arg, step int) string {
		md := pick(site, arg)
		replace(site, md, titleField, fmt.Sprintf("title: Title %d", step))
		return "title of " + md
	},
	func(site fstest.MapFS, arg, step int) string {
		md := pick(site, arg)
		if !eventTitle.Match(site[md].Data) {
			return "no event title in " + md
		}
		replace(site, md, eventTitle, fmt.Sprintf("    title: \"Event %d\"", step))
		return "event title of " + md
	},
	func(site fstest.MapFS, arg, step int) string {
		seed := seedOf(pick(site, arg))
		replace(site, seed, passageDate, fmt.Sprintf("%d %s 2024", 1+arg%28, []string{"March", "April"}[arg/28%2]))
		return "a passage's date in " + seed
	},
	func(site fstest.MapFS, arg, step int) string {
		seed := seedOf(pick(site, arg))
		site[seed] = &fstest.MapFile{Data: fmt.Appendf(bytes.TrimRight(site[seed].Data, "\n"), " Lovelace came back on %d March 2024.\n", 1+arg%28)}
		return "a passage more in " + seed
	},
	func(site fstest.MapFS, arg, step int) string {
		if len(briefingFiles(site)) < 3 {
			return "too few briefings to delete one"
		}
		md := pick(site, arg)
		delete(site, md)
		delete(site, seedOf(md))
		return "deleted " + md
	},
	func(site fstest.MapFS, arg, step int) string {
		slug := fmt.Sprintf("2024-%02d-%02d-%04d", 1+arg%12, 1+arg%28, 5000+step)
		site["seeds/"+slug+".txt"] = &fstest.MapFile{Data: fmt.Appendf(nil, "date %s\n\nAda Lovelace wrote on %d March 2024.\n", slug[:10], 1+arg%28)}
		site["content/briefings/"+slug+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\nseed: %s.txt\ntitle: New %d\nsummary: New.\ntags: [x]\n---\n", slug, step)}
		return "new briefing " + slug
	},
}

// pick is briefing file arg of the site, counting round.
func pick(site fstest.MapFS, arg int) string {
	names := briefingFiles(site)
	return names[arg%len(names)]
}

// replace replaces the first match of re in a file of the site.
func replace(site fstest.MapFS, name string, re *regexp.Regexp, with string) {
	data := site[name].Data
	loc := re.FindIndex(data)
	if loc == nil {
		return
	}
	site[name] = &fstest.MapFile{Data: slices.Concat(data[:loc[0]], []byte(with), data[loc[1]:])}
}

// checkMonthKeys applies the edits of ops (each an edit and its argument)
// to a site whose months span pages, rendering it after each: every file
// whose key stayed must have stayed byte for byte, as an incremental
// build carries it over. It returns how many month pages kept their key
// and how many changed it over all the steps.
func checkMonthKeys(t *testing.T, ops []byte) (kept, changed int) {
	defer func(n, perPage int) { timelineInline, monthPerPage = n, perPage }(timelineInline, monthPerPage)
	timelineInline, monthPerPage = 0, 7
	render := keyedRenderer(t)
	site := monthSiteFS(24)
	before := render(site)
	for i := 0; i+1 < len(ops); i += 2 {
		what := monthEdits[int(ops[i])%len(monthEdits)](site, int(ops[i+1]), i/2)
		after := render(site)
		for _, p := range slices.Sorted(maps.Keys(after.files)) {
			if before.keys[p] == "" {
				continue // a new file
			}
			same := before.keys[p] == after.keys[p]
			if same && !bytes.Equal(before.files[p], after.files[p]) {
				t.Fatalf("step %d (%s): %s changed but its key did not", i/2, what, p)
			}
			if strings.HasPrefix(p, "timeline/") {
				if same {
					kept++
				} else {
					changed++
				}
			}
		}
		before = after
	}
	return kept, changed
}

// TestMonthKeysRandomEdits is checkMonthKeys on random sequences of edits.
func TestMonthKeysRandomEdits(t *testing.T) {
	kept, changed := 0, 0
	for seq := range 8 {
		rng := rand.New(rand.NewPCG(uint64(seq), 12))
		ops := make([]byte, 16)
		for i := range ops {
			ops[i] = byte(rng.UintN(256))
		}
		k, c := checkMonthKeys(t, ops)
		kept, changed = kept+k, changed+c
	}
	// Keys that all changed, or none, would pass and prove nothing.
	if kept == 0 || changed == 0 {
		t.Fatalf("month pages: %d kept their key, %d changed it: too few to show anything", kept, changed)
	}
	t.Logf("month pages: %d kept their key, %d changed it", kept, changed)
}

// FuzzMonthKeys is checkMonthKeys on sequences of edits the fuzzer
// chooses.
func FuzzMonthKeys(f *testing.F) {
	for i := range len(monthEdits) {
		f.Add([]byte{byte(i), 1, byte(i), 30, 0, 5})
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 20 {
			ops = ops[:20]
		}
		checkMonthKeys(t, ops)
	})
}

// TestMonthLayout: two pages of a month that show the same briefings in
// the same order have the same layout only when they show the same items
// of them and the month has as many pages; so an edit of other briefings
// that moves the cuts changes the key of a page whose items it changed.
func TestMonthLayout(t *testing.T) {
	defer func(n int) { monthPerPage = n }(monthPerPage)
	monthPerPage = 2
	day := func(d int) calendar.Value { return calendar.MustParse(fmt.Sprintf("2024-03-%02d", d)) }
	// Each call makes the briefings anew, as every build does.
	type item struct {
		slug  string
		event bool
		day   int
		index int // among the briefing's events or dates
	}
	items := func(list ...item) []TimelineItem {
		briefings := map[string]*model.Briefing{}
		var out []TimelineItem
		for _, it := range list {
			b := briefings[it.slug]
			if b == nil {
				b = &model.Briefing{Slug: it.slug}
				briefings[it.slug] = b
			}
			ti := TimelineItem{Value: day(it.day), Briefing: b}
			if it.event {
				ti.Event = &model.Event{Briefing: b, Value: ti.Value, Anchor: fmt.Sprintf("e%d", it.index+1)}
			} else {
				ti.Date = &model.Date{Briefing: b, Value: ti.Value, Index: it.index}
			}
			out = append(out, ti)
		}
		return out
	}
	// a and b have passages of the 5th, 3rd and 1st; c and d are newer,
	// e and f older.
	ab := []item{{"a", false, 5, 0}, {"b", false, 5, 0}, {"a", false, 3, 1}, {"b", false, 3, 1}, {"a", false, 1, 2}, {"b", false, 1, 2}}
	cd := []item{{"c", false, 7, 0}, {"d", false, 6, 0}}
	ef := []item{{"e", false, 1, 0}, {"f", false, 1, 0}}
	var events []item // of one day: pages of two cut between them
	for i := range 4 {
		events = append(events, item{"b", true, 4, i})
	}
	for _, tt := range []struct {
		name          string
		before, after []TimelineItem
		page          int
		same          bool
	}{
		{"the same items", items(slices.Concat(ab, ef)...), items(slices.Concat(ab, ef)...), 2, true},
		{"other passages of the same briefings", items(slices.Concat(ab, ef)...), items(slices.Concat(cd, ab)...), 2, false},
		{"other events of one date", items(slices.Concat(cd[:1], events)...), items(slices.Concat(events, ef[:1])...), 2, false},
		{"a page more", items(ab...), items(slices.Concat(ab, ef[:1])...), 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := newMonthPaging("timeline/2024-03.html", tt.before)
			after := newMonthPaging("timeline/2024-03.html", tt.after)
			slugs := func(mp monthPaging) []string {
				var s []string
				for _, b := range monthPageInputs(mp, tt.page, newMonthLayout(mp.items)).Briefings {
					s = append(s, b.Slug)
				}
				return s
			}
			if !slices.Equal(slugs(before), slugs(after)) {
				t.Fatalf("page %d shows briefings %v, then %v: the case is not one of the same briefings", tt.page, slugs(before), slugs(after))
			}
			same := bytes.Equal(monthPageInputs(before, tt.page, newMonthLayout(before.items)).Layout, monthPageInputs(after, tt.page, newMonthLayout(after.items)).Layout)
			if same != tt.same {
				t.Errorf("page %d has the same layout: %v, want %v", tt.page, same, tt.same)
			}
		})
	}
}
