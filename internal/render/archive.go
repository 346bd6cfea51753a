package render

import (
	"fmt"
	"html/template"
	"strconv"

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
func archiveSequence(years []archiveYear) []pageLink {
	seq := []pageLink{{Path: "briefings/index.html", Label: "Latest"}}
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
	p := newPage(s, "archive", "briefings/index.html", "All briefings", fmt.Sprintf("All %d briefings, newest first.", len(s.Briefings)))
	latest := s.Briefings[:min(archivePerPage, len(s.Briefings))]
	p.Data = &ListData{
		BriefingList: briefingItems(p.Root, latest, sums, "2", true), Total: len(s.Briefings), Shown: len(latest),
		Years: yearItems(p.Path, years, 0), Pager: pagerNav(p.Path, seq, 0, "Pages of the archive"),
	}
	return p
}

// archiveYearPage is page n of a year of the archive; at is its place in
// the archive's sequence.
func archiveYearPage(s *model.Site, sums summaries, years []archiveYear, y archiveYear, n int, seq []pageLink, at int) *Page {
	title := "Briefings of " + strconv.Itoa(y.Year)
	if n > 1 {
		title += fmt.Sprintf(" (page %d of %d)", n, y.paging.pages)
	}
	p := newPage(s, "archive", y.paging.path(n), title, fmt.Sprintf("The %d briefings of %d, newest first.", len(y.Briefings), y.Year))
	shown := chunk(y.Briefings, n, archivePerPage)
	p.Data = &ListData{
		BriefingList: briefingItems(p.Root, shown, sums, "2", true), Total: len(s.Briefings), Shown: len(shown),
		Year: y.Year, YearTotal: len(y.Briefings),
		Years: yearItems(p.Path, years, y.Year), Pager: pagerNav(p.Path, seq, at, "Pages of the archive"),
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
