package annotations

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameAsGoYAML fails t when parseBlockYAML reads src to another tree than
// go-yaml does, or reads what go-yaml refuses; it reports whether
// parseBlockYAML read src at all.
func sameAsGoYAML(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := parseBlockYAML(src)
	if !ok {
		return false
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		t.Fatalf("read what go-yaml refuses (%v):\n%s", err, src)
	}
	if len(root.Content) == 0 {
		t.Fatalf("read a tree where go-yaml finds none:\n%s", src)
	}
	if want := root.Content[0]; !reflect.DeepEqual(got, want) {
		t.Fatalf("tree differs from go-yaml's for:\n%s\ngot:\n%s\nwant:\n%s", src, dumpNode(got), dumpNode(want))
	}
	return true
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "%s%d %s %q style=%d %d:%d head=%q line=%q foot=%q anchor=%q\n",
			strings.Repeat("  ", depth), n.Kind, n.Tag, n.Value, n.Style, n.Line, n.Column,
			n.HeadComment, n.LineComment, n.FootComment, n.Anchor)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

var blockYAMLCases = []struct {
	src  string
	fast bool // parseBlockYAML reads it, rather than leaving it to go-yaml
}{
	// What gen-corpus writes, and what briefings mostly look like.
	{"seed: 2020-01-01-001500.txt\ntitle: \"Stenhu Agency and Valve Huvalwin weigh sanctions talks (1500)\"\nsummary: \"Nehal Haltorhu said the next day that markets weighed talks, and Rosfa Ministry agreed.\"\ntags: [migration, health]\nactors: [stenhu-agency, valve-huvalwin]\nevents:\n  - quote: \"signed the Marros-1500-0 accord\"\n    title: \"Jazu Javalsa and Valve Huvalwin sign the Marros-1500-0 accord\"\n  - quote: \"signed the Vomi-1500-1 accord\"\n    title: \"Nehal Haltorhu and Lanval Jorjorke sign the Vomi-1500-1 accord\"\n", true},
	{"seed: x.txt\ntitle: Biden and Macron compare notes after Macron's Moscow and Kyiv talks\ntags: [diplomacy, russia-ukraine, us-france]\n", true},
	{"events:\n- quote: q\n  title: t\n  actors: [a, b]\n- quote: \"r\"\n  title: u\n", true},
	{"notes:\n  - quote: \"spoke today\"\n    text: The readout is dated 9 February, so its \"today\" is the Wednesday call.\n", true},
	{"a:\n  b: c\n  d:\n    e: f\ng: h\n", true},
	{"draft: true\nx: false\ny: yes\nz: on\n", true},
	{"title: \"Quote \\\"inside\\\" and a back\\\\slash\"\n", true},
	{"title: \"Ünïcödé – “quotes” and 日本語\"\ntags: [\"ä\", b, \"日本\"]\nx: ü y\n", true},
	{"tags: []\ntags2: [ a ,b , c ]\n", true},
	{"\n\ntitle: T   \n\n\nseed: s\n", true},
	{"title: T", true},
	{"- id: joe-biden\n  name: Joe Biden\n  kind: person\n  aliases: [\"Joseph R. Biden, Jr.\", \"American President\"]\n  wikidata: Q6279\n  description: The 46th President, in office from January 2021 {and so on}.\n", true},
	{"- a\n- \"b\"\n- [c, d]\n", true},
	{"a: b\na: c\n", true},
	{"seed: 2020-01-01\n", false},          // a timestamp
	{"seed: 12\n", false},                  // an integer
	{"seed: 1e3\n", false},                 // a float
	{"seed: 0x1F\n", false},                // hexadecimal
	{"seed: 2020-01-01 10:00:00\n", false}, // colon
	{"seed: 1_000\n", false},               // an integer with underscores
	{"seed: 3.txt\n", true},                // text
	{"seed: null\n", false},                // null
	{"seed:\n", false},                     // empty
	{"seed: ~\n", false},                   // null
	{"# comment\ntitle: T\n", false},       // comment
	{"title: T # comment\n", false},        // comment
	{"title: 'single'\n", false},           // single quotes
	{"title: \"a\\nb\"\n", false},          // an escape
	{"title: \"a\n  b\"\n", false},         // a quoted scalar on two lines
	{"title: a\n  b\n", false},             // a plain scalar on two lines
	{"summary: >-\n  folded\n", false},     // folded
	{"a: &x b\nc: *x\n", false},            // anchors
	{"a: !!str b\n", false},                // a tag
	{"a:\tb\n", false},                     // a tab
	{"a: b\r\nc: d\r\n", false},            // CR
	{"a: [b,\n c]\n", false},               // a flow list on two lines
	{"a: {b: c}\n", false},                 // a flow mapping
	{"a: b\n  c: d\n", false},              // bad indentation
	{"  a: b\nc: d\n", false},              // indented at the top
	{"a:\n  - b\n   - c\n", false},         // uneven list
	{"a: [b, c,]\n", false},                // a trailing comma
	{"a: b  c\n", false},                   // two spaces inside
	{"Title: T\n", false},                  // a capital in a key
	{"a: b\n---\nc: d\n", false},           // two documents
	{"a: \"\xef\xbb\xbf\"\n", false},       // a byte order mark
	{"a: \"\xc2\x85\"\n", false},           // NEL
	{"a: \"\xff\"\n", false},               // not UTF-8
	{"", false},                            // empty
	{"- a\n-  b\n", true},                  // two spaces after a dash
	{"a:\n- b\nc: d\n", true},              // a list at the key's indent
	{"- a: b\n  c:\n  - d\n- e\n", true},   // nested, the inner list at its key's indent
	{"a: b:\n", false},                     // a colon in a value
	{"a: -b\n", false},                     // starts with an indicator
	{"a: b -c\n", true},                    // a dash inside
	{"a: b\n- c\n", false},                 // a list after a mapping
}

func TestBlockYAMLMatchesGoYAML(t *testing.T) {
	for _, c := range blockYAMLCases {
		if got := sameAsGoYAML(t, []byte(c.src)); got != c.fast {
			t.Errorf("parseBlockYAML read it: %v, want %v:\n%s", got, c.fast, c.src)
		}
	}
}

// TestBlockYAMLOnExampleSite reads every YAML document of the example
// site, front matter and actor files, both ways.
func TestBlockYAMLOnExampleSite(t *testing.T) {
	files, err := filepath.Glob("../../content/*/*")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../content/site.yaml")
	read := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".md") {
			fm, _, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
			if !ok {
				t.Fatalf("%s: no front matter", f)
			}
			data = []byte(fm + "\n")
		}
		if sameAsGoYAML(t, data) {
			read++
		}
	}
	if read == 0 {
		t.Errorf("parseBlockYAML read none of %d files", len(files))
	}
}

func FuzzBlockYAML(f *testing.F) {
	for _, c := range blockYAMLCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsGoYAML(t, src)
	})
}
