package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/highlight"
	"github.com/briefing-dev/briefing/internal/seeds"
)

func TestStem(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"talks", "talk"}, {"sanctions", "sanction"}, {"parties", "party"}, {"classes", "class"},
		{"press", "press"}, {"census", "census"}, {"crisis", "crisis"}, {"gas", "gas"}, {"us", "us"},
		{"ties", "tie"}, {"années", "année"}, {"ünïs", "ünï"}, {"ünis", "ünis"}, {"", ""},
	} {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"Macron's talks, in Kyiv!", []string{"macron", "s", "talk", "in", "kyiv"}},
		{"Dikel-8999-1 accord", []string{"dikel", "8999", "1", "accord"}},
		{"ÉLYSÉE Straße ½", []string{"élysée", "straße"}},
		{"  ", nil},
	} {
		var got []string
		Tokens(tt.in, func(term string) { got = append(got, term) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// searchSite makes briefings, newest first, each with a title and a body;
// the first actor is every briefing's key actor, the tag every other one's.
func searchSite(bodies ...[2]string) *model.Site {
	ada := &model.Actor{ID: "ada-lovelace", Name: "Ada Lovelace", Kind: "person"}
	tag := &model.Tag{Name: "computing"}
	s := &model.Site{Actors: []*model.Actor{ada}, Tags: []*model.Tag{tag}}
	for i, tb := range bodies {
		data := []byte("date 2024-03-05\n\n" + tb[1])
		b := &model.Briefing{
			Slug: fmt.Sprintf("b%d", i), Title: tb[0], Published: time.Date(2024, 3, 30-i, 0, 0, 0, 0, time.UTC),
			Seed:      &seeds.Seed{Name: "x.txt", Data: data, BodyStart: 17, Blocks: []seeds.Block{{Start: 17, End: len(data)}}},
			KeyActors: []*model.Actor{ada}, Counts: []model.ActorCount{{Actor: ada, Count: 1, Key: true}},
		}
		if i%2 == 0 {
			b.Tags = []*model.Tag{tag}
		}
		b.Events = []*model.Event{{Title: "Event " + tb[0], Briefing: b}}
		s.Briefings = append(s.Briefings, b)
	}
	return s
}

// decode reads a shard script's data.
func decode(t *testing.T, script []byte, v any) {
	t.Helper()
	i, j := bytes.IndexByte(script, ','), bytes.LastIndex(script, []byte(");"))
	if !bytes.HasPrefix(script, []byte("BRIEFING_SEARCH_LOAD(")) || i < 0 || j < i {
		t.Fatalf("not a shard script: %.80s", script)
	}
	if err := json.Unmarshal(script[i+1:j], v); err != nil {
		t.Fatalf("%v in %.200s", err, script)
	}
}

// lookup finds a term's documents and scores in the index.
func lookup(t *testing.T, x *Search, term string) map[int]int {
	t.Helper()
	n := ShardOf(term, len(x.shards))
	data, err := x.TermShard(n)
	if err != nil {
		t.Fatal(err)
	}
	var shard map[string][]int
	decode(t, data, &shard)
	docs := map[int]int{}
	id := 0
	for i := 0; i+1 < len(shard[term]); i += 2 {
		id += shard[term][i]
		docs[id] = shard[term][i+1]
	}
	return docs
}

func TestSearchIndex(t *testing.T) {
	s := searchSite(
		[2]string{"Engine talks", "Babbage shows the engine to visitors."},
		[2]string{"A letter", "The letter mentions an engine once, among many other words of the letter."},
		[2]string{"Translation", "Menabrea wrote the paper."},
	)
	x := NewSearch(s, nil, nil, nil, nil)
	engine := lookup(t, x, "engine")
	if len(engine) != 2 || engine[0] == 0 || engine[1] == 0 {
		t.Fatalf("engine: %v, want documents 0 and 1", engine)
	}
	if engine[0] <= engine[1] {
		t.Errorf("engine in a title scores %d, not above %d in a body", engine[0], engine[1])
	}
	if got := lookup(t, x, "menabrea"); len(got) != 1 || got[2] == 0 {
		t.Errorf("menabrea: %v, want document 2", got)
	}
	if got := lookup(t, x, "translation"); got[2] == 0 {
		t.Errorf("an event's title is not indexed: %v", got)
	}
	if got := lookup(t, x, "@ada-lovelace"); len(got) != 3 {
		t.Errorf("@ada-lovelace: %v, want every document", got)
	}
	if got := lookup(t, x, "#computing"); len(got) != 2 || got[1] != 0 {
		t.Errorf("#computing: %v, want documents 0 and 2", got)
	}
	var m searchManifest
	data, err := x.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	decode(t, data, &m)
	if m.Docs != 3 || m.TermShards != SearchTermShards(3) || len(m.Days) != 3 || m.Days[1][0] != "2024-03-29" || m.Days[1][1] != 1.0 {
		t.Errorf("manifest: %+v", m)
	}
	var docs []searchDocEntry
	data, _ = x.DocShard(0)
	decode(t, data, &docs)
	if len(docs) != 3 || docs[1].Title != "A letter" || docs[1].URL != "briefings/b1.html" || docs[0].Tags[0] != 0 {
		t.Errorf("documents: %+v", docs)
	}
	var packed string
	data, _ = FragmentShard(x.site, 0)
	decode(t, data, &packed)
	texts, err := UnpackFragments(packed)
	if err != nil {
		t.Fatalf("f/0.js: %v", err)
	}
	if len(texts) != 3 || len(texts[2]) != 1 || texts[2][0] != "Menabrea wrote the paper." {
		t.Errorf("texts: %q", texts)
	}
}

// TestCommonTerms: a word in most of a large site's briefings is left
// out of the index and listed in the manifest.
func TestCommonTerms(t *testing.T) {
	var bodies [][2]string
	for i := range searchMinCommonDocs {
		bodies = append(bodies, [2]string{"T", fmt.Sprintf("the word%d", i%3)})
	}
	x := NewSearch(searchSite(bodies...), nil, nil, nil, nil)
	if !slices.Contains(x.common, "the") || slices.Contains(x.common, "word1") {
		t.Errorf("common: %v", x.common)
	}
	if got := lookup(t, x, "the"); len(got) != 0 {
		t.Errorf("the: %d documents, want none", len(got))
	}
	if got := lookup(t, x, "word1"); len(got) != (searchMinCommonDocs+1)/3 {
		t.Errorf("word1: %d documents", len(got))
	}
}

// TestSearchJSMatchesGo runs assets/search.js's tokenizer, stemmer and
// hash in Node and compares them with this package's.
func TestSearchJSMatchesGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	js, err := filepath.Abs("../../../static/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Macron's talks, in Kyiv!", "Dikel-8999-1 accord", "ÉLYSÉE Straße ½ années crisis", "ﬁnance Ⅻ ǅemal", "parties classes gas us"}
	script := `globalThis.window = globalThis;
globalThis.document = {querySelector: () => null, getElementById: () => null};
require(process.argv[1]);
const t = window.BRIEFING_SEARCH_TEXT;
const texts = JSON.parse(process.argv[2]);
console.log(JSON.stringify(texts.map(x => t.tokens(x).map(w => [w, t.shardOf(w, 97), t.vocabKey(w)]))));`
	texts64, _ := json.Marshal(texts)
	out, err := exec.Command(node, "-e", script, js, string(texts64)).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got [][][3]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, text := range texts {
		var want [][3]any
		Tokens(text, func(w string) { want = append(want, [3]any{w, float64(ShardOf(w, 97)), vocabKey(w)}) })
		if fmt.Sprint(got[i]) != fmt.Sprint(want) {
			t.Errorf("%q:\nsearch.js %v\nGo        %v", text, got[i], want)
		}
	}
}

// FuzzTokens: any text, valid UTF-8 or not, gives terms that are not
// empty and hold nothing but letters and digits.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Macron's talks", "ÉLYSÉE ½ années", "\xff\xfeies", "classes sses ss"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		Tokens(text, func(term string) {
			if term == "" {
				t.Fatalf("%q: an empty term", text)
			}
			for _, r := range term {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("%q: term %q holds %q", text, term, r)
				}
			}
		})
	})
}

// oracleFragmentShard is FragmentShard as encoding/json writes the
// texts, a list of lists of strings, and script their packing.
func oracleFragmentShard(s *model.Site, n int) ([]byte, error) {
	brs := FragmentShardBriefings(s, n)
	out := make([][]string, len(brs))
	for i, b := range brs {
		parts := []string{}
		for _, blk := range b.Seed.Blocks {
			parts = append(parts, string(b.Seed.Data[blk.Start:blk.End]))
		}
		for _, n := range b.Notes {
			parts = append(parts, highlight.Plain(n.Text))
		}
		if c := highlight.Plain(string(b.Commentary)); c != "" {
			parts = append(parts, c)
		}
		out[i] = slices.DeleteFunc(parts, func(s string) bool { return strings.TrimSpace(s) == "" })
	}
	var packed bytes.Buffer
	b64 := base64.NewEncoder(base64.StdEncoding, &packed)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(b64)
	if err := json.NewEncoder(zw).Encode(out); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := b64.Close(); err != nil {
		return nil, err
	}
	return script("f/"+strconv.Itoa(n), packed.String())
}

// TestFragmentShardIsEncodingJSON compares FragmentShard with its oracle
// on texts that JSON escapes, blank paragraphs, notes and commentary,
// and shards empty, partial and full.
func TestFragmentShardIsEncodingJSON(t *testing.T) {
	var bodies [][2]string
	for i := range 2*SearchFragmentsPerShard + 1 {
		bodies = append(bodies, [2]string{"T", fmt.Sprintf("<b>%d</b> & \"q\" \\ \u2028 \xff\x01\tend", i)})
	}
	s := searchSite(bodies...)
	for i, b := range s.Briefings {
		data := []byte("date 2024-03-05\n\nFirst <p> & \u2029.\n\n   \n\nLast\x00 \xe2\x82.\n")
		b.Seed = &seeds.Seed{Name: "x.txt", Data: data, BodyStart: 17, Blocks: []seeds.Block{{Start: 17, End: 32}, {Start: 34, End: 37}, {Start: 39, End: len(data) - 1}}}
		if i%2 == 0 {
			b.Notes = []*model.Note{{Text: "A *note* <x> & y"}, {Text: "  "}}
			b.Commentary = []byte("Some **commentary** \u2028 & <z>.")
		}
	}
	for n := range SearchFragmentShards(len(s.Briefings)) + 1 {
		got, err := FragmentShard(s, n)
		if err != nil {
			t.Fatal(err)
		}
		want, err := oracleFragmentShard(s, n)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("f/%d.js:\n got %q\nwant %q", n, got, want)
		}
	}
}

// oracleTokens is the tokenizer as it was written first, a rune at a
// time: tokenBytes, over a string or over bytes, must give the same terms.
func oracleTokens(text string) []string {
	var out []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			w := string(word)
			n := utf8.RuneCountInString(w)
			switch {
			case n > 4 && strings.HasSuffix(w, "ies"):
				w = w[:len(w)-3] + "y"
			case n > 4 && strings.HasSuffix(w, "sses"):
				w = w[:len(w)-2]
			case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
				w = w[:len(w)-1]
			}
			out = append(out, w)
			word = word[:0]
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, unicode.ToLower(r))
		} else {
			flush()
		}
	}
	flush()
	return out
}

func FuzzTokensAgainstOracle(f *testing.F) {
	for _, s := range []string{"Macron's talks", "ÉLYSÉE ½ années", "\xff\xfeies", "classes sses ss", "Crises, buses; analysis. ÉTUDES", "a\xe2\x82", "ﬁnds İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		want := oracleTokens(text)
		var fromString, fromBytes []string
		tokenBytes(text, nil, func(term []byte) { fromString = append(fromString, string(term)) })
		tokenBytes([]byte(text), nil, func(term []byte) { fromBytes = append(fromBytes, string(term)) })
		if !slices.Equal(fromString, want) || !slices.Equal(fromBytes, want) {
			t.Fatalf("%q:\nstring %q\nbytes  %q\nwant   %q", text, fromString, fromBytes, want)
		}
	})
}

// TestTermScratchWeighs: the table of a briefing's terms sums each
// term's weights in the order the terms came, across the table's growth
// and from one briefing to the next.
func TestTermScratchWeighs(t *testing.T) {
	var sc termScratch
	for _, n := range []int{0, 1, 700, 5000, 3} {
		sc.reset()
		var order []string
		sums := map[string]float64{}
		for i := range 3 * n {
			term := "t" + strconv.Itoa(i*7919%max(1, n))
			w := float64(i%5 + 1)
			if _, ok := sums[term]; !ok {
				order = append(order, term)
			}
			sums[term] += w
			sc.weigh([]byte(term), w)
		}
		if !slices.Equal(sc.terms, order) {
			t.Fatalf("%d terms: got %d terms in another order", n, len(sc.terms))
		}
		for i, term := range sc.terms {
			if sc.weights[i] != sums[term] {
				t.Errorf("%d terms: %q weighs %v, want %v", n, term, sc.weights[i], sums[term])
			}
		}
	}
}

// TestTermShardSize sees that a term shard is made at its size: the
// size counted is the shard's length (the words of an index need no
// escaping in JSON).
func TestTermShardSize(t *testing.T) {
	ts, _ := termSite()
	quoted := searchSite(
		[2]string{`Quotes "inside"`, `Babbage said "engine\" \\ engine" twice, 1234567 times.`},
		[2]string{"Engine talks", "Babbage shows the engine to visitors."},
	)
	for _, s := range []*model.Site{ts.site, quoted} {
		x := NewSearch(s, nil, nil, nil, nil)
		terms := 0
		for n := range x.shards {
			data, err := x.TermShard(n)
			if err != nil {
				t.Fatal(err)
			}
			if size := x.termShardSize(n); size != len(data) {
				t.Errorf("shard %d: size %d for %d bytes", n, size, len(data))
			}
			terms += len(x.shards[n])
		}
		if terms == 0 {
			t.Error("no shard has a term")
		}
	}
}

func TestDecimalLen(t *testing.T) {
	for _, n := range []int64{0, 1, 9, 10, 99, 100, 65535, -1, -9, -10, 1 << 31, math.MaxInt64, math.MinInt64} {
		if got, want := decimalLen(n), len(strconv.FormatInt(n, 10)); got != want {
			t.Errorf("decimalLen(%d) = %d, want %d", n, got, want)
		}
	}
}
