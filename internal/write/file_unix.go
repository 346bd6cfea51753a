//go:build unix

package write

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeNew writes a new file whole. It is os.WriteFile in the fewest
// system calls (open, write, close): os.OpenFile also offers every file
// to the runtime's poller, which refuses regular files after a few calls
// of its own, and a build writes tens of thousands of files.
func writeNew(name string, data []byte) error {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
