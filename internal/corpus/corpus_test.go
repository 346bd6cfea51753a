package corpus

import (
	"bytes"
	"errors"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func generate(t *testing.T, o Options) (site, hugo Files) {
	t.Helper()
	site, hugo = Files{}, Files{}
	if err := Write(o, site, hugo); err != nil {
		t.Fatal(err)
	}
	return site, hugo
}

func TestSameSeedSameBytes(t *testing.T) {
	o := Options{Briefings: 30, Seed: 7}
	site1, hugo1 := generate(t, o)
	site2, hugo2 := generate(t, o)
	for _, pair := range []struct {
		name string
		a, b Files
	}{{"briefing", site1, site2}, {"hugo", hugo1, hugo2}} {
		if len(pair.a) != len(pair.b) {
			t.Fatalf("%s: %d files, then %d", pair.name, len(pair.a), len(pair.b))
		}
		for name, data := range pair.a {
			if !bytes.Equal(data, pair.b[name]) {
				t.Errorf("%s: %s differs between two runs with the same seed", pair.name, name)
			}
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a, _ := generate(t, Options{Briefings: 5, Seed: 1})
	b, _ := generate(t, Options{Briefings: 5, Seed: 2})
	for _, name := range []string{"content/actors/actors.yaml", "seeds/2020-01-02-000001.txt", "content/briefings/2020-01-06-000005.md"} {
		if len(a[name]) == 0 {
			t.Fatalf("seed 1 wrote no %s", name)
		}
		if bytes.Equal(a[name], b[name]) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

// A larger corpus starts with the smaller one, so that figures at
// different sizes compare the same articles.
func TestLargerCorpusExtendsSmaller(t *testing.T) {
	small, _ := generate(t, Options{Briefings: 4, Seed: 3})
	large, _ := generate(t, Options{Briefings: 9, Seed: 3})
	for name, data := range small {
		if name == "content/site.yaml" { // names the number of briefings
			continue
		}
		if !bytes.Equal(data, large[name]) {
			t.Errorf("%s differs between 4 and 9 briefings", name)
		}
	}
	if got, want := len(large)-len(small), 2*5; got != want {
		t.Errorf("9 briefings wrote %d more files than 4, want %d", got, want)
	}
}

func TestFiles(t *testing.T) {
	const n = 12
	site, hugo := generate(t, Options{Briefings: n, Seed: 1, Words: 200})
	counts := func(files Files) map[string]int {
		c := map[string]int{}
		for name := range files {
			c[strings.TrimSuffix(path.Dir(name), ".")]++
		}
		return c
	}
	tests := []struct {
		files Files
		dir   string
		want  int
	}{
		{site, "seeds", n},
		{site, "content/briefings", n},
		{site, "content/actors", 1},
		{site, "content", 1},
		{hugo, "content/briefings", n},
		{hugo, "layouts/_default", 5},
		{hugo, "", 1},
	}
	for _, tt := range tests {
		if got := counts(tt.files)[tt.dir]; got != tt.want {
			t.Errorf("%q holds %d files, want %d", tt.dir, got, tt.want)
		}
	}
	if !strings.Contains(string(hugo["hugo.toml"]), `actor = "actors"`) {
		t.Errorf("hugo.toml has no actors taxonomy:\n%s", hugo["hugo.toml"])
	}
	onlySite := Files{}
	if err := Write(Options{Briefings: n, Seed: 1, Words: 200}, onlySite, nil); err != nil {
		t.Fatal(err)
	}
	if len(onlySite) != len(site) {
		t.Errorf("without a Hugo sink, %d files of the site, want %d", len(onlySite), len(site))
	}
}

func TestRegistry(t *testing.T) {
	site, _ := generate(t, Options{Briefings: 1, Seed: 11})
	kinds := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^  kind: (\w+)$`).FindAllStringSubmatch(string(site["content/actors/actors.yaml"]), -1) {
		kinds[m[1]]++
	}
	for _, p := range registryPlan {
		if kinds[string(p.kind)] != p.count {
			t.Errorf("%d actors of kind %s, want %d", kinds[string(p.kind)], p.kind, p.count)
		}
	}
	forms := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(string(site["content/actors/actors.yaml"]), -1) {
		if forms[m[1]] {
			t.Errorf("the surface form %q is claimed twice", m[1])
		}
		forms[m[1]] = true
	}
}

// Every article has both event quotes exactly once, and uses every kind
// of date expression somewhere in the corpus.
func TestArticles(t *testing.T) {
	site, _ := generate(t, Options{Briefings: 40, Seed: 5})
	quote := regexp.MustCompile(`quote: "([^"]+)"`)
	var seeds []string
	for name := range site {
		if strings.HasPrefix(name, "content/briefings/") {
			seeds = append(seeds, name)
		}
	}
	sort.Strings(seeds)
	var all strings.Builder
	for _, name := range seeds {
		slug := strings.TrimSuffix(strings.TrimPrefix(name, "content/briefings/"), ".md")
		text := string(site["seeds/"+slug+".txt"])
		if !strings.HasPrefix(text, " date "+slug[:10]+" ") {
			t.Errorf("%s: the seed does not start with its date: %.30q", slug, text)
		}
		quotes := quote.FindAllStringSubmatch(string(site[name]), -1)
		if len(quotes) != 2 {
			t.Errorf("%s: %d events, want 2", name, len(quotes))
		}
		for _, q := range quotes {
			if c := strings.Count(text, q[1]); c != 1 {
				t.Errorf("%s: quote %q occurs %d times in the seed", name, q[1], c)
			}
		}
		if words := len(strings.Fields(text)); words < DefaultWords {
			t.Errorf("%s: %d words, want at least %d", name, words, DefaultWords)
		}
		all.WriteString(text)
	}
	for _, kind := range []string{`on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`, `on \d+ [A-Z][a-z]+`,
		`last week|yesterday|last month|next week`, `the next day`, `in [A-Z][a-z]+ 20\d\d`, `[a-z]'s said`} {
		if !regexp.MustCompile(kind).MatchString(all.String()) {
			t.Errorf("no %q in 40 articles", kind)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{{Briefings: 0}, {Briefings: -3}, {Briefings: 2, Words: -1}} {
		if err := Write(o, Files{}, Files{}); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

type failing struct{}

var errFull = errors.New("disk full")

func (failing) WriteFile(string, []byte) error { return errFull }

func TestSinkErrors(t *testing.T) {
	for _, sinks := range [][2]Sink{{failing{}, Files{}}, {Files{}, failing{}}} {
		err := Write(Options{Briefings: 2}, sinks[0], sinks[1])
		if !errors.Is(err, errFull) {
			t.Errorf("got %v, want the sink's error", err)
		}
	}
}
