//go:build unix

package sitefs

import (
	"os"

	"golang.org/x/sys/unix"
)

// openRegular opens name for reading without blocking (a named pipe with
// no writer would block an ordinary open forever) and without following a
// final symbolic link, then checks what was opened.
func openRegular(name string) (*os.File, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, errNotRegular
	}
	// Reads of a regular file never block; clearing the flag keeps the
	// descriptor ordinary for the runtime.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
}

// readRegular reads a regular file whole, as openRegular opens it, in the
// fewest system calls: a site of ten thousand briefings reads twenty
// thousand files on every build.
func readRegular(name string) ([]byte, error) {
	data, _, err := readRegularStamped(name)
	return data, err
}

// readRegularStamped is readRegular that also gives the file's stamp,
// as it was before the read.
func readRegularStamped(name string) ([]byte, stamp, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, stamp{}, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, stamp{}, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, stamp{}, errNotRegular
	}
	// Reads of a regular file never block, whatever O_NONBLOCK says. A
	// read of one byte more than its size that comes back short with the
	// size read is at the end; a file that grew is read on.
	data := make([]byte, 0, st.Size+1)
	for {
		want := cap(data) - len(data)
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, stamp{}, &os.PathError{Op: "read", Path: name, Err: err}
		}
		data = data[:len(data)+n]
		if n == 0 || n < want && int64(len(data)) == st.Size {
			return data, stampOf(&st), nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// stampsAvailable: Unix stat gives a file's inode and change time.
const stampsAvailable = true

func stampOf(st *unix.Stat_t) stamp {
	return stamp{int64(st.Dev), int64(st.Ino), st.Size, st.Mtim.Nano(), st.Ctim.Nano()}
}

// statRegular is the stamp of the file at name when it is a regular
// file, not a link: what readRegular would read.
func statRegular(name string) (stamp, bool) { return statRegularAt(unix.AT_FDCWD, name) }

// openDirFD opens the folder at name for statRegularAt; -1 when it
// cannot.
func openDirFD(name string) int {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

func closeFD(fd int) { unix.Close(fd) }

// statRegularAt is statRegular of the file name in the folder dir.
func statRegularAt(dir int, name string) (stamp, bool) {
	var st unix.Stat_t
	if err := unix.Fstatat(dir, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return stamp{}, false
	}
	return stampOf(&st), true
}
