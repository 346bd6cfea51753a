package corpus

import (
	"os"
	"path/filepath"
)

// Dir is a Sink that writes into a directory of the file system, creating
// the folders it needs.
type Dir string

func (d Dir) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Files is a Sink that keeps the files in memory, by name.
type Files map[string][]byte

func (f Files) WriteFile(name string, data []byte) error {
	f[name] = data
	return nil
}
