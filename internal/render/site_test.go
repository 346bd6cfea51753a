package render

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/feeds"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata with the current output")

// loadSite reads the site/ files of a txtar archive in testdata and builds
// its model; the rest of the archive is returned by name.
func loadSite(t *testing.T, archive string) (*model.Site, *txtar.Archive, map[string][]byte) {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	rest := map[string][]byte{}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "site/"); ok {
			site[name] = &fstest.MapFile{Data: f.Data}
		} else {
			rest[f.Name] = f.Data
		}
	}
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	problems = append(problems, serrs...)
	m, mproblems := model.Build(content, seedFiles, model.Options{})
	problems = append(problems, mproblems...)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	return m, ar, rest
}

// memoryOutput keeps the rendered files.
type memoryOutput struct {
	mu    sync.Mutex
	files map[string][]byte
	order []string
}

func (m *memoryOutput) WriteFile(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	if _, dup := m.files[p]; dup {
		m.order = append(m.order, "again: "+p)
	}
	m.files[p] = bytes.Clone(data)
	m.order = append(m.order, p)
	return nil
}

type memoryFile struct {
	bytes.Buffer
	name string
	out  *memoryOutput
}

func (f *memoryFile) Close() error { return f.out.WriteFile(f.name, f.Bytes()) }

func (m *memoryOutput) Create(p string) (io.WriteCloser, error) {
	return &memoryFile{name: p, out: m}, nil
}

func renderAll(t *testing.T, m *model.Site, site fs.FS) *memoryOutput {
	t.Helper()
	tmpl, problems := LoadTemplates(templates.FS, site)
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	out := &memoryOutput{}
	if err := Site(m, tmpl, out, nil); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMonthPagesGolden renders the month pages, which only a timeline of
// more than timelineInline entries has, and compares them and the
// timeline that links to them with testdata/months.txtar.
func TestMonthPagesGolden(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0
	const archive = "testdata/months.txtar"
	m, ar, want := loadSite(t, archive)
	out := renderAll(t, m, nil)
	var got []string
	for p := range out.files {
		if p == "timeline.html" || strings.HasPrefix(p, "timeline/") {
			got = append(got, p)
		}
	}
	sort.Strings(got)
	if len(got) < 3 {
		t.Fatalf("only %v rendered: the timeline was not split into months", got)
	}
	if *update {
		var files []txtar.File
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "site/") {
				files = append(files, f)
			}
		}
		for _, p := range got {
			files = append(files, txtar.File{Name: "public/" + p, Data: out.files[p]})
		}
		ar.Files = files
		if err := os.WriteFile(archive, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, p := range got {
		w, ok := want["public/"+p]
		if !ok {
			t.Errorf("unexpected file %s (go test -update writes it)", p)
			continue
		}
		delete(want, "public/"+p)
		if !bytes.Equal(w, out.files[p]) {
			t.Errorf("%s differs from %s:\n%s", p, archive, firstLineDiff(w, out.files[p]))
		}
	}
	for p := range want {
		t.Errorf("%s not rendered", p)
	}
}

func firstLineDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "want: " + w + "\n got: " + g
		}
	}
	return "(same lines, other bytes)"
}

// TestPlanIsWhatSiteWrites checks the table of kinds against the output:
// every file written is declared once by Plan, under its kind, and every
// declared file is written; each page kind's template exists; each file
// says what it is made from.
func TestPlanIsWhatSiteWrites(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0 // month pages too
	m, _, _ := loadSite(t, "testdata/months.txtar")
	out := renderAll(t, m, nil)
	for _, p := range out.order {
		if strings.HasPrefix(p, "again: ") {
			t.Errorf("written twice: %s", p)
		}
	}
	plan, err := Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]File{}
	kindsSeen := map[string]bool{}
	for _, f := range plan {
		if _, dup := declared[f.Path]; dup {
			t.Errorf("%s declared twice", f.Path)
		}
		declared[f.Path] = f
		kindsSeen[f.Kind] = true
		if _, ok := out.files[f.Path]; !ok {
			t.Errorf("%s (%s) declared but not written", f.Path, f.Kind)
		}
	}
	for p := range out.files {
		if _, ok := declared[p]; !ok {
			t.Errorf("%s written but not declared", p)
		}
	}
	for _, k := range kinds {
		if !kindsSeen[k.Name] {
			t.Errorf("kind %s made no file of a site that has every kind", k.Name)
		}
		if k.Page {
			if _, err := fs.Stat(templates.FS, k.Name+".html"); err != nil {
				t.Errorf("kind %s has no template: %v", k.Name, err)
			}
		}
	}
	for _, f := range plan {
		in := f.Inputs()
		if k := kindByName(f.Kind); f.page != nil && (!k.Page || !slices.Equal(in.Templates, []string{"base.html", f.Kind + ".html"})) {
			t.Errorf("%s: templates %v", f.Path, in.Templates)
		}
		if f.page != nil && !in.Settings {
			t.Errorf("%s is a page but does not show the settings", f.Path)
		}
		if f.page == nil && in.Templates != nil {
			t.Errorf("%s is no page but has templates %v", f.Path, in.Templates)
		}
	}
	for _, b := range m.Briefings {
		in := declared["briefings/"+b.Slug+".html"].Inputs()
		if len(in.Briefings) == 0 || in.Briefings[0] != b || in.AllBriefings {
			t.Errorf("briefing %s: inputs %+v", b.Slug, in)
		}
		for _, c := range b.Counts {
			if !slices.Contains(in.Actors, c.Actor) {
				t.Errorf("briefing %s: inputs lack actor %s", b.Slug, c.Actor.ID)
			}
		}
	}
	for _, a := range m.Actors {
		in := declared["actors/"+a.ID+".html"].Inputs()
		if len(in.Actors) == 0 || in.Actors[0] != a {
			t.Errorf("actor %s: inputs %+v", a.ID, in)
		}
		for _, b := range a.Briefings {
			if !slices.Contains(in.Briefings, b) {
				t.Errorf("actor %s: inputs lack briefing %s", a.ID, b.Slug)
			}
		}
	}
	for p, settings := range map[string]bool{"feed.xml": true, "sitemap.xml": true, "data/site.json": true, "assets/chroma.css": false, "assets/search/index.js": false} {
		if in := declared[p].Inputs(); in.Settings != settings {
			t.Errorf("%s: settings %v, want %v", p, in.Settings, settings)
		}
	}
	if in := declared["index.html"].Inputs(); !in.AllBriefings {
		t.Errorf("index.html: inputs %+v, want every briefing", in)
	}
}

// TestSections checks that the navigation comes from the table: the kinds
// with a section, in its order, each linking to its first file.
func TestSections(t *testing.T) {
	var want []string
	for _, k := range kinds {
		if k.Section != "" {
			want = append(want, k.Name)
		}
	}
	var got []string
	for _, s := range sections {
		got = append(got, s.kind)
		if s.path == "" || s.title == "" {
			t.Errorf("section %+v", s)
		}
	}
	if !slices.Equal(got, want) || len(got) == 0 {
		t.Errorf("sections %v, want %v", got, want)
	}
	nav := string(navItems(nil, i18n.English, "../", "actors"))
	if !strings.Contains(nav, `<li><a href="../actors/index.html" aria-current="page">Actors</a></li>`) || strings.Count(nav, "<li>") != len(want) {
		t.Errorf("navigation:\n%s", nav)
	}
}

// TestOldStyleTemplates renders the site with the built-in templates as
// they were before Page.Data (in testdata/old-templates, as init copied
// them into sites) and checks that every page comes out the same: the
// fields they read are methods of Page now.
func TestOldStyleTemplates(t *testing.T) {
	defer func(n int) { timelineInline = n }(timelineInline)
	timelineInline = 0
	m, _, _ := loadSite(t, "testdata/months.txtar")
	want := renderAll(t, m, nil)
	old := os.DirFS("testdata/old-templates")
	names, _ := fs.Glob(old, "*.html")
	if len(names) < 5 {
		t.Fatalf("old templates: %v", names)
	}
	got := renderAll(t, m, old)
	for p, w := range want.files {
		if w := sinceOldTemplates(w); !bytes.Equal(w, sinceOldTemplates(got.files[p])) {
			t.Errorf("%s differs with the old templates:\n%s", p, firstLineDiff(w, got.files[p]))
		}
	}
}

// sinceOldTemplates takes out of a page what the built-in templates
// gained after the old ones: the pictures, the actor's kind in the
// site's language (the old templates print its identifier), and the
// legend of a briefing's actors, whose list draws their bars; and what
// they lost: the list of an actor's briefings, which heads its mentions.
func sinceOldTemplates(page []byte) []byte {
	page = pictureRE.ReplaceAll(page, nil)
	page = barsRE.ReplaceAll(page, []byte(`<ul class="actor-list">`))
	page = actorBriefingsRE.ReplaceAll(page, nil)
	return kindRE.ReplaceAll(page, []byte(`<span class="kind $1"></span>`))
}

var (
	pictureRE = regexp.MustCompile(`(?s)<div class="pictures">.*?</div>\n|<svg .*?</svg>\n`)
	kindRE    = regexp.MustCompile(`<span class="kind (\w+)">[^<]*</span>`)
	barsRE    = regexp.MustCompile(`<p class="meta" id="actors-desc">[^<]*</p>\n<ul class="actor-list bars" aria-describedby="actors-desc">`)
	// The old templates' list of an actor's briefings, in its aside.
	actorBriefingsRE = regexp.MustCompile(`(?s)<section aria-labelledby="briefings-title">.*?</section>\n?`)
)

// TestEmptySite renders a site with nothing in it: every kind still makes
// its fixed files, and Plan declares exactly those.
func TestEmptySite(t *testing.T) {
	for _, base := range []string{"", "https://example.org/x/"} {
		m := &model.Site{Config: annotations.Config{Title: "Empty", BaseURL: base}}
		out := renderAll(t, m, nil)
		plan, err := Plan(m)
		if err != nil {
			t.Fatal(err)
		}
		var declared []string
		for _, f := range plan {
			declared = append(declared, f.Path)
		}
		var written []string
		for p := range out.files {
			written = append(written, p)
		}
		sort.Strings(declared)
		sort.Strings(written)
		if !slices.Equal(declared, written) {
			t.Errorf("declared %v\nwritten  %v", declared, written)
		}
		for _, p := range []string{"index.html", "briefings/index.html", "actors/index.html", "timeline.html", "tags/index.html", "search.html", "404.html", "feed.xml", "sitemap.xml", "data/site.json"} {
			if _, ok := out.files[p]; !ok {
				t.Errorf("base %q: %s not written", base, p)
			}
		}
		if !bytes.Contains(out.files["index.html"], []byte("No briefings yet.")) {
			t.Errorf("the empty front page does not say so:\n%s", out.files["index.html"])
		}
	}
}

// TestSitemapIndex: a site with more pages than one sitemap may list gets
// sitemap.xml as an index of sitemap-1.xml, sitemap-2.xml, …, declared by
// Plan, which together list every page of the one sitemap.xml, in order.
func TestSitemapIndex(t *testing.T) {
	m, _, _ := loadSite(t, "testdata/months.txtar")
	locs := func(data []byte, elem string) []string {
		var x struct {
			XMLName xml.Name
			Locs    []string `xml:"url>loc"`
			Files   []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(data, &x); err != nil {
			t.Fatal(err)
		}
		if x.XMLName.Local != elem {
			t.Fatalf("<%s>, want <%s>:\n%s", x.XMLName.Local, elem, data)
		}
		return append(x.Locs, x.Files...)
	}
	whole := locs(renderAll(t, m, nil).files["sitemap.xml"], "urlset")
	if len(whole) < 5 {
		t.Fatalf("the sitemap lists %d pages", len(whole))
	}
	defer func(l feeds.SitemapLimit) { sitemapLimit = l }(sitemapLimit)
	sitemapLimit = feeds.SitemapLimit{URLs: 4, Bytes: feeds.ProtocolLimit.Bytes}
	out := renderAll(t, m, nil)
	files := locs(out.files["sitemap.xml"], "sitemapindex")
	if want := (len(whole) + 3) / 4; len(files) != want {
		t.Errorf("the index lists %d files, want %d", len(files), want)
	}
	plan, err := Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for i, f := range files {
		rel := strings.TrimPrefix(f, m.Config.BaseURL)
		if want := fmt.Sprintf("sitemap-%d.xml", i+1); rel != want {
			t.Errorf("file %d of the index is %s, want %s", i, f, want)
		}
		if !slices.ContainsFunc(plan, func(p File) bool { return p.Path == rel }) {
			t.Errorf("%s is not declared", rel)
		}
		part := locs(out.files[rel], "urlset")
		if len(part) > sitemapLimit.URLs {
			t.Errorf("%s lists %d pages, more than %d", rel, len(part), sitemapLimit.URLs)
		}
		listed = append(listed, part...)
	}
	if !slices.Equal(listed, whole) {
		t.Errorf("the sitemaps list\n%v\nwant\n%v", listed, whole)
	}
}
