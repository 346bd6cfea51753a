//go:build unix

package write

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// tryLock takes an exclusive lock on the directory dir, without waiting.
// A build holds the lock on its working copy until it ends, and the lock
// goes with the process however it ends, so a copy that can be locked is
// one that no build is writing.
func tryLock(dir string) (unlock func(), ok bool) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		unix.Close(fd)
		return nil, false
	}
	// Once: a second close could close another file given the same number.
	return sync.OnceFunc(func() { unix.Close(fd) }), true
}

// otherDevice reports whether dir is on another device than its parent.
func otherDevice(dir string) bool {
	a, errA := os.Stat(dir)
	b, errB := os.Stat(filepath.Dir(dir))
	if errA != nil || errB != nil {
		return false
	}
	sa, okA := a.Sys().(*syscall.Stat_t)
	sb, okB := b.Sys().(*syscall.Stat_t)
	return okA && okB && sa.Dev != sb.Dev
}
