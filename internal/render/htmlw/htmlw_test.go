package htmlw

import (
	"bytes"
	"html"
	"html/template"
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
)

func TestWriter(t *testing.T) {
	var w Writer
	w.Tag(`<a href="`)
	w.URL("tags/a b<'\"&+é%20.html")
	w.Tag(`" title="`)
	w.Attr(`"quoted" & 'single' <x>`)
	w.Tag(`">`)
	w.Text("1 < 2 & 3 > 2")
	w.TextBytes([]byte(" 'ok' \"ok\""))
	w.Tag("</a> ")
	w.Int(-42)
	w.Byte('\n')
	w.HTML("<em>trusted</em>")
	want := `<a href="tags/a%20b%3c%27%22&amp;&#43;%c3%a9%20.html" title="&#34;quoted&#34; &amp; &#39;single&#39; &lt;x&gt;">1 &lt; 2 &amp; 3 &gt; 2 &#39;ok&#39; &#34;ok&#34;</a> -42` + "\n<em>trusted</em>"
	if got := w.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if string(w.Done()) != want || w.Len() != len(want) {
		t.Errorf("Done or Len disagree with String")
	}
	w.Reset()
	if w.Len() != 0 {
		t.Errorf("Reset left %d bytes", w.Len())
	}
}

// FuzzText checks Text and TextBytes against html.EscapeString.
func FuzzText(f *testing.F) {
	f.Add(`<a href="x">'&'</a> ünï \xff`)
	f.Fuzz(func(t *testing.T, s string) {
		var w Writer
		w.Text(s)
		w.TextBytes([]byte(s))
		want := html.EscapeString(s)
		if got := w.String(); got != want+want {
			t.Fatalf("Text(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzURL checks URL against html/template writing the same value into
// an href attribute, the oracle.
func FuzzURL(f *testing.F) {
	tmpl := template.Must(template.New("").Parse(`<a href="{{.}}">`))
	for _, s := range []string{"briefings/2022-02-10-x.html#m1", "../tags/a b.html", "é<'\">&+%41", "?q=1&r=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, ":") || strings.HasPrefix(s, "//") {
			// html/template replaces a URL with an unsafe scheme by
			// #ZgotmplZ; the writer's URLs are the site's own paths.
			t.Skip()
		}
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var w Writer
		w.Tag(`<a href="`)
		w.URL(s)
		w.Tag(`">`)
		if got := w.String(); got != want.String() {
			t.Fatalf("URL(%q):\n got %s\nwant %s", s, got, want.String())
		}
	})
}

// attrsOf is the attributes of the first tag of doc, as the HTML
// tokenizer reads them.
func attrsOf(t *testing.T, doc string) []nethtml.Attribute {
	t.Helper()
	z := nethtml.NewTokenizer(strings.NewReader(doc))
	if z.Next() != nethtml.StartTagToken {
		t.Fatalf("%s: no start tag", doc)
	}
	return z.Token().Attr
}

func TestAttrValue(t *testing.T) {
	tests := []struct {
		value, want string
	}{
		{"person", `<a class=person>`},
		{"m12", `<a class=m12>`},
		{"", `<a class="">`},
		{"key actor", `<a class="key actor">`},
		{"a=b", `<a class="a=b">`},
		{"it's", `<a class="it&#39;s">`},
		{"x<y", `<a class="x&lt;y">`},
		{"a`b", "<a class=\"a`b\">"},
		{"tab\there", "<a class=\"tab\there\">"},
		{"été&co", `<a class=été&amp;co>`},
	}
	for _, tt := range tests {
		for _, bytes := range []bool{false, true} {
			var w Writer
			w.Tag("<a class=")
			if bytes {
				w.AttrValueBytes([]byte(tt.value))
			} else {
				w.AttrValue(tt.value)
			}
			w.Tag(">")
			if got := w.String(); got != tt.want {
				t.Errorf("AttrValue(%q) (bytes %v) = %s, want %s", tt.value, bytes, got, tt.want)
			}
		}
	}
}

func TestURLValue(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"../", "actors/", "joe-biden", ".html"}, `<a href=../actors/joe-biden.html>`},
		{[]string{"#", "m3"}, `<a href=#m3>`},
		{[]string{"", ""}, `<a href="">`},
		{[]string{"search.html?q=", "x"}, `<a href="search.html?q=x">`},
		{[]string{"tags/", "a b"}, `<a href=tags/a%20b>`},
		{[]string{"tags/", "a'b\""}, `<a href="tags/a%27b%22">`},
	}
	for _, tt := range tests {
		var w Writer
		w.Tag("<a href=")
		w.URLValue(tt.parts...)
		w.Tag(">")
		if got := w.String(); got != tt.want {
			t.Errorf("URLValue(%q) = %s, want %s", tt.parts, got, tt.want)
		}
	}
}

// FuzzAttrValue checks that a value written by AttrValue, quoted or not,
// reads back as the same value written by Attr in quotes, and that
// nothing after it is taken for another attribute.
func FuzzAttrValue(f *testing.F) {
	for _, s := range []string{"person", "", "a b", "a=b", "x/", "'\"<>`&", "\x00\x0c\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var quoted, w Writer
		quoted.Tag(`<a class="`)
		quoted.Attr(s)
		quoted.Tag(`" id=x>`)
		w.Tag("<a class=")
		w.AttrValue(s)
		w.Tag(" id=x>")
		want, got := attrsOf(t, quoted.String()), attrsOf(t, w.String())
		if !slices.Equal(got, want) {
			t.Fatalf("AttrValue(%q) = %s: read as %q, want %q", s, w.String(), got, want)
		}
	})
}

// FuzzURLValue is FuzzAttrValue for URLValue, against URL in quotes.
func FuzzURLValue(f *testing.F) {
	for _, s := range []string{"../actors/joe-biden.html", "", "#m1", "a=b", "x/", "'\"<>`&+ é"} {
		f.Add(s, ".html")
	}
	f.Fuzz(func(t *testing.T, s, suffix string) {
		var quoted, w Writer
		quoted.Tag(`<a href="`)
		quoted.URL(s)
		quoted.URL(suffix)
		quoted.Tag(`" id=x>`)
		w.Tag("<a href=")
		w.URLValue(s, suffix)
		w.Tag(" id=x>")
		want, got := attrsOf(t, quoted.String()), attrsOf(t, w.String())
		if !slices.Equal(got, want) {
			t.Fatalf("URLValue(%q, %q) = %s: read as %q, want %q", s, suffix, w.String(), got, want)
		}
	})
}

// TestScratch writes pieces into one Scratch, in turn and at once, and
// past its block, and checks that none writes over another before Reset,
// and that the block is reused after it.
func TestScratch(t *testing.T) {
	var sc Scratch
	for round := range 3 {
		var pieces []string
		var want []string
		var writers []*Writer
		piece := func(w *Writer, n int) {
			var b strings.Builder
			for i := range n {
				s := strings.Repeat(string(rune('a'+(i+len(pieces))%26)), i%7+1)
				w.Tag(s)
				b.WriteString(s)
			}
			pieces = append(pieces, w.String())
			want = append(want, b.String())
			writers = append(writers, w)
		}
		var a, b Writer
		a.Use(&sc)
		b.Use(&sc) // a writes there: b keeps to its own memory
		if b.sc != nil {
			t.Fatalf("round %d: two writers share the scratch", round)
		}
		piece(&a, 50)
		piece(&b, 30)
		for n := range 8 {
			w := new(Writer)
			w.Use(&sc)
			size := 40 * n
			if n == 3 {
				size = 2000 // past the block
			}
			piece(w, size)
		}
		var r Writer
		r.Use(&sc)
		r.Tag("given back unwritten")
		r.Reset()
		r.Use(&sc)
		piece(&r, 3)
		for _, w := range writers {
			w.Tag("<late>") // after its piece was handed out: not over the others
		}
		var l Writer
		l.Use(&sc)
		l.Tag("abandoned") // never handed out
		l.Reset()
		for i := range pieces {
			if pieces[i] != want[i] {
				t.Errorf("round %d: piece %d is %q, want %q", round, i, pieces[i], want[i])
			}
		}
		if round > 0 && len(sc.block) == 0 {
			t.Errorf("round %d: nothing written into the scratch", round)
		}
		sc.Reset()
		if len(sc.block) != 0 || sc.open {
			t.Errorf("round %d: Reset left %d bytes, open %v", round, len(sc.block), sc.open)
		}
	}
	if cap(sc.block) < 8000 {
		t.Errorf("block of %d bytes, for pages that wrote over 8 KB", cap(sc.block))
	}
}

// BenchmarkURLValue writes the link of a mention, as every article
// does for each of its mentions.
func BenchmarkURLValue(b *testing.B) {
	var w Writer
	for b.Loop() {
		w.URLValue("../", "actors/", "emmanuel-macron", ".html")
		if w.Len() > 1<<16 {
			w.Reset()
		}
	}
}
