package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/briefing-dev/briefing/internal/actorkind"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/names"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/sitefs"
	"github.com/briefing-dev/briefing/internal/suggest"
	"gopkg.in/yaml.v3"
)

func runSuggest(args []string, stdout, stderr io.Writer) error {
	fl := flags("suggest", "[-site DIR] [-json | -write] FILE",
		"Suggest reads a new seed article and drafts its briefing: key actors\n"+
			"ranked by what the article is about, an event for each dated sentence\n"+
			"in which actors act, and the names of people, organisations,\n"+
			"countries, places and groups that the registry lacks, as proposed\n"+
			"actors. Texts to write are marked "+suggest.Placeholder+", and the draft has\n"+
			"draft: true; build refuses a published briefing that holds a "+suggest.Placeholder+".\n\n"+
			"Without -json or -write it prints the briefing file.", stderr)
	site := fl.String("site", ".", "site `directory` holding content/actors/")
	asJSON := fl.Bool("json", false, "print one JSON object: the draft and the proposed actors")
	write := fl.Bool("write", false, "write content/briefings/SLUG.md and the proposed actors to content/actors/SLUG.yaml")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 || *asJSON && *write {
		fl.Usage()
		return errUsage
	}
	matcher, actors, errs, err := loadMatcher(*site, stderr)
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
	mentions := matcher.Find(body)
	known := make([]names.Span, len(mentions))
	for i, m := range mentions {
		known[i] = names.Span{Start: m.Start, End: m.End}
	}
	registered := map[string]bool{}
	kinds := map[string]actorkind.Kind{}
	for _, a := range actors {
		registered[a.ID] = true
		kinds[a.ID] = a.Kind
	}
	cands := names.Find(body, known)
	for i := range cands {
		cands[i].ID = freeID(cands[i].ID, registered)
		registered[cands[i].ID] = true
	}
	draft := suggest.Make(suggest.Input{
		Seed: filepath.Base(file), Title: seed.Title, Body: body,
		Mentions: mentions, Kinds: kinds, Candidates: cands, Dates: extract.ResolveDates(body, seed.Published),
	})
	switch {
	case *asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if cands == nil {
			cands = []names.Candidate{}
		}
		return enc.Encode(struct {
			File       string            `json:"file"`
			Draft      suggest.Draft     `json:"draft"`
			Candidates []names.Candidate `json:"candidates"`
		}{file, draft, cands})
	case *write:
		return writeSuggestion(*site, file, draft, cands, stdout)
	}
	text, err := briefingText(draft)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, text)
	if len(cands) > 0 {
		noun := "names"
		if len(cands) == 1 {
			noun = "name"
		}
		fmt.Fprintf(stderr, "suggest: %d %s not in the registry: %s; -json lists them, -write adds them to content/actors/\n", len(cands), noun, candidateList(cands))
	}
	return nil
}

// freeID returns id, or id with a number after it if a registered actor
// has it already.
func freeID(id string, taken map[string]bool) string {
	if !taken[id] {
		return id
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s-%d", id, n); !taken[c] {
			return c
		}
	}
}

func candidateList(cands []names.Candidate) string {
	var b strings.Builder
	for i, c := range cands {
		if i == 5 {
			fmt.Fprintf(&b, ", and %d more", len(cands)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Name)
	}
	return b.String()
}

func briefingText(d suggest.Draft) (string, error) {
	out, err := marshalYAML(d)
	if err != nil {
		return "", err
	}
	return "---\n" + out + "---\n" + suggest.Placeholder + ": commentary.\n", nil
}

// marshalYAML writes YAML in one style, the README's: two-space
// indentation, and double quotes wherever a value needs quoting (go-yaml
// would pick single quotes for some values and double for others).
func marshalYAML(v any) (string, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return "", err
	}
	doubleQuote(&n)
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return "", err
	}
	return b.String(), enc.Close()
}

func doubleQuote(n *yaml.Node) {
	if n.Style&yaml.SingleQuotedStyle != 0 {
		n.Style = n.Style&^yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		doubleQuote(c)
	}
}

// proposedActor is a registry entry as content/actors/ holds it.
type proposedActor struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Aliases []string `yaml:"aliases,flow,omitempty"`
}

// writeSuggestion writes the briefing beside the site's others and appends
// the proposed actors to the registry, refusing to overwrite either.
func writeSuggestion(site, file string, d suggest.Draft, cands []names.Candidate, stdout io.Writer) error {
	if _, err := os.Stat(filepath.Join(site, "seeds", d.Seed)); err != nil {
		return fmt.Errorf("%s: the seed must be in %s so that the briefing can name it", file, filepath.Join(site, "seeds"))
	}
	slug := strings.TrimSuffix(d.Seed, filepath.Ext(d.Seed))
	briefing := filepath.Join(site, "content", "briefings", slug+".md")
	actorsFile := filepath.Join(site, "content", "actors", slug+".yaml")
	for _, p := range []string{briefing, actorsFile} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s exists already; move it away to suggest again", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	text, err := briefingText(d)
	if err != nil {
		return err
	}
	if err := writeNew(briefing, []byte(text)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", briefing)
	if len(cands) == 0 {
		return nil
	}
	// Each entry comes after the sentence it was found in, as a comment:
	// it helps to decide what to keep, and is never published.
	var b strings.Builder
	b.WriteString("# Proposed by briefing suggest from " + d.Seed + ": keep the actors the\n# briefing needs, fix names and kinds, and add descriptions.\n")
	for _, c := range cands {
		a := proposedActor{ID: c.ID, Name: c.Name, Kind: string(c.Kind)}
		for _, f := range c.Forms {
			if f.Text != c.Name && !(c.Kind == names.KindPerson && strings.HasSuffix(c.Name, " "+f.Text) && !strings.Contains(f.Text, " ")) {
				a.Aliases = append(a.Aliases, f.Text)
			}
		}
		out, err := marshalYAML([]proposedActor{a})
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n# %d× %s\n%s", c.Count, c.Context, out)
	}
	if err := writeNew(actorsFile, []byte(b.String())); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d proposed actors\n", actorsFile, len(cands))
	return nil
}

func writeNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
