package render

import (
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/internal/render/feeds"
)

// TestSitemapEntriesOracle: the sitemap's entries, kept as the kinds are
// listed, are those that were made from every file listed, as they were
// before: the listed pages, in the order of the table, with the dates
// of those that have one.
func TestSitemapEntriesOracle(t *testing.T) {
	for _, n := range []int{1, 30, 400} {
		r, err := newRun(bigSite(t, n), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := oracleSitemap(r.files())
		got := r.sitemap()
		if !slices.Equal(got, want) {
			t.Errorf("%d briefings: %d entries, want %d", n, len(got), len(want))
		}
		dated := slices.IndexFunc(got, func(e feeds.Entry) bool { return e.LastMod != "" })
		if dated < 0 || slices.ContainsFunc(got, func(e feeds.Entry) bool { return e.Path == "404.html" }) {
			t.Errorf("%d briefings: no dated page, or the unlisted 404 page listed", n)
		}
	}
}

// oracleSitemap is run.sitemap as it was, from every file of the run in
// the order of the table (the pages are never streamed: files lists
// them in that order).
func oracleSitemap(all []File) []feeds.Entry {
	var entries []feeds.Entry
	for _, f := range all {
		if f.page != nil && !f.unlisted {
			e := feeds.Entry{Path: f.Path}
			if !f.Modified.IsZero() {
				e.LastMod = f.Modified.Format("2006-01-02")
			}
			entries = append(entries, e)
		}
	}
	return entries
}
