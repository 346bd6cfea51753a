package render

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"sync"

	"github.com/briefing-dev/briefing/internal/model"
)

// Carrier is an Output that can carry a file over from the previous build
// instead of having it made again. Site gives it the key of every file
// before making it: when the previous build made the file at that path
// with the same key, the output takes that file and Carry reports true;
// otherwise the file is made and written as usual. Either way the output
// keeps the key for the next build.
//
// A key covers what the file is made from (its Inputs) as the model shows
// it, and the templates of its kind; what the model does not hold (the
// version of briefing, the settings, the actor registry, the options) the
// caller gives as a salt, when the Carrier is a KeySalter.
type Carrier interface {
	Carry(path, key string) (carried bool, err error)
}

// A KeySalter is a Carrier whose keys also depend on what the model does
// not hold: Site puts its salt into every key as the key is made, so
// that two salts never give a file the same key. Mixing it in afterwards
// would hash every key twice.
type KeySalter interface {
	KeySalt() string
}

// fingerprints are digests of the parts of the model that files are made
// from, computed once per build.
type fingerprints struct {
	briefing     map[*model.Briefing][sha256.Size]byte
	actor        map[*model.Actor][sha256.Size]byte
	allBriefings [sha256.Size]byte
	allActors    [sha256.Size]byte
	tagList      [sha256.Size]byte // the names of the site's tags, in order
	// lists holds the digests of long lists of briefings by the list's
	// first element and length: the pages of a tag or of a month share
	// one, and each would hash it whole.
	lists sync.Map // listID → [sha256.Size]byte
}

type listID struct {
	first **model.Briefing
	n     int
}

// newFingerprints digests every briefing and actor.
//
// A briefing's fingerprint covers its files as written (front matter,
// commentary, seed) and its place: everything the model derives from it
// (mentions, dates, events, counts, summary) follows from those and from
// the registry, which is the caller's part of the key. Its neighbours are
// their own inputs of the pages that show them.
//
// An actor's fingerprint covers what the model derives from the briefings
// that mention it and that pages show of the actor without listing those
// briefings: its number of mentions and events, which briefings, and the
// actors mentioned alongside it with their counts.
func newFingerprints(s *model.Site) *fingerprints {
	fp := &fingerprints{
		briefing: make(map[*model.Briefing][sha256.Size]byte, len(s.Briefings)),
		actor:    make(map[*model.Actor][sha256.Size]byte, len(s.Actors)),
	}
	// Each digest's input is put together in one buffer, reused: written
	// to a hash value by value, every number escaped to the heap.
	var buf []byte
	all := sha256.New()
	for _, b := range s.Briefings {
		buf = appendStrings(buf[:0], b.Slug, b.File, b.Seed.Name)
		seed := b.Seed.Digest()
		buf = appendBytes(buf, seed[:], b.FrontMatter, b.Commentary)
		sum := sha256.Sum256(buf)
		fp.briefing[b] = sum
		all.Write(sum[:])
	}
	all.Sum(fp.allBriefings[:0])
	all.Reset()
	for _, a := range s.Actors {
		buf = appendStrings(buf[:0], a.ID)
		buf = appendInts(buf, len(a.Mentions), len(a.Events), len(a.Briefings), len(a.Related))
		// Which briefings, not what they say: the pages that show what
		// they say list them among their inputs.
		for _, b := range a.Briefings {
			buf = appendStrings(buf, b.Slug)
		}
		for _, e := range a.Events {
			buf = appendStrings(buf, e.Briefing.Slug)
		}
		for _, c := range a.Related {
			buf = appendStrings(buf, c.Actor.ID)
			buf = appendInts(buf, c.Count)
		}
		sum := sha256.Sum256(buf)
		fp.actor[a] = sum
		all.Write(sum[:])
	}
	all.Sum(fp.allActors[:0])
	all.Reset()
	for _, t := range s.Tags {
		writeStrings(all, t.Name)
	}
	all.Sum(fp.tagList[:0])
	return fp
}

// key is the digest of what a file is made from, and of the caller's
// salt (see KeySalter). What it digests is
// put together in one buffer and hashed at once: a large site has tens
// of thousands of files, and writing each value to a hash cost more.
func (fp *fingerprints) key(t *Templates, salt string, f File) string {
	bp := keyBuffers.Get().(*[]byte)
	defer keyBuffers.Put(bp)
	buf := appendStrings((*bp)[:0], salt, f.Kind, f.Path)
	in := f.Inputs()
	for _, name := range in.Templates {
		buf = appendStrings(buf, name)
	}
	if f.page != nil && t != nil {
		sum := t.sums[f.Kind]
		buf = append(buf, sum[:]...)
		if t.own[f.Kind] {
			in.AllBriefings, in.AllActors = true, true
		}
	}
	buf = appendInts(buf, boolInt(in.Settings), boolInt(in.AllBriefings), boolInt(in.AllActors), boolInt(in.TagList), len(in.Briefings), len(in.Actors))
	if in.AllBriefings {
		buf = append(buf, fp.allBriefings[:]...)
	}
	if in.AllActors {
		buf = append(buf, fp.allActors[:]...)
	}
	// A fingerprint covers the slug or id it is of. A short list's are
	// written here, a long list's digest made once (its length is above).
	if len(in.Briefings) < sharedList {
		for _, b := range in.Briefings {
			sum := fp.briefing[b]
			buf = append(buf, sum[:]...)
		}
	} else {
		sum := fp.briefings(in.Briefings)
		buf = append(buf, sum[:]...)
	}
	for _, a := range in.Actors {
		sum := fp.actor[a]
		buf = append(buf, sum[:]...)
	}
	order := fp.order(in.Order)
	buf = append(buf, order[:]...)
	buf = appendBytes(buf, in.Layout)
	if in.TagList {
		buf = append(buf, fp.tagList[:]...)
	}
	*bp = buf
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// keyBuffers are the buffers that keys are put together in, reused.
var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendStrings and appendInts are writeStrings and writeInts into a
// buffer: the same bytes, as writeInts is appendInts. appendBytes is
// appendStrings of bytes.
func appendStrings(buf []byte, ss ...string) []byte {
	for _, s := range ss {
		buf = appendInts(buf, len(s))
		buf = append(buf, s...)
	}
	return buf
}

func appendBytes(buf []byte, bs ...[]byte) []byte {
	for _, b := range bs {
		buf = appendInts(buf, len(b))
		buf = append(buf, b...)
	}
	return buf
}

func appendInts(buf []byte, ns ...int) []byte {
	for _, n := range ns {
		buf = binary.AppendUvarint(buf, uint64(n))
	}
	return buf
}

// order digests the slugs and dates of a list of briefings, in order,
// once for each list.
func (fp *fingerprints) order(list []*model.Briefing) [sha256.Size]byte {
	if len(list) == 0 {
		return [sha256.Size]byte{}
	}
	// A negative length keeps it apart from briefings' digest of the list.
	return fp.once(listID{&list[0], -len(list)}, func(h hash.Hash) {
		w := newChunkWriter(h)
		defer w.done()
		for _, b := range list {
			w.buf = appendStrings(w.buf, b.Slug)
			w.buf = b.Published.AppendFormat(w.buf, "2006-01-02")
			w.flush()
		}
	})
}

// sharedList is the length from which a list of briefings is digested
// once for all the files that show it; a shorter one is hashed into each
// file's key.
const sharedList = 64

// briefings digests the fingerprints of a long list of briefings, in
// order, once.
func (fp *fingerprints) briefings(list []*model.Briefing) [sha256.Size]byte {
	return fp.once(listID{&list[0], len(list)}, func(h hash.Hash) {
		w := newChunkWriter(h)
		defer w.done()
		for _, b := range list {
			sum := fp.briefing[b]
			w.buf = append(w.buf, sum[:]...)
			w.flush()
		}
	})
}

// A chunkWriter puts together what a long list's digest is made of in
// one of the key buffers, and writes it to the hash a few kilobytes at a
// time: the same digest as of the whole at once, which every build made
// anew for hundreds of lists, tens of kilobytes each.
type chunkWriter struct {
	h   hash.Hash
	bp  *[]byte
	buf []byte
}

func newChunkWriter(h hash.Hash) *chunkWriter {
	bp := keyBuffers.Get().(*[]byte)
	return &chunkWriter{h: h, bp: bp, buf: (*bp)[:0]}
}

// flush writes the buffer to the hash once it is nearly full.
func (w *chunkWriter) flush() {
	if len(w.buf) >= chunkSize {
		w.h.Write(w.buf)
		w.buf = w.buf[:0]
	}
}

// done writes the rest and gives the buffer back.
func (w *chunkWriter) done() {
	w.h.Write(w.buf)
	*w.bp = w.buf[:0]
	keyBuffers.Put(w.bp)
}

// chunkSize is how much a chunkWriter holds before it writes: under the
// key buffers' size, with room for one more entry.
const chunkSize = 3 << 10

// once is the digest that write makes, made the first time id asks.
func (fp *fingerprints) once(id listID, write func(h hash.Hash)) [sha256.Size]byte {
	if d, ok := fp.lists.Load(id); ok {
		return d.([sha256.Size]byte)
	}
	d := digestOf(write)
	fp.lists.Store(id, d)
	return d
}

// digestOf is the digest of what write writes.
func digestOf(write func(h hash.Hash)) [sha256.Size]byte {
	h := sha256.New()
	write(h)
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeStrings and the others write each value with its length, so that
// no two sequences of values digest alike.
func writeStrings(h hash.Hash, ss ...string) {
	for _, s := range ss {
		writeInts(h, len(s))
		io.WriteString(h, s)
	}
}

func writeInts(h hash.Hash, ns ...int) {
	var buf [8 * binary.MaxVarintLen64]byte
	h.Write(appendInts(buf[:0], ns...))
}
