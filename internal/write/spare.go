package write

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The spare is the output that the last Commit swapped out, kept beside
// the output as ".NAME.spare" to be the next build's working copy: most
// of its files are those of the output (hard links to the same inodes),
// so a build that changes a few files unlinks and writes those, and
// neither links every carried file into a new copy nor removes every
// file of the old output. It is ours only while it carries our manifest
// and holds nothing the manifest does not list; a ".gitignore" that
// ignores everything keeps it out of a repository holding the site.
const (
	spareSuffix   = ".spare"
	gitignoreName = ".gitignore"
	spareIgnore   = "# the previous output of briefing, kept to make the next build faster; safe to delete\n*\n"
)

// spareDir is the spare of the output base in parent.
func spareDir(parent, base string) string {
	return filepath.Join(parent, "."+base+spareSuffix)
}

// spare is the spare taken as this build's working copy.
type spare struct {
	keys  map[string]string // its manifest: what each file was made from
	files map[string]bool   // the listed files it holds as regular files, until unlinked
	dirs  map[string]bool   // its folders, until removed
	// taken: it is renamed to a working copy's name and its manifest is
	// gone; from then on, a build killed leaves a working copy that the
	// next build removes.
	taken bool
}

// Warning is something Begin found and left alone, named by its path.
type Warning struct {
	Path    string
	Message string
}

// openSpare looks at the spare dir. use says whether this build may take
// it as its working copy; when it may, and the spare is ours and no other
// build holds it, openSpare returns it, locked (unlock). A spare that is
// ours and not used is removed; one that holds anything briefing did not
// write is left alone, with a warning naming what.
func openSpare(dir string, use bool) (sp *spare, unlock func(), warn *Warning) {
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, nil, nil
	}
	notOurs := func(reason string) (*spare, func(), *Warning) {
		return nil, nil, &Warning{Path: dir, Message: "not used as the spare copy of the output, and left alone: " + reason +
			"; move those files away, or delete it (it holds only a copy of an earlier output)"}
	}
	if !info.IsDir() {
		return notOurs("it is not a directory")
	}
	unlock, ok := tryLock(dir)
	if !ok {
		return nil, nil, nil // another build holds it
	}
	keys, err := readManifest(dir)
	if err != nil {
		unlock()
		return notOurs("it has no readable " + ManifestName)
	}
	files, dirs, foreign, err := walkSpare(dir, keys)
	if err != nil {
		unlock()
		return nil, nil, nil
	}
	if len(foreign) > 0 {
		unlock()
		return notOurs("it holds files that briefing did not write: " + listSome(foreign))
	}
	if !use {
		removeTree(dir, files)
		unlock()
		return nil, nil, nil
	}
	return &spare{keys: keys, files: files, dirs: dirs}, unlock, nil
}

// walkSpare walks the spare dir once, names and types only, and returns
// the files its manifest lists that are there as regular files, its
// folders, and what briefing did not put there: a file the manifest does
// not list, a folder that none of its files are in, or anything that is
// not a regular file or a folder.
func walkSpare(dir string, listed map[string]string) (files, dirs map[string]bool, foreign []string, err error) {
	implied := impliedDirs(listed)
	files = make(map[string]bool, len(listed))
	dirs = map[string]bool{}
	err = walkTree(dir, func(rel string, d fs.DirEntry) error {
		switch {
		case rel == ManifestName || rel == gitignoreName:
			if !d.Type().IsRegular() {
				foreign = append(foreign, rel)
			}
		case d.IsDir() && implied[rel]:
			dirs[rel] = true
		case d.IsDir():
			foreign = append(foreign, rel+"/")
			return fs.SkipDir
		case !d.Type().IsRegular() || !isListed(listed, rel):
			foreign = append(foreign, rel)
		default:
			files[rel] = true
		}
		return nil
	})
	return files, dirs, foreign, err
}

// impliedDirs are the folders that the listed files are in.
func impliedDirs(listed map[string]string) map[string]bool {
	dirs := map[string]bool{}
	for p := range listed {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return dirs
}

// listSome names the first few of paths, sorted.
func listSome(paths []string) string {
	sort.Strings(paths)
	shown := paths
	if len(shown) > 5 {
		shown = shown[:5]
	}
	more := ""
	if len(paths) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(paths)-len(shown))
	}
	return strings.Join(shown, ", ") + more
}

// takeSpare makes the spare this build's working copy, before its first
// change: renamed to a working copy's name, without its manifest and its
// .gitignore. Called with o.mu held.
func (o *Output) takeSpare() error {
	sp := o.spare
	if sp == nil || sp.taken {
		return nil
	}
	parent, base := filepath.Dir(o.out), filepath.Base(o.out)
	for try := 0; ; try++ {
		name := filepath.Join(parent, "."+base+workingInfix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		err := renameNoReplace(o.tmp, name)
		if err == nil {
			o.tmp = name
			break
		}
		if !errors.Is(err, fs.ErrExist) || try == 10 {
			return err
		}
	}
	sp.taken = true
	for _, own := range []string{ManifestName, gitignoreName} {
		if err := os.Remove(filepath.Join(o.tmp, own)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// clearSpare makes room in the spare for a file this build writes at p:
// the spare's file there is unlinked (never written into: it may be a
// hard link to the live output's), as is a file where this build needs a
// folder, and a folder of the spare where the file goes is removed with
// what is in it (files of the spare that this build does not make, since
// it makes a file there). Called with o.mu held, the spare taken.
func (o *Output) clearSpare(p string) error {
	sp := o.spare
	for d := path.Dir(p); d != "." && !o.dirs[d]; d = path.Dir(d) {
		if !sp.files[d] {
			continue
		}
		if o.kept[d] {
			return fmt.Errorf("output path %q is both a file and a folder", d)
		}
		if err := removeFile(o.tmp, d); err != nil {
			return err
		}
		delete(sp.files, d)
	}
	switch {
	case sp.files[p]:
		delete(sp.files, p)
		return removeFile(o.tmp, p)
	case sp.dirs[p]:
		for w := range o.written {
			if strings.HasPrefix(w, p+"/") {
				return fmt.Errorf("output path %q is both a file and a folder", p)
			}
		}
		if err := os.RemoveAll(filepath.Join(o.tmp, filepath.FromSlash(p))); err != nil {
			return err
		}
		for _, m := range []map[string]bool{sp.files, sp.dirs, o.dirs} {
			for q := range m {
				if q == p || strings.HasPrefix(q, p+"/") {
					delete(m, q)
				}
			}
		}
	}
	return nil
}

// renameIfFree renames a to b unless b exists, for file systems that
// cannot refuse in the rename itself: a b made between the look and the
// rename, if an empty folder, is replaced.
func renameIfFree(a, b string) error {
	if _, err := os.Lstat(b); err == nil {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: fs.ErrExist}
	}
	return os.Rename(a, b)
}

// removeFile unlinks the file at the slash path p under root; one that is
// not there is fine.
func removeFile(root, p string) error {
	if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// tidySpare removes from the spare, at Commit, what this output does not
// hold: the files it neither kept nor wrote over (those carried over are
// linked from the output in their place) and the folders left empty.
// Called with o.mu held, the spare taken.
func (o *Output) tidySpare() error {
	sp := o.spare
	var gone []string
	for p := range sp.files {
		if !o.kept[p] {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	if err := unlinkFiles(o.tmp, gone); err != nil {
		return err
	}
	needed := make(map[string]bool, len(sp.dirs))
	for p := range o.written {
		for d := path.Dir(p); d != "." && !needed[d]; d = path.Dir(d) {
			needed[d] = true
		}
	}
	var empty []string
	for d := range sp.dirs {
		if !needed[d] {
			empty = append(empty, d)
		}
	}
	// A folder sorts before what is in it: in reverse, the insides go first.
	sort.Sort(sort.Reverse(sort.StringSlice(empty)))
	for _, d := range empty {
		if err := os.Remove(filepath.Join(o.tmp, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		delete(o.dirs, d)
	}
	return nil
}

// keepSpare makes the previous output, swapped out to o.tmp, the spare,
// when it was ours, shares most of its files with the new output, and
// the spare's place is free (a spare left alone, or one that another
// build holds, keeps it); otherwise it removes it.
func (o *Output) keepSpare() error {
	dir := spareDir(filepath.Dir(o.out), filepath.Base(o.out))
	// Only an output that Begin saw to hold nothing but what its manifest
	// lists: not one replaced with -force, whose files may be someone's.
	if o.present == nil {
		return removeTree(o.tmp, nil)
	}
	// The spare's files are the output's, hard links to the same inodes,
	// but for those this build wrote anew. After a build that wrote most
	// files (-full, a template changed), it would be a whole second copy
	// on disk: it goes, and the next build that carries files over makes
	// one that shares them.
	if 2*o.carried < len(o.written) {
		return removeTree(o.tmp, o.present)
	}
	if o.keptAsSpare(dir) == nil {
		return nil
	}
	return removeTree(o.tmp, o.present)
}

// keptAsSpare hides the swapped-out output from git and moves it to dir,
// under its lock, so that no build removes it as a working copy left
// behind meanwhile.
func (o *Output) keptAsSpare(dir string) error {
	unlock, ok := tryLock(o.tmp)
	if !ok {
		return errLocked
	}
	defer unlock()
	if err := removeFile(o.tmp, gitignoreName); err != nil {
		return err
	}
	if err := writeNew(filepath.Join(o.tmp, gitignoreName), []byte(spareIgnore)); err != nil {
		return err
	}
	killPoint("ignored")
	return renameNoReplace(o.tmp, dir)
}

var errLocked = errors.New("locked by another build")
