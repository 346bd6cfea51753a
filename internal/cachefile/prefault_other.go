//go:build !linux

package cachefile

func prefault([]byte) {}
