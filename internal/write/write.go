// Package write puts a rendered site on disk without ever losing a file:
// not the previous output, which stays whole until the new one is complete,
// and not anything briefing did not write.
//
// Files go into a working copy beside the output as they are rendered.
// When the whole site is there, Commit swaps the two: on Linux in one
// step (renameat2 with RENAME_EXCHANGE), so that the output is never
// missing, even if the process dies; elsewhere by two renames. An output
// that is a mount point (a container's volume) cannot be renamed, so its
// working copy is made inside it and its entries are swapped one by one.
// The output swapped out is kept as the spare, which the next build
// updates into its working copy (spare.go).
//
// Before anything is written, Begin refuses outputs that would lose a
// user's files: the site itself, a folder it reads, a directory holding
// the site, the working or home directory, and any existing directory that
// does not carry the manifest of an earlier build or that holds files the
// manifest does not list (unless Target.Force). Working copies left by a
// build that was killed are removed by the next one; a lock on each copy
// tells them from those of a build still running.
package write

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Output is a site being written. WriteFile and Create may be called from
// several goroutines at once, and Abort from a signal handler.
type Output struct {
	out     string // the output directory
	tmp     string // the working copy
	mounted bool   // out is a mount point: tmp is inside it
	unlock  func()

	// prev is the previous output's manifest, path to key, of the files
	// that may be carried over; nil for a fresh build. exact: the output
	// holds those files and nothing else (see ownedBy).
	prev  map[string]string
	exact bool
	// present are the files of prev that Begin saw in the output as
	// regular files, when it looked (not with Target.Force): Carry then
	// looks at no file again.
	present map[string]bool

	// writing counts the files claimed and not yet on disk, which Abort
	// waits for: a file created while the working copy is being removed
	// would keep its directory from going.
	writing sync.WaitGroup

	mu      sync.Mutex
	done    bool            // committed or aborted: no more writes
	dirs    map[string]bool // created directories, by slash path
	written map[string]bool
	keys    map[string]string // what each file was made from, for the next build
	carried int
	// linked are the files carried over, linked from the previous output
	// at Commit, when it is known that something changed: a build that
	// carries every file writes nothing.
	linked  []string
	changed bool // a file was written, not carried

	// spare is the spare taken as the working copy (o.tmp), nil for a
	// new one; kept are the files carried over that it already holds,
	// made from the same key, which are neither linked nor written.
	spare    *spare
	kept     map[string]bool
	warnings []Warning
}

// errFinished is returned by writes after Commit or Abort.
var errFinished = errors.New("output already finished (interrupted?)")

// Begin checks the target and starts writing a site that will replace the
// directory t.Out.
func Begin(t Target) (*Output, error) {
	out, err := t.check()
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	recoverOld(parent, base, out)
	removeStale(parent, "."+base+workingInfix)
	var prev map[string]string
	var present map[string]bool
	exact := false
	info, err := os.Lstat(out)
	switch {
	case err == nil && !info.IsDir():
		return nil, &RefusedError{Out: t.Out, Reason: "it exists and is not a directory"}
	case err == nil:
		removeStale(out, mountedPrefix)
		var listed map[string]string
		var ownErr error
		if exact, listed, present, ownErr = ownedBy(out, t); ownErr != nil {
			return nil, ownErr
		}
		switch {
		case t.Fresh:
		case listed != nil:
			prev = listed
		default:
			prev, _ = readManifest(out)
		}
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	// A build writes or carries over about as many files as the last:
	// the maps of every file are made at that size, not grown.
	o := &Output{out: out, prev: prev, present: present, exact: exact, dirs: map[string]bool{".": true}, written: make(map[string]bool, len(prev)), keys: make(map[string]string, len(prev)), kept: map[string]bool{}}
	o.mounted = err == nil && mountPoint(out)
	// The spare serves a build that carries files over into a directory
	// swapped in whole; any other removes it.
	spareAt := spareDir(parent, base)
	sp, unlock, warn := openSpare(spareAt, prev != nil && !o.mounted)
	if warn != nil {
		o.warnings = append(o.warnings, *warn)
	}
	if sp != nil {
		o.spare, o.tmp, o.unlock = sp, spareAt, unlock
		o.kept = make(map[string]bool, len(sp.files))
		for d := range sp.dirs {
			o.dirs[d] = true
		}
		return o, nil
	}
	if o.mounted {
		o.tmp, err = os.MkdirTemp(out, mountedPrefix)
	} else {
		o.tmp, err = os.MkdirTemp(parent, "."+base+workingInfix)
	}
	if err != nil {
		return nil, err
	}
	o.unlock, _ = tryLock(o.tmp)
	if o.unlock == nil {
		o.unlock = func() {}
	}
	if err := os.Chmod(o.tmp, 0o755); err != nil {
		o.Abort()
		return nil, err
	}
	return o, nil
}

// Warnings are what Begin found beside the output and left alone.
func (o *Output) Warnings() []Warning { return o.warnings }

// WriteFile writes one file, by its slash-separated path in the site. It
// does not keep data.
func (o *Output) WriteFile(p string, data []byte) error {
	name, err := o.claim(p)
	if err != nil {
		return err
	}
	defer o.writing.Done()
	return writeNew(name, data)
}

// Create opens a file to write in pieces; Close finishes it.
func (o *Output) Create(p string) (io.WriteCloser, error) {
	name, err := o.claim(p)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		o.writing.Done()
		return nil, err
	}
	return &claimedFile{File: f, done: sync.OnceFunc(o.writing.Done)}, nil
}

// claimedFile is a file from Create, counted in Output.writing until it is
// closed.
type claimedFile struct {
	*os.File
	done func()
}

func (f *claimedFile) Close() error {
	defer f.done()
	return f.File.Close()
}

// Carry records key as what the file at p is made from and, when the
// previous output holds that file made from the same key, links it into
// the new output and reports true; the caller then does not write it.
// Otherwise, or when the link cannot be made (another file system, a file
// that is not a regular one any more), it reports false and the caller
// writes the file.
func (o *Output) Carry(p, key string) (bool, error) {
	// A key equal to one of the manifest's has neither a tab nor a
	// newline: only another is looked at.
	old, ok := o.prev[p]
	same := ok && old != "" && old == key
	if !same && strings.ContainsAny(key, "\t\n") {
		return false, fmt.Errorf("invalid key %q for %q", key, p)
	}
	if same {
		if o.present != nil {
			same = o.present[p]
		} else if info, err := os.Lstat(filepath.Join(o.out, filepath.FromSlash(p))); err != nil || !info.Mode().IsRegular() {
			same = false
		}
	}
	// The spare's manifest, unlike its files, does not change: looked
	// up before the lock.
	spared := false
	if same {
		if err := checkPath(p); err != nil {
			return false, err
		}
		spared = o.spare != nil && o.spare.keys[p] == key
	}
	// One lock for the key and the carrying over: every file of a
	// build comes here, from every CPU.
	o.mu.Lock()
	defer o.mu.Unlock()
	o.keys[p] = key
	if !same {
		return false, nil
	}
	if o.done {
		return false, errFinished
	}
	if o.written[p] {
		return false, fmt.Errorf("output path %q written twice", p)
	}
	o.written[p] = true
	o.carried++
	if spared && o.spare.files[p] {
		o.kept[p] = true
		return true, nil
	}
	o.linked = append(o.linked, p)
	return true, nil
}

// link makes the files carried over in the working copy, as hard links
// to those of the previous output, on every CPU. A file that went from
// the previous output since Carry saw it fails the build, which then
// leaves the output as it was.
func (o *Output) link() error {
	slices.Sort(o.linked)
	for _, p := range o.linked {
		if dir := path.Dir(p); !o.dirs[dir] {
			if err := os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
				return err
			}
			o.dirs[dir] = true
		}
	}
	return linkFiles(o.out, o.tmp, o.linked)
}

// carryError is the error of a file that could not be carried over.
func carryError(p string, err error) error {
	return fmt.Errorf("carrying over the previous output's %s: %w", p, err)
}

// dirFiles are the files of one folder, by slash path.
type dirFiles struct {
	dir   string
	files []string
}

// byDir groups slash paths by their folder, the folders in the order
// they first come.
func byDir(paths []string) []dirFiles {
	var groups []dirFiles
	at := map[string]int{}
	for _, p := range paths {
		dir := path.Dir(p)
		i, ok := at[dir]
		if !ok {
			i = len(groups)
			at[dir] = i
			groups = append(groups, dirFiles{dir: dir})
		}
		groups[i].files = append(groups[i].files, p)
	}
	return groups
}

// Carried is the number of files carried over from the previous output.
func (o *Output) Carried() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.carried
}

// claim checks a path, records it as written and makes its directory. It
// returns the file's name on disk; the caller calls o.writing.Done once the
// file is there.
func (o *Output) claim(p string) (string, error) {
	if err := checkPath(p); err != nil {
		return "", err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return "", errFinished
	}
	if o.written[p] {
		return "", fmt.Errorf("output path %q written twice", p)
	}
	if o.spare != nil {
		if err := o.takeSpare(); err != nil {
			return "", err
		}
		if err := o.clearSpare(p); err != nil {
			return "", err
		}
	}
	o.written[p] = true
	o.changed = true
	if dir := path.Dir(p); !o.dirs[dir] {
		// Under the lock, so that two writers never race to create one directory.
		if err := os.MkdirAll(filepath.Join(o.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return "", err
		}
		o.dirs[dir] = true
	}
	o.writing.Add(1)
	return filepath.Join(o.tmp, filepath.FromSlash(p)), nil
}

// checkPath refuses a path that is not one of the output's own files.
func checkPath(p string) error {
	if !fs.ValidPath(p) || p == "." || p == ManifestName {
		return fmt.Errorf("invalid output path %q", p)
	}
	if top, _, _ := strings.Cut(p, "/"); isWorkingCopy(top) {
		return fmt.Errorf("invalid output path %q", p)
	}
	return nil
}

// Written reports whether a path has been written.
func (o *Output) Written(p string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.written[p]
}

// StaticOutput is an output that CopyStatic copies into: build's Output,
// and serve's, which writes in place.
type StaticOutput interface {
	Written(p string) bool // a file was made at p
	Carry(p, key string) (bool, error)
	WriteFile(p string, data []byte) error
}

// CopyStatic copies the trees into the output. A file is skipped where a
// rendered file or an earlier tree has the same path, so a site's own
// static/ should come first to override the defaults, and no tree can
// shadow a generated page. Go source files (an embed declaration) are not
// site content. A nil tree is skipped. A file's key is its content, so
// the same bytes as last time are carried over. It returns how many files
// it copied.
func CopyStatic(o StaticOutput, trees ...fs.FS) (copied int, err error) {
	for _, tree := range trees {
		if tree == nil {
			continue
		}
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
				return err
			}
			if o.Written(p) {
				return nil
			}
			data, err := fs.ReadFile(tree, p)
			if err != nil {
				return err
			}
			copied++
			sum := sha256.Sum256(data)
			if carried, err := o.Carry(p, "static "+hex.EncodeToString(sum[:])); carried || err != nil {
				return err
			}
			return o.WriteFile(p, data)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return copied, fmt.Errorf("static: %w", err)
		}
	}
	return copied, nil
}

// Commit puts the new output in the place of the old one and removes the
// old one.
func (o *Output) Commit() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return errFinished
	}
	o.done = true
	defer o.unlock()
	if o.exact && o.prev != nil && !o.changed && len(o.written) == len(o.prev) {
		// Every file of the previous output, and no other, is carried
		// over from it with the same key: it is the new output, manifest
		// and all. The spare, untouched, stays one.
		if o.spare != nil {
			return nil
		}
		return os.RemoveAll(o.tmp)
	}
	err := o.takeSpare()
	if err == nil && o.spare != nil {
		killPoint("taken")
		err = o.tidySpare()
	}
	if err == nil {
		killPoint("tidied")
		err = o.link()
	}
	if err == nil {
		killPoint("linked")
		err = writeManifest(o.tmp, o.written, o.keys)
	}
	if err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if o.mounted {
		err = o.swapEntries()
	} else {
		err = o.swapDir()
	}
	if err != nil {
		os.RemoveAll(o.tmp)
	}
	return err
}

// swapDir exchanges the working copy with the output, which is then in
// the working copy's place and kept as the spare.
func (o *Output) swapDir() error {
	if _, err := os.Lstat(o.out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(o.tmp, o.out)
	}
	err := exchange(o.tmp, o.out)
	if err == nil {
		killPoint("exchanged")
		return o.keepSpare()
	}
	if !errors.Is(err, errNoExchange) {
		return err
	}
	// Two renames: a build killed between them leaves the output at
	// old, where the next build finds it (recoverOld).
	old := o.tmp + ".old"
	if err := os.Rename(o.out, old); err != nil {
		return err
	}
	if err := os.Rename(o.tmp, o.out); err != nil {
		os.Rename(old, o.out)
		return err
	}
	return os.RemoveAll(old)
}

// removeTree removes a directory and everything in it, the files on
// every CPU: the previous output is tens of thousands of files, whose
// removal would otherwise be most of the end of a build. known, when
// not nil, are files in it (slash paths) that Begin saw, which are not
// looked for again.
func removeTree(dir string, known map[string]bool) error {
	var files []string
	if known != nil {
		files = make([]string, 0, len(known))
		for p := range known {
			files = append(files, p)
		}
	} else {
		walkTree(dir, func(rel string, d fs.DirEntry) error {
			if !d.IsDir() {
				files = append(files, rel)
			}
			return nil
		})
	}
	// What cannot be unlinked here, the removal of what is left
	// (directories, the manifest) finds again.
	unlinkFiles(dir, files)
	return os.RemoveAll(dir)
}

// swapEntries replaces the output's entries one by one with those of the
// working copy inside it, for an output that cannot be renamed. While it
// works, the manifest lists the old files and the new, so that a build
// killed half-way leaves an output the next build may replace.
func (o *Output) swapEntries() error {
	old, _ := readManifest(o.out)
	union := make(map[string]bool, len(old)+len(o.written))
	for p := range old {
		union[p] = true
	}
	for p := range o.written {
		union[p] = true
	}
	if err := writeManifest(o.tmp, union, nil); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(o.tmp, ManifestName), filepath.Join(o.out, ManifestName)); err != nil {
		return err
	}
	if err := writeManifest(o.tmp, o.written, o.keys); err != nil {
		return err
	}
	fresh, err := os.ReadDir(o.tmp)
	if err != nil {
		return err
	}
	keep := map[string]bool{ManifestName: true}
	for _, e := range fresh {
		name := e.Name()
		if name == ManifestName {
			continue
		}
		keep[name] = true
		from, to := filepath.Join(o.tmp, name), filepath.Join(o.out, name)
		if _, err := os.Lstat(to); err == nil {
			if err := exchange(from, to); err == nil {
				continue
			} else if !errors.Is(err, errNoExchange) {
				return err
			}
			if err := os.Rename(to, from+".old"); err != nil {
				return err
			}
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
	}
	stale, err := os.ReadDir(o.out)
	if err != nil {
		return err
	}
	for _, e := range stale {
		if name := e.Name(); !keep[name] && !isWorkingCopy(name) {
			if err := os.Rename(filepath.Join(o.out, name), filepath.Join(o.tmp, name)); err != nil {
				return err
			}
		}
	}
	if err := os.Rename(filepath.Join(o.tmp, ManifestName), filepath.Join(o.out, ManifestName)); err != nil {
		return err
	}
	return os.RemoveAll(o.tmp)
}

// Abort removes what was written; the previous output stays. It may be
// called at any time, from any goroutine, and more than once; a call
// returns when the working copy is gone.
func (o *Output) Abort() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return
	}
	o.done = true
	if o.spare != nil && !o.spare.taken {
		o.unlock() // nothing written: it is still the spare
		return
	}
	// Writers never wait on o.mu once they hold a claim, so they finish
	// while Abort holds it; one that never closes its file is not waited
	// for long.
	finished := make(chan struct{})
	go func() { o.writing.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(abortWait):
	}
	removeAll(o.tmp)
	o.unlock()
}

// removeAll is os.RemoveAll tried again while it fails, as it does when a
// file appears in a directory it is removing.
func removeAll(dir string) {
	for try := 0; os.RemoveAll(dir) != nil && try < 10; try++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// abortWait bounds how long Abort waits for writes in progress.
var abortWait = 2 * time.Second

// recoverOld puts back an output that a build killed between the two
// renames of swapDir left beside its place.
func recoverOld(parent, base, out string) {
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "."+base+workingInfix) || !strings.HasSuffix(name, ".old") {
			continue
		}
		p := filepath.Join(parent, name)
		if _, err := readManifest(p); err == nil {
			os.Rename(p, out)
			return
		}
	}
}

// removeStale removes the working copies in dir whose names start with
// prefix and which no running build holds.
func removeStale(dir, prefix string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if unlock, ok := tryLock(p); ok {
			os.RemoveAll(p)
			unlock()
		}
	}
}

// mountPoint is isMountPoint, replaceable in tests.
var mountPoint = isMountPoint

// killPoint is called at each step of Commit by name; a test stops the
// build there, as a kill would, by panicking.
var killPoint = func(step string) {}

// TempDir makes a directory in the system's temporary directory, for a
// process that writes there until it stops (serve). Directories of the
// same prefix that no running process holds are removed first, so that
// those of a process that was killed do not accumulate. remove removes the
// new one, even while a last write into it ends.
func TempDir(prefix string) (dir string, remove func(), err error) {
	removeStale(os.TempDir(), prefix)
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	release, ok := tryLock(dir)
	if !ok {
		release = func() {}
	}
	return dir, sync.OnceFunc(func() { removeAll(dir); release() }), nil
}
