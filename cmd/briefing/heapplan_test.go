package main

import (
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/pages"
)

func TestHeapPlanWith(t *testing.T) {
	plan := heapPlan{full: 800, incremental: 400}
	for _, tc := range []struct {
		full    bool
		reached int64
		want    heapPlan
		changed bool
	}{
		{false, 400, heapPlan{800, 400}, false},
		{false, 440, heapPlan{800, 440}, false}, // an eighth or less: not worth a write
		{false, 460, heapPlan{800, 460}, true},
		{false, 340, heapPlan{800, 340}, true},
		{true, 650, heapPlan{650, 400}, true},
		{true, 0, heapPlan{800, 400}, false}, // nothing noted
	} {
		got, changed := plan.with(tc.full, tc.reached)
		if got != tc.want || changed != tc.changed {
			t.Errorf("with(%v, %d) = %v, %v; want %v, %v", tc.full, tc.reached, got, changed, tc.want, tc.changed)
		}
	}
	if got, changed := (heapPlan{}).with(false, 100); got.incremental != 100 || !changed {
		t.Errorf("a first build: %v, %v", got, changed)
	}
}

// A build goes by the plan of its kind; the first build after a clean
// one, by the clean one's.
func TestHeapPlanOf(t *testing.T) {
	for _, tc := range []struct {
		plan heapPlan
		full bool
		want int64
	}{
		{heapPlan{800, 400}, true, 800},
		{heapPlan{800, 400}, false, 400},
		{heapPlan{800, 0}, false, 800},
		{heapPlan{0, 400}, true, 0},
		{heapPlan{}, false, 0},
	} {
		if got := tc.plan.of(tc.full); got != tc.want {
			t.Errorf("%v.of(%v) = %d, want %d", tc.plan, tc.full, got, tc.want)
		}
	}
}

// A plan is read back as written; one damaged or missing is none.
func TestHeapPlanOnDisk(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	site := t.TempDir()
	if got := readHeapPlan(site); got != (heapPlan{}) {
		t.Fatalf("no plan read as %v", got)
	}
	want := heapPlan{full: 1 << 30, incremental: 300 << 20}
	saveCache(heapPlanPath(site), want)
	if got := readHeapPlan(site); got != want {
		t.Fatalf("read %v, want %v", got, want)
	}
	data, err := os.ReadFile(heapPlanPath(site))
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if err := os.WriteFile(heapPlanPath(site), bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if got := readHeapPlan(site); got != (heapPlan{}) {
			t.Fatalf("byte %d flipped: read %v", i, got)
		}
	}
}

// noteHeap keeps the largest heap it saw.
func TestNoteHeap(t *testing.T) {
	heapReached.Store(0)
	noteHeap()
	first := heapReached.Load()
	if first <= 0 {
		t.Fatalf("heap noted %d", first)
	}
	heapReached.Store(first * 100)
	noteHeap()
	if got := heapReached.Load(); got != first*100 {
		t.Errorf("a smaller heap replaced the largest: %d", got)
	}
}

// backHeap's percentage and limit last until the next collection: past
// the heap it planned for, a build collects at its usual pace.
func TestBackHeapEndsAtNextCollection(t *testing.T) {
	if !pages.Available || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("memory is not backed here, or GOGC or GOMEMLIMIT is set")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer collectAsUsual()
	backHeap(minBacked)
	if backedPercent.Load() == 0 {
		t.Skip("too little memory available to back")
	}
	if got := gcPercent(); got != int(backedPercent.Load()) || got <= 100 {
		t.Fatalf("after backHeap: GOGC %d, backed %d", got, backedPercent.Load())
	}
	collectLessWhileLoading()
	if got := gcPercent(); got != int(backedPercent.Load()) {
		t.Fatalf("loading from the caches set GOGC %d, not the backed %d", got, backedPercent.Load())
	}
	for deadline := time.Now().Add(5 * time.Second); backedPercent.Load() != 0 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if backedPercent.Load() != 0 {
		t.Fatal("the backed percentage outlived the next collections")
	}
	if got := gcPercent(); got != 400 {
		t.Errorf("after the next collection: GOGC %d, want loading's 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("after the next collection: memory limit %d, want none", got)
	}
}

// gcPercent is the collector's percentage, left as it was.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
