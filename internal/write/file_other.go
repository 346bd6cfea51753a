//go:build !unix

package write

import "os"

// writeNew writes a new file whole.
func writeNew(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
