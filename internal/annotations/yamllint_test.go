package annotations

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestDiagnoseYAML: each mistake is found at its own line and column and
// described in plain words; valid YAML has nothing to report.
func TestDiagnoseYAML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"tab", "- id: a\n\tname: A\n", "2:1: a tab indents this line, and tabs cannot indent YAML; use spaces"},
		{"over-indented key", "- id: a\n  name: A\n  kind: person\n- id: b\n  name: B\n   kind: person\n",
			"6:4: this line is indented more than the line above it; keys of one entry start in one column, here column 3"},
		{"under-indented key", "- id: a\n  name: A\n kind: person\n",
			"3:2: this line's indentation lines up with nothing above it; indent it to column 3, like the keys of its entry, or to column 1"},
		{"unclosed double quote", "- id: a\n  name: \"A\n  kind: person\n", "2:9: the quote \" opened here is not closed on this line"},
		{"unclosed single quote", "title: 'It''s here\n", "1:8: the quote ' opened here is not closed on this line"},
		{"unclosed bracket", "- id: a\n  aliases: [x, y\n", "2:12: the [ opened here is not closed with ] on this line"},
		{"stray bracket", "tags: a]\n", "1:8: ] closes nothing: no [ or { is open before it"},
		{"@ starts a value", "- id: a\n  name: @ArmedForcesUkr\n", "2:9: a value cannot start with @ in YAML; put it in quotes"},
		{"colon in a plain value", "title: Peace: at last\n", "1:13: this value holds \": \", which YAML reads as a key; put the value in quotes"},
		{"nothing under a key", "events:\nnotes: []\n", "2:1: this line should be indented under the key above it, past column 1"},
		{"valid", "- id: a # comment: with colon\n  name: \"A: B\"\n  aliases: ['x', \"y, z\"]\n  description: |\n    Free text: anything [ goes\n  kind: person\nevents:\n  - quote: x\n", ""},
		{"list under a key at its column", "events:\n- quote: x\n  title: y\n", ""},
		{"text after a quoted value", "seed: a.txt\ntitle: \"Talks resume\" today\n", "2:23: text after the quote that closes the value at column 21; put the whole value in quotes"},
		{"quoted keys and values, comments", "\"title\": \"A\" # c\nsummary: 'it''s'  \ntags: [\"a\", 'b']\n- \"x\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if p, ok := diagnoseYAML([]byte(tt.in)); ok {
				got = fmt.Sprintf("%d:%d: %s", p.line, p.col, p.msg)
			}
			if got != tt.want {
				t.Errorf("diagnoseYAML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzDiagnoseYAML: any text is diagnosed without a panic, at a position
// inside it; text after a quoted value is never found in a mapping that
// go-yaml reads.
func FuzzDiagnoseYAML(f *testing.F) {
	f.Add("- id: a\n\tname: \"A\n  aliases: [x\n")
	f.Add("a: |\n  b: c\n d: 'e''\n")
	f.Add("title: \"A\" # c\n\"b\": 'c'#\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, ok := diagnoseYAML([]byte(in))
		if ok && (p.line < 1 || p.col < 1 || p.msg == "") {
			t.Fatalf("problem %+v has no position or message", p)
		}
		// go-yaml reads some odd texts as a lone scalar: a mapping is
		// what briefing's files hold.
		var n yaml.Node
		if ok && strings.HasPrefix(p.msg, "text after the quote") && yaml.Unmarshal([]byte(in), &n) == nil &&
			len(n.Content) == 1 && n.Content[0].Kind == yaml.MappingNode {
			t.Fatalf("valid YAML %q: %+v", in, p)
		}
	})
}
