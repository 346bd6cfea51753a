//go:build !linux

package pages

const available = false

func back([]byte) {}
