package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/seeds"
	"gopkg.in/yaml.v3"
)

// devScore is the score of ResolveDates on testdata/dev, as last reviewed:
// TestDevSet fails when a change makes any count worse. Raise it (and the
// table in testdata/README.md, which -update rewrites) when a change makes
// it better.
var devScore = score{tp: 375, fp: 3, fn: 4}

// devGold is one entry of testdata/dev/dates.yaml, the format that
// score-extract reads: text and n locate the n-th occurrence (counted over
// the whole file, header included) of text; ignore spans score neither way.
type devGold struct {
	Text   string `yaml:"text"`
	N      int    `yaml:"n"`
	Value  string `yaml:"value"`
	Ignore bool   `yaml:"ignore"`
}

type score struct{ tp, fp, fn int }

func (s score) f1() float64 {
	if s.tp == 0 {
		return 0
	}
	p := float64(s.tp) / float64(s.tp+s.fp)
	r := float64(s.tp) / float64(s.tp+s.fn)
	return 2 * p * r / (p + r)
}

// calendarValue is the value form score-extract scores; others are skipped.
var calendarValue = regexp.MustCompile(`^\d{4}(-\d\d(-\d\d(T.*)?)?|-W\d\d)?$`)

// TestDevSet scores ResolveDates on the development set the way
// score-extract scores `briefing extract`: a prediction counts when it
// overlaps an unused gold span one-to-one with the same value.
func TestDevSet(t *testing.T) {
	raw, err := os.ReadFile("testdata/dev/dates.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var gold map[string][]devGold
	if err := yaml.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	if len(gold) < 20 {
		t.Fatalf("testdata/dev/dates.yaml has %d articles, want at least 20", len(gold))
	}
	names := make([]string, 0, len(gold))
	for name := range gold {
		names = append(names, name)
	}
	slices.Sort(names)

	var total score
	kinds := map[string]*score{}
	kindOf := func(text string) *score {
		k := dateKind(text)
		if kinds[k] == nil {
			kinds[k] = &score{}
		}
		return kinds[k]
	}
	var errs []string
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("testdata/dev/articles", name))
		if err != nil {
			t.Fatal(err)
		}
		seed, perrs := seeds.Parse(name, data)
		if len(perrs) > 0 {
			t.Fatalf("%s: %v", name, perrs)
		}
		type span struct {
			value      string
			start, end int
		}
		var golds, ignored []span
		for _, g := range gold[name] {
			start := -1
			for range max(g.N, 1) {
				next := bytes.Index(data[start+1:], []byte(g.Text))
				if next < 0 {
					t.Fatalf("%s: gold text %q #%d not in the file", name, g.Text, g.N)
				}
				start += 1 + next
			}
			s := span{g.Value, start, start + len(g.Text)}
			if g.Ignore {
				ignored = append(ignored, s)
			} else {
				golds = append(golds, s)
				kindOf(g.Text)
			}
		}
		overlaps := func(a, b span) bool { return a.start < b.end && b.start < a.end }
		used := make([]bool, len(golds))
	preds:
		for _, d := range ResolveDates(seed.Body(), seed.Published) {
			p := span{d.Value, d.Start + seed.BodyStart, d.End + seed.BodyStart}
			if !calendarValue.MatchString(p.value) {
				continue
			}
			for _, ig := range ignored {
				if overlaps(p, ig) {
					continue preds
				}
			}
			for i, g := range golds {
				if !used[i] && overlaps(p, g) && (g.value == p.value || strings.HasPrefix(p.value, g.value+"T")) {
					used[i] = true
					total.tp++
					kindOf(string(data[g.start:g.end])).tp++
					continue preds
				}
			}
			total.fp++
			kindOf(d.Text).fp++
			errs = append(errs, fmt.Sprintf("%s: false date %q -> %s", name, d.Text, d.Value))
		}
		for i, g := range golds {
			if !used[i] {
				total.fn++
				kindOf(string(data[g.start:g.end])).fn++
				errs = append(errs, fmt.Sprintf("%s: missed %q -> %s", name, data[g.start:g.end], g.value))
			}
		}
	}
	table := kindTable(kinds, total)
	t.Logf("development set: tp=%d fp=%d fn=%d F1 %.3f\n%s\n%s", total.tp, total.fp, total.fn, total.f1(), table, strings.Join(errs, "\n"))
	if *update {
		if err := writeKindTable("testdata/README.md", table); err != nil {
			t.Fatal(err)
		}
	}
	if total.tp < devScore.tp || total.fp > devScore.fp || total.fn > devScore.fn {
		t.Errorf("development set: tp=%d fp=%d fn=%d (F1 %.3f), worse than the recorded tp=%d fp=%d fn=%d (F1 %.3f):\n%s",
			total.tp, total.fp, total.fn, total.f1(), devScore.tp, devScore.fp, devScore.fn, devScore.f1(), strings.Join(errs, "\n"))
	}
}

// dateKinds classify an expression by its text, first match wins, for the
// per-kind counts of the development set.
var dateKinds = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"holiday", regexp.MustCompile(`Christmas|Easter|Thanksgiving|Year's|Boxing|Election Day|Presidents|Cyber|Independence|Bastille`)},
	{"year in words", regexp.MustCompile(`(?i)thousand|nineteen|seventy|ninety`)},
	{"range of two", regexp.MustCompile(`\d+[-–]\d+$|\d+ (and|to) \d+$`)},
	{"anaphora", regexp.MustCompile(`(?i)^(the (next|following|previous|same)|that |a \w+ (earlier|later)|\w+ \w+ (earlier|later)|the \w+ before)|of that year`)},
	{"relative", regexp.MustCompile(`(?i)\b(today|tomorrow|yesterday|last|this|next|ago)\b|the (end|start|beginning|middle|rest) of the`)},
	{"full date", regexp.MustCompile(`[A-Z][a-z]+\.? \d{1,2},? \d{4}`)},
	{"month and year", regexp.MustCompile(`^[A-Z][a-z]+\.? \d{4}$`)},
	{"day and month", regexp.MustCompile(`^(on )?([A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+)$`)},
	{"weekday", regexp.MustCompile(`(?i)(mon|tues|wednes|thurs|fri|satur|sun)day`)},
	{"month", regexp.MustCompile(`^[A-Z][a-z]+$`)},
	{"year", regexp.MustCompile(`^\d{4}$`)},
}

func dateKind(text string) string {
	for _, k := range dateKinds {
		if k.re.MatchString(text) {
			return k.kind
		}
	}
	return "other"
}

// kindTable formats the per-kind counts as a Markdown table, kinds sorted.
func kindTable(kinds map[string]*score, total score) string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("| kind | right | false | missed |\n|---|---:|---:|---:|\n")
	for _, k := range names {
		s := kinds[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", k, s.tp, s.fp, s.fn)
	}
	fmt.Fprintf(&b, "| all (F1 %.3f) | %d | %d | %d |\n", total.f1(), total.tp, total.fp, total.fn)
	return b.String()
}

// writeKindTable replaces the table between the markers in a README.
func writeKindTable(file, table string) error {
	const begin, end = "<!-- dev kinds: begin -->\n", "<!-- dev kinds: end -->"
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q ... %q markers", file, strings.TrimSpace(begin), end)
	}
	return os.WriteFile(file, []byte(s[:i+len(begin)]+table+s[j:]), 0o666)
}
