package feeds

import (
	"encoding/xml"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
)

func feedSite(base string) (*model.Site, Summaries) {
	day := time.Date(2022, 2, 10, 0, 0, 0, 0, time.UTC)
	tag := &model.Tag{Name: "a&b"}
	newer := &model.Briefing{Slug: "2022-02-10-x", Title: `Talks <"&'> end`, Published: day, Tags: []*model.Tag{tag}}
	older := &model.Briefing{Slug: "2022-02-09-y", Title: "Earlier", Published: day.AddDate(0, 0, -1)}
	a := &model.Actor{ID: "ada", Name: "Ada & Co", Briefings: []*model.Briefing{older}}
	s := &model.Site{
		Config:    annotations.Config{Title: "T <site>", BaseURL: base},
		Briefings: []*model.Briefing{newer, older}, Actors: []*model.Actor{a}, Tags: []*model.Tag{tag},
	}
	return s, Summaries{newer: template.HTML("<em>sum</em> &amp; more"), older: "old"}
}

func TestFeeds(t *testing.T) {
	for _, base := range []string{"https://example.org/site/", ""} {
		s, sums := feedSite(base)
		data, err := Site(s, sums)
		if err != nil {
			t.Fatal(err)
		}
		var f atomFeed
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatalf("feed.xml is not XML: %v\n%s", err, data)
		}
		if f.Title != "T <site>" || len(f.Entries) != 2 || f.Entries[0].Title != `Talks <"&'> end` {
			t.Errorf("feed %+v", f)
		}
		if f.Updated != "2022-02-10T00:00:00Z" || f.Author == nil || f.Author.Name != "T <site>" {
			t.Errorf("updated %q author %+v", f.Updated, f.Author)
		}
		if got := f.Entries[0].Summary.Body; got != "<em>sum</em> &amp; more" {
			t.Errorf("summary %q", got)
		}
		if len(f.Entries[0].Category) != 1 || f.Entries[0].Category[0].Term != "a&b" {
			t.Errorf("categories %+v", f.Entries[0].Category)
		}
		wantLink := base + "briefings/2022-02-10-x.html"
		if f.Entries[0].ID != wantLink || f.Links[0].Href != base+"feed.xml" {
			t.Errorf("base %q: entry id %q, self %q", base, f.Entries[0].ID, f.Links[0].Href)
		}
		data, err = Actor(s, sums, s.Actors[0])
		if err != nil {
			t.Fatal(err)
		}
		f = atomFeed{}
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		if f.Title != "T <site>: Ada & Co" || len(f.Entries) != 1 || f.Updated != "2022-02-09T00:00:00Z" {
			t.Errorf("actor feed %+v", f)
		}

		var u struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		pages := []Entry{{Path: "index.html"}, {Path: "briefings/2022-02-10-x.html", LastMod: "2022-02-10"}, {Path: "tags/a&b.html"}}
		if err := xml.Unmarshal(Sitemap(s, pages), &u); err != nil {
			t.Fatal(err)
		}
		var locs []string
		for _, x := range u.URLs {
			locs = append(locs, strings.TrimPrefix(x.Loc, base)+" "+x.LastMod)
		}
		want := "index.html  briefings/2022-02-10-x.html 2022-02-10 tags/a&b.html "
		if strings.Join(locs, " ") != want {
			t.Errorf("sitemap:\n%s\nwant\n%s", strings.Join(locs, " "), want)
		}
		robots := string(Robots(s))
		if hasSitemap := strings.Contains(robots, "Sitemap: https://example.org/site/sitemap.xml\n"); hasSitemap != (base != "") || !strings.HasPrefix(robots, "User-agent: *\nAllow: /\n") {
			t.Errorf("base %q: robots.txt\n%s", base, robots)
		}
	}
}
