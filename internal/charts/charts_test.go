package charts

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"

	"github.com/briefing-dev/briefing/internal/i18n"
)

var (
	update = flag.Bool("update", false, "rewrite the expected pictures in testdata/*.txtar")
	demo   = flag.String("demo", "", "write demo pages of every golden picture, linking static/assets/style.css, into this directory")
)

// draw runs the picture that an archive's comment names ("kind: network",
// "lang: fr") on its input.json.
func draw(t testing.TB, comment string, input []byte) (template.HTML, error) {
	kind, lang := "", "en"
	for _, line := range strings.Split(comment, "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(k) {
		case "kind":
			kind = strings.TrimSpace(v)
		case "lang":
			lang = strings.TrimSpace(v)
		}
	}
	l, warnings := i18n.New(lang, i18n.Overrides{})
	if len(warnings) > 0 {
		t.Fatal(warnings)
	}
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.DisallowUnknownFields()
	decode := func(v any) {
		if err := dec.Decode(v); err != nil {
			t.Fatalf("input.json: %v", err)
		}
	}
	switch kind {
	case "activity":
		var a Activity
		decode(&a)
		return ActivityChart(a, l)
	case "events":
		var m []MonthCount
		decode(&m)
		return EventsChart(m, l)
	case "network":
		var n Network
		decode(&n)
		return NetworkChart(n, l)
	}
	t.Fatalf("unknown kind %q", kind)
	return "", nil
}

// TestGolden draws each testdata/*.txtar picture and compares it with its
// output.svg (and the error with its error.txt); -update rewrites them.
func TestGolden(t *testing.T) {
	archives, _ := filepath.Glob("testdata/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no golden archives")
	}
	pages := map[string]string{}
	for _, name := range archives {
		t.Run(filepath.Base(name), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range ar.Files {
				files[f.Name] = f.Data
			}
			got, err := draw(t, string(ar.Comment), files["input.json"])
			errText := ""
			if err != nil {
				errText = err.Error() + "\n"
			}
			svgText := string(got)
			if svgText != "" {
				svgText += "\n"
				checkPicture(t, svgText)
			}
			if *update {
				ar.Files = []txtar.File{{Name: "input.json", Data: files["input.json"]}, {Name: "output.svg", Data: []byte(svgText)}}
				if errText != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "error.txt", Data: []byte(errText)})
				}
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				if want := string(files["output.svg"]); svgText != want {
					t.Errorf("picture differs from output.svg (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", svgText, want)
				}
				if want := string(files["error.txt"]); errText != want {
					t.Errorf("error = %q, want %q", errText, want)
				}
			}
			pages[filepath.Base(name)] = fmt.Sprintf("<section><h2>%s</h2>\n<pre>%s</pre>\n%s</section>\n",
				html.EscapeString(filepath.Base(name)), html.EscapeString(string(ar.Comment)), svgText)
		})
	}
	if *demo != "" {
		writeDemo(t, *demo, pages)
	}
}

// writeDemo writes a page of every picture (demo.html) and a page of each
// one (demo-NAME.html), to look at in a browser in both colour schemes.
func writeDemo(t *testing.T, dir string, sections map[string]string) {
	css, err := filepath.Abs("../../static/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	page := func(name string, body ...string) {
		var b strings.Builder
		fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pictures</title><link rel="stylesheet" href="file://%s"></head>
<body><main><h1>Pictures</h1>
`, css)
		for _, s := range body {
			b.WriteString(s)
		}
		b.WriteString("</main></body></html>\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(sections))
	for n := range sections {
		names = append(names, n)
	}
	slices.Sort(names)
	var all []string
	for _, n := range names {
		all = append(all, sections[n])
		page("demo-"+strings.TrimSuffix(n, ".txtar")+".html", sections[n])
	}
	page("demo.html", all...)
}

// drawn are the elements a picture is made of; anything else came from
// an input that was not escaped.
var drawn = map[string]bool{"svg": true, "title": true, "desc": true, "g": true, "a": true,
	"line": true, "rect": true, "circle": true, "text": true, "tspan": true}

// checkPicture parses a picture as XML and as HTML, and checks what every
// picture promises: one <svg role="img"> labelled by its own <title> and
// <desc>, both saying something.
func checkPicture(t testing.TB, pic string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(pic))
	dec.Strict = true
	ids := map[string]string{}
	var root xml.StartElement
	depth := 0
	var cur []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, pic)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = e
			}
			if !drawn[e.Name.Local] {
				t.Errorf("element <%s> in a picture", e.Name.Local)
			}
			depth++
			cur = append(cur, "")
			for _, a := range e.Attr {
				if a.Name.Local == "id" {
					cur[len(cur)-1] = a.Value
				}
				if a.Name.Local == "href" && strings.Contains(strings.ToLower(a.Value), "javascript:") {
					t.Errorf("script link %q", a.Value)
				}
			}
		case xml.CharData:
			if len(cur) > 0 && cur[len(cur)-1] != "" {
				ids[cur[len(cur)-1]] += string(e)
			}
		case xml.EndElement:
			depth--
			cur = cur[:len(cur)-1]
		}
	}
	if root.Name.Local != "svg" {
		t.Fatalf("root element is %q, not svg", root.Name.Local)
	}
	attrs := map[string]string{}
	for _, a := range root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	// An image when nothing in it is a link; a figure when something is,
	// as an image's children are not interactive.
	wantRole := "img"
	if strings.Contains(pic, "<a href=") {
		wantRole = "figure"
	}
	if attrs["role"] != wantRole {
		t.Errorf("svg role = %q, want %s", attrs["role"], wantRole)
	}
	labels := strings.Fields(attrs["aria-labelledby"])
	if len(labels) != 2 {
		t.Fatalf("aria-labelledby = %q, want a title and a desc", attrs["aria-labelledby"])
	}
	for _, id := range labels {
		if strings.TrimSpace(ids[id]) == "" {
			t.Errorf("label %q is missing or empty", id)
		}
	}
	// The HTML parser must see one svg element holding everything.
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><body>" + pic))
	if err != nil {
		t.Fatal(err)
	}
	var svgs, outside int
	var walk func(n *html.Node, inSVG bool)
	walk = func(n *html.Node, inSVG bool) {
		if n.Type == html.ElementNode && n.Data == "svg" {
			svgs++
			inSVG = true
		}
		if n.Type == html.ElementNode && !inSVG && n.Data != "html" && n.Data != "head" && n.Data != "body" {
			outside++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inSVG)
		}
	}
	walk(doc, false)
	if svgs != 1 || outside != 0 {
		t.Errorf("HTML parse: %d svg elements and %d elements outside it", svgs, outside)
	}
}

// busyMonths is a synthetic actor of a 50,000-briefing site: mentions in
// every month of 25 years.
func busyMonths(seed int64) []MonthCount {
	r := rand.New(rand.NewSource(seed))
	var ms []MonthCount
	for y := 2000; y < 2025; y++ {
		for m := 1; m <= 12; m++ {
			ms = append(ms, MonthCount{Month: fmt.Sprintf("%04d-%02d", y, m), Count: 50 + r.Intn(400), Href: fmt.Sprintf("timeline/%04d-%02d.html", y, m)})
		}
	}
	return ms
}

func busyNeighbours(n int) []Neighbour {
	var ns []Neighbour
	for i := 0; i < n; i++ {
		ns = append(ns, Neighbour{Name: fmt.Sprintf("Actor with a rather long name number %d", i), Href: fmt.Sprintf("actor-%d.html", i), Kind: "organization", Shared: 10000 - i})
	}
	return ns
}

// TestBoundedSize: at any scale, every picture stays a few kilobytes.
func TestBoundedSize(t *testing.T) {
	const limit = 8 << 10
	fr, _ := i18n.New("fr", i18n.Overrides{})
	ms := busyMonths(1)
	// The widest strip: maxBars monthly bars, each a link.
	widest := busyMonths(5)[:maxBars]
	for _, l := range []*i18n.Lang{i18n.English, fr} {
		pics := map[string]func() (template.HTML, error){
			"activity":      func() (template.HTML, error) { return ActivityChart(Activity{Actor: "Busy Actor", Months: ms}, l) },
			"events":        func() (template.HTML, error) { return EventsChart(ms, l) },
			"events-widest": func() (template.HTML, error) { return EventsChart(widest, l) },
			"network": func() (template.HTML, error) {
				return NetworkChart(Network{Actor: "Busy Actor", Kind: "person", Neighbours: busyNeighbours(5000)}, l)
			},
		}
		for name, f := range pics {
			pic, err := f()
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			checkPicture(t, string(pic))
			if len(pic) == 0 || len(pic) > limit {
				t.Errorf("%s %s: %d bytes, want 1 to %d", l.Tag(), name, len(pic), limit)
			}
			t.Logf("%s %s: %d bytes", l.Tag(), name, len(pic))
		}
	}
}

// TestBuckets: a long span is drawn in wider bars, never more than maxBars,
// and what falls before the first bar is counted and said.
func TestBuckets(t *testing.T) {
	tests := []struct {
		name         string
		months       []MonthCount
		bars, size   int
		older, total int
	}{
		{"one month", []MonthCount{{Month: "2022-02", Count: 3}}, 12, 1, 0, 3},
		{"one month in year 0", []MonthCount{{Month: "0000-02", Count: 3}}, 1, 1, 0, 3},
		{"three years", []MonthCount{{Month: "2019-01", Count: 1}, {Month: "2021-12", Count: 2}}, 36, 1, 0, 3},
		{"three years and a month", []MonthCount{{Month: "2019-01", Count: 1}, {Month: "2022-01", Count: 2}}, 13, 3, 0, 3},
		{"quarters align", []MonthCount{{Month: "2019-02", Count: 1}, {Month: "2022-02", Count: 2}}, 13, 3, 0, 3},
		{"fifteen years", []MonthCount{{Month: "2008-01", Count: 1}, {Month: "2022-12", Count: 2}}, 30, 6, 0, 3},
		{"25 years", busyMonths(2), 25, 12, 0, sum(busyMonths(2))},
		{"a century", []MonthCount{{Month: "1900-05", Count: 7}, {Month: "2022-02", Count: 1}}, 36, 12, 1, 8},
		{"zero and bad months", []MonthCount{{Month: "2022-02", Count: 0}, {Month: "2022-13", Count: 4}, {Month: "x", Count: 1}, {Month: "2022-03", Count: 2}}, 12, 1, 0, 2},
	}
	for _, tt := range tests {
		st := bucket(tt.months)
		if len(st.bars) != tt.bars || st.size != tt.size || st.older != tt.older || st.total != tt.total {
			t.Errorf("%s: %d bars of %d months, %d older, total %d; want %d of %d, %d, %d",
				tt.name, len(st.bars), st.size, st.older, st.total, tt.bars, tt.size, tt.older, tt.total)
		}
		if st.size > 1 && len(st.bars) > 0 && int(st.bars[0].first)%st.size != 0 {
			t.Errorf("%s: first bar starts mid-bucket", tt.name)
		}
	}
}

func sum(ms []MonthCount) int {
	n := 0
	for _, m := range ms {
		n += m.Count
	}
	return n
}

// TestOrderDoesNotMatter: the same counts in any order draw the same bytes.
func TestOrderDoesNotMatter(t *testing.T) {
	ms := busyMonths(3)
	ns := busyNeighbours(30)
	ns = append(ns, Neighbour{Name: "Tie A", Shared: 9990}, Neighbour{Name: "Tie B", Shared: 9990})
	a1, _ := ActivityChart(Activity{Actor: "A", Months: ms}, i18n.English)
	n1, _ := NetworkChart(Network{Actor: "A", Neighbours: ns}, i18n.English)
	r := rand.New(rand.NewSource(4))
	for i := 0; i < 5; i++ {
		r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		r.Shuffle(len(ns), func(i, j int) { ns[i], ns[j] = ns[j], ns[i] })
		a2, _ := ActivityChart(Activity{Actor: "A", Months: ms}, i18n.English)
		n2, _ := NetworkChart(Network{Actor: "A", Neighbours: ns}, i18n.English)
		if a1 != a2 || n1 != n2 {
			t.Fatal("a shuffled input drew other bytes")
		}
	}
}

// TestLabelsStayApart: no two network labels' estimated boxes overlap,
// for every number of neighbours.
func TestLabelsStayApart(t *testing.T) {
	for k := 1; k <= maxNeighbours+2; k++ {
		for _, centre := range []string{"Centre", "Russian Armed Forces of the Russian Federation", "Wwwwwwwwwwwwwwwwwwwwwwwww"} {
			labelsApart(t, k, centre)
		}
	}
}

func labelsApart(t *testing.T, k int, centre string) {
	{
		pic, _ := NetworkChart(Network{Actor: centre, Neighbours: busyNeighbours(k)}, i18n.English)
		var vx, vy, vw, vh float64
		if _, err := fmt.Sscanf(string(pic)[strings.Index(string(pic), `viewBox="`)+9:], "%g %g %g %g", &vx, &vy, &vw, &vh); err != nil {
			t.Fatal(err)
		}
		boxes := labelBoxes(t, string(pic))
		for i := range boxes {
			b := boxes[i]
			if b.x0 < vx || b.x1 > vx+vw || b.y0 < vy || b.y1 > vy+vh {
				t.Errorf("%d neighbours: label %q leaves the canvas: %+v", k, b.text, b)
			}
			for j := i + 1; j < len(boxes); j++ {
				c := boxes[j]
				if b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1 {
					t.Errorf("%d neighbours: labels %q and %q overlap", k, b.text, c.text)
				}
			}
		}
	}
}

type box struct {
	text           string
	x0, y0, x1, y1 float64
	bold           bool
}

// labelBoxes estimates each <text>'s box from its position, anchor and
// length, as the layout does.
func labelBoxes(t *testing.T, pic string) []box {
	dec := xml.NewDecoder(strings.NewReader(pic))
	var boxes []box
	var cur *box
	var anchor string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "text" {
				cur, anchor = &box{}, "start"
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "class":
						cur.bold = strings.Contains(a.Value, "chart-self-name")
					case "x":
						fmt.Sscan(a.Value, &cur.x0)
					case "y":
						fmt.Sscan(a.Value, &cur.y1)
					case "text-anchor":
						anchor = a.Value
					}
				}
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(e)
			}
		case xml.EndElement:
			if e.Name.Local == "text" && cur != nil {
				size := float64(labelSize)
				if strings.Contains(pic, "chart-network") {
					size = netLabelSize
				}
				w := textWidth(cur.text, size)
				if cur.bold {
					w *= 1.1
				}
				switch anchor {
				case "middle":
					cur.x0 -= w / 2
				case "end":
					cur.x0 -= w
				}
				cur.x1 = cur.x0 + w
				cur.y0 = cur.y1 - size
				boxes = append(boxes, *cur)
				cur = nil
			}
		}
	}
	return boxes
}

// FuzzPictures: whatever the names and months hold, every picture is
// well-formed and keeps its promises, and never panics.
func FuzzPictures(f *testing.F) {
	f.Add("Macron", "2022-02", 3, "a.html")
	f.Add(`<script>&"'`, "0000-01", 1, "javascript:alert(1)")
	f.Add("\x00\xff\ufffe", "9999-12", 1<<30, `"><x`)
	f.Fuzz(func(t *testing.T, name, m string, n int, href string) {
		ms := []MonthCount{{Month: m, Count: n, Href: href}, {Month: "2020-01", Count: 1}}
		for _, pic := range []func() (template.HTML, error){
			func() (template.HTML, error) { return ActivityChart(Activity{Actor: name, Months: ms}, i18n.English) },
			func() (template.HTML, error) { return EventsChart(ms, i18n.English) },
			func() (template.HTML, error) {
				return NetworkChart(Network{Actor: name, Kind: name, Neighbours: []Neighbour{{Name: name, Href: href, Kind: name, Shared: n}, {Name: "B", Shared: 1}}}, i18n.English)
			},
		} {
			out, _ := pic()
			if out == "" {
				t.Fatal("no picture for an input with something to show")
			}
			checkPicture(t, string(out))
		}
	})
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name             string
		perLine, reserve int
		want             []string
	}{
		{"Joe Biden", 14, 3, []string{"Joe Biden"}},
		{"Vladimir Putin", 14, 3, []string{"Vladimir", "Putin"}},
		{"Volodymyr Zelenskyy", 14, 3, []string{"Volodymyr", "Zelenskyy"}},
		{"Russian Armed Forces of the Russian Federation", 14, 3, []string{"Russian Armed", "Forces of…"}},
		{"Supercalifragilisticexpialidocious", 14, 3, []string{"Supercalif…"}},
		{"European Union", 14, 3, []string{"European", "Union"}},
		{"NATO", 14, 3, []string{"NATO"}},
		{"  ", 14, 3, []string{""}},
		{"a\x00b <&>", 14, 3, []string{"a\ufffdb <&>"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.name, tt.perLine, tt.reserve); !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q, %d, %d) = %q, want %q", tt.name, tt.perLine, tt.reserve, got, tt.want)
		}
	}
}

// TestSizeAtScale draws each picture from counts shaped like the synthetic
// corpus (cmd/gen-corpus: 200 actors, 8 in each briefing,
// publication dates over 1,500 days from 2020, dated passages up to three
// years back) at 10,000 and 50,000 briefings, and logs the bytes:
// go test -run SizeAtScale -v ./internal/charts
func TestSizeAtScale(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	syllables := []string{"ka", "lo", "mi", "ra", "tes", "van", "dor", "bel", "quin", "sha"}
	name := func(parts int) string {
		s := ""
		for i := 0; i < parts; i++ {
			s += syllables[r.Intn(len(syllables))]
		}
		return strings.ToUpper(s[:1]) + s[1:]
	}
	for _, n := range []int{10000, 50000} {
		perActor := n * 8 / 200 // briefings that mention one actor
		var activity, events []MonthCount
		for m := 0; m < 50; m++ { // 1,500 days
			activity = append(activity, MonthCount{Month: fmt.Sprintf("%04d-%02d", 2020+m/12, m%12+1), Count: perActor * 3 / 50})
		}
		for m := 0; m < 86; m++ { // three years back to the last publication
			mo := fmt.Sprintf("%04d-%02d", 2017+m/12, m%12+1)
			events = append(events, MonthCount{Month: mo, Count: n * 8 / 86, Href: "timeline/" + mo + ".html"})
		}
		var ns []Neighbour
		for i := 0; i < 199; i++ {
			nm := name(2) + " " + name(3)
			ns = append(ns, Neighbour{Name: nm, Href: strings.ToLower(strings.ReplaceAll(nm, " ", "-")) + ".html", Kind: "person", Shared: perActor * 7 / 199 * 3})
		}
		pics := []struct {
			name string
			draw func() (template.HTML, error)
		}{
			{"actor activity", func() (template.HTML, error) {
				return ActivityChart(Activity{Actor: "Kalomi Rastesvan", Months: activity}, i18n.English)
			}},
			{"actor network", func() (template.HTML, error) {
				return NetworkChart(Network{Actor: "Kalomi Rastesvan", Kind: "person", Neighbours: ns}, i18n.English)
			}},
			{"timeline events", func() (template.HTML, error) { return EventsChart(events, i18n.English) }},
		}
		for _, p := range pics {
			pic, err := p.draw()
			if err != nil {
				t.Error(err)
			}
			if len(pic) == 0 || len(pic) > 8<<10 {
				t.Errorf("%d briefings, %s: %d bytes", n, p.name, len(pic))
			}
			t.Logf("%d briefings, %s: %d bytes", n, p.name, len(pic))
		}
	}
}
