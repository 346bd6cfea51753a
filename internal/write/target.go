package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Target says where a site goes and what it must never replace.
type Target struct {
	// Out is the output directory.
	Out string
	// Site is the site directory being built. The output may not be the
	// site, contain it, or lie inside one of its input folders.
	Site string
	// Force allows replacing an existing directory that briefing did not
	// write. It never allows any of the other refusals.
	Force bool
	// Fresh writes every file anew: nothing is carried over from the
	// previous output (build -full).
	Fresh bool
}

// InputFolders are the folders of a site that a build reads, so that no
// output may be written into them.
var InputFolders = []string{"content", "seeds", "templates", "static"}

// RefusedError is an output that briefing will not write.
type RefusedError struct {
	Out    string // the output as given
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("refusing to write the output to %s: %s", e.Out, e.Reason)
}

// realPath makes p absolute with every symbolic link in its longest
// existing ancestor resolved, so that two spellings of one directory
// compare equal.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether p is dir or lies below it; both are clean and
// absolute.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

// check applies the rules that no flag lifts: the output is never the
// site, its parent, one of its input folders, the working directory or a
// parent of it, the home directory or a parent of it, or inside a .git
// directory. It returns the output's real path.
func (t Target) check() (string, error) {
	refuse := func(format string, args ...any) error {
		return &RefusedError{Out: t.Out, Reason: fmt.Sprintf(format, args...)}
	}
	out, err := realPath(t.Out)
	if err != nil {
		return "", err
	}
	if out == filepath.Dir(out) {
		return "", refuse("it is the root of the file system")
	}
	site, err := realPath(t.Site)
	if err != nil {
		return "", err
	}
	switch {
	case out == site:
		return "", refuse("it is the site directory")
	case within(site, out):
		return "", refuse("it contains the site directory %s", t.Site)
	}
	for _, in := range InputFolders {
		if within(out, filepath.Join(site, in)) {
			return "", refuse("it is inside the site's %s/ folder, which the build reads", in)
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if wd, err := realPath(wd); err == nil && within(wd, out) {
			if wd == out {
				return "", refuse("it is the working directory")
			}
			return "", refuse("it contains the working directory")
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if home, err := realPath(home); err == nil && within(home, out) {
			if home == out {
				return "", refuse("it is the home directory")
			}
			return "", refuse("it contains the home directory")
		}
	}
	for dir := out; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if filepath.Base(dir) == ".git" {
			return "", refuse("it is inside a .git directory")
		}
	}
	return out, nil
}

// ownedBy checks that the existing directory out holds nothing but what
// the manifest of its last build lists (and briefing's own working
// copies), so that replacing it loses no one's file. An empty directory
// is free to take. exact reports that it holds what the manifest lists
// and not even an empty directory more, as a build that carries every
// file over may then leave it as it is; with -force it is not looked at.
// It returns what it read on the way: the manifest, and which of the
// files it lists are there as regular files, which a build carries over
// without looking at each again.
func ownedBy(out string, t Target) (exact bool, listed map[string]string, present map[string]bool, err error) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return false, nil, nil, err
	}
	empty := true
	for _, e := range entries {
		if !isWorkingCopy(e.Name()) {
			empty = false
		}
	}
	if empty || t.Force {
		return false, nil, nil, nil
	}
	listed, err = readManifest(out)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil, nil, &RefusedError{Out: t.Out, Reason: "it is not empty and was not written by briefing (it has no " + ManifestName +
			"); choose another -out, empty it, or pass -force to replace it"}
	}
	if err != nil {
		return false, nil, nil, &RefusedError{Out: t.Out, Reason: fmt.Sprintf("its %s cannot be read (%v); pass -force to replace it", ManifestName, err)}
	}
	present = make(map[string]bool, len(listed))
	dirs := impliedDirs(listed)
	exact = true
	var foreign []string
	err = walkTree(out, func(rel string, d fs.DirEntry) error {
		switch {
		case d.IsDir() && !strings.Contains(rel, "/") && isWorkingCopy(rel):
			exact = false
			return fs.SkipDir
		case rel == ManifestName:
			return nil
		case d.IsDir():
			exact = exact && dirs[rel]
			return nil
		case !d.Type().IsRegular() || !isListed(listed, rel):
			foreign = append(foreign, rel)
		default:
			present[rel] = true
		}
		return nil
	})
	if err != nil {
		return false, nil, nil, err
	}
	if len(foreign) > 0 {
		return false, nil, nil, &RefusedError{Out: t.Out, Reason: fmt.Sprintf("it holds files that briefing did not write: %s; "+
			"move them away (put files to publish in the site's static/ folder), or pass -force to replace them",
			listSome(foreign))}
	}
	return exact && len(listed) > 0, listed, present, nil
}

func isListed(listed map[string]string, p string) bool {
	_, ok := listed[p]
	return ok
}
