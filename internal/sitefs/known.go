package sitefs

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/cachefile"
)

// Known is what a build read of the site's files: each file's bytes with
// the stamp the file system gave it (device, inode, size, modification
// and change times). A later build that is given it takes a file's
// bytes from it, one stat rather than an open, a read and a close, while
// the stamp is the same: as git trusts its index, and for the same
// reason, that a site of ten thousand briefings is twenty thousand files
// of which an edit changes one.
//
// The change time is set by the kernel on every write, rename or change
// of mode and cannot be set by a user, but a file changed twice within
// one tick of the file system's clock keeps the first change's times.
// So a file is only kept when its times are older than the start of the
// build that read it by more than a tick of any clock in use
// (KnowFiles's settled): a file changed since, or in the seconds before,
// is read again. `build -full` reads every file.
//
// A Known is safe for concurrent use.
type Known struct {
	mu    sync.Mutex
	files map[string]knownFile // slash path → bytes and stamp
	// differ and total are Stale's, set by FS.Known.
	differ, total int
}

type knownFile struct {
	stamp stamp
	data  []byte
	sum   *[sha256.Size]byte // of data, when Sum was asked for it
}

// knownHeader names the format of a Known on disk (cachefile's frame).
const knownHeader = "briefing known site files v1\n"

func newKnown(n int) *Known { return &Known{files: make(map[string]knownFile, n)} }

// Len is the number of files known.
func (k *Known) Len() int {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.files)
}

func (k *Known) get(name string) (knownFile, bool) {
	if k == nil {
		return knownFile{}, false
	}
	k.mu.Lock()
	f, ok := k.files[name]
	k.mu.Unlock()
	return f, ok
}

func (k *Known) put(name string, f knownFile) {
	k.mu.Lock()
	k.files[name] = f
	k.mu.Unlock()
}

// WriteTo writes the files in cachefile's frame, sorted by path, so that
// the same files give the same bytes; a piece at a time, as they are
// as large as the site's seeds.
func (k *Known) WriteTo(w io.Writer) (int64, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	names := slices.Sorted(maps.Keys(k.files))
	return cachefile.WriteParts(w, knownHeader, func(put func([]byte)) {
		var head []byte
		put(cachefile.AppendInt(head, len(names)))
		for _, name := range names {
			f := k.files[name]
			head = cachefile.AppendString(head[:0], name)
			for _, n := range f.stamp {
				head = binary.LittleEndian.AppendUint64(head, uint64(n))
			}
			if f.sum != nil {
				head = append(head, 1)
				head = append(head, f.sum[:]...)
			} else {
				head = append(head, 0)
			}
			head = cachefile.AppendInt(head, len(f.data))
			put(head)
			put(f.data)
		}
	})
}

// ReadKnown reads what WriteTo wrote. A file damaged, cut short or of
// another format is an error: the build then reads every file.
func ReadKnown(r io.Reader) (*Known, error) {
	d, err := cachefile.Read(r, knownHeader)
	if err != nil {
		return nil, err
	}
	// The files' bytes keep the body in memory: their names share it.
	d.ShareStrings()
	n := d.Count()
	k := newKnown(n)
	for range n {
		name := d.String()
		var st stamp
		if b := d.Bytes(8 * stampFields); b != nil {
			for i := range st {
				st[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
			}
		}
		var sum *[sha256.Size]byte
		switch d.Uvarint() {
		case 0:
		case 1:
			if b := d.Bytes(sha256.Size); b != nil {
				sum = (*[sha256.Size]byte)(b)
			}
		default:
			d.Fail()
		}
		data := d.Bytes(d.Count())
		// Full slice expressions: a reader that appends to a file's
		// bytes copies them rather than writing over the next file's.
		k.files[name] = knownFile{stamp: st, data: data[:len(data):len(data)], sum: sum}
	}
	if err := d.Done(); err != nil {
		return nil, err
	}
	return k, nil
}

// knowing is an FS's use of Known files: those of the last build, and
// those of this one, for the next.
type knowing struct {
	prev    func() *Known // nil: read every file
	prevSet sync.Once
	known   *Known // the last build's, once prev was called
	next    *Known // made then, of the last build's size
	settled int64  // Unix nanoseconds: files changed since are not kept
	under   []string
	fresh   atomic.Int64 // files read rather than known
	reused  atomic.Int64 // files known
	summed  atomic.Int64 // known files given a sum

	mu sync.Mutex
	// The folders under dirs, each listed once (List), and opened once
	// for the stats of their files, which then look up one name, not
	// every folder of the path; closed by Known.
	lists  map[string]*listing
	dirFDs map[string]int
	closed bool
}

// listing is a folder's List, made once.
type listing struct {
	once    sync.Once
	entries []fs.DirEntry
	plain   bool
	err     error
}

// KnowFiles makes ReadFile take the files under the slash directories
// dirs from prev (nil: read them all; prev is called once, at the first
// read, so that it may still be loading) while their stamps are the
// same, and keep every file under dirs it reads, with its stamp, for
// Known: those whose times are before settled. Call it before any
// read. It does nothing where stamps are not available (not Unix).
func (f *FS) KnowFiles(prev func() *Known, settled time.Time, dirs ...string) {
	if !stampsAvailable {
		return
	}
	under := make([]string, len(dirs))
	for i, d := range dirs {
		under[i] = strings.TrimSuffix(d, "/") + "/"
	}
	f.knowing = &knowing{prev: prev, settled: settled.UnixNano(), under: under}
}

// Known returns the files kept by ReadFile since KnowFiles; nil
// without KnowFiles. Their Stale says how far they differ from those it
// was given. Call it once every file under KnowFiles's folders is read:
// it closes what reading them kept open.
func (f *FS) Known() *Known {
	k := f.knowing
	if k == nil {
		return nil
	}
	prev := k.last()
	k.closeDirs()
	fresh, reused := int(k.fresh.Load()), int(k.reused.Load())
	k.next.mu.Lock()
	defer k.next.mu.Unlock()
	k.next.differ = fresh + prev.Len() - reused + int(k.summed.Load())
	k.next.total = fresh + reused
	return k.next
}

// Stale reports, of the files FS.Known returned, how many differ from
// those the build was given (read that it did not know, known and not
// read, known and given a sum now), and how many were read: saving them
// costs a write of all their bytes, more than reading a few files again
// costs the next builds. Zero for files read from disk.
func (k *Known) Stale() (differ, total int) {
	if k == nil {
		return 0, 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.differ, k.total
}

func (k *knowing) last() *Known {
	k.prevSet.Do(func() {
		if k.prev != nil {
			k.known = k.prev()
		}
		k.next = newKnown(k.known.Len())
	})
	return k.known
}

// stat is statRegular of the file name at the path full, made relative
// to its folder, opened once.
func (k *knowing) stat(name, full string) (stamp, bool) {
	dir, base := path.Split(name)
	k.mu.Lock()
	fd, ok := k.dirFDs[dir]
	if !ok && !k.closed {
		fd = openDirFD(filepath.Dir(full))
		if k.dirFDs == nil {
			k.dirFDs = map[string]int{}
		}
		k.dirFDs[dir] = fd
	}
	closed := k.closed
	k.mu.Unlock()
	if closed || fd < 0 {
		return statRegular(full)
	}
	// A stat relative to a folder closed meanwhile, whose number another
	// file took, fails or finds another file: its device and inode then
	// differ from the known file's.
	return statRegularAt(fd, base)
}

func (k *knowing) closeDirs() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return
	}
	k.closed = true
	for _, fd := range k.dirFDs {
		if fd >= 0 {
			closeFD(fd)
		}
	}
}

// list is f.list of the folder name, made once while f knows files:
// the loaders and the build's salt list the same folders, which on a
// large site hold tens of thousands of files. Each caller gets its own
// slice.
func (k *knowing) list(name string, list func() ([]fs.DirEntry, bool, error)) ([]fs.DirEntry, bool, error) {
	k.mu.Lock()
	l, ok := k.lists[name]
	if !ok {
		l = &listing{}
		if k.lists == nil {
			k.lists = map[string]*listing{}
		}
		k.lists[name] = l
	}
	k.mu.Unlock()
	l.once.Do(func() { l.entries, l.plain, l.err = list() })
	return slices.Clone(l.entries), l.plain, l.err
}

// coversDir reports whether the folder name (a slash path) is one of
// dirs or below one.
func (k *knowing) coversDir(name string) bool { return k.covers(name + "/") }

// covers reports whether the slash path name is one to keep.
func (k *knowing) covers(name string) bool {
	for _, d := range k.under {
		if strings.HasPrefix(name, d) {
			return true
		}
	}
	return false
}

// read reads the file name at the path full for ReadFile, from the last
// build's files when its stamp is theirs; ok is false when it could not
// be read that way, and ReadFile takes the careful one.
func (k *knowing) read(name, full string) ([]byte, bool) {
	// The last build's files are never changed once read: no lock.
	if last := k.last(); last != nil {
		if old, ok := last.files[name]; ok {
			if st, ok := k.stat(name, full); ok && st == old.stamp {
				k.next.put(name, old)
				k.reused.Add(1)
				return old.data, true
			}
		}
	}
	data, st, err := readRegularStamped(full)
	if err != nil {
		return nil, false
	}
	k.fresh.Add(1)
	if st.before(k.settled) && st[stampSize] == int64(len(data)) {
		k.next.put(name, knownFile{stamp: st, data: data[:len(data):len(data)]})
	}
	return data, true
}

// stamp is what stat says of a file that any change to it changes: its
// device and inode (an editor that saves by renaming gives a new one),
// size, and modification and change times in Unix nanoseconds.
type stamp [stampFields]int64

const stampFields = 5

const (
	stampSize  = 2
	stampMtime = 3
	stampCtime = 4
)

// before reports whether both times of the file are before t.
func (s stamp) before(t int64) bool { return s[stampMtime] < t && s[stampCtime] < t }

// Sum is the SHA-256 of data, which ReadFile returned for name: taken
// from the known files when data is a file's bytes as known, so that a
// file that did not change is not hashed again, and else made (and kept
// with the file, for the next build).
func (f *FS) Sum(name string, data []byte) [sha256.Size]byte {
	k := f.knowing
	if k == nil {
		return sha256.Sum256(data)
	}
	kf, ok := k.next.get(name)
	same := ok && SameBytes(kf.data, data)
	if same && kf.sum != nil {
		return *kf.sum
	}
	sum := sha256.Sum256(data)
	if same {
		kf.sum = &sum
		k.next.put(name, kf)
		// A file read fresh differs already; one known without its
		// sum differs now.
		if old, ok := k.known.get(name); ok && SameBytes(old.data, data) {
			k.summed.Add(1)
		}
	}
	return sum
}

// SameBytes reports whether a and b are the same memory, not only the
// same bytes: a file's bytes as ReadFile returned them. It costs nothing
// where comparing the bytes would cost what digesting them does.
func SameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
