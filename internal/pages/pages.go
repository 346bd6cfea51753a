// Package pages asks the system to back memory before it is touched.
//
// A process takes memory from the system a page at a time, the first
// time it touches each page. On a virtual machine each of those faults
// may be a trip to the hypervisor, several times its cost on bare metal,
// and a build that touches hundreds of megabytes spends much of its time
// there. Back asks for fewer, cheaper faults, in the first of these ways
// the system offers:
//
//   - huge pages: where Linux gives transparent huge pages to memory
//     that asks for them ("always" or "madvise" in
//     /sys/kernel/mm/transparent_hugepage/enabled), the range is marked
//     MADV_HUGEPAGE and each first touch takes a huge page, one fault
//     for 2 MB instead of 512. A fault that finds no free huge page may
//     make the kernel compact memory first, a stall; so no more of the
//     range is marked than half the free memory in huge-page blocks
//     (/proc/buddyinfo);
//   - population: the kernel backs the range, or the rest of it, at once
//     (MADV_POPULATE_WRITE, Linux 5.14 and later), in pieces on every
//     CPU, and the first touch of each page then costs less.
//
// Back is a hint either way: where neither is available (another
// system, an older kernel), the pages fault in when touched, as they
// would have. It never changes what memory holds.
package pages

import (
	"os"
	"unsafe"
)

// Back asks the system to back the pages wholly inside b, its bytes
// unchanged (see the package comment).
func Back(b []byte) {
	if off, n := whole(b, os.Getpagesize()); n > 0 {
		back(b[off : off+n])
	}
}

// whole is the part of b made of whole units of unit bytes, aligned to
// unit: it begins at b[off] and is n bytes long, 0 when no unit fits.
func whole(b []byte, unit int) (off, n int) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	off = int((uintptr(unit) - start%uintptr(unit)) % uintptr(unit))
	if off >= len(b) {
		return off, 0
	}
	return off, (len(b) - off) / unit * unit
}

// Available reports whether Back asks anything of the system here.
const Available = available
