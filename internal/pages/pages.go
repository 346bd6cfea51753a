// Package pages asks the system to back memory before it is touched.
//
// A process takes a page of memory from the system the first time it
// touches it, one fault at a time. On a virtual machine a fault may be a
// trip to the hypervisor, several times its cost on bare metal; the
// kernel backs a whole range in one call (MADV_POPULATE_WRITE) for a
// fraction of that. Back is a hint: where the call is not available
// (another system, Linux before 5.14), the pages fault in when touched,
// as they would have.
package pages

import (
	"os"
	"unsafe"
)

// Back asks the system to back the pages wholly inside b now, its bytes
// unchanged.
func Back(b []byte) {
	page := os.Getpagesize()
	off := (page - int(uintptr(unsafe.Pointer(unsafe.SliceData(b))))%page) % page
	if n := (len(b) - off) / page * page; n > 0 {
		populate(b[off : off+n])
	}
}

// Available reports whether Back asks anything of the system here.
const Available = available
