package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/render/export"
	"github.com/briefing-dev/briefing/internal/sitefs"
)

// binaryDigest is the digest of the running program, so that a build by
// another version of briefing (or of a checkout with other changes) never
// carries a file over: its code may make it otherwise. "" when the
// program cannot be read, and then nothing is carried over.
var binaryDigest = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return programDigest(exe)
})

// programDigest digests the program in file exe. The Go toolchain stamps
// each program it links with a build ID whose last part is a hash of the
// program's content, in a note near the start of the file: reading it
// spares hashing the whole program, which costs more than the rest of a
// small site's build from its caches. A program without one, or with one
// that is not of the toolchain's form (linked with -buildid=, or an ID
// set by hand, which two programs may share), is hashed whole.
func programDigest(exe string) string {
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	h := sha256.New()
	if id := goBuildID(f); toolchainBuildID(id) {
		fmt.Fprintf(h, "go build id\x00%s\x00%d", id, st.Size())
	} else {
		io.WriteString(h, "content\x00")
		if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size())); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// toolchainBuildID reports whether id has the form of the IDs the go
// command makes: hashes in URL-safe base64, each of 20 characters, joined
// by slashes, the last the content's.
func toolchainBuildID(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) != 20 {
			return false
		}
		for _, c := range []byte(p) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// goBuildID is the Go build ID of the program in f, or "": from its ELF
// note, or else from the marked string the linker writes at the start of
// the text of other formats (as cmd/internal/buildid reads them).
func goBuildID(f *os.File) string {
	if e, err := elf.NewFile(f); err == nil {
		sec := e.Section(".note.go.buildid")
		if sec == nil || sec.Size > 1<<12 {
			return ""
		}
		note, err := sec.Data()
		// A note: name size, description size, type, then the name
		// ("Go" padded to four bytes) and the description, the ID.
		if err != nil || len(note) < 16 {
			return ""
		}
		order := e.ByteOrder
		nameSize, descSize, kind := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
		const goNoteKind = 4
		if nameSize != 4 || kind != goNoteKind || string(note[12:16]) != "Go\x00\x00" || uint64(descSize) > uint64(len(note)-16) {
			return ""
		}
		return string(note[16 : 16+descSize])
	}
	head := make([]byte, 32<<10)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	const prefix, suffix = "\xff Go build ID: \"", "\"\n \xff"
	i := bytes.Index(head, []byte(prefix))
	if i < 0 {
		return ""
	}
	rest := head[i+len(prefix):]
	j := bytes.Index(rest, []byte(suffix))
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// buildSalt digests what every file of a build depends on and the site
// model does not show file by file: the program, the options, and every
// file under content/ but the briefings, which are the settings
// (site.yaml), the actor registry (any entry may change what every
// briefing mentions) and whatever else comes to live there. render mixes
// it into each file's key (render.KeySalter). "" means carry nothing over.
func buildSalt(site fs.FS, opts model.Options, baseURL string) string {
	bin := binaryDigest()
	if bin == "" {
		return ""
	}
	h := sha256.New()
	io.WriteString(h, bin)
	if opts.Drafts {
		io.WriteString(h, "\x00drafts")
	}
	io.WriteString(h, "\x00base-url\x00"+baseURL+"\x00")
	if err := digestSettings(h, site, "content"); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestSettings writes to h the path, length and bytes of every file
// under dir but the briefings, in fs.WalkDir's order. Unlike WalkDir it
// makes no path for a briefing: serve digests the settings on every
// save, and content/briefings holds the whole archive.
func digestSettings(h io.Writer, site fs.FS, dir string) error {
	entries, err := fs.ReadDir(site, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if dir == "content/briefings" && !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		p := dir + "/" + e.Name()
		if e.IsDir() {
			if err := digestSettings(h, site, p); err != nil {
				return err
			}
			continue
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		digestFile(h, p, data)
	}
	return nil
}

// digestFile writes to h a file of the settings: its path, a zero byte,
// its length in eight bytes, little-endian, and its bytes.
func digestFile(h io.Writer, p string, data []byte) {
	io.WriteString(h, p+"\x00")
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}

// extractCachePath is where build keeps the extraction cache of a site,
// and parseCachePath its parsed briefings: in the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
// %LocalAppData% on Windows), under briefing/, a file of each kind per
// site directory, named by the digest of its absolute path. They are
// never published, and deleting them costs only the time of the next
// build. "" when there is no cache directory.
func extractCachePath(site string) string { return cachePath(site, "extract-") }

func parseCachePath(site string) string { return cachePath(site, "parsed-") }

// termCachePath is where build keeps the briefings' search terms.
func termCachePath(site string) string { return cachePath(site, "terms-") }

// summaryCachePath is where build keeps the briefings' summaries as
// rendered.
func summaryCachePath(site string) string { return cachePath(site, "summaries-") }

// knownPath is where build keeps the site's files as it last read them
// (sitefs.Known).
func knownPath(site string) string { return cachePath(site, "files-") }

// knownMargin is how long before a build a file must have last changed
// for the build to keep it in the known files: longer than a tick of the
// coarsest file system clock in use (two seconds), so that a file
// changed after the build read it has other times. See sitefs.Known.
var knownMargin = 3 * time.Second

// loadKnown reads the site's known files, or nil when there are none
// (missing, damaged, of another format): every file is then read.
func loadKnown(site string) *sitefs.Known {
	k, err := readCache(knownPath(site), sitefs.ReadKnown)
	if err != nil {
		return nil
	}
	return k
}

func cachePath(site, kind string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(site)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "briefing", kind+hex.EncodeToString(sum[:12]))
}

// cachesOnDisk are build's own caches, each read from disk in the
// background from the start of a build: reading one needs no salt, and
// the salt needs the site's files, read meanwhile. A cache that is
// missing, damaged or of another version is never trusted, only
// replaced by an empty one.
type cachesOnDisk struct {
	extract func(salt string) *model.ExtractCache
	// parsed briefings and summaries depend on the program alone: its
	// digest is their salt.
	parsed func(salt string) *annotations.ParseCache
	// The search terms depend on the registry as mentions do, and take
	// the same salt.
	terms func(salt string) *export.TermCache
	sums  func(salt string) *render.Summaries
}

func readCaches(site string) *cachesOnDisk {
	return &cachesOnDisk{
		extract: readingCache(extractCachePath(site), model.ReadExtractCache, model.NewExtractCache),
		parsed:  readingCache(parseCachePath(site), annotations.ReadParseCache, annotations.NewParseCache),
		terms:   readingCache(termCachePath(site), export.ReadTermCache, export.NewTermCache),
		sums:    readingCache(summaryCachePath(site), render.ReadSummaries, render.NewSummaries),
	}
}

// readingCache starts reading the cache at p in the background, or
// making an empty one when it is missing or unreadable, and returns the
// function that waits for it and tells it, the first time, the salt its
// entries must have.
func readingCache[C interface{ Use(salt string) }](p string, read func(io.Reader) (C, error), empty func() C) func(salt string) C {
	c := inBackground(func() C {
		c, err := readCache(p, read)
		if err != nil {
			c = empty()
		}
		return c
	})
	var salted sync.Once
	return func(salt string) C {
		v := c()
		salted.Do(func() { v.Use(salt) })
		return v
	}
}

// readCache reads the cache file at p ("" when there is no cache
// directory) with read.
func readCache[C any](p string, read func(io.Reader) (C, error)) (C, error) {
	var zero C
	if p == "" {
		return zero, os.ErrNotExist
	}
	f, err := os.Open(p)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	return read(f)
}

// saveCache writes a cache to p, whole or not at all (a temporary file
// renamed over the old one). Failing to is not an error of the build:
// the next build does the work again.
func saveCache(p string, c io.WriterTo) {
	if p == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".cache-*")
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, err = c.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
