package feeds

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
)

// sitemapXML is Sitemap as encoding/xml wrote it, the oracle of the
// sitemap written in Go.
func sitemapXML(s *model.Site, pages []Entry) []byte {
	var u urlset
	for _, p := range pages {
		u.URLs = append(u.URLs, sitemapURL{Loc: feedURL(s, p.Path), LastMod: p.LastMod})
	}
	return indentedXML(u)
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL
}

type sitemapURL struct {
	XMLName xml.Name `xml:"url"`
	Loc     string   `xml:"loc"`
	LastMod string   `xml:"lastmod,omitempty"`
}

// TestSitemapOracle: Sitemap writes what encoding/xml wrote, byte for
// byte, and entrySize counts each entry's bytes.
func TestSitemapOracle(t *testing.T) {
	pages := []Entry{
		{Path: "index.html"},
		{Path: "briefings/2024-03-05-a.html", LastMod: "2024-03-05"},
		{Path: `odd/<a b="c">&'d'.html`, LastMod: "2024-03-06"},
		{Path: "tags/caf\u00e9 \u2014 \U0001F600.html"},
		{Path: "ctl/\t\n\r\x01\x7f.html", LastMod: "<x>"},
		{Path: "bad/\xff\xfe\xc3.html"},
		{Path: "bad/\ufffd\ufffe\U0010FFFF.html"},
		{Path: ""},
	}
	for _, base := range []string{"", "https://example.org/site/", "https://example.org/site", "https://ex.org/?a=1&b=\"2\"/", "https://\u00e9x.org/\xff"} {
		s := &model.Site{Config: annotations.Config{BaseURL: base}}
		for _, list := range [][]Entry{nil, pages[:1], pages[1:2], pages} {
			got, want := Sitemap(s, list), sitemapXML(s, list)
			if !bytes.Equal(got, want) {
				t.Errorf("base %q, %d pages:\n got %q\nwant %q", base, len(list), got, want)
			}
		}
		empty := len(sitemapXML(s, nil))
		if urlsetFrame != empty {
			t.Errorf("base %q: frame %d, want %d", base, urlsetFrame, empty)
		}
		for _, p := range pages {
			// One entry adds its own bytes and a newline before </urlset>.
			if got, want := entrySize(urlBase(s), p), len(sitemapXML(s, []Entry{p}))-empty-1; got != want {
				t.Errorf("base %q: entry %q: size %d, want %d", base, p.Path, got, want)
			}
		}
	}
}
