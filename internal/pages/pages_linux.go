package pages

import "golang.org/x/sys/unix"

const available = true

func populate(b []byte) { unix.Madvise(b, unix.MADV_POPULATE_WRITE) }
