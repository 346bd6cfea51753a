// Package corpus generates synthetic sites for benchmarks and scale tests:
// a briefing site of news-like articles, and the same articles as a Hugo
// site with `actors` and `tags` taxonomies and minimal layouts, so that the
// two tools can be timed on the same input.
//
// The articles mention actors by full name, short name, alias and
// possessive, and carry weekday, day-month, relative, anaphoric and
// month-year date expressions; each briefing has two tags, two key actors
// and two events anchored by quotes that occur once in the whole corpus.
// The output depends only on the options: the same seed gives the same
// bytes, and the first k briefings of a larger corpus are those of a
// smaller one with the same seed.
package corpus

import (
	"embed"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"strings"
	"time"
)

// Options say what to generate.
type Options struct {
	Briefings int    // how many articles
	Seed      uint64 // the same seed gives the same corpus
	Words     int    // about how many words of prose an article has
}

// DefaultWords is the length of an article when Options.Words is not set.
const DefaultWords = 600

// Sink receives the generated files. Names are slash-separated and
// relative to the site's root.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Write generates the corpus: the briefing site into site and its Hugo
// twin into hugo, which may be nil when only the briefing site is wanted.
func Write(o Options, site, hugo Sink) error {
	if o.Briefings < 1 {
		return fmt.Errorf("the number of briefings must be at least 1, not %d", o.Briefings)
	}
	if o.Words == 0 {
		o.Words = DefaultWords
	}
	if o.Words < 1 {
		return fmt.Errorf("the number of words must be at least 1, not %d", o.Words)
	}
	g := &generator{rng: rand.New(rand.NewPCG(o.Seed, pcgStream))}
	actors := g.registry()
	put := func(s Sink, name, data string) error {
		if err := s.WriteFile(name, []byte(data)); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		return nil
	}
	if err := put(site, "content/actors/actors.yaml", registryYAML(actors)); err != nil {
		return err
	}
	siteYAML := fmt.Sprintf("title: Synthetic briefings (%d)\nbase_url: %s\nlanguage: en\n", o.Briefings, baseURL)
	if err := put(site, "content/site.yaml", siteYAML); err != nil {
		return err
	}
	for i := 1; i <= o.Briefings; i++ {
		a := g.article(i, actors, o.Words)
		if err := put(site, "seeds/"+a.slug+".txt", a.seed()); err != nil {
			return err
		}
		if err := put(site, "content/briefings/"+a.slug+".md", a.briefing()); err != nil {
			return err
		}
		if hugo == nil {
			continue
		}
		if err := put(hugo, "content/briefings/"+a.slug+".md", a.hugoPage()); err != nil {
			return err
		}
	}
	if hugo == nil {
		return nil
	}
	if err := put(hugo, "hugo.toml", hugoConfig); err != nil {
		return err
	}
	return fs.WalkDir(hugoLayouts, "hugo-layouts", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoLayouts.ReadFile(name)
		if err != nil {
			return err
		}
		return put(hugo, path.Join("layouts", strings.TrimPrefix(name, "hugo-layouts/")), string(data))
	})
}

// hugoLayouts are the minimal templates of the Hugo twin: a page per
// article with its actors and tags linked, and plain lists for the home
// page, sections and taxonomies. "all:" because Hugo's folder is
// _default, which embed would otherwise leave out.
//
//go:embed all:hugo-layouts
var hugoLayouts embed.FS

const (
	baseURL = "https://example.org/briefings/"
	// pcgStream is the second half of the generator's state: any fixed
	// value will do, as long as it never changes.
	pcgStream  = 0x62726965666e67
	hugoConfig = "baseURL = \"" + baseURL + "\"\ntitle = \"Synthetic briefings\"\n" +
		"disableKinds = []\n[taxonomies]\n  actor = \"actors\"\n  tag = \"tags\"\n"
)

// The corpus's first publication date; the following ones cycle over
// datesSpan days, so that a large archive fills every month of a few years.
var (
	firstDate = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	datesSpan = 1500
)

var (
	syllables = strings.Fields("ka lo mi ra ve to su ne di fa go hu ja ke li mo pa ri sa te vo zu " +
		"bel dor fen gar hal jor kel lan mar nor pel ros sten tor val win")
	weekdays = strings.Fields("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
	months   = strings.Fields("January February March April May June July August September October November December")
	filler   = strings.Fields("officials said the talks would continue as negotiators weighed the proposal while " +
		"markets watched closely and diplomats stressed that any agreement must hold under pressure " +
		"from partners who questioned the timetable and the cost of the plan for the region")
	tags         = strings.Fields("diplomacy security energy trade elections sanctions climate economy health migration")
	orgSuffixes  = strings.Fields("Council Agency Party Bank Ministry")
	acronymChars = "ABCDEFGHKLMNPRSTVWZ"
	relative     = []string{"last week", "yesterday", "last month", "next week"}
)

// Kind is an actor's kind, as the registry spells it.
type Kind string

const (
	Person       Kind = "person"
	Organization Kind = "organization"
	Country      Kind = "country"
	Place        Kind = "place"
)

type actor struct {
	id, name string
	kind     Kind
	aliases  []string
	short    string
}

// forms are the surface forms an article may use for the actor.
func (a actor) forms() []string {
	f := append([]string{a.name}, a.aliases...)
	if a.kind == Person {
		f = append(f, a.short)
	}
	return f
}

// registryPlan says how many actors of each kind the registry has and how
// each is made; every name, alias and short form is unique in the corpus.
var registryPlan = []struct {
	kind  Kind
	count int
	make  func(g *generator) actor
}{
	{Person, 120, func(g *generator) actor {
		first, last := g.unique(func() string { return g.word(2) }), g.unique(func() string { return g.word(3) })
		return actor{id: strings.ToLower(first + "-" + last), name: first + " " + last, short: last}
	}},
	{Organization, 40, func(g *generator) actor {
		name := g.unique(func() string { return g.word(2) + " " + g.choice(orgSuffixes) })
		acronym := g.unique(func() string {
			var b [3]byte
			for i := range b {
				b[i] = acronymChars[g.rng.IntN(len(acronymChars))]
			}
			return string(b[:])
		})
		return actor{id: strings.ToLower(strings.ReplaceAll(name, " ", "-")), name: name, aliases: []string{acronym}}
	}},
	{Country, 25, func(g *generator) actor {
		name := g.unique(func() string { return g.word(3) })
		return actor{id: strings.ToLower(name), name: name, aliases: []string{g.unique(func() string { return name + "ian" })}}
	}},
	{Place, 15, func(g *generator) actor {
		name := g.unique(func() string { return g.word(2) + "ville" })
		return actor{id: strings.ToLower(name), name: name}
	}},
}

type generator struct {
	rng  *rand.Rand
	seen map[string]bool
}

func (g *generator) word(parts int) string {
	var b strings.Builder
	for range parts {
		b.WriteString(g.choice(syllables))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *generator) unique(make func() string) string {
	for {
		if s := make(); !g.seen[s] {
			g.seen[s] = true
			return s
		}
	}
}

func (g *generator) choice(from []string) string { return from[g.rng.IntN(len(from))] }

// between returns an int in [lo, hi).
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo) }

// sample returns k distinct elements of from, in random order.
func sample[T any](g *generator, from []T, k int) []T {
	idx := make([]int, len(from))
	for i := range idx {
		idx[i] = i
	}
	out := make([]T, k)
	for i := range k {
		j := i + g.rng.IntN(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
		out[i] = from[idx[i]]
	}
	return out
}

func (g *generator) registry() []actor {
	g.seen = map[string]bool{}
	var actors []actor
	for _, p := range registryPlan {
		for range p.count {
			a := p.make(g)
			a.kind = p.kind
			actors = append(actors, a)
		}
	}
	return actors
}

func registryYAML(actors []actor) string {
	var b strings.Builder
	for _, a := range actors {
		fmt.Fprintf(&b, "- id: %s\n  name: %s\n  kind: %s\n", a.id, quoteYAML(a.name), a.kind)
		if len(a.aliases) > 0 {
			quoted := make([]string, len(a.aliases))
			for i, s := range a.aliases {
				quoted[i] = quoteYAML(s)
			}
			fmt.Fprintf(&b, "  aliases: [%s]\n", strings.Join(quoted, ", "))
		}
		if a.short != "" {
			fmt.Fprintf(&b, "  short: %s\n", quoteYAML(a.short))
		}
	}
	return b.String()
}

// quoteYAML writes s as a double-quoted YAML scalar.
func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

type event struct{ quote, title string }

type article struct {
	slug, title string
	pub         time.Time
	tags        []string
	cast        []actor // the first two are the key actors
	events      []event
	paras       []string
}

// dateExpressions are the kinds of date an article uses, with the share of
// each; the shares add up to one.
var dateExpressions = []struct {
	share float64
	make  func(g *generator, pub time.Time) string
}{
	{0.35, func(g *generator, _ time.Time) string { return "on " + g.choice(weekdays) }},
	{0.25, func(g *generator, pub time.Time) string {
		d := pub.AddDate(0, 0, -g.between(1, 60))
		return fmt.Sprintf("on %d %s", d.Day(), months[d.Month()-1])
	}},
	{0.15, func(g *generator, _ time.Time) string { return g.choice(relative) }},
	{0.15, func(g *generator, _ time.Time) string { return "the next day" }},
	{0.10, func(g *generator, pub time.Time) string {
		return fmt.Sprintf("in %s %d", g.choice(months), pub.Year()-g.rng.IntN(3))
	}},
}

func (g *generator) when(pub time.Time) string {
	r := g.rng.Float64()
	for _, e := range dateExpressions {
		if r < e.share {
			return e.make(g, pub)
		}
		r -= e.share
	}
	last := dateExpressions[len(dateExpressions)-1]
	return last.make(g, pub)
}

func (g *generator) article(idx int, actors []actor, words int) article {
	pub := firstDate.AddDate(0, 0, idx%datesSpan)
	cast := sample(g, actors, 8)
	var persons, places []actor
	for _, a := range cast {
		if a.kind == Person {
			persons = append(persons, a)
		}
	}
	for _, a := range actors {
		if a.kind == Place {
			places = append(places, a)
		}
	}
	who := func() string {
		a := cast[g.rng.IntN(len(cast))]
		s := g.choice(a.forms())
		if g.rng.Float64() < 0.1 {
			s += "'s"
		}
		return s
	}
	var paras []string
	var sentence strings.Builder
	for count := 0; count < words; {
		var para []string
		for range g.between(3, 6) {
			sentence.Reset()
			fmt.Fprintf(&sentence, "%s said %s that", who(), g.when(pub))
			for range g.between(6, 14) {
				sentence.WriteString(" " + g.choice(filler))
			}
			fmt.Fprintf(&sentence, ", and %s agreed.", who())
			s := sentence.String()
			s = strings.ToUpper(s[:1]) + s[1:]
			para = append(para, s)
			count += len(strings.Fields(s))
		}
		paras = append(paras, strings.Join(para, " "))
	}
	var events []event
	for k := range 2 {
		pair := cast
		if len(persons) > 1 {
			pair = persons
		}
		two := sample(g, pair, 2)
		code := fmt.Sprintf("%s-%d-%d", g.word(2), idx, k)
		s := fmt.Sprintf("%s and %s signed the %s accord in %s %s.", two[0].name, two[1].name, code, places[g.rng.IntN(len(places))].name, g.when(pub))
		at := g.rng.IntN(len(paras) + 1)
		paras = append(paras[:at], append([]string{s}, paras[at:]...)...)
		events = append(events, event{
			quote: fmt.Sprintf("signed the %s accord", code),
			title: fmt.Sprintf("%s and %s sign the %s accord", two[0].name, two[1].name, code),
		})
	}
	return article{
		slug:   fmt.Sprintf("%s-%06d", pub.Format(time.DateOnly), idx),
		title:  fmt.Sprintf("%s and %s weigh %s talks (%d)", cast[0].name, cast[1].name, g.choice(tags), idx),
		pub:    pub,
		tags:   sample(g, tags, 2),
		cast:   cast,
		events: events,
		paras:  paras,
	}
}

// seed is the raw article, its date header sharing the first paragraph's
// line as wire copy often does.
func (a article) seed() string {
	return " date " + a.pub.Format(time.DateOnly) + " " + strings.Join(a.paras, "\n\n") + "\n"
}

func (a article) summary() string {
	s := a.paras[0]
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

func (a article) briefing() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nseed: %s.txt\ntitle: %s\nsummary: %s\ntags: [%s]\nactors: [%s, %s]\nevents:\n",
		a.slug, quoteYAML(a.title), quoteYAML(a.summary()), strings.Join(a.tags, ", "), a.cast[0].id, a.cast[1].id)
	for _, e := range a.events {
		fmt.Fprintf(&b, "  - quote: %s\n    title: %s\n", quoteYAML(e.quote), quoteYAML(e.title))
	}
	b.WriteString("---\nAnalyst commentary for this briefing.\n")
	return b.String()
}

// hugoPage is the same article for Hugo: the prose is the page's content,
// and every actor of the cast is a term of the `actors` taxonomy.
func (a article) hugoPage() string {
	names := make([]string, len(a.cast))
	for i, c := range a.cast {
		names[i] = quoteYAML(c.name)
	}
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsummary: %s\ntags: [%s]\nactors: [%s]\n---\n%s\n",
		quoteYAML(a.title), a.pub.Format(time.DateOnly), quoteYAML(a.summary()), strings.Join(a.tags, ", "),
		strings.Join(names, ", "), strings.Join(a.paras, "\n\n"))
}
