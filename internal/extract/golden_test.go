package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/*.txtar")

// Each testdata/*.txtar file is a small news article with its actors. The
// comment holds a line "published: YYYY-MM-DD"; the files are:
//
//	actors     one actor a line: id | kind | name | aliases (; between) | short
//	article    the article body
//	mentions   expected Find output:         start end actor text
//	dates      expected ResolveDates output: start end value text
//	conflicts  expected NewMatcher conflicts: form | actor ids | derived
//
// The expected sections were written by running with -update and then
// checked by hand against the rules in the package documentation; a change
// in them is a change in behaviour to review.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.txtar files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			testGoldenFile(t, file)
		})
	}
}

func testGoldenFile(t *testing.T, file string) {
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	published, err := goldenPublished(a.Comment)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	sections := make(map[string][]byte)
	for _, f := range a.Files {
		sections[f.Name] = f.Data
	}
	actors, err := parseGoldenActors(sections["actors"])
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	// The article section ends with the newline txtar adds.
	text := sections["article"]

	m, conflicts := NewMatcher(actors)
	got := map[string][]byte{
		"mentions":  formatMentions(m.Find(text)),
		"dates":     formatDates(ResolveDates(text, published)),
		"conflicts": formatConflicts(conflicts, actors),
	}
	for _, d := range ResolveDates(text, published) {
		checkSpan(t, text, d.Text, d.Start, d.End)
	}
	checkLabeled(t, m.FindLabeled(text), m.Find(text))

	if *update {
		for name, data := range got {
			found := false
			for i := range a.Files {
				if a.Files[i].Name == name {
					a.Files[i].Data, found = data, true
				}
			}
			if !found {
				a.Files = append(a.Files, txtar.File{Name: name, Data: data})
			}
		}
		if err := os.WriteFile(file, txtar.Format(a), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range []string{"mentions", "dates", "conflicts"} {
		if want := sections[name]; !bytes.Equal(got[name], want) {
			t.Errorf("%s: %s:\ngot:\n%s\nwant:\n%s", file, name, got[name], want)
		}
	}
}

// checkLabeled checks that FindLabeled gives what Find gives, but the
// texts. (ResolveDates is made from ResolveDatesLabeled, which the golden
// files and FuzzResolveDates check through it.)
func checkLabeled(t *testing.T, mentions []Labeled, wantMentions []Mention) {
	t.Helper()
	var want []Labeled
	for _, m := range wantMentions {
		want = append(want, Labeled{Label: m.Actor, Start: m.Start, End: m.End})
	}
	if !slices.Equal(mentions, want) {
		t.Errorf("FindLabeled:\ngot  %v\nwant %v", mentions, want)
	}
}

func goldenPublished(comment []byte) (time.Time, error) {
	for line := range strings.Lines(string(comment)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "published:"); ok {
			return time.Parse("2006-01-02", strings.TrimSpace(v))
		}
	}
	return time.Time{}, fmt.Errorf("no published: line in the comment")
}

func parseGoldenActors(data []byte) ([]Actor, error) {
	var actors []Actor
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 5 {
			return nil, fmt.Errorf("actor line %q: want 5 fields, got %d", line, len(f))
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		a := Actor{ID: f[0], Kind: f[1], Name: f[2], Short: f[4]}
		if f[3] != "" {
			for alias := range strings.SplitSeq(f[3], ";") {
				a.Aliases = append(a.Aliases, strings.TrimSpace(alias))
			}
		}
		actors = append(actors, a)
	}
	return actors, nil
}

func formatMentions(ms []Mention) []byte {
	var b bytes.Buffer
	for _, m := range ms {
		fmt.Fprintf(&b, "%d %d %s %q\n", m.Start, m.End, m.Actor, m.Text)
	}
	return b.Bytes()
}

func formatDates(ds []Date) []byte {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "%d %d %s %q\n", d.Start, d.End, d.Value, d.Text)
	}
	return b.Bytes()
}

func formatConflicts(cs []Conflict, actors []Actor) []byte {
	var b bytes.Buffer
	for _, c := range cs {
		var ids []string
		for _, i := range c.Actors {
			ids = append(ids, actors[i].ID)
		}
		fmt.Fprintf(&b, "%s | %s | derived=%v\n", c.Form, strings.Join(ids, " "), c.Derived)
	}
	return b.Bytes()
}

// checkSpan fails the test unless a span is well formed in text.
func checkSpan(t testing.TB, text []byte, s string, start, end int) {
	t.Helper()
	if start < 0 || end > len(text) || start >= end {
		t.Fatalf("span [%d,%d) out of range 0..%d", start, end, len(text))
	}
	if string(text[start:end]) != s {
		t.Fatalf("span [%d,%d) is %q, Text is %q", start, end, text[start:end], s)
	}
	if !onRuneBoundary(text, start) || !onRuneBoundary(text, end) {
		t.Fatalf("span [%d,%d) splits a UTF-8 sequence in %q", start, end, text)
	}
}
