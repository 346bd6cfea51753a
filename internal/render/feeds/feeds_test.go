package feeds

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"slices"
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

// TestSitemapParts: the pages are cut into runs in their order, none
// over the limit in URLs or in the bytes Sitemap writes for it, each as
// full as the limit allows.
func TestSitemapParts(t *testing.T) {
	s := &model.Site{Config: annotations.Config{BaseURL: "https://example.org/a&b/"}}
	var pages []Entry
	for i := range 25 {
		e := Entry{Path: fmt.Sprintf("briefings/%04d.html", i)}
		if i%3 == 0 {
			e.LastMod = fmt.Sprintf("2024-01-%02d", 1+i)
		}
		pages = append(pages, e)
	}
	one := len(Sitemap(s, pages[:1])) // a file of one page
	for _, tt := range []struct {
		name  string
		limit SitemapLimit
		parts int
	}{
		{"all in one", ProtocolLimit, 1},
		{"by URLs", SitemapLimit{URLs: 10, Bytes: 1 << 20}, 3},
		{"by bytes", SitemapLimit{URLs: 1000, Bytes: len(Sitemap(s, pages[:7]))}, 4},
		{"one a file, at the least", SitemapLimit{URLs: 1000, Bytes: one - 1}, 25},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parts := SitemapParts(s, pages, tt.limit)
			if len(parts) != tt.parts {
				t.Errorf("%d parts, want %d", len(parts), tt.parts)
			}
			var joined []Entry
			for i, p := range parts {
				joined = append(joined, p...)
				if len(p) == 0 {
					t.Errorf("part %d is empty", i)
				}
				if len(p) > 1 && (len(p) > tt.limit.URLs || len(Sitemap(s, p)) > tt.limit.Bytes) {
					t.Errorf("part %d: %d URLs, %d bytes, over %+v", i, len(p), len(Sitemap(s, p)), tt.limit)
				}
				// Full: one page more would not fit.
				if i+1 < len(parts) {
					more := append(slices.Clone(p), parts[i+1][0])
					if len(more) <= tt.limit.URLs && len(Sitemap(s, more)) <= tt.limit.Bytes {
						t.Errorf("part %d ends early", i)
					}
				}
			}
			if !slices.Equal(joined, pages) {
				t.Errorf("the parts hold %v, want %v", joined, pages)
			}
		})
	}
	if parts := SitemapParts(s, nil, ProtocolLimit); len(parts) != 1 || len(parts[0]) != 0 {
		t.Errorf("no pages: %v", parts)
	}
}

func TestSitemapIndex(t *testing.T) {
	for _, base := range []string{"", "https://example.org/site/"} {
		s := &model.Site{Config: annotations.Config{BaseURL: base}}
		var x struct {
			XMLName  xml.Name
			Sitemaps []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"sitemap"`
		}
		data := SitemapIndex(s, []Entry{{Path: "sitemap-1.xml", LastMod: "2024-03-05"}, {Path: "sitemap-2.xml"}})
		if err := xml.Unmarshal(data, &x); err != nil {
			t.Fatal(err)
		}
		if x.XMLName.Local != "sitemapindex" || x.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" ||
			len(x.Sitemaps) != 2 || x.Sitemaps[0].Loc != base+"sitemap-1.xml" || x.Sitemaps[0].LastMod != "2024-03-05" || x.Sitemaps[1].LastMod != "" {
			t.Errorf("base %q: sitemap index\n%s", base, data)
		}
	}
	if got := Newest([]Entry{{LastMod: "2024-01-02"}, {}, {LastMod: "2024-03-01"}, {LastMod: "2023-12-31"}}); got != "2024-03-01" {
		t.Errorf("Newest = %q", got)
	}
}
