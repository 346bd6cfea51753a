//go:build !unix

package sitefs

import "os"

// openRegular opens name and checks that it is a regular file. Without
// non-blocking opens the check comes first, so only a file swapped for a
// pipe in between could block.
func openRegular(name string) (*os.File, error) {
	if info, err := os.Stat(name); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, errNotRegular
	}
	return f, nil
}

// readRegular reads a regular file whole, as openRegular opens it.
func readRegular(name string) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

// stampsAvailable: without Unix stat there is no inode or change time
// to trust, and KnowFiles does nothing.
const stampsAvailable = false

func statRegular(name string) (stamp, bool) { return stamp{}, false }

func readRegularStamped(name string) ([]byte, stamp, error) {
	data, err := readRegular(name)
	return data, stamp{}, err
}

func openDirFD(name string) int { return -1 }

func closeFD(fd int) {}

func statRegularAt(dir int, name string) (stamp, bool) { return stamp{}, false }
