package cachefile

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// prefault asks the kernel to back the pages of b now, in one call,
// rather than one at a time as a read first writes to each: on a
// virtual machine every such fault may be a trip to the hypervisor, and
// a large site's caches are tens of megabytes. It is only a hint: a
// kernel without MADV_POPULATE_WRITE (before Linux 5.14) refuses it,
// and the read faults the pages in as before.
func prefault(b []byte) {
	if len(b) < prefaultSize {
		return
	}
	page := os.Getpagesize()
	// The pages wholly inside b: madvise takes an address on a page's
	// boundary, and a page shared with other memory is left alone.
	off := (page - addressOf(b)%page) % page
	n := (len(b) - off) / page * page
	if n > 0 {
		unix.Madvise(b[off:off+n], unix.MADV_POPULATE_WRITE)
	}
}

// addressOf is the address of b's first byte, for prefault's alignment.
func addressOf(b []byte) int { return int(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }
