package render

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/briefing-dev/briefing/internal/corpus"
)

// mapSink puts the generated corpus's files in a MapFS.
type mapSink fstest.MapFS

func (m mapSink) WriteFile(name string, data []byte) error {
	m[name] = &fstest.MapFile{Data: bytes.Clone(data)}
	return nil
}

// pageLinks is a parsed page's hrefs: those of every <a>, those of the
// <a>s inside the element with the given id ("" for none), and the href
// of each <a> that has an id.
func pageLinks(t *testing.T, name string, page []byte, within string) (all, inside []string, ids map[string]string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids = map[string]string{} // id → the href of the <a> that has it
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode {
			var id, href string
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					id = a.Val
				case "href":
					href = a.Val
				}
			}
			in = in || (within != "" && id == within)
			if n.Data == "a" && href != "" {
				all = append(all, href)
				if in {
					inside = append(inside, href)
				}
			}
			if id != "" && n.Data == "a" {
				ids[id] = href
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	return all, inside, ids
}

// TestEveryMentionReachableFromItsActor renders a generated site and
// follows, for every actor, the links of each of its pages: to a mention
// in a briefing, or to the briefing's entry for the actor, whose jump
// links lead to the rest. Every mention of the actor must be reached,
// each one where the briefing's text links back to the actor.
func TestEveryMentionReachableFromItsActor(t *testing.T) {
	site := mapSink{}
	if err := corpus.Write(corpus.Options{Briefings: 400, Seed: 1, Words: 200}, site, nil); err != nil {
		t.Fatal(err)
	}
	m := buildModel(t, fstest.MapFS(site))
	out := renderAll(t, m, nil)
	paged, more := 0, 0
	anchors := map[string]map[string]string{} // briefing page → its ids' hrefs
	for _, a := range m.Actors {
		want := map[string]bool{}
		for _, mn := range a.Mentions {
			want[fmt.Sprintf("briefings/%s.html#%s", mn.Briefing.Slug, mn.Anchor())] = true
		}
		pages := follow(t, out, "actors/"+a.ID+".html")
		if len(pages) > 1 {
			paged++
		}
		got := map[string]bool{}
		reach := func(from, href string) string {
			target, frag, _ := strings.Cut(href, "#")
			if target == "" {
				return from + "#" + frag // in the same page
			}
			return path.Join(path.Dir(from), target) + "#" + frag
		}
		for _, p := range pages {
			all, _, _ := pageLinks(t, p, out.files[p], "")
			for _, href := range all {
				link := reach(p, href)
				file, frag, _ := strings.Cut(link, "#")
				if !strings.HasPrefix(file, "briefings/") {
					continue
				}
				switch {
				case strings.HasPrefix(frag, "m"):
					got[link] = true
				case frag == "a-"+a.ID:
					more++
					page, ok := out.files[file]
					if !ok {
						t.Fatalf("%s: a link to %s, which is not written", p, file)
					}
					// The entry links to the actor, and to its mentions in
					// the page.
					_, inside, _ := pageLinks(t, file, page, frag)
					jumps := 0
					for _, j := range inside {
						if strings.HasPrefix(j, "#") {
							got[reach(file, j)] = true
							jumps++
						}
					}
					if jumps == 0 {
						t.Errorf("%s: %s has no links to the mentions of %s", p, link, a.ID)
					}
				}
			}
		}
		for link := range want {
			if !got[link] {
				t.Errorf("%s: mention %s is not reachable from the actor's pages", a.ID, link)
				continue
			}
			// In context: the mention's id is on the link to the actor.
			file, frag, _ := strings.Cut(link, "#")
			ids, ok := anchors[file]
			if !ok {
				_, _, ids = pageLinks(t, file, out.files[file], "")
				anchors[file] = ids
			}
			if href := ids[frag]; path.Join(path.Dir(file), href) != "actors/"+a.ID+".html" {
				t.Errorf("%s: %s links to %q, not to the actor", a.ID, link, href)
			}
		}
		for link := range got {
			if !want[link] {
				t.Errorf("%s: the actor's pages lead to %s, which is not one of its mentions", a.ID, link)
			}
		}
	}
	// The test is of use only if the site has what it follows.
	if paged == 0 || more == 0 {
		t.Fatalf("the generated site has %d actors with several pages and %d links to the rest of a briefing's mentions: make it larger", paged, more)
	}
}
