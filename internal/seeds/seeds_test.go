package seeds

import (
	"bytes"
	"crypto/sha256"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		published string
		title     string
		source    string
		body      string   // text from BodyStart
		blocks    []string // block texts; a leading "#" marks a heading
		err       string
	}{
		{
			name:      "date shares the first line",
			in:        " date 2022-02-10 United States President Joe Biden spoke.\n\nSecond paragraph.\n",
			published: "2022-02-10",
			body:      "United States President Joe Biden spoke.\n\nSecond paragraph.\n",
			blocks:    []string{"United States President Joe Biden spoke.", "Second paragraph."},
		},
		{
			name:      "byte-order mark",
			in:        "\uFEFFdate 2022-02-10 Text.\fMore text.\r\n",
			published: "2022-02-10",
			body:      "Text.\fMore text.\r\n",
			blocks:    []string{"Text.\fMore text."},
		},
		{
			name:      "header lines",
			in:        "title Talks in Moscow\nsource Example News\ndate 2022-02-08\n\nBody text here.",
			published: "2022-02-08",
			title:     "Talks in Moscow",
			source:    "Example News",
			body:      "Body text here.",
			blocks:    []string{"Body text here."},
		},
		{
			name:      "sub-heading between paragraphs",
			in:        "date 2022-02-10 First paragraph.\n\nRussia dismisses the claims\n\nLast paragraph.\n",
			published: "2022-02-10",
			body:      "First paragraph.\n\nRussia dismisses the claims\n\nLast paragraph.\n",
			blocks:    []string{"First paragraph.", "#Russia dismisses the claims", "Last paragraph."},
		},
		{
			name:      "short line with final punctuation is a paragraph",
			in:        "date 2022-02-10 First.\n\nHe left.\n\nLast.",
			published: "2022-02-10",
			body:      "First.\n\nHe left.\n\nLast.",
			blocks:    []string{"First.", "He left.", "Last."},
		},
		{
			name:      "multi-line paragraph and CRLF",
			in:        "date 2022-02-10\r\nOne line\r\ncontinues.\r\n\r\n  Indented paragraph.  \r\n",
			published: "2022-02-10",
			body:      "One line\r\ncontinues.\r\n\r\n  Indented paragraph.  \r\n",
			blocks:    []string{"One line\r\ncontinues.", "Indented paragraph."},
		},
		{name: "no header", in: "Biden spoke.", err: `1:1: missing date header`},
		{name: "empty", in: "", err: `1:1: missing date header`},
		{name: "bad date", in: "  date 2022-02-30 Text", err: `1:8: date header "2022-02-30" is not a valid day: February 2022 has 28 days`},
		{name: "leap day", in: "date 2023-02-29 Text", err: `1:6: date header "2023-02-29" is not a valid day: February 2023 has 28 days`},
		{name: "no such month", in: "date 2024-13-01 Text", err: `1:6: date header "2024-13-01" has no month 13`},
		{name: "not a date", in: "date 2024-1-1 Text", err: `1:6: date header "2024-1-1" is not a date of the form YYYY-MM-DD`},
		{name: "NUL", in: "date 2022-02-10\nA\x00B.", err: `2:2: control character 0x00: a seed is plain text`},
		{name: "escape", in: "date 2022-02-10\nA \x1b[31mred.", err: `2:3: control character 0x1b`},
		{name: "DEL", in: "date 2022-02-10\nA\x7f.", err: `2:2: control character 0x7f`},
		{name: "vertical tab", in: "date 2022-02-10\nA\vB.", err: `2:2: control character 0x0b`},
		{name: "binary", in: "date 2022-02-10\n\x01\x02\x03\x04\x05\x06\x07", err: `2:6: more control characters follow`},
		{name: "BOM then no date", in: "\uFEFFText.", err: `1:4: missing date header`},
		{name: "date at end of file", in: "date", err: `missing date header`},
		{name: "invalid UTF-8", in: "date 2022-02-10 caf\xe9\n", err: `1:20: invalid UTF-8 (byte 0xe9 at offset 19)`},
		{name: "second date", in: "date 2022-02-10\ndate 2022-02-11\nText.", err: `2:1: second date header`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := Parse("x.txt", []byte(tt.in))
			if tt.err != "" {
				if len(errs) == 0 || !strings.Contains(errs.Error(), tt.err) {
					t.Fatalf("errors = %v, want one containing %q", errs, tt.err)
				}
				if s != nil {
					t.Errorf("got a seed along with errors")
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("unexpected errors: %v", errs)
			}
			if got := s.Published.Format("2006-01-02"); got != tt.published {
				t.Errorf("published = %s, want %s", got, tt.published)
			}
			if s.Title != tt.title || s.Source != tt.source {
				t.Errorf("title, source = %q, %q; want %q, %q", s.Title, s.Source, tt.title, tt.source)
			}
			if got := string(s.Body()); got != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
			var blocks []string
			for _, b := range s.Blocks {
				text := string(s.Data[b.Start:b.End])
				if b.Heading {
					text = "#" + text
				}
				blocks = append(blocks, text)
			}
			if strings.Join(blocks, "|") != strings.Join(tt.blocks, "|") {
				t.Errorf("blocks = %q, want %q", blocks, tt.blocks)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(" date 2022-02-10 United States President Joe Biden spoke.\n\nNext.\n\nHeading\n\nLast."))
	f.Add([]byte("title T\nsource S\nurl https://x\nauthor A\ndate 2022-01-01\n"))
	f.Add([]byte("date 2022-02-10\r\n\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, errs := Parse("f.txt", data)
		if (s == nil) == (len(errs) == 0) {
			t.Fatalf("seed %v with errors %v", s != nil, errs)
		}
		if s == nil {
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8")
		}
		last := s.BodyStart
		for _, b := range s.Blocks {
			if b.Start < last || b.End < b.Start || b.End > len(data) {
				t.Fatalf("block %+v out of order or range (after %d, len %d)", b, last, len(data))
			}
			if text := string(data[b.Start:b.End]); strings.Trim(text, " \t\v\f\r\n") != text || text == "" {
				t.Fatalf("block %q not trimmed", data[b.Start:b.End])
			}
			last = b.End
		}
	})
}

func TestLoad(t *testing.T) {
	site := fstest.MapFS{
		"seeds/b.txt":     {Data: []byte("date 2022-02-10 B.")},
		"seeds/a.txt":     {Data: []byte("no header")},
		"seeds/notes.md":  {Data: []byte("not a seed")},
		"seeds/sub/c.txt": {Data: []byte("date 2022-02-10 C.")},
	}
	got, errs := Load(site)
	if len(got) != 2 || got["b.txt"] == nil || got["a.txt"] != nil {
		t.Errorf("loaded %v, want b.txt, and a.txt as nil", got)
	}
	if e := errs.Errors(); len(e) != 1 || !strings.HasPrefix(e[0].Error(), "seeds/a.txt:1:1: missing date header") {
		t.Errorf("errors = %v", e)
	}
	want := []string{
		"seeds/notes.md: not read: seeds are .txt files",
		"seeds/sub: folders in seeds/ are not read; move its files up to be seeds",
	}
	if w := errs.Warnings(); len(w) != len(want) || w[0].Error() != want[0] || w[1].Error() != want[1] {
		t.Errorf("warnings = %v, want %q", w, want)
	}
}

// TestDigest: a parsed seed's digest, made once by Parse, is its file's,
// as is that of a seed made by hand.
func TestDigest(t *testing.T) {
	for _, data := range []string{"date 2022-02-10\n\nOne paragraph.\n", "date 2022-02-10\n\nAnother.\n"} {
		s, errs := Parse("x.txt", []byte(data))
		if errs.Err() != nil {
			t.Fatal(errs.Err())
		}
		want := sha256.Sum256([]byte(data))
		if s.Digest() != want {
			t.Errorf("%q: digest %x, want %x", data, s.Digest(), want)
		}
		if byHand := (&Seed{Data: []byte(data)}); byHand.Digest() != want {
			t.Errorf("%q: a seed made by hand has digest %x, want %x", data, byHand.Digest(), want)
		}
	}
}

// TestShorterThanHeading: the count by bytes first says what counting
// the characters says, on either side of the limit, in one byte and in
// several.
func TestShorterThanHeading(t *testing.T) {
	for _, unit := range []string{"a", "é", "€", "😀", "a\xff"} {
		for n := maxHeadingLen - 2; n <= maxHeadingLen+2; n++ {
			text := []byte(strings.Repeat(unit, n))
			if got, want := shorterThanHeading(text), utf8.RuneCount(text) <= maxHeadingLen; got != want {
				t.Errorf("%d × %q: %v, want %v", n, unit, got, want)
			}
		}
	}
}

// controlBytesOracle is controlBytes a byte at a time.
func controlBytesOracle(data []byte) []int {
	var offs []int
	for i, c := range data {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f {
			offs = append(offs, i)
			if len(offs) > maxControlErrors {
				break
			}
		}
	}
	return offs
}

// TestControlBytes compares controlBytes, which skips words without a
// control character, with the oracle: every byte value at every place of
// a word, and text with many controls.
func TestControlBytes(t *testing.T) {
	base := []byte("Plain text, ünïcödé – and\ttabs\nand lines\r\n\fok")
	for c := range 256 {
		for at := range 17 {
			data := append([]byte(nil), base...)
			data[at] = byte(c)
			if got, want := controlBytes(data), controlBytesOracle(data); !slices.Equal(got, want) {
				t.Fatalf("byte 0x%02x at %d: %v, want %v", c, at, got, want)
			}
		}
	}
	many := bytes.Repeat([]byte("a\x01\x7fb\x00"), 20)
	if got, want := controlBytes(many), controlBytesOracle(many); !slices.Equal(got, want) {
		t.Errorf("many controls: %v, want %v", got, want)
	}
}

func FuzzControlBytes(f *testing.F) {
	f.Add([]byte("text\x01\x7f\x00\t\n\r\f\x80\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := controlBytes(data), controlBytesOracle(data); !slices.Equal(got, want) {
			t.Fatalf("%q: %v, want %v", data, got, want)
		}
	})
}

// blocksOracle is blocks as first written, trimming each line with the
// bytes package.
func blocksOracle(data []byte, from int) []Block {
	const spaceChars = " \t\v\f\r\n"
	var out []Block
	start := -1
	lastNonSpace := from
	for i := from; i <= len(data); {
		end := len(data)
		if i < len(data) {
			end = lineEnd(data, i)
		}
		line := data[i:end]
		if len(bytes.Trim(line, spaceChars)) == 0 {
			if start >= 0 {
				out = append(out, blockOracle(data, start, lastNonSpace))
				start = -1
			}
		} else {
			if start < 0 {
				start = i + (len(line) - len(bytes.TrimLeft(line, spaceChars)))
			}
			lastNonSpace = i + len(bytes.TrimRight(line, spaceChars))
		}
		if end >= len(data) {
			break
		}
		i = end + 1
	}
	if start >= 0 {
		out = append(out, blockOracle(data, start, lastNonSpace))
	}
	for k := range out {
		if k == 0 || k == len(out)-1 {
			out[k].Heading = false
		}
	}
	return out
}

func blockOracle(data []byte, start, end int) Block {
	text := data[start:end]
	heading := bytes.IndexByte(text, '\n') < 0 && shorterThanHeading(text) && !endsSentence(text)
	return Block{Heading: heading, Start: start, End: end}
}

func FuzzBlocks(f *testing.F) {
	f.Add([]byte("para one.\n\nA heading\n\n  para \t two\r\nstill two.\n\n\n\v\fthree"), 0)
	f.Add([]byte("\n\n\n"), 1)
	f.Fuzz(func(t *testing.T, data []byte, from int) {
		if from < 0 || from > len(data) {
			return
		}
		if got, want := blocks(data, from), blocksOracle(data, from); !slices.Equal(got, want) {
			t.Fatalf("%q from %d: %v, want %v", data, from, got, want)
		}
	})
}
