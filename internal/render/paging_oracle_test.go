package render

import (
	"html/template"
	"strconv"
	"testing"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// TestPagerOracle compares the pager, whose pages are made as it shows
// them (pageSeq), with the pager as it was made from the list of every
// page, for lists of each length up to beyond two windows, from each page.
func TestPagerOracle(t *testing.T) {
	for pages := 1; pages <= 3*pageWindow+4; pages++ {
		pg := newPaging("actors/a b.html", "actors/a b", pages, 1)
		all := make([]pageLink, pages)
		for i := range all {
			all[i] = pageLink{Path: pg.path(i + 1), Label: strconv.Itoa(i + 1)}
		}
		for cur := range pages {
			from := pg.path(cur + 1)
			got := pagerNav(i18n.English, from, pg.numbered(), cur, "Pages & more")
			want := oraclePagerNav(i18n.English, from, all, cur, "Pages & more")
			if got != want {
				t.Fatalf("%d pages, from page %d:\n%s\nwant\n%s", pages, cur+1, got, want)
			}
			if got := pagerNav(i18n.English, from, seqOf(all), cur, "Pages & more"); got != want {
				t.Fatalf("%d pages of a list, from page %d:\n%s\nwant\n%s", pages, cur+1, got, want)
			}
		}
	}
}

func oraclePagerNav(lang *i18n.Lang, from string, seq []pageLink, cur int, label string) template.HTML {
	if len(seq) < 2 {
		return ""
	}
	root := rootOf(from)
	var w htmlw.Writer
	w.Tag(`<nav class="pages" aria-label="`)
	w.Attr(label)
	w.Tag("\">\n")
	if cur > 0 {
		w.Tag(`<a rel="prev" href="`)
		w.URL(root)
		w.URL(seq[cur-1].Path)
		w.Tag(`">`)
		w.Text(lang.Text("pages.newer"))
		w.Tag(`</a>`)
		w.Tag("\n")
	}
	w.Tag("<ol>")
	gap := false
	for i, p := range seq {
		if i != 0 && i != len(seq)-1 && (i < cur-pageWindow || i > cur+pageWindow) {
			if !gap {
				w.Tag(`<li class="gap">…</li>`)
			}
			gap = true
			continue
		}
		gap = false
		w.Tag(`<li><a href="`)
		w.URL(root)
		w.URL(p.Path)
		w.Tag(`"`)
		if i == cur {
			w.Tag(` aria-current="page"`)
		}
		w.Tag(">")
		w.Text(p.Label)
		w.Tag("</a></li>")
	}
	w.Tag("</ol>\n")
	if cur+1 < len(seq) {
		w.Tag(`<a rel="next" href="`)
		w.URL(root)
		w.URL(seq[cur+1].Path)
		w.Tag(`">`)
		w.Text(lang.Text("pages.older"))
		w.Tag(`</a>`)
		w.Tag("\n")
	}
	w.Tag("</nav>")
	return w.Done()
}
