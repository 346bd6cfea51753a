package export

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/briefing-dev/briefing/internal/model"
)

// vocabShardJSON is VocabShard as encoding/json wrote it, the oracle of
// the shard written in Go.
func vocabShardJSON(x *Search, n int) ([]byte, error) {
	out := make([][2]any, len(x.vocab[n]))
	for i, id := range x.vocab[n] {
		out[i] = [2]any{x.terms[id], x.df[id]}
	}
	return script("v/"+strconv.Itoa(n), out)
}

// TestVocabShardOracle: every vocabulary shard, of sites whose texts and
// tags need escaping in JSON and in HTML, is the oracle's, byte for
// byte, and made at its size when no term is escaped.
func TestVocabShardOracle(t *testing.T) {
	ts, _ := termSite()
	odd := searchSite(
		[2]string{`Quotes "inside" <b>&amp;</b>`, "Babbage said \"engine\\\" \\\\ <engine> & \u2028 caf\u00e9\" twice, 1234567 times."},
		[2]string{"Engine talks", "Babbage shows the engine to visitors."},
	)
	odd.Tags[0].Name = `a&b <"c">`
	for _, s := range []*model.Site{ts.site, odd} {
		x := NewSearch(s, nil, nil, nil, nil)
		terms := 0
		for n := range x.vocab {
			got, err := x.VocabShard(n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := vocabShardJSON(x, n)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("shard %d:\n got %s\nwant %s", n, got, want)
			}
			plain := true // no term escaped: the size counted is exact
			for _, id := range x.vocab[n] {
				plain = plain && len(appendJSONString(nil, x.terms[id])) == len(x.terms[id])+2
			}
			if plain && cap(got) != len(got) {
				t.Errorf("shard %d: %d bytes in %d", n, len(got), cap(got))
			}
			terms += len(x.vocab[n])
		}
		if terms == 0 {
			t.Error("no shard has a term")
		}
	}
}
