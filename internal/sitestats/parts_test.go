package sitestats

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseSelector(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want selector
		bad  bool
	}{
		{in: "main", want: selector{tag: "main"}},
		{in: "section.article", want: selector{tag: "section", class: "article"}},
		{in: "script[type=application/ld+json]", want: selector{tag: "script", attr: "type", value: "application/ld+json"}},
		{in: "", bad: true},
		{in: ".article", bad: true},
		{in: "a.b.c", bad: true},
		{in: "a[href]", bad: true},
		{in: "a[href=x", bad: true},
		{in: "div p", bad: true},
	} {
		got, err := parseSelector(tt.in)
		if (err != nil) != tt.bad || (!tt.bad && got != tt.want) {
			t.Errorf("parseSelector(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

// TestPartBytes: a part's bytes are its elements' whole markup, summed
// when a selector finds several, nested parts counted in each.
func TestPartBytes(t *testing.T) {
	const page = `<html><head><title>T</title><script type="application/ld+json">{}</script></head>` +
		`<body><section class="x article"><p>Hi <a class="person" href="a.html">A</a></p><img src="i.png"></section>` +
		`<aside class="side"><svg><rect/></svg><svg></svg></aside><footer>F`
	sels := []string{"head", "script[type=application/ld+json]", "section.article", "a", "img", "aside.side", "svg", "rect", "nav"}
	want := map[string]string{
		"head":                             `<head><title>T</title><script type="application/ld+json">{}</script></head>`,
		"script[type=application/ld+json]": `<script type="application/ld+json">{}</script>`,
		"section.article":                  `<section class="x article"><p>Hi <a class="person" href="a.html">A</a></p><img src="i.png"></section>`,
		"a":                                `<a class="person" href="a.html">A</a>`,
		"img":                              `<img src="i.png">`,
		"aside.side":                       `<aside class="side"><svg><rect/></svg><svg></svg></aside>`,
		"svg":                              `<svg><rect/></svg><svg></svg>`,
		"rect":                             `<rect/>`,
		"nav":                              ``,
	}
	parsed := make([]selector, len(sels))
	for i, s := range sels {
		var err error
		if parsed[i], err = parseSelector(s); err != nil {
			t.Fatal(err)
		}
	}
	got := partBytes([]byte(page), parsed)
	for i, s := range sels {
		if got[i] != int64(len(want[s])) {
			t.Errorf("%s: %d bytes, want %d (%s)", s, got[i], len(want[s]), want[s])
		}
	}
	// An element left open runs to the end of the page.
	if got := partBytes([]byte(`<p>x<footer>open to the end`), []selector{{tag: "footer"}}); got[0] != int64(len(`<footer>open to the end`)) {
		t.Errorf("an open footer: %d bytes", got[0])
	}
}

func TestMeasureParts(t *testing.T) {
	fsys := fstest.MapFS{
		"briefings/a.html":     {Data: []byte(`<head></head><section class="article">abc</section>`)},
		"briefings/b.html":     {Data: []byte(`<head></head><section class="article">abcdefg</section>`)},
		"briefings/index.html": {Data: []byte(`<section class="article">not a briefing</section>`)},
		"actors/x.html":        {Data: []byte(`<section class="article">not a briefing</section>`)},
	}
	parts := []Part{{"head", "head"}, {"article", "section.article"}}
	r, err := MeasureParts(fsys, "briefing", parts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages != 2 || r.Bytes[0] != 2*int64(len("<head></head>")) || r.Bytes[1] != int64(2*len(`<section class="article"></section>`)+10) {
		t.Errorf("%+v", r)
	}
	var out bytes.Buffer
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "| article | `section.article` | 40 B | ") {
		t.Errorf("report:\n%s", out.String())
	}
	if _, err := MeasureParts(fsys, "no such kind", parts); err == nil {
		t.Error("an unknown kind is not an error")
	}
	if _, err := MeasureParts(fsys, "briefing", []Part{{"bad", "a[b]"}}); err == nil {
		t.Error("a bad selector is not an error")
	}
}

// FuzzPartBytes: any bytes are measured without a panic, and no part is
// larger than the page times the elements that can nest in it.
func FuzzPartBytes(f *testing.F) {
	for _, s := range []string{"", "<p>", "<section class=article><p>a</section>", "<svg><svg></svg>", "</p></p><br/>", "<a <b"} {
		f.Add([]byte(s), "section.article")
	}
	f.Fuzz(func(t *testing.T, data []byte, sel string) {
		s, err := parseSelector(sel)
		if err != nil {
			return
		}
		got := partBytes(data, []selector{s})
		if max := int64(len(data)) * int64(bytes.Count(data, []byte("<"))+1); got[0] < 0 || got[0] > max {
			t.Errorf("%d bytes of %q in %q", got[0], sel, data)
		}
	})
}
