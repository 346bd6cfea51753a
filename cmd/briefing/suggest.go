package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/sitefs"
	"gopkg.in/yaml.v3"
)

func runSuggest(args []string, stdout, stderr io.Writer) error {
	fl := flags("suggest", "[-site DIR] FILE",
		"Suggest reads a new seed article and prints draft front matter for its\n"+
			"briefing: the most mentioned actors as key actors, and a candidate\n"+
			"event for each resolved date, quoted so that the quote is unique.\n"+
			"Edit the titles, then save it as content/briefings/SLUG.md.", stderr)
	site := fl.String("site", ".", "site `directory` holding content/actors/")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return errUsage
	}
	matcher, errs, err := loadMatcher(*site, stderr)
	if err != nil {
		return err
	}
	file := fl.Arg(0)
	data, err := sitefs.ReadRegularFile(file)
	if err != nil {
		return err
	}
	seed, perrs := seeds.Parse(file, data)
	errs = append(errs, perrs...)
	if len(errs) > 0 {
		report(stderr, *site, "", errs)
		return errReported
	}
	body := seed.Body()
	counts := map[string]int{}
	for _, m := range matcher.Find(body) {
		counts[m.Actor]++
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if counts[ids[i]] != counts[ids[j]] {
			return counts[ids[i]] > counts[ids[j]]
		}
		return ids[i] < ids[j]
	})
	type event struct {
		Quote string `yaml:"quote"`
		Title string `yaml:"title"`
		Date  string `yaml:"date"`
	}
	fm := struct {
		Seed    string   `yaml:"seed"`
		Title   string   `yaml:"title"`
		Summary string   `yaml:"summary"`
		Tags    []string `yaml:"tags,flow"`
		Actors  []string `yaml:"actors,flow"`
		Events  []event  `yaml:"events,omitempty"`
	}{Seed: filepath.Base(file), Title: seed.Title, Tags: []string{}, Actors: ids[:min(3, len(ids))]}
	if fm.Title == "" {
		fm.Title = firstSentence(body, 90)
	}
	fm.Summary = firstSentence(body, 300)
	for _, d := range extract.ResolveDates(body, seed.Published) {
		if q := uniqueQuote(body, d.Start, d.End); q != "" {
			fm.Events = append(fm.Events, event{Quote: q, Title: "TODO: what happened " + d.Text, Date: d.Value})
		}
	}
	out, err := yaml.Marshal(fm)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "---\n%s---\nCommentary.\n", out)
	return nil
}

// firstSentence returns the body's first sentence, cut at a word before
// limit bytes.
func firstSentence(body []byte, limit int) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if len(s) > limit {
		s = s[:limit]
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			s = s[:i]
		}
		s += "…"
	}
	return s
}

// uniqueQuote widens text[start:end] a word on each side until it occurs
// once in text, giving up at a line break or after a few words.
func uniqueQuote(text []byte, start, end int) string {
	for range 8 {
		q := string(text[start:end])
		if strings.Contains(q, "\n") {
			return ""
		}
		if len(extract.FindQuote(text, q)) == 1 {
			return q
		}
		if i := bytes.LastIndexByte(text[:max(0, start-1)], ' '); i >= 0 {
			start = i + 1
		}
		if i := bytes.IndexByte(text[min(len(text), end+1):], ' '); i >= 0 {
			end += 1 + i
		}
	}
	return ""
}
