package export

import (
	"strings"
	"testing"
	"unicode"
)

func TestVocabulary(t *testing.T) {
	tests := map[string]string{
		"":                                 "",
		"The talks, the TALKS and Talks'":  "the talks and",
		"Zelensky’s Kyiv; Київ 2022-02-10": "zelensky s kyiv київ 2022 02 10",
		"  Élysée élysée ÉLYSÉE  ":         "élysée",
	}
	for in, want := range tests {
		if got := vocabulary(in); got != want {
			t.Errorf("vocabulary(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzVocabulary checks vocabulary against the plainest way to say it.
func FuzzVocabulary(f *testing.F) {
	f.Add("The talks, the TALKS and Talks' — Élysée, Київ 2022-02-10")
	f.Add("bad\xffbyte \xe2\x82 end ǅ ß İstanbul")
	f.Fuzz(func(t *testing.T, text string) {
		seen := map[string]bool{}
		var words []string
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if w = strings.ToLower(w); !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
		if got, want := vocabulary(text), strings.Join(words, " "); got != want {
			t.Fatalf("vocabulary(%q) = %q, want %q", text, got, want)
		}
	})
}
