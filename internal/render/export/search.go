package export

import (
	"bytes"
	stdgzip "compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
	"github.com/briefing-dev/briefing/internal/render/highlight"
)

// The search index is cut into small scripts that search.html loads with
// <script> elements when a query needs them, so that search works from
// file:// (where fetch is refused) and a query loads a small part of the
// index whatever the size of the site. Each script calls
// BRIEFING_SEARCH_LOAD(name, data); assets/search.js (its reader) has the
// same tokenizer, stemmer and hash, and searchjs_test.go checks them
// against this file's.
//
//	assets/search/index.js      the manifest: counts, shard counts, actors,
//	                            tags, the first document of each day, the
//	                            terms too common to index
//	assets/search/t/N.js        postings of the terms that hash to N: for
//	                            each term, document ids (as gaps) and scores
//	assets/search/v/N.js        the terms whose first two letters hash to N,
//	                            with their document counts, for prefixes
//	assets/search/d/N.js        SearchDocsPerShard documents: title, URL,
//	                            date, summary, key actors, tags, events
//	assets/search/f/N.js        the texts of SearchFragmentsPerShard
//	                            briefings, for the snippets of the results
//	                            shown: gzip-compressed JSON in base64,
//	                            which search.js inflates with the
//	                            browser's DecompressionStream
//
// Documents are the briefings in the site's order (newest first), so that
// a date range is a range of ids. Scores are BM25 computed here, with the
// title, key actors, summary and events weighing more than the body.
// Actors and tags are also terms ("@ID", "#TAG"), for the filters.

// Shard sizes, set so that a shard is tens of kilobytes at any scale.
const (
	SearchDocsPerShard  = 20  // documents in a d/N.js
	searchDocsPerTerms  = 40  // briefings for each term shard
	SearchVocabShards   = 64  // v/N.js files
	searchCommonShare   = 0.5 // a term in more of the documents is not indexed
	searchMinCommonDocs = 200 // … when there are at least this many
)

// Field weights: a word of the title counts as this many of the body.
const (
	weightTitle   = 6
	weightActor   = 4 // a key actor's name
	weightSummary = 2 // and event titles
	weightBody    = 1 // the article, notes and commentary
)

// SearchTermShards is how many term shards a site of n briefings has.
func SearchTermShards(n int) int { return max(1, (n+searchDocsPerTerms-1)/searchDocsPerTerms) }

// SearchDocShards is how many document shards a site of n briefings has.
func SearchDocShards(n int) int { return max(1, (n+SearchDocsPerShard-1)/SearchDocsPerShard) }

// SearchFragmentPath is where a briefing's text for snippets goes.
// SearchFragmentsPerShard is how many briefings' texts an f/N.js holds:
// a file each would be tens of thousands of files on a large site, and a
// page of results needs a few of them.
const SearchFragmentsPerShard = 5

// SearchFragmentShards is how many text shards a site of n briefings has.
func SearchFragmentShards(n int) int {
	return max(1, (n+SearchFragmentsPerShard-1)/SearchFragmentsPerShard)
}

// Search is the built index, from which each script is written.
type Search struct {
	site     *model.Site
	sums     Summaries
	terms    []string  // by term id
	shards   [][]int32 // term ids by term shard, each in the order of their terms
	postings []posting // by term id; none for a common term
	vocab    [][]int32 // term ids by vocabulary shard, in the order of their terms
	common   []string
	df       []int32 // by term id
	actorIdx map[*model.Actor]int
	tagIdx   map[*model.Tag]int
}

type posting struct {
	docs   []int32
	scores []uint16
}

// docTerms is one document's terms, by id, with their weighted
// frequencies, and its length. A document from the term cache has its
// entry there instead of ids and tf, its terms by the cache's numbers
// (which renumber gives the ids of): the entries are in memory already,
// and decoding them again costs less than every document's terms in
// memory of their own.
type docTerms struct {
	ids      []int32
	tf       []float32
	entry    []byte
	renumber []int32
	length   float64
}

// searchBatch is how many briefings are read on every CPU at once before
// their terms join the dictionary: the words of a batch are held as
// strings, those of the site only as ids.
const searchBatch = 1024

// NewSearch builds the index of a site. It gives up, and returns nil,
// when stopped (nil for never) reports true between batches of
// briefings: a build that failed or was stopped does not wait for an
// index nobody will write. The terms of a briefing whose key (in keys)
// the cache holds come from the cache; those of the others are read and
// kept there. A nil cache reads every briefing.
func NewSearch(s *model.Site, sums Summaries, cache *TermCache, keys TermKeys, stopped func() bool) *Search {
	x := &Search{site: s, sums: sums, actorIdx: map[*model.Actor]int{}, tagIdx: map[*model.Tag]int{}}
	for i, a := range s.Actors {
		x.actorIdx[a] = i
	}
	for i, t := range s.Tags {
		x.tagIdx[t] = i
	}
	n := len(s.Briefings)
	docs, df, total, ok := x.cachedDocs(cache, keys, stopped)
	if !ok {
		docs, df, total, ok = x.readDocs(cache, keys, stopped)
	}
	if !ok {
		return nil
	}
	if cache != nil {
		cache.indexed()
	}
	avg := max(1, total/float64(max(1, n)))
	indexed := make([]bool, len(x.terms))
	for id, t := range x.terms {
		indexed[id] = true
		if n >= searchMinCommonDocs && float64(df[id]) > searchCommonShare*float64(n) && t[0] != '@' && t[0] != '#' {
			x.common = append(x.common, t)
			indexed[id] = false
		}
	}
	sort.Strings(x.common)
	x.shards = make([][]int32, SearchTermShards(n))
	x.vocab = make([][]int32, SearchVocabShards)
	for id, t := range x.terms {
		if !indexed[id] {
			continue
		}
		x.shards[ShardOf(t, len(x.shards))] = append(x.shards[ShardOf(t, len(x.shards))], int32(id))
		if t[0] != '@' && t[0] != '#' {
			v := ShardOf(vocabKey(t), SearchVocabShards)
			x.vocab[v] = append(x.vocab[v], int32(id))
		}
	}
	byTerm := func(ids []int32) {
		slices.SortFunc(ids, func(a, b int32) int { return strings.Compare(x.terms[a], x.terms[b]) })
	}
	for _, ids := range x.shards {
		byTerm(ids)
	}
	for _, ids := range x.vocab {
		byTerm(ids)
	}
	// BM25, k1 1.2 and b 0.75, scaled to integers. Documents are visited
	// in order, so each posting list is in order of ids.
	const k1, b = 1.2, 0.75
	x.postings = make([]posting, len(x.terms))
	// A term's idf is the same in every document: made once.
	idf := make([]float64, len(x.terms))
	for id := range x.postings {
		if indexed[id] {
			x.postings[id] = posting{docs: make([]int32, 0, df[id]), scores: make([]uint16, 0, df[id])}
			c := float64(df[id])
			idf[id] = math.Log(1 + (float64(n)-c+0.5)/(c+0.5))
		}
	}
	post := func(doc int, id int32, tf float64, norm float64) {
		if !indexed[id] {
			return
		}
		score := idf[id] * tf * (k1 + 1) / (tf + norm)
		p := &x.postings[id]
		p.docs = append(p.docs, int32(doc))
		p.scores = append(p.scores, uint16(min(65535, max(1, math.Round(score*100)))))
	}
	for doc := range docs {
		d := &docs[doc]
		norm := k1 * (1 - b + b*d.length/avg)
		for j, id := range d.ids {
			post(doc, id, float64(d.tf[j]), norm)
		}
		for e := d.entry; len(e) > 0; {
			number, i := binary.Uvarint(e)
			w, j := binary.Uvarint(e[i:])
			e = e[i+j:]
			post(doc, d.renumber[number], float64(float32(float64(w))), norm)
		}
		*d = docTerms{}
	}
	x.df = df
	return x
}

// cachedDocs is readDocs for a build that changed few briefings, when
// the cache holds the terms of most: the few it does not hold are read
// and kept, and every briefing's are then taken from the cache on every
// CPU, by the cache's numbers of the terms, which are then numbered
// afresh. Read in order, as readDocs does, they were one CPU's work while
// the other waited. It reports false, having done nothing but keep
// briefings' terms, when there is no cache, when many briefings are not in
// it, or when one cannot be kept; readDocs then reads them.
func (x *Search) cachedDocs(cache *TermCache, keys TermKeys, stopped func() bool) (docs []docTerms, df []int32, total float64, ok bool) {
	s, sums := x.site, x.sums
	n := len(s.Briefings)
	if cache == nil || n == 0 {
		return nil, nil, 0, false
	}
	docKeys := make([][sha256.Size]byte, n)
	var missing []int
	for i, b := range s.Briefings {
		key, keyed := keys[b]
		if !keyed {
			return nil, nil, 0, false
		}
		docKeys[i] = key
		if !cache.has(key) {
			missing = append(missing, i)
			if len(missing) > n/cachedDocsShare {
				return nil, nil, 0, false
			}
		}
	}
	read := make([]termWeights, len(missing))
	scratch := make([]termScratch, parallel.Workers(len(missing)))
	parallel.For(len(missing), func(w, i int) error {
		read[i] = briefingTerms(s.Briefings[missing[i]], sums, &scratch[w])
		return nil
	})
	for i, m := range read {
		if !cache.keep(docKeys[missing[i]], m) {
			return nil, nil, 0, false
		}
	}
	if stopped != nil && stopped() {
		return nil, nil, 0, false
	}
	entries, terms, ok := cache.entriesOf(docKeys)
	if !ok {
		return nil, nil, 0, false
	}
	// Each worker decodes a run of briefings and counts its terms' uses
	// apart; the counts are added after.
	docs = make([]docTerms, n)
	workers := parallel.Workers(n)
	part := (n + workers - 1) / workers
	counts := make([][]int32, workers)
	parallel.For(workers, func(_, w int) error {
		count := make([]int32, len(terms))
		for i := w * part; i < min(n, (w+1)*part); i++ {
			docs[i] = docTerms{entry: entries[i], length: countEntry(entries[i], terms, count)}
		}
		counts[w] = count
		return nil
	})
	// The terms used, numbered in the cache's order.
	df = counts[0]
	for _, c := range counts[1:] {
		for id, k := range c {
			df[id] += k
		}
	}
	renumber := make([]int32, len(terms))
	used := 0
	for _, k := range df {
		if k > 0 {
			used++
		}
	}
	x.terms = make([]string, 0, used)
	used = 0
	for number, k := range df {
		if k > 0 {
			renumber[number] = int32(used)
			df[used] = k
			x.terms = append(x.terms, terms[number])
			used++
		}
	}
	df = slices.Clip(df[:used])
	for i := range docs {
		docs[i].renumber = renumber
		total += docs[i].length
	}
	return docs, df, total, true
}

// cachedDocsShare: cachedDocs takes the briefings' terms from the cache
// when no more than one in this many is missing from it.
const cachedDocsShare = 8

// countEntry counts the uses of a briefing's terms, by the cache's
// numbers, from its entry in a term cache, and returns its length, which
// counts the words, as readDocs's does.
func countEntry(e []byte, terms []string, count []int32) (length float64) {
	for len(e) > 0 {
		number, a := binary.Uvarint(e)
		w, b := binary.Uvarint(e[a:])
		e = e[a+b:]
		count[number]++
		if t := terms[number]; t[0] != '@' && t[0] != '#' {
			length += float64(w)
		}
	}
	return length
}

// readDocs reads every briefing's terms, from the cache when it holds
// them, in order, numbering the terms as they come.
func (x *Search) readDocs(cache *TermCache, keys TermKeys, stopped func() bool) (docs []docTerms, df []int32, total float64, ok bool) {
	s, sums := x.site, x.sums
	n := len(s.Briefings)
	docs = make([]docTerms, n)
	dict := map[string]int32{}
	batch := make([]termWeights, searchBatch)
	cached := make([]bool, searchBatch)
	// fromCache is each cached term's id here by its number in the
	// cache, plus one: a term met again costs no lookup by its string.
	var fromCache []int32
	scratch := make([]termScratch, parallel.Workers(searchBatch))
	for lo := 0; lo < n; lo += searchBatch {
		if stopped != nil && stopped() {
			return nil, nil, 0, false
		}
		hi := min(n, lo+searchBatch)
		parallel.For(hi-lo, func(w, i int) error {
			b := s.Briefings[lo+i]
			if key, ok := keys[b]; ok && cache != nil && cache.has(key) {
				cached[i] = true
				return nil
			}
			cached[i] = false
			batch[i] = briefingTerms(b, sums, &scratch[w])
			return nil
		})
		for i := range hi - lo {
			d := docTerms{}
			add := func(id int32, t string, f float64) {
				df[id]++
				d.ids = append(d.ids, id)
				d.tf = append(d.tf, float32(f))
				if t[0] != '@' && t[0] != '#' {
					d.length += f
				}
			}
			termID := func(t string) int32 {
				id, ok := dict[t]
				if !ok {
					id = int32(len(x.terms))
					dict[t] = id
					x.terms = append(x.terms, t)
					df = append(df, 0)
				}
				return id
			}
			key, keyed := keys[s.Briefings[lo+i]]
			if !cached[i] || !cache.termsOf(key, func(number uint32, t string, f float64) {
				if int(number) >= len(fromCache) {
					fromCache = append(fromCache, make([]int32, int(number)+1-len(fromCache))...)
				}
				if fromCache[number] == 0 {
					fromCache[number] = termID(t) + 1
				}
				add(fromCache[number]-1, t, f)
			}) {
				m := batch[i]
				if cached[i] { // gone from the cache since: read it now
					m = briefingTerms(s.Briefings[lo+i], sums, &scratch[0])
				}
				d.ids, d.tf = make([]int32, 0, len(m.terms)), make([]float32, 0, len(m.terms))
				for j, t := range m.terms {
					add(termID(t), t, m.weights[j])
				}
				if cache != nil && keyed {
					cache.keep(key, m)
				}
			}
			total += d.length
			docs[lo+i] = d
			batch[i] = termWeights{}
		}
	}
	return docs, df, total, true
}

// termScratch is one worker's space for weighing briefings' words: the
// terms it has seen, each as one string for all the briefings it reads,
// and the terms of the briefing at hand. Indexing reads every word of the
// site, and a string or a map for each briefing was most of its garbage.
type termScratch struct {
	interned map[string]string
	// slots find the briefing's terms by their bytes: an open-addressed
	// table, cleared for each briefing, that every word of the site is
	// looked up in, where a map's lookups were most of the weighing.
	// A slot holds a term's hash in its high half and 1 + its place in
	// terms in its low half; 0 is empty. Its length is a power of two.
	slots   []uint64
	terms   []string
	weights []float64
	word    []byte
}

// intern is the worker's string for a term.
func (sc *termScratch) intern(t []byte) string {
	if s, ok := sc.interned[string(t)]; ok {
		return s
	}
	s := string(t)
	sc.interned[s] = s
	return s
}

// reset readies the scratch space for a briefing.
func (sc *termScratch) reset() {
	if sc.interned == nil {
		sc.interned, sc.slots = map[string]string{}, make([]uint64, 1024)
	}
	clear(sc.slots)
	sc.terms, sc.weights = sc.terms[:0], sc.weights[:0]
}

// weigh adds w to a term of the briefing at hand.
func (sc *termScratch) weigh(t []byte, w float64) {
	h := termHash(t)
	mask := uint32(len(sc.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		slot := sc.slots[i]
		if slot == 0 {
			break
		}
		if uint32(slot>>32) == h && sc.terms[uint32(slot)-1] == string(t) {
			sc.weights[uint32(slot)-1] += w
			return
		}
	}
	sc.terms = append(sc.terms, sc.intern(t))
	sc.weights = append(sc.weights, w)
	// At most half full, so that probes stay short.
	if 2*len(sc.terms) > len(sc.slots) {
		sc.slots = make([]uint64, 2*len(sc.slots))
		for k, term := range sc.terms {
			sc.place(termHash([]byte(term)), k)
		}
		return
	}
	sc.place(h, len(sc.terms)-1)
}

// place puts the term at terms[k], of hash h, in the first free slot.
func (sc *termScratch) place(h uint32, k int) {
	mask := uint32(len(sc.slots) - 1)
	i := h & mask
	for sc.slots[i] != 0 {
		i = (i + 1) & mask
	}
	sc.slots[i] = uint64(h)<<32 | uint64(k+1)
}

// termHash is FNV-1a of a term's bytes, its bits mixed so that the low
// ones, which pick a slot, depend on every byte.
func termHash(t []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range t {
		h = (h ^ uint32(c)) * 16777619
	}
	return h ^ h>>15
}

// briefingTerms weighs the words of a briefing by where they are.
func briefingTerms(br *model.Briefing, sums Summaries, sc *termScratch) termWeights {
	sc.reset()
	add := func(text string, w float64) {
		sc.word = tokenBytes(text, sc.word, func(t []byte) { sc.weigh(t, w) })
	}
	addBytes := func(text []byte, w float64) {
		sc.word = tokenBytes(text, sc.word, func(t []byte) { sc.weigh(t, w) })
	}
	add(br.Title, weightTitle)
	for _, a := range br.KeyActors {
		add(a.Name, weightActor)
	}
	add(highlight.PlainHTML(sums[br]), weightSummary)
	for _, e := range br.Events {
		add(e.Title, weightSummary)
	}
	addBytes(br.Seed.Body(), weightBody)
	for _, n := range br.Notes {
		add(n.Text, weightBody)
	}
	addBytes(br.Commentary, weightBody)
	// The filters: every actor the briefing names, its tags.
	for _, c := range br.Counts {
		sc.weigh(append(append(sc.word[:0], '@'), c.Actor.ID...), 0)
	}
	for _, t := range br.Tags {
		sc.weigh(append(append(sc.word[:0], '#'), t.Name...), 0)
	}
	return termWeights{slices.Clone(sc.terms), slices.Clone(sc.weights)}
}

// termWeights is a document's terms with their weights; a filter's weight
// is 0 (it scores nothing).
type termWeights struct {
	terms   []string
	weights []float64
}

// script writes BRIEFING_SEARCH_LOAD(name, v).
func script(name string, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("BRIEFING_SEARCH_LOAD(")
	buf.Write(appendJSONString(nil, name))
	buf.WriteByte(',')
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.Truncate(buf.Len() - 1)
	buf.WriteString(");\n")
	return buf.Bytes(), nil
}

type searchActor struct {
	ID      string   `json:"id"`
	Name    string   `json:"n"`
	Kind    string   `json:"k"`
	Aliases []string `json:"a,omitempty"`
	Count   int      `json:"c"`
}

type searchManifest struct {
	Docs        int           `json:"docs"`
	TermShards  int           `json:"terms"`
	DocsPer     int           `json:"docsPerShard"`
	FragsPer    int           `json:"fragmentsPerShard"`
	VocabShards int           `json:"vocab"`
	Actors      []searchActor `json:"actors"`
	Tags        []string      `json:"tags"`
	Days        [][2]any      `json:"days"` // [date, first document of the day]
	Common      []string      `json:"common"`
}

// Manifest writes assets/search/index.js.
func (x *Search) Manifest() ([]byte, error) {
	m := searchManifest{
		Docs: len(x.site.Briefings), TermShards: len(x.shards), DocsPer: SearchDocsPerShard, FragsPer: SearchFragmentsPerShard, VocabShards: SearchVocabShards,
		Actors: []searchActor{}, Tags: []string{}, Days: [][2]any{}, Common: x.common,
	}
	if m.Common == nil {
		m.Common = []string{}
	}
	for _, a := range x.site.Actors {
		m.Actors = append(m.Actors, searchActor{a.ID, a.Name, string(a.Kind), a.Aliases, len(a.Briefings)})
	}
	for _, t := range x.site.Tags {
		m.Tags = append(m.Tags, t.Name)
	}
	for i, b := range x.site.Briefings {
		day := b.Published.Format("2006-01-02")
		if i == 0 || x.site.Briefings[i-1].Published.Format("2006-01-02") != day {
			m.Days = append(m.Days, [2]any{day, i})
		}
	}
	return script("index", m)
}

// TermShard writes assets/search/t/N.js: {term: [gap, score, gap, score…]}
// with its terms in order.
func (x *Search) TermShard(n int) ([]byte, error) {
	// The shard is made at its size: grown, it cost the build that
	// remakes every shard for one briefing several times its bytes.
	buf := make([]byte, 0, x.termShardSize(n))
	buf = append(buf, "BRIEFING_SEARCH_LOAD(\"t/"...)
	buf = strconv.AppendInt(buf, int64(n), 10)
	buf = append(buf, "\",{"...)
	for i, id := range x.shards[n] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, x.terms[id])
		buf = append(buf, ":["...)
		p := x.postings[id]
		prev := int32(0)
		for j, d := range p.docs {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(d-prev), 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(p.scores[j]), 10)
			prev = d
		}
		buf = append(buf, ']')
	}
	return append(buf, "});\n"...), nil
}

// termShardSize is the bytes of TermShard(n) when no term needs escaping.
func (x *Search) termShardSize(n int) int {
	size := len("BRIEFING_SEARCH_LOAD(\"t/") + decimalLen(int64(n)) + len("\",{") + len("});\n")
	for i, id := range x.shards[n] {
		if i > 0 {
			size++ // the comma between terms
		}
		size += len(`"":[]`) + len(x.terms[id])
		p := x.postings[id]
		prev := int32(0)
		for j, d := range p.docs {
			if j > 0 {
				size++
			}
			size += len(",") + decimalLen(int64(d-prev)) + decimalLen(int64(p.scores[j]))
			prev = d
		}
	}
	return size
}

// decimalLen is the length of strconv.AppendInt(nil, n, 10).
func decimalLen(n int64) int {
	size, u := 1, uint64(n)
	if n < 0 {
		size, u = 2, -u
	}
	for ; u >= 10; u /= 10 {
		size++
	}
	return size
}

// VocabShard writes assets/search/v/N.js: [[term, documents]…], the terms
// in order.
//
// It is written here as script wrote it with encoding/json (the tests'
// oracle), at its size: every build that changes a briefing writes every
// shard again, and each of its pairs cost encoding/json two values boxed.
func (x *Search) VocabShard(n int) ([]byte, error) {
	name := "v/" + strconv.Itoa(n)
	size := len(`BRIEFING_SEARCH_LOAD("",[]);`+"\n") + len(name)
	for _, id := range x.vocab[n] {
		size += len(`,["",]`) + len(x.terms[id]) + decimalLen(int64(x.df[id]))
	}
	if len(x.vocab[n]) > 0 {
		size-- // no comma before the first
	}
	buf := make([]byte, 0, size)
	buf = append(buf, "BRIEFING_SEARCH_LOAD("...)
	buf = appendJSONString(buf, name)
	buf = append(buf, ",["...)
	for i, id := range x.vocab[n] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendJSONString(buf, x.terms[id])
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(x.df[id]), 10)
		buf = append(buf, ']')
	}
	return append(buf, "]);\n"...), nil
}

type searchDocEntry struct {
	Title   string   `json:"t"`
	URL     string   `json:"u"`
	Date    string   `json:"d"`
	Summary string   `json:"s,omitempty"`
	Actors  []int    `json:"a,omitempty"` // key actors, as indices into the manifest's
	Tags    []int    `json:"g,omitempty"`
	Events  []string `json:"e,omitempty"`
}

// DocShard writes assets/search/d/N.js: the documents of ids from
// N×SearchDocsPerShard, in order.
func (x *Search) DocShard(n int) ([]byte, error) {
	brs := DocShardBriefings(x.site, n)
	out := make([]searchDocEntry, len(brs))
	for i, b := range brs {
		e := searchDocEntry{Title: b.Title, URL: "briefings/" + b.Slug + ".html", Date: b.Published.Format("2006-01-02"),
			Summary: highlight.PlainHTML(x.sums[b])}
		for _, a := range b.KeyActors {
			e.Actors = append(e.Actors, x.actorIdx[a])
		}
		for _, t := range b.Tags {
			e.Tags = append(e.Tags, x.tagIdx[t])
		}
		for _, ev := range b.Events {
			e.Events = append(e.Events, ev.Title)
		}
		out[i] = e
	}
	return script("d/"+strconv.Itoa(n), out)
}

// FragmentShard writes assets/search/f/N.js: the texts of the documents
// from N×SearchFragmentsPerShard, in order, for snippets: each the
// article's paragraphs, its notes and its commentary, plain.
// It needs no index, and only those briefings.
//
// The texts are most of the index's bytes, a copy of every article: they
// come gzip-compressed, in base64 since a script holds text, which takes
// them to about a third (a half for short real articles).
//
// The JSON is what encoding/json writes for the texts, a list of lists of
// strings (the tests' oracle), written straight from the seeds into
// memory kept from one shard to the next (fragmentScratches): the texts
// of a site were copied into strings, encoded, compressed, encoded again
// and copied twice more.
func FragmentShard(s *model.Site, n int) ([]byte, error) {
	sc := fragmentScratches.Get().(*fragmentScratch)
	defer fragmentScratches.Put(sc)
	text := append(sc.text[:0], '[')
	for i, b := range FragmentShardBriefings(s, n) {
		text = appendFragment(appendComma(text, i), b)
	}
	text = append(text, "]\n"...)
	sc.text = text
	sc.packed.Reset()
	b64 := base64.NewEncoder(base64.StdEncoding, &sc.packed)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(b64)
	if _, err := zw.Write(text); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if err := b64.Close(); err != nil {
		return nil, err
	}
	// script's bytes, the packed texts a JSON string.
	name := "f/" + strconv.Itoa(n)
	out := make([]byte, 0, len("BRIEFING_SEARCH_LOAD(,\"\");\n")+len(name)+sc.packed.Len()+8)
	out = append(out, "BRIEFING_SEARCH_LOAD("...)
	out = append(appendJSONString(out, name), ',')
	out = appendJSONString(out, sc.packed.Bytes())
	return append(out, ");\n"...), nil
}

// fragmentScratch is FragmentShard's memory: the texts as JSON, and
// packed.
type fragmentScratch struct {
	text   []byte
	packed bytes.Buffer
}

var fragmentScratches = sync.Pool{New: func() any { return new(fragmentScratch) }}

// appendFragment appends a briefing's texts as a JSON list of strings:
// its paragraphs and sub-headings, its notes and its commentary, plain,
// leaving out those that are only white space.
func appendFragment(dst []byte, b *model.Briefing) []byte {
	dst = append(dst, '[')
	k := 0
	for _, blk := range b.Seed.Blocks {
		if text := b.Seed.Data[blk.Start:blk.End]; len(bytes.TrimSpace(text)) > 0 {
			dst = appendJSONString(appendComma(dst, k), text)
			k++
		}
	}
	plain := func(text string) {
		if strings.TrimSpace(text) != "" {
			dst = appendJSONString(appendComma(dst, k), text)
			k++
		}
	}
	for _, n := range b.Notes {
		plain(highlight.Plain(n.Text))
	}
	plain(highlight.Plain(string(b.Commentary)))
	return append(dst, ']')
}

// gzipWriters are the compressors of the text shards and the data
// export, reused: making one costs more than compressing a shard with it.
// They are klauspost/compress's, which write the same format as the
// standard library's at about twice its speed; what they write is read
// back in the tests with the standard library's reader, as browsers and
// zcat read it. Their default level, not their fastest: it writes about
// a fifth fewer bytes, and these texts and data are a tenth of the
// output, at a cost in time small beside the rest of the build.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression) // a valid level: no error
	return zw
}}

// UnpackFragments reads what FragmentShard packs: the texts of its
// briefings, from the script's argument, with the standard library's
// reader.
func UnpackFragments(packed string) ([][]string, error) {
	zr, err := stdgzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(packed)))
	if err != nil {
		return nil, err
	}
	var out [][]string
	err = json.NewDecoder(zr).Decode(&out)
	return out, err
}

// DocShardBriefings are the briefings that d/N.js describes.
func DocShardBriefings(s *model.Site, n int) []*model.Briefing {
	lo := min(len(s.Briefings), n*SearchDocsPerShard)
	return s.Briefings[lo:min(len(s.Briefings), lo+SearchDocsPerShard)]
}

// FragmentShardBriefings are the briefings whose texts f/N.js holds.
func FragmentShardBriefings(s *model.Site, n int) []*model.Briefing {
	lo := min(len(s.Briefings), n*SearchFragmentsPerShard)
	return s.Briefings[lo:min(len(s.Briefings), lo+SearchFragmentsPerShard)]
}

// Tokens calls fn with each word of text, lower-cased and stemmed: the
// tokenizer and stemmer that assets/search.js repeats.
func Tokens(text string, fn func(term string)) {
	tokenBytes(text, nil, func(t []byte) { fn(string(t)) })
}

// tokenBytes is Tokens into scratch space: each term is valid until fn
// returns. Indexing calls it for every word of the site, and a string for
// each was most of the index's garbage; it reads a seed's bytes where
// they are, rather than a copy as a string.
func tokenBytes[T string | []byte](text T, word []byte, fn func(term []byte)) []byte {
	word = word[:0]
	for i := 0; i < len(text); {
		c := text[i]
		switch asciiClass[c] {
		case asciiWord:
			word = append(word, c)
			i++
			continue
		case asciiUpper:
			word = append(word, c+'a'-'A')
			i++
			continue
		case asciiOther:
			i++
		default:
			r, size := utf8.DecodeRuneInString(string(text[i:min(len(text), i+utf8.UTFMax)]))
			i += size
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				word = utf8.AppendRune(word, unicode.ToLower(r))
				continue
			}
		}
		if len(word) > 0 {
			fn(stemBytes(word))
			word = word[:0]
		}
	}
	if len(word) > 0 {
		fn(stemBytes(word))
	}
	return word
}

// The classes of a byte for tokenBytes: a table rather than comparisons,
// as every byte of the site passes through it.
const (
	asciiOther = iota // ends a word
	asciiWord         // a lower-case letter or a digit, kept as it is
	asciiUpper        // an upper-case letter, lowered
	notASCII          // a byte of a multi-byte rune (or invalid UTF-8)
)

var asciiClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = asciiWord
		case 'A' <= c && c <= 'Z':
			t[c] = asciiUpper
		case c >= utf8.RuneSelf:
			t[c] = notASCII
		}
	}
	return t
}()

// Stem folds the commonest English plural endings, so that "sanctions"
// finds "sanction" and "talks" "talk". It is small on purpose: search.js
// has the same rules, and prefixes catch the rest.
func Stem(w string) string { return string(stemBytes([]byte(w))) }

// stemBytes is Stem in place.
func stemBytes(w []byte) []byte {
	// The endings are ASCII: cut them by bytes. Every ending is an s, and
	// the length in runes is counted only for a word that has one.
	if len(w) < 4 || w[len(w)-1] != 's' {
		return w
	}
	n := utf8.RuneCount(w)
	switch {
	case n > 4 && bytes.HasSuffix(w, []byte("ies")):
		return append(w[:len(w)-3], 'y')
	case n > 4 && bytes.HasSuffix(w, []byte("sses")):
		return w[:len(w)-2]
	case n > 3 && !bytes.HasSuffix(w, []byte("ss")) && !bytes.HasSuffix(w, []byte("us")) && !bytes.HasSuffix(w, []byte("is")):
		return w[:len(w)-1]
	}
	return w
}

// ShardOf is the FNV-1a hash of s's UTF-8 bytes, modulo n: search.js
// computes the same.
func ShardOf(s string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() % uint32(n))
}

// vocabKey is the part of a term that picks its vocabulary shard: its
// first two letters.
func vocabKey(term string) string {
	i := 0
	for n := 0; n < 2 && i < len(term); n++ {
		_, size := utf8.DecodeRuneInString(term[i:])
		i += size
	}
	return term[:i]
}
