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
// caller mixes into the key itself.
type Carrier interface {
	Carry(path, key string) (carried bool, err error)
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
	h := sha256.New()
	all := sha256.New()
	for _, b := range s.Briefings {
		h.Reset()
		writeStrings(h, b.Slug, b.File, b.Seed.Name)
		seed := b.Seed.Digest()
		writeBytes(h, seed[:], b.FrontMatter, b.Commentary)
		var sum [sha256.Size]byte
		h.Sum(sum[:0])
		fp.briefing[b] = sum
		all.Write(sum[:])
	}
	all.Sum(fp.allBriefings[:0])
	all.Reset()
	for _, a := range s.Actors {
		h.Reset()
		writeStrings(h, a.ID)
		writeInts(h, len(a.Mentions), len(a.Events), len(a.Briefings), len(a.Related))
		// Which briefings, not what they say: the pages that show what
		// they say list them among their inputs.
		for _, b := range a.Briefings {
			writeStrings(h, b.Slug)
		}
		for _, e := range a.Events {
			writeStrings(h, e.Briefing.Slug)
		}
		for _, c := range a.Related {
			writeStrings(h, c.Actor.ID)
			writeInts(h, c.Count)
		}
		var sum [sha256.Size]byte
		h.Sum(sum[:0])
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

// key is the digest of what a file is made from.
func (fp *fingerprints) key(t *Templates, f File) string {
	h := sha256.New()
	writeStrings(h, f.Kind, f.Path)
	in := f.Inputs()
	for _, name := range in.Templates {
		writeStrings(h, name)
	}
	if f.page != nil && t != nil {
		sum := t.sums[f.Kind]
		h.Write(sum[:])
		if t.own[f.Kind] {
			in.AllBriefings, in.AllActors = true, true
		}
	}
	writeInts(h, boolInt(in.Settings), boolInt(in.AllBriefings), boolInt(in.AllActors), boolInt(in.TagList), len(in.Briefings), len(in.Actors))
	if in.AllBriefings {
		h.Write(fp.allBriefings[:])
	}
	if in.AllActors {
		h.Write(fp.allActors[:])
	}
	// A fingerprint covers the slug or id it is of.
	sum := fp.briefings(in.Briefings)
	h.Write(sum[:])
	for _, a := range in.Actors {
		sum := fp.actor[a]
		h.Write(sum[:])
	}
	order := fp.order(in.Order)
	h.Write(order[:])
	if in.TagList {
		h.Write(fp.tagList[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// order digests the slugs and dates of a list of briefings, in order,
// once for each list.
func (fp *fingerprints) order(list []*model.Briefing) [sha256.Size]byte {
	if len(list) == 0 {
		return [sha256.Size]byte{}
	}
	// A negative length keeps it apart from briefings' digest of the list.
	return fp.once(listID{&list[0], -len(list)}, func(h hash.Hash) {
		var date [10]byte
		for _, b := range list {
			writeStrings(h, b.Slug)
			h.Write(b.Published.AppendFormat(date[:0], "2006-01-02"))
		}
	})
}

// briefings digests the fingerprints of a list of briefings, in order;
// a long list's once.
func (fp *fingerprints) briefings(list []*model.Briefing) [sha256.Size]byte {
	digest := func(h hash.Hash) {
		for _, b := range list {
			sum := fp.briefing[b]
			h.Write(sum[:])
		}
	}
	const shared = 64 // a shorter list is hashed each time it is asked for
	if len(list) < shared {
		return digestOf(digest)
	}
	return fp.once(listID{&list[0], len(list)}, digest)
}

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

func writeBytes(h hash.Hash, bs ...[]byte) {
	for _, b := range bs {
		writeInts(h, len(b))
		h.Write(b)
	}
}

func writeInts(h hash.Hash, ns ...int) {
	var buf [binary.MaxVarintLen64]byte
	for _, n := range ns {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(n))])
	}
}
