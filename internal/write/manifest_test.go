package write

import (
	"bufio"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readManifestScanner is readManifest as it was first written, line by
// line with a bufio.Scanner: the oracle of FuzzReadManifest.
func readManifestScanner(dir string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() {
		return nil, errNotManifest
	}
	header := sc.Text() + "\n"
	if header != manifestHeader && header != manifestHeaderV1 {
		return nil, errNotManifest
	}
	keyed := header == manifestHeader
	listed := map[string]string{}
	for sc.Scan() {
		line := sc.Text()
		if keyed {
			i := strings.LastIndexByte(line, '\t')
			if i < 0 {
				return nil, errNotManifest
			}
			listed[line[:i]] = line[i+1:]
			continue
		}
		listed[line] = ""
	}
	return listed, sc.Err()
}

// FuzzReadManifest: readManifest reads what the scanner read, and
// refuses what it refused (but a line over the scanner's limit).
func FuzzReadManifest(f *testing.F) {
	for _, seed := range []string{
		manifestHeader + "index.html\tk1\nactors/a.html\tk2\n",
		manifestHeader + "index.html\tk1\nactors/a.html\tk2",
		manifestHeaderV1 + "index.html\nactors/a.html\n",
		strings.TrimSuffix(manifestHeader, "\n") + "\r\nindex.html\tk\r\n",
		manifestHeader + "\n",
		manifestHeader + "no tab\n",
		manifestHeader + "a\tb\tc\n",
		"not a manifest\n",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want, wantErr := readManifestScanner(dir)
		if errors.Is(wantErr, bufio.ErrTooLong) {
			t.Skip("the scanner's limit on a line, which readManifest does not have")
		}
		got, err := readManifest(dir)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("readManifest(%q) error %v, the scanner's %v", text, err, wantErr)
		}
		if err == nil && !maps.Equal(got, want) {
			t.Fatalf("readManifest(%q) = %v, the scanner read %v", text, got, want)
		}
	})
}
