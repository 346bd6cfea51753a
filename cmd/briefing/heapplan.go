package main

import (
	"bufio"
	"bytes"
	"cmp"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync/atomic"

	"github.com/briefing-dev/briefing/internal/cachefile"
	"github.com/briefing-dev/briefing/internal/pages"
)

// A build has the heap it will need backed by the system before it
// starts, when the last build of the same kind on the same site says
// how large that heap grew.
//
// On a virtual machine, each page a process touches for the first time
// may be a trip to the hypervisor, several times the cost of the same
// fault on bare metal, and a build from the caches spends much of its
// time there: it takes the memory of its model fresh from the system.
// Package pages asks for that memory in huge pages, one fault for 2 MB,
// or has the kernel back it in one call. The Go runtime takes its heap
// from the system as it grows; a build that first allocates as much as
// it will need, asks for it (backHeap) and lets it go finds those pages
// so when it allocates its model, but for those the runtime gives back
// to the system meanwhile.
//
// The plan is a hint, never trusted for more: a plan that is missing or
// damaged is none, and the heap backed is bounded by the memory the
// system has available.

// heapPlanHeader names the format of the plan on disk (cachefile).
const heapPlanHeader = "briefing heap plan v1\n"

// heapPlan is the heap, in bytes, that the last clean build and the
// last other build of a site reached.
type heapPlan struct{ full, incremental int64 }

func heapPlanPath(site string) string { return cachePath(site, "heap-") }

func readHeapPlan(site string) heapPlan {
	d, err := readCache(heapPlanPath(site), func(r io.Reader) (*cachefile.Decoder, error) { return cachefile.Read(r, heapPlanHeader) })
	if err != nil {
		return heapPlan{}
	}
	p := heapPlan{full: int64(d.Int()), incremental: int64(d.Int())}
	if d.Done() != nil {
		return heapPlan{}
	}
	return p
}

func (p heapPlan) WriteTo(w io.Writer) (int64, error) {
	body := cachefile.AppendInt(nil, int(p.full))
	body = cachefile.AppendInt(body, int(p.incremental))
	return cachefile.Write(w, heapPlanHeader, body)
}

// of is the heap the plan gives a build, clean or not.
func (p heapPlan) of(full bool) int64 {
	if full || p.incremental == 0 {
		// The first build after a clean one goes by the clean one's:
		// more than it needs, but pages never touched cost nothing
		// where huge pages are asked for (see package pages).
		return p.full
	}
	return p.incremental
}

// with is the plan with the heap that a build reached; changed reports
// whether it differs from p by more than one part in eight, the only
// change worth a write.
func (p heapPlan) with(full bool, reached int64) (next heapPlan, changed bool) {
	next = p
	old := &next.incremental
	if full {
		old = &next.full
	}
	if reached <= 0 {
		return p, false
	}
	diff := reached - *old
	changed = max(diff, -diff)*8 > *old
	*old = reached
	return next, changed
}

// heapReached is the largest heap noted by noteHeap since the process
// began: the bytes of the spans in use, garbage and all.
var heapReached atomic.Int64

// noteHeap notes the heap in use now, at the points of a build where it
// is largest: when the model is loaded, and when every file is made.
func noteHeap() {
	n := heapInUse()
	for {
		old := heapReached.Load()
		if n <= old || heapReached.CompareAndSwap(old, n) {
			return
		}
	}
}

// heapInUse is the bytes of the heap's spans in use, garbage and all.
func heapInUse() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(s)
	var n int64
	for _, v := range s {
		if v.Value.Kind() == metrics.KindUint64 {
			n += int64(v.Value.Uint64())
		}
	}
	return n
}

// backHeap has size bytes of heap backed by the system (pages.Back)
// and lets them go (see heapPlan), at most a quarter of the memory the
// system has available. It does nothing for less than minBacked, or
// where the system cannot back memory ahead.
func backHeap(size int64) {
	size = min(size, availableMemory()/4)
	if size < minBacked || !pages.Available {
		return
	}
	// The plan counts the heap's pages in use at its peak, but free runs
	// lie among them: the heap spans more, a quarter more is backed.
	pages.Back(make([]byte, size+size/4))
	if os.Getenv("GOGC") == "" {
		// No collection before the heap reaches what was backed: after
		// each, the runtime gives back to the system the free memory
		// beyond what that collection's heap warrants, pages backed
		// for nothing. While the build loads from its caches, which
		// makes little garbage, the heap may grow to what was backed
		// (see collectLess); the memory limit bounds it meanwhile,
		// should the caches turn out stale, until limitMemory sets
		// rendering's.
		percent := max(100, int(size*100/heapMinimum))
		loadGC.CompareAndSwap(0, int64(debug.SetGCPercent(percent)))
		backedPercent.Store(int64(percent))
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(2*size + renderMargin)
		}
	}
	// The heap is small yet: a collection now costs little, and frees
	// the backed pages for the build's own allocations.
	runtime.GC()
	if backedPercent.Load() != 0 {
		// The next collection comes only when the heap outgrew what
		// was backed (a site grown since its plan, or caches stale):
		// the collector then goes back to its pace, and the limit goes.
		runtime.AddCleanup(new([64]byte), func(struct{}) { endBacked() }, struct{}{})
	}
}

// endBacked ends what backHeap set, once: the collector goes back to
// the pace collectLess asked for (or the usual one), and the memory
// limit that bounded the backed heap goes, until limitMemory sets
// rendering's. Past the heap it planned for, a build is one whose plan
// says nothing of it: under the backed percentage each collection would
// let the heap grow to many times what is live, and under the limit a
// site that grew would collect without end.
func endBacked() {
	if backedPercent.Swap(0) == 0 {
		return
	}
	if os.Getenv("GOGC") == "" {
		if p := cmp.Or(loadAsked.Load(), loadGC.Load()); p != 0 {
			debug.SetGCPercent(int(p))
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// heapMinimum is the Go runtime's heap goal at GOGC=100 for a heap as
// small as it is at the start (its defaultHeapMinimum): the goal is this
// times GOGC/100.
const heapMinimum = 4 << 20

// backedPercent is the collector's setting that backHeap gave, kept
// while a build loads from its caches; 0 when nothing was backed.
var backedPercent atomic.Int64

// minBacked is the least heap worth backing ahead.
const minBacked = 32 << 20

// availableMemory is what /proc/meminfo says is available, in bytes; 0
// when it cannot be read.
func availableMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemAvailable:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
