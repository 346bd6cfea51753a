package write

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestName is the file in every output that lists what the build
// wrote there. It is how the next build knows the directory is its own to
// replace, and that no one has added a file that replacing it would lose.
// It is published with the site and harmless there: it names only files
// that are published beside it.
const ManifestName = ".briefing-output"

// manifestHeader opens every manifest; a file without it is not one.
const manifestHeader = "briefing output v1: a build of briefing replaces this directory; these are the files it wrote\n"

// writeManifest lists the written paths, sorted, in dir.
func writeManifest(dir string, written map[string]bool) error {
	paths := make([]string, 0, len(written))
	for p := range written {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	b.Grow(len(manifestHeader) + 32*len(paths))
	b.WriteString(manifestHeader)
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), b.Bytes(), 0o644)
}

var errNotManifest = errors.New("not a briefing manifest")

// readManifest returns the paths that the manifest in dir lists.
func readManifest(dir string) (map[string]bool, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text()+"\n" != manifestHeader {
		return nil, errNotManifest
	}
	listed := map[string]bool{}
	for sc.Scan() {
		listed[sc.Text()] = true
	}
	return listed, sc.Err()
}

// Working copies are the directories a build writes before the swap:
// beside the output, ".NAME.new-RANDOM"; inside an output that is a mount
// point, ".briefing-new-RANDOM". Both start with a dot so that they are
// hidden from a listing and cannot be a page.
const (
	workingInfix  = ".new-"
	mountedPrefix = ".briefing-new-"
)

// isWorkingCopy reports whether a name inside an output is one of the
// working copies a build of a mount point makes there.
func isWorkingCopy(name string) bool { return strings.HasPrefix(name, mountedPrefix) }

// errNoExchange says the file system cannot swap two paths in one step.
var errNoExchange = errors.New("atomic exchange not supported")
