package write

import (
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

// manifestHeader opens every manifest; a file without it is not one. A
// manifest of the first version lists paths; the second adds to each
// file that the build made from the site's model the key of what it was
// made from, so that the next build can carry the file over when its key
// has not changed: every line is the path, a tab and the key, which may be
// empty and never holds a tab (a path might). Both versions are read.
const (
	manifestHeader   = "briefing output v2: a build of briefing replaces this directory; these are the files it wrote\n"
	manifestHeaderV1 = "briefing output v1: a build of briefing replaces this directory; these are the files it wrote\n"
)

// writeManifest lists the written paths, sorted, in dir, each with its
// key if it has one.
func writeManifest(dir string, written map[string]bool, keys map[string]string) error {
	paths := make([]string, 0, len(written))
	for p := range written {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	b.Grow(len(manifestHeader) + 100*len(paths))
	b.WriteString(manifestHeader)
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte('\t')
		b.WriteString(keys[p])
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), b.Bytes(), 0o644)
}

var errNotManifest = errors.New("not a briefing manifest")

// readManifest returns the paths that the manifest in dir lists, each
// with its key ("" for none).
func readManifest(dir string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	// One string for the whole file, which every path and key is a part
	// of: a manifest has a line for every file of the site.
	text := string(data)
	header, rest, _ := strings.Cut(text, "\n")
	header = strings.TrimSuffix(header, "\r") + "\n"
	if header != manifestHeader && header != manifestHeaderV1 {
		return nil, errNotManifest
	}
	keyed := header == manifestHeader
	listed := make(map[string]string, strings.Count(rest, "\n")+1)
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSuffix(line, "\r")
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
	return listed, nil
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
