package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/templates"
)

// keyedOutput keeps what Site writes with the key it gives each file, and
// carries nothing over, so that every file is made.
type keyedOutput struct {
	memoryOutput
	mu   sync.Mutex
	keys map[string]string
}

func (k *keyedOutput) Carry(p, key string) (bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.keys == nil {
		k.keys = map[string]string{}
	}
	k.keys[p] = key
	return false, nil
}

// saltedOutput is a keyedOutput with a salt, as build's output has.
type saltedOutput struct {
	keyedOutput
	salt string
}

func (s *saltedOutput) KeySalt() string { return s.salt }

// TestSaltsGiveOtherKeys: the same model rendered for outputs of other
// salts (another program, other options or registry) gives every file
// another key, and the same salt the same keys.
func TestSaltsGiveOtherKeys(t *testing.T) {
	m := buildModel(t, bigSiteFS(40))
	tmpl, problems := LoadTemplates(templates.FS, nil)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	keys := func(out Output) map[string]string {
		if err := Site(m, tmpl, out, nil); err != nil {
			t.Fatal(err)
		}
		switch o := out.(type) {
		case *saltedOutput:
			return o.keys
		case *keyedOutput:
			return o.keys
		}
		return nil
	}
	unsalted := keys(&keyedOutput{})
	a, again, b := keys(&saltedOutput{salt: "a"}), keys(&saltedOutput{salt: "a"}), keys(&saltedOutput{salt: "b"})
	if len(unsalted) < 100 || len(a) != len(unsalted) || len(b) != len(unsalted) {
		t.Fatalf("keyed %d, %d and %d files", len(unsalted), len(a), len(b))
	}
	for p, k := range unsalted {
		if k == a[p] || k == b[p] || a[p] == b[p] {
			t.Errorf("%s: keys %s (no salt), %s (a), %s (b): not all different", p, k, a[p], b[p])
		}
		if a[p] != again[p] {
			t.Errorf("%s: keys %s and %s with one salt", p, a[p], again[p])
		}
	}
}

// TestKeysCoverWhatPagesShow edits one file of a site whose lists span
// pages and renders it before and after: a file whose key did not change
// must not have changed either, or an incremental build would carry over
// a stale file. It also checks that the keys are narrow enough to be of
// use: an edit that moves no count leaves the other pages of the actor.
func TestKeysCoverWhatPagesShow(t *testing.T) {
	defer func(n, perPage int) { timelineInline, monthPerPage = n, perPage }(timelineInline, monthPerPage)
	// Month pages, and a month of several pages (two passages of every
	// briefing), so that the edits below move items from page to page;
	// its pages are full, so that a new briefing's passage, the month's
	// last item, makes a page more and changes every page's pager.
	timelineInline, monthPerPage = 0, 40
	const n = 180
	render := keyedRenderer(t)
	before := render(bigSiteFS(n))
	// bigSite's briefing i; the newest are on an actor's first page.
	briefing := func(i int) (md, seed string) {
		year := 2023 + i%2
		slug := fmt.Sprintf("%d-%02d-%02d-%04d", year, 1+i%12, 1+i%28, i)
		return "content/briefings/" + slug + ".md", "seeds/" + slug + ".txt"
	}
	edit := func(name string, i int, old, new string) struct {
		name  string
		i     int
		apply func(fstest.MapFS)
	} {
		return struct {
			name  string
			i     int
			apply func(fstest.MapFS)
		}{name, i, func(site fstest.MapFS) {
			md, seed := briefing(i)
			for _, p := range []string{md, seed} {
				if data := string(site[p].Data); strings.Contains(data, old) {
					site[p] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
					return
				}
			}
			t.Fatalf("%s: %q is in neither %s nor %s", name, old, md, seed)
		}}
	}
	edits := []struct {
		name  string
		i     int
		apply func(fstest.MapFS)
	}{
		edit("an old briefing's title", 2, "title: Note 2\n", "title: Note two\n"),
		edit("a new briefing's title", n-1, fmt.Sprintf("title: Note %d\n", n-1), "title: The last note\n"),
		edit("a passage's words", 4, "wrote again", "wrote once more"),
		edit("a mention more", 6, "wrote again on", "wrote again with Ada Lovelace on"),
		edit("a passage's date", 8, "5 March 2024", "6 March 2024"),
		edit("a briefing's date", 2, "date 2023-03-03", "date 2023-06-03"),
		edit("a briefing's year", 3, "date 2024-04-04", "date 2023-04-04"),
		edit("a new tag", 5, "tags: [x]", "tags: [x, aaa]"),
		{"the oldest briefing removed", 0, func(site fstest.MapFS) {
			md, seed := briefing(0)
			delete(site, md)
			delete(site, seed)
		}},
		{"a new briefing", 0, func(site fstest.MapFS) {
			site["seeds/2024-12-30-9999.txt"] = &fstest.MapFile{Data: []byte("date 2024-12-30\n\nAda Lovelace wrote on 3 March 2024.\n")}
			site["content/briefings/2024-12-30-9999.md"] = &fstest.MapFile{Data: []byte("---\nseed: 2024-12-30-9999.txt\ntitle: New\nsummary: New.\ntags: [x]\n---\n")}
		}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			site := bigSiteFS(n)
			e.apply(site)
			after := render(site)
			// The files made before and after; a new briefing adds some.
			paths := slices.DeleteFunc(slices.Sorted(maps.Keys(after.files)), func(p string) bool { return before.files[p] == nil })
			var changed, kept []string
			for _, p := range paths {
				same := bytes.Equal(before.files[p], after.files[p])
				if before.keys[p] == "" {
					t.Fatalf("%s: no key", p)
				}
				if before.keys[p] == after.keys[p] {
					kept = append(kept, p)
					if !same {
						t.Errorf("%s changed but its key did not", p)
					}
				} else if !same {
					changed = append(changed, p)
				}
			}
			if len(changed) == 0 {
				t.Fatalf("the edit changed no file: it proves nothing")
			}
			t.Logf("%d files changed, %d kept their key", len(changed), len(kept))
		})
	}
	// An old briefing's title is on its own actor page and in lists;
	// the actor's other pages keep their keys.
	site := bigSiteFS(n)
	edits[0].apply(site)
	after := render(site)
	var actorKept []string
	for p, key := range after.keys {
		if strings.HasPrefix(p, "actors/ada-lovelace/") && before.keys[p] == key {
			actorKept = append(actorKept, p)
		}
	}
	if pages := (n + actorPerPage - 1) / actorPerPage; len(actorKept) != pages-2 {
		t.Errorf("after a title edit, %d of the actor's %d pages kept their key (%v), want all but the first and the edited briefing's", len(actorKept), pages, actorKept)
	}
	// The search's text shards, the archive's pages and the tag's pages:
	// the one that shows the briefing changes key, the others keep theirs.
	for _, list := range []struct {
		what string
		is   *regexp.Regexp
	}{
		{"text shards", regexp.MustCompile(`^assets/search/f/`)},
		{"document shards", regexp.MustCompile(`^assets/search/d/`)},
		{"archive pages", regexp.MustCompile(`^briefings/[0-9]{4}/`)},
		{"tag pages", regexp.MustCompile(`^tags/x[./]`)},
	} {
		var changed, all []string
		for p, key := range after.keys {
			if list.is.MatchString(p) {
				all = append(all, p)
				if before.keys[p] != key {
					changed = append(changed, p)
				}
			}
		}
		if len(all) < 2 || len(changed) != 1 {
			t.Errorf("after a title edit, %v of the %s %v changed key, want the one that shows the briefing", changed, list.what, all)
		}
	}
	// Every briefing a month's page links is among its inputs: so an edit
	// of any briefing, not only of those edited above, changes its key.
	plan, err := Plan(buildModel(t, bigSiteFS(n)))
	if err != nil {
		t.Fatal(err)
	}
	months := 0
	for _, f := range plan {
		if f.Kind != "month" {
			continue
		}
		months++
		in := f.Inputs()
		if in.AllBriefings {
			continue
		}
		named := map[string]bool{}
		for _, b := range in.Briefings {
			named[b.Slug] = true
		}
		shown := linkedBriefings(before.files[f.Path])
		if len(shown) == 0 {
			t.Errorf("%s links no briefing", f.Path)
		}
		for slug := range shown {
			if !named[slug] {
				t.Errorf("%s shows briefing %s, which its inputs do not name", f.Path, slug)
			}
		}
	}
	if months < 3 {
		t.Errorf("%d month pages: too few to show anything", months)
	}
	// The briefing is of 2023: the data export of 2024 stays, that of
	// 2023 is made again.
	for p, want := range map[string]bool{"data/list/2024-1.json": true, "data/briefings/2024-1.ndjson.gz": true, "data/list/2023-1.json": false, "data/briefings/2023-1.ndjson.gz": false} {
		if got := before.keys[p] != "" && before.keys[p] == after.keys[p]; got != want {
			t.Errorf("after a title edit, %s kept its key: %v, want %v", p, got, want)
		}
	}
}

// briefingLink is a link to a briefing's page, from any folder.
var briefingLink = regexp.MustCompile(`briefings/([0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4})\.html`)

// linkedBriefings is the slugs of the briefings a page links to.
func linkedBriefings(page []byte) map[string]bool {
	slugs := map[string]bool{}
	for _, m := range briefingLink.FindAllSubmatch(page, -1) {
		slugs[string(m[1])] = true
	}
	return slugs
}

// TestMonthKeysFollowTitles: in a month of several pages, a briefing's
// title changes the key of every page of the month that shows one of its
// items, and of no other page of the timeline.
func TestMonthKeysFollowTitles(t *testing.T) {
	defer func(n, perPage int) { timelineInline, monthPerPage = n, perPage }(timelineInline, monthPerPage)
	timelineInline, monthPerPage = 0, 40
	const n = 60
	render := keyedRenderer(t)
	before := render(bigSiteFS(n))
	var pages []string // of the timeline's months
	for p := range before.keys {
		if strings.HasPrefix(p, "timeline/") {
			pages = append(pages, p)
		}
	}
	slices.Sort(pages)
	if !slices.Contains(pages, "timeline/2024-03/3.html") {
		t.Fatalf("the month pages %v: no month of three pages or more", pages)
	}
	// The first and last briefings, and one of the middle: the items of
	// each are on two pages of the month, the first or last of a page
	// or not.
	for _, i := range []int{0, 1, n / 2, n - 1} {
		slug := fmt.Sprintf("%d-%02d-%02d-%04d", 2023+i%2, 1+i%12, 1+i%28, i)
		t.Run(slug, func(t *testing.T) {
			site := bigSiteFS(n)
			md := "content/briefings/" + slug + ".md"
			old := fmt.Sprintf("title: Note %d\n", i)
			if !bytes.Contains(site[md].Data, []byte(old)) {
				t.Fatalf("%s has no %q", md, old)
			}
			site[md] = &fstest.MapFile{Data: bytes.Replace(site[md].Data, []byte(old), []byte("title: Edited\n"), 1)}
			after := render(site)
			var showing, changed []string
			for _, p := range pages {
				if linkedBriefings(before.files[p])[slug] {
					showing = append(showing, p)
				}
				if before.keys[p] != after.keys[p] {
					changed = append(changed, p)
				}
			}
			if len(showing) == 0 || len(showing) == len(pages) {
				t.Fatalf("%d of the %d month pages show %s: the test proves nothing", len(showing), len(pages), slug)
			}
			if !slices.Equal(changed, showing) {
				t.Errorf("the title changed the keys of %v, want those of the pages that show it, %v", changed, showing)
			}
		})
	}
}

// TestOnlyMakesWhatSiteMakes: a file made alone by Only, as serve makes
// the pages open in a browser, has the bytes Site gives it, and every
// file begins as its kind says its files do, so that Only never leaves
// out the kind of a file it is asked for.
func TestOnlyMakesWhatSiteMakes(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0
	m := buildModel(t, bigSiteFS(180))
	tmpl, problems := LoadTemplates(templates.FS, nil)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	all := &memoryOutput{}
	if err := Site(m, tmpl, all, nil); err != nil {
		t.Fatal(err)
	}
	plan, err := Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range plan {
		if !anyOf(map[string]bool{f.Path: true}, kindByName(f.Kind)) {
			t.Errorf("%s, of kind %s, begins as none of the kind's files do (%v)", f.Path, f.Kind, kindByName(f.Kind).Under)
		}
		kinds[f.Kind] = true
		one := &memoryOutput{}
		if err := Only(m, tmpl, one, map[string]bool{f.Path: true}); err != nil {
			t.Fatal(err)
		}
		if len(one.files) != 1 || !bytes.Equal(one.files[f.Path], all.files[f.Path]) {
			t.Errorf("Only(%s) made %d files, its bytes equal to Site's: %v", f.Path, len(one.files), bytes.Equal(one.files[f.Path], all.files[f.Path]))
		}
	}
	if len(kinds) < 14 {
		t.Errorf("the site has files of %d kinds: too few to show anything", len(kinds))
	}
}

// renderRemembering renders a site with the built-in templates, taking
// the summaries from kept when it is not nil, and returns its files.
func renderRemembering(t *testing.T, site fstest.MapFS, kept *Summaries) map[string][]byte {
	t.Helper()
	tmpl, problems := LoadTemplates(templates.FS, nil)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	if kept != nil {
		tmpl.Remember(kept)
	}
	out := &memoryOutput{}
	if err := Site(buildModel(t, site), tmpl, out, nil); err != nil {
		t.Fatal(err)
	}
	return out.files
}

// TestRememberedSummaries: runs that take their summaries from a
// Summaries make the same files as runs without, also after a summary
// changed, and keep one rendering per summary.
func TestRememberedSummaries(t *testing.T) {
	render := func(site fstest.MapFS, kept *Summaries) map[string][]byte {
		return renderRemembering(t, site, kept)
	}
	kept := NewSummaries()
	site := bigSiteFS(40)
	for step := range 3 {
		if step == 2 {
			md := "content/briefings/2023-03-03-0002.md"
			site[md] = &fstest.MapFile{Data: bytes.Replace(site[md].Data, []byte("summary: Note 2."), []byte("summary: Note *two*."), 1)}
		}
		want, got := render(site, nil), render(site, kept)
		if !maps.EqualFunc(want, got, bytes.Equal) {
			t.Fatalf("step %d: the files made with remembered summaries differ", step)
		}
		if step == 2 && !bytes.Contains(got["briefings/2023-03-03-0002.html"], []byte("<em>two</em>")) {
			t.Fatal("the changed summary is not on its page")
		}
	}
	if n := len(kept.html); n != 41 {
		t.Errorf("%d summaries kept, want the 40 and the changed one", n)
	}
}

// TestSummariesCache: the summaries build keeps on disk come back as
// written and make the same files; a build that renders none leaves the
// cache unchanged, the next one writes only the summaries it showed, and
// a cache of another program is emptied.
func TestSummariesCache(t *testing.T) {
	render := func(site fstest.MapFS, kept *Summaries) map[string][]byte {
		return renderRemembering(t, site, kept)
	}
	roundTrip := func(c *Summaries) *Summaries {
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadSummaries(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return back
	}
	site := bigSiteFS(40)
	kept := NewSummaries()
	kept.Use("program 1")
	want := render(site, nil)
	if got := render(site, kept); !maps.EqualFunc(want, got, bytes.Equal) || !kept.Changed() {
		t.Fatalf("a first build: same files %v, changed %v", maps.EqualFunc(want, got, bytes.Equal), kept.Changed())
	}
	kept = roundTrip(kept)
	kept.Use("program 1")
	if got := render(site, kept); !maps.EqualFunc(want, got, bytes.Equal) || kept.Changed() || kept.added > 0 {
		t.Fatalf("from the cache read back: same files %v, changed %v", maps.EqualFunc(want, got, bytes.Equal), kept.Changed())
	}
	md := "content/briefings/2023-03-03-0002.md"
	site[md] = &fstest.MapFile{Data: bytes.Replace(site[md].Data, []byte("summary: Note 2."), []byte("summary: Note *two*."), 1)}
	kept.Use("program 1")
	if got, want := render(site, kept), render(site, nil); !maps.EqualFunc(want, got, bytes.Equal) || !kept.Changed() {
		t.Fatal("after a summary changed, the files differ or the cache is unchanged")
	}
	if differ, total := kept.Stale(); differ != 2 || total != 41 {
		t.Errorf("after a summary changed: Stale() = %d, %d; want 2 (made, and the old one not used), 41", differ, total)
	}
	kept = roundTrip(kept)
	if len(kept.html) != 40 || kept.html["Note *two*."] != "Note <em>two</em>." {
		t.Errorf("%d summaries written, want the 40 shown; the changed one is %q", len(kept.html), kept.html["Note *two*."])
	}
	kept.Use("program 2")
	if len(kept.html) != 0 {
		t.Errorf("another program's cache keeps %d summaries", len(kept.html))
	}
}

// TestFingerprintsDigestTheirValues: the fingerprints, put together in a
// buffer, are the digests of their values written to a hash one by one,
// as builds before wrote them: a build's keys match the previous build's.
func TestFingerprintsDigestTheirValues(t *testing.T) {
	s := buildModel(t, bigSiteFS(40))
	fp := newFingerprints(s)
	digest := func(write func(h hash.Hash)) [sha256.Size]byte { return digestOf(write) }
	for _, b := range s.Briefings {
		want := digest(func(h hash.Hash) {
			writeStrings(h, b.Slug, b.File, b.Seed.Name)
			seed := b.Seed.Digest()
			for _, part := range [][]byte{seed[:], b.FrontMatter, b.Commentary} {
				writeInts(h, len(part))
				h.Write(part)
			}
		})
		if fp.briefing[b] != want {
			t.Errorf("briefing %s: fingerprint %x, want %x", b.Slug, fp.briefing[b], want)
		}
	}
	if len(s.Actors) == 0 {
		t.Fatal("no actors to check")
	}
	for _, a := range s.Actors {
		want := digest(func(h hash.Hash) {
			writeStrings(h, a.ID)
			writeInts(h, len(a.Mentions), len(a.Events), len(a.Briefings), len(a.Related))
			for _, b := range a.Briefings {
				writeStrings(h, b.Slug)
			}
			for _, e := range a.Events {
				writeStrings(h, e.Briefing.Slug)
			}
			for _, c := range a.Related {
				writeStrings(h, c.Actor.ID)
				writeInts(h, c.Count)
			}
		})
		if fp.actor[a] != want {
			t.Errorf("actor %s: fingerprint %x, want %x", a.ID, fp.actor[a], want)
		}
	}
}

// keyedRenderer renders sites with the built-in templates into a
// keyedOutput, which keeps every file's key and bytes.
func keyedRenderer(t *testing.T) func(fstest.MapFS) *keyedOutput {
	t.Helper()
	tmpl, problems := LoadTemplates(templates.FS, nil)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	return func(site fstest.MapFS) *keyedOutput {
		out := &keyedOutput{}
		if err := Site(buildModel(t, site), tmpl, out, nil); err != nil {
			t.Fatal(err)
		}
		return out
	}
}
