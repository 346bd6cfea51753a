package pages

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

const available = true

// hugeHeadroom is how many times the memory marked for huge pages the
// free memory in huge-page blocks must be: with that much free, a fault
// finds a huge page without compaction, even with other processes
// taking their share meanwhile.
const hugeHeadroom = 2

// back marks as much of b's whole huge pages for huge pages as the free
// huge-page blocks allow, and has the kernel populate the rest.
func back(b []byte) {
	if size := hugePageSize(); size > 0 && len(b) >= size {
		off, n := whole(b, size)
		n = hugePart(n, size, freeInHugeBlocks(size))
		if n > 0 && unix.Madvise(b[off:off+n], unix.MADV_HUGEPAGE) == nil {
			if rest := b[off+n:]; len(rest) >= size {
				populate(rest)
			}
			return
		}
	}
	populate(b)
}

// hugePart is how much of n bytes of whole huge pages of size bytes to
// mark for huge pages: no more than the free memory in huge-page blocks
// over hugeHeadroom.
func hugePart(n, size int, free int64) int {
	if allowed := free / hugeHeadroom / int64(size) * int64(size); int64(n) > allowed {
		return int(allowed)
	}
	return n
}

// populate has the kernel back b's pages now, in pieces of whole pages
// on every CPU.
func populate(b []byte) {
	page := os.Getpagesize()
	pieces := min(runtime.GOMAXPROCS(0), len(b)/page)
	if pieces <= 1 {
		unix.Madvise(b, unix.MADV_POPULATE_WRITE)
		return
	}
	var wg sync.WaitGroup
	for p := range pieces {
		from, to := p*len(b)/pieces/page*page, (p+1)*len(b)/pieces/page*page
		if p == pieces-1 {
			to = len(b)
		}
		wg.Go(func() { unix.Madvise(b[from:to], unix.MADV_POPULATE_WRITE) })
	}
	wg.Wait()
}

// hugePageSize is the size of a transparent huge page when Linux gives
// them to memory marked MADV_HUGEPAGE, and 0 when it does not.
var hugePageSize = sync.OnceValue(func() int {
	const dir = "/sys/kernel/mm/transparent_hugepage/"
	enabled, err := os.ReadFile(dir + "enabled")
	if err != nil || !thpOnRequest(string(enabled)) {
		return 0
	}
	size, err := os.ReadFile(dir + "hpage_pmd_size")
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(size)))
	if err != nil || n <= os.Getpagesize() || n&(n-1) != 0 {
		return 0
	}
	return n
})

// thpOnRequest reports whether a transparent_hugepage/enabled setting
// ("always [madvise] never", the chosen one in brackets) gives huge
// pages to memory that asks for them.
func thpOnRequest(enabled string) bool {
	return strings.Contains(enabled, "[always]") || strings.Contains(enabled, "[madvise]")
}

// freeInHugeBlocks is the free memory, in bytes, in blocks of at least
// size bytes, from /proc/buddyinfo; 0 if it cannot be read.
func freeInHugeBlocks(size int) int64 {
	info, err := os.ReadFile("/proc/buddyinfo")
	if err != nil {
		return 0
	}
	return buddyFree(info, int64(os.Getpagesize()), int64(size))
}

// buddyFree sums, over every zone of a /proc/buddyinfo, the bytes free
// in blocks of at least size bytes. A line is "Node 0, zone Normal"
// followed by the count of free blocks of each order, 1 page, 2, 4 and
// so on.
func buddyFree(info []byte, page, size int64) int64 {
	var free int64
	lines := bufio.NewScanner(bytes.NewReader(info))
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) < 4 || fields[0] != "Node" || fields[2] != "zone" {
			continue
		}
		block := page
		for _, f := range fields[4:] {
			if n, err := strconv.ParseInt(f, 10, 64); err == nil && block >= size && n > 0 {
				// A count is taken as at most 2^20 blocks, and the sum
				// saturates: no input makes it wrap.
				free = min(free+min(n, 1<<20)*block, 1<<62)
			}
			block *= 2
			if block > 1<<40 {
				break
			}
		}
	}
	return free
}
