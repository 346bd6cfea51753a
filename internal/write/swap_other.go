//go:build !linux

package write

// exchange is not available: Commit uses two renames.
func exchange(a, b string) error { return errNoExchange }

func isMountPoint(dir string) bool { return otherDevice(dir) }
