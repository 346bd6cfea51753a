package render

import (
	"html/template"
	"strconv"

	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/htmlw"
)

// The archive is briefings/index.html, the newest briefings and the
// years, then each year's briefings, newest first, on pages of their own:
// briefings/YYYY/index.html, briefings/YYYY/2.html, … The pages are one
// sequence, newest first, linked by their pagers.

// archiveYear is one year of the archive: its briefings, a run of the
// site's, and where its pages are.
type archiveYear struct {
	Year      int
	Briefings []*model.Briefing
	paging    paging
}

// archiveYears cuts the site's briefings, newest first, into years; a
// site whose briefings fit on one page has none.
func archiveYears(s *model.Site) []archiveYear {
	if len(s.Briefings) <= archivePerPage {
		return nil // briefings/index.html lists them all
	}
	var years []archiveYear
	for i, b := range s.Briefings {
		y := b.Published.Year()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, archiveYear{Year: y, Briefings: s.Briefings[i:i]})
		}
		last := &years[len(years)-1]
		last.Briefings = last.Briefings[:len(last.Briefings)+1]
	}
	for i := range years {
		y := &years[i]
		dir := "briefings/" + strconv.Itoa(y.Year)
		y.paging = newPaging(dir+"/index.html", dir, len(y.Briefings), archivePerPage)
	}
	return years
}

// archiveSequence is every page of the archive, in pager order.
func archiveSequence(lang *i18n.Lang, years []archiveYear) []pageLink {
	seq := []pageLink{{Path: "briefings/index.html", Label: lang.Text("archive.first")}}
	for _, y := range years {
		for n := 1; n <= y.paging.pages; n++ {
			label := strconv.Itoa(y.Year)
			if n > 1 {
				label += " (" + strconv.Itoa(n) + ")"
			}
			seq = append(seq, pageLink{Path: y.paging.path(n), Label: label})
		}
	}
	return seq
}

// yearItems writes the years of the archive as <li> entries, each a link
// to its first page with its number of briefings.
func yearItems(from string, years []archiveYear, current int) template.HTML {
	root := rootOf(from)
	var w htmlw.Writer
	for _, y := range years {
		w.Tag(`<li><a href="`)
		w.URL(root)
		w.URL(y.paging.first)
		w.Tag(`"`)
		if y.Year == current {
			w.Tag(` aria-current="true"`)
		}
		w.Tag(">")
		w.Int(y.Year)
		w.Tag(`</a> <span class="count">`)
		w.Int(len(y.Briefings))
		w.Tag("</span></li>\n")
	}
	return w.Done()
}

// archiveFirstPage is briefings/index.html: the newest briefings and the
// years.
func archiveFirstPage(s *model.Site, sums summaries, years []archiveYear, seq []pageLink) *Page {
	lang := langOf(s)
	p := newPage(s, "archive", "briefings/index.html", lang.Text("archive.title"), lang.Format("archive.desc", "n", strconv.Itoa(len(s.Briefings))))
	latest := s.Briefings[:min(archivePerPage, len(s.Briefings))]
	p.Data = &ListData{
		BriefingList: briefingItems(p.useScratch(), lang, p.Root, latest, sums, "2", true), Total: len(s.Briefings), Shown: len(latest),
		Years: yearItems(p.Path, years, 0), Pager: pagerNav(lang, p.Path, seqOf(seq), 0, lang.Text("archive.pages")),
	}
	return p
}

// archiveYearPage is page n of a year of the archive; at is its place in
// the archive's sequence.
func archiveYearPage(s *model.Site, sums summaries, years []archiveYear, y archiveYear, n int, seq []pageLink, at int) *Page {
	lang := langOf(s)
	year := strconv.Itoa(y.Year)
	title := pageTitle(lang, lang.Format("archive.year.title", "year", year), n, y.paging.pages)
	p := newPage(s, "archive", y.paging.path(n), title, lang.Count("archive.year.desc", len(y.Briefings), "year", year))
	shown := chunk(y.Briefings, n, archivePerPage)
	p.Data = &ListData{
		BriefingList: briefingItems(p.useScratch(), lang, p.Root, shown, sums, "2", true), Total: len(s.Briefings), Shown: len(shown),
		Year: y.Year, YearTotal: len(y.Briefings),
		Years: yearItems(p.Path, years, y.Year), Pager: pagerNav(lang, p.Path, seqOf(seq), at, lang.Text("archive.pages")),
	}
	return p
}

// rootOf is the relative path from a page to the site's root.
func rootOf(path string) string {
	root := ""
	for _, c := range path {
		if c == '/' {
			root += "../"
		}
	}
	return root
}
