package pages

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

func TestBuddyFree(t *testing.T) {
	const page, huge = 4096, 2 << 20
	for _, tc := range []struct {
		name string
		info string
		want int64
	}{
		{"none", "", 0},
		{"one zone, one block of each order", "Node 0, zone   Normal 1 1 1 1 1 1 1 1 1 1 1\n", huge + 2*huge},
		{"orders below a huge page only", "Node 0, zone      DMA  7 3 0 0 0 0 0 0 0\n", 0},
		{"zones add up", "Node 0, zone    DMA32 0 0 0 0 0 0 0 0 0 2 1\nNode 0, zone   Normal 0 0 0 0 0 0 0 0 0 3 0\n", 5*huge + 2*huge},
		{"a node's second line", "Node 0, zone Normal 0 0 0 0 0 0 0 0 0 1\nNode 1, zone Normal 0 0 0 0 0 0 0 0 0 1\n", 2 * huge},
		{"not a zone line", "Nodes 0, zone Normal 0 0 0 0 0 0 0 0 0 9\nNode 0 zone\n", 0},
		{"a count that is not a number", "Node 0, zone Normal 0 0 0 0 0 0 0 0 0 x 1\n", 2 * huge},
		{"negative counts ignored", "Node 0, zone Normal 0 0 0 0 0 0 0 0 0 -4 1\n", 2 * huge},
		{"huge counts saturate", strings.Repeat("Node 0, zone Normal"+strings.Repeat(" 0", 28)+" 99999999999999999\n", 8), 1 << 62},
	} {
		if got := buddyFree([]byte(tc.info), page, huge); got != tc.want {
			t.Errorf("%s: buddyFree = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func FuzzBuddyFree(f *testing.F) {
	f.Add([]byte("Node 0, zone   Normal  50147  77266  61277  15834   6254   2601   1317    357    338    114   1023\n"))
	f.Add([]byte("Node 0, zone DMA 0 0 0 0 0 0 0 0 1 1 3\n"))
	f.Fuzz(func(t *testing.T, info []byte) {
		if got := buddyFree(info, 4096, 2<<20); got < 0 || got > 1<<62 {
			t.Errorf("buddyFree = %d, outside [0, 2^62]", got)
		}
	})
}

func TestTHPOnRequest(t *testing.T) {
	for setting, want := range map[string]bool{
		"always [madvise] never\n": true,
		"[always] madvise never\n": true,
		"always madvise [never]\n": false,
		"":                         false,
		"[always] [never]":         true,
	} {
		if got := thpOnRequest(setting); got != want {
			t.Errorf("thpOnRequest(%q) = %v, want %v", setting, got, want)
		}
	}
}

// Where the system gives huge pages on request and has the free memory,
// Back marks the range's whole huge pages for them.
func TestBackAsksForHugePages(t *testing.T) {
	size := hugePageSize()
	if size == 0 {
		t.Skip("no transparent huge pages on request here")
	}
	mem := make([]byte, 8*size)
	if freeInHugeBlocks(size) < hugeHeadroom*int64(len(mem)) {
		t.Skip("too little free memory in huge-page blocks")
	}
	Back(mem)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(mem)))
	inner := (start + uintptr(size) - 1) / uintptr(size) * uintptr(size)
	flags, err := vmFlags(inner)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("VmFlags of the mapping at %#x = %q, want hg (MADV_HUGEPAGE) among them", inner, flags)
	}
}

// vmFlags is the VmFlags line of /proc/self/smaps for the mapping that
// holds addr.
func vmFlags(addr uintptr) (string, error) {
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	in := false
	lines := bufio.NewScanner(bytes.NewReader(smaps))
	for lines.Scan() {
		key, value, _ := strings.Cut(lines.Text(), " ")
		if flags, ok := strings.CutPrefix(key, "VmFlags:"); ok {
			if in {
				return strings.TrimSpace(flags + " " + value), nil
			}
			continue
		}
		var from, to uintptr
		if !strings.HasSuffix(key, ":") {
			if n, _ := fmt.Sscanf(key, "%x-%x", &from, &to); n == 2 {
				in = from <= addr && addr < to
			}
		}
	}
	return "", fmt.Errorf("no mapping holds %#x", addr)
}

// The part of a slice of whole units begins at its first unit boundary
// and ends at its last.
func TestWhole(t *testing.T) {
	const mb = 1 << 20
	const huge = 2 * mb
	mem := make([]byte, 16*mb)
	base, _ := whole(mem, huge) // mem[base:] begins at a huge-page boundary
	for _, tc := range []struct {
		name          string
		from, length  int // from base
		unit          int
		wantOff, want int
	}{
		{"aligned", 0, 10 * mb, huge, 0, 10 * mb},
		{"a ragged start and end", 4096, 10 * mb, huge, huge - 4096, 8 * mb},
		{"less than a unit past the boundary", 4096, huge + 100, huge, huge - 4096, 0},
		{"shorter than the way to the boundary", 4096, 1000, huge, huge - 4096, 0},
		{"pages", 100, 3 * 4096, 4096, 4096 - 100, 2 * 4096},
		{"empty", 0, 0, 4096, 0, 0},
	} {
		off, n := whole(mem[base+tc.from:base+tc.from+tc.length], tc.unit)
		if n == 0 {
			off = tc.wantOff // where nothing is marked, where it would begin does not matter
		}
		if off != tc.wantOff || n != tc.want {
			t.Errorf("%s: whole = %d, %d; want %d, %d", tc.name, off, n, tc.wantOff, tc.want)
		}
	}
}

// No more is marked for huge pages than the free huge-page blocks allow.
func TestHugePart(t *testing.T) {
	const mb = 1 << 20
	const huge = 2 * mb
	for _, tc := range []struct {
		name string
		n    int
		free int64
		want int
	}{
		{"plenty free", 10 * mb, 1 << 40, 10 * mb},
		{"free memory for part of it", 10 * mb, 8 * mb, 4 * mb},
		{"free memory for less than a huge page", 10 * mb, 3 * mb, 0},
		{"nothing free", 10 * mb, 0, 0},
	} {
		if got := hugePart(tc.n, huge, tc.free); got != tc.want {
			t.Errorf("%s: hugePart = %d, want %d", tc.name, got, tc.want)
		}
	}
}
