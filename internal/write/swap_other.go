//go:build !linux

package write

// exchange is not available: Commit uses two renames.
func exchange(a, b string) error { return errNoExchange }

func isMountPoint(dir string) bool { return otherDevice(dir) }

// renameNoReplace renames a to b unless b exists (fs.ErrExist then).
func renameNoReplace(a, b string) error { return renameIfFree(a, b) }
