package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
	"github.com/briefing-dev/briefing/templates"
)

// The property of incremental builds: whatever the edits, a build that
// carries files over from the previous output writes the same bytes as a
// clean build of the same site, manifest included.

// TestIncremental applies random sequences of edits to the site of
// testdata/incremental and checks the property after every step.
func TestIncremental(t *testing.T) {
	sequences, steps := 6, 10
	if testing.Short() {
		sequences = 2
	}
	carried, built, spared, known := 0, 0, 0, 0
	for seq := range sequences {
		rng := rand.New(rand.NewPCG(uint64(seq), 12))
		ops := make([]byte, 2*steps)
		for i := range ops {
			ops[i] = byte(rng.UintN(256))
		}
		t.Run(fmt.Sprint("sequence-", seq), func(t *testing.T) {
			c, b, s, k := checkIncremental(t, ops)
			carried, built, spared, known = carried+c, built+b, spared+s, known+k
		})
	}
	// A build that carried nothing over would pass the comparison and
	// prove nothing.
	// Nor would builds that never updated the spare (the output the
	// build before replaced) into the new output.
	// Nor would builds that read every file, none from the known files.
	if carried == 0 || spared == 0 || known == 0 || built < sequences*steps/2 {
		t.Fatalf("%d steps of %d built, %d files carried over, %d from a spare, %d site files known: too few to show anything", built, sequences*steps, carried, spared, known)
	}
	t.Logf("%d steps of %d built, %d files carried over, %d from a spare, %d site files known", built, sequences*steps, carried, spared, known)
}

// FuzzIncremental is the same property on sequences of edits the fuzzer
// chooses: each pair of bytes is an edit and its argument.
func FuzzIncremental(f *testing.F) {
	for i := range len(siteEdits) {
		f.Add([]byte{byte(i), 1, 0, 0, byte(i), 3})
	}
	f.Add([]byte{5, 2, 6, 0, 3, 1, 7, 4, 8, 2, 4, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		// Each step is three builds of the test site. The fuzzing engine
		// takes an input that runs for seconds on a busy machine for a
		// hung worker, and stops: eight steps keep each input short, and
		// TestIncremental runs longer sequences.
		if len(ops) > 16 {
			ops = ops[:16]
		}
		_, _, _, _ = checkIncremental(t, ops)
	})
}

// checkIncremental applies the edits of ops to a fresh copy of the test
// site and, after each, builds it incrementally into one output and
// cleanly into another, which must be equal. It returns the number of
// files carried over (the same file, by inode, as before the step) and
// the number of steps that built (an edit may break the site, and then
// both builds must fail alike), and of those that began with a spare
// beside the output, which they update into the new output unless
// nothing changed; and the number of the site's files known at the end
// (sitefs.Known), which the next build would take without reading them.
func checkIncremental(t *testing.T, ops []byte) (carried, built, spared, known int) {
	s := newEditableSite(t)
	out := filepath.Join(t.TempDir(), "public")
	build := func(target write.Target) error {
		_, _, _, _, err := buildSite(target, model.Options{}, "", nil)
		return err
	}
	if err := build(write.Target{Out: out, Site: s.dir}); err != nil {
		t.Fatalf("first build: %v", err)
	}
	// serve's build, which keeps its caches and writes in place, must
	// show the same files (all but the manifest). It makes the pages open
	// in a browser first: here some pages of the last build and one that
	// is not there.
	served := filepath.Join(t.TempDir(), "public")
	os.Mkdir(served, 0o755)
	preview := newPreview(s.dir, served, model.Options{})
	preview.files = newSiteCache()
	if _, _, _, err := preview.rebuild(nil, nil); err != nil {
		t.Fatalf("first preview: %v", err)
	}
	open := func(step int) []string {
		pages := []string{"index.html", "timeline.html", "briefings/2020-01-02-000001.html", "tags/climate.html"}
		if b := s.briefing(step); b != "" {
			pages = append(pages, "briefings/"+strings.TrimSuffix(path.Base(b), ".md")+".html")
		}
		return pages
	}
	for i := 0; i+1 < len(ops); i += 2 {
		e := siteEdits[int(ops[i])%len(siteEdits)]
		sources := readTree(s.dir)
		what := e.name + ": " + e.apply(s, int(ops[i+1]))
		// The preview reads again only what its watcher would name.
		preview.files.forget(changedFiles(sources, readTree(s.dir)))
		before := inodes(out)
		_, spareErr := os.Stat(filepath.Join(filepath.Dir(out), ".public.spare", write.ManifestName))
		incErr := build(write.Target{Out: out, Site: s.dir})
		clean := filepath.Join(t.TempDir(), "public")
		cleanErr := build(write.Target{Out: clean, Site: s.dir, Fresh: true})
		_, _, _, previewErr := preview.rebuild(open(i), nil)
		if (incErr == nil) != (cleanErr == nil) || (incErr != nil && incErr.Error() != cleanErr.Error()) {
			t.Fatalf("step %d (%s): incremental build: %v; clean build: %v", i/2, what, incErr, cleanErr)
		}
		if (previewErr == nil) != (cleanErr == nil) {
			t.Fatalf("step %d (%s): preview: %v; clean build: %v", i/2, what, previewErr, cleanErr)
		}
		// After a failure, both still show the last good build.
		if diff := compareTrees(served, out, write.ManifestName); diff != "" {
			t.Fatalf("step %d (%s): the preview differs from the build:\n%s", i/2, what, diff)
		}
		if incErr != nil {
			continue // the previous output stays, as for a clean build
		}
		built++
		if spareErr == nil {
			spared++
		}
		if diff := compareTrees(out, clean, ""); diff != "" {
			t.Fatalf("step %d (%s): incremental output differs from a clean build:\n%s", i/2, what, diff)
		}
		after := inodes(out)
		for p, ino := range after {
			if before[p] == ino {
				carried++
			}
		}
		os.RemoveAll(clean)
	}
	return carried, built, spared, loadKnown(s.dir).Len()
}

// editableSite is a copy of the test site that the edits change.
type editableSite struct {
	t   *testing.T
	dir string
	n   int // edits so far, to make every new text unique
}

func newEditableSite(t *testing.T) *editableSite {
	ar, err := txtar.ParseFile("testdata/incremental/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	s := &editableSite{t: t, dir: t.TempDir()}
	for _, f := range ar.Files {
		s.write(f.Name, string(f.Data))
	}
	return s
}

func (s *editableSite) path(name string) string {
	return filepath.Join(s.dir, filepath.FromSlash(name))
}

func (s *editableSite) read(name string) string {
	data, err := os.ReadFile(s.path(name))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(data)
}

func (s *editableSite) write(name, data string) {
	p := s.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// briefings are the site's briefing files, by name; "" when there is none.
func (s *editableSite) briefing(arg int) string {
	names, _ := filepath.Glob(s.path("content/briefings/*.md"))
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return "content/briefings/" + filepath.Base(names[arg%len(names)])
}

var (
	titleLine = regexp.MustCompile(`(?m)^title: .*$`)
	tagsLine  = regexp.MustCompile(`(?m)^tags: .*$`)
	draftLine = regexp.MustCompile(`(?m)^draft: .*\n`)
	seedLine  = regexp.MustCompile(`(?m)^seed: (.*)$`)
	dateLine  = regexp.MustCompile(`^( ?date )\d{4}-\d{2}-\d{2}`)
)

// endFrontMatter inserts lines at the end of a briefing's front matter.
func endFrontMatter(md, lines string) string {
	i := strings.Index(md[4:], "\n---") + 4
	return md[:i+1] + lines + md[i+1:]
}

var aliasWords = []string{"diplomats", "Rarosville", "negotiators", "Sagoja", "Moscow"}
var tagPool = []string{"climate", "elections", "trade", "diplomacy", "energy"}
var templateKinds = []string{"base", "briefing", "actor", "index", "month", "tag", "timeline", "404", "search"}

// siteEdits are the edits of the property test: each changes the site in
// a way an analyst does, with an argument to choose what.
var siteEdits = []struct {
	name  string
	apply func(s *editableSite, arg int) string
}{
	{"title", func(s *editableSite, arg int) string {
		b := s.briefing(arg)
		if b == "" {
			return "no briefing"
		}
		s.n++
		s.write(b, titleLine.ReplaceAllString(s.read(b), fmt.Sprintf("title: Edited title %d", s.n)))
		return b
	}},
	{"quote", func(s *editableSite, arg int) string {
		// A new passage in the seed naming an actor and a date, and an
		// event quoting it.
		b := s.briefing(arg)
		if b == "" {
			return "no briefing"
		}
		md := s.read(b)
		seed := "seeds/" + strings.TrimSpace(seedLine.FindStringSubmatch(md)[1])
		s.n++
		actor := []string{"Gomo Gosujor", "Halne Mijamo", "Emmanuel Macron", "Valgar Hutoli"}[arg%4]
		marker := fmt.Sprintf("the marker%d talks", s.n)
		s.write(seed, strings.TrimRight(s.read(seed), "\n")+fmt.Sprintf("\n\n%s said on Tuesday that %s would go on.\n", actor, marker))
		event := fmt.Sprintf("  - quote: %q\n    title: \"Marker %d\"\n", marker, s.n)
		if i := strings.Index(md, "\nevents:\n"); i >= 0 {
			md = md[:i+9] + event + md[i+9:]
		} else {
			md = endFrontMatter(md, "events:\n"+event)
		}
		s.write(b, md)
		return b + " " + marker
	}},
	{"tags", func(s *editableSite, arg int) string {
		b := s.briefing(arg)
		if b == "" {
			return "no briefing"
		}
		var tags []string
		for i, tag := range tagPool {
			if arg>>i&1 == 1 {
				tags = append(tags, tag)
			}
		}
		line := "tags: [" + strings.Join(tags, ", ") + "]"
		md := s.read(b)
		if tagsLine.MatchString(md) {
			md = tagsLine.ReplaceAllString(md, line)
		} else {
			md = endFrontMatter(md, line+"\n")
		}
		s.write(b, md)
		return b + " " + line
	}},
	{"draft", func(s *editableSite, arg int) string {
		b := s.briefing(arg)
		if b == "" {
			return "no briefing"
		}
		md := s.read(b)
		if strings.Contains(md, "\ndraft: true\n") {
			s.write(b, draftLine.ReplaceAllString(md, ""))
			return b + " published"
		}
		s.write(b, endFrontMatter(draftLine.ReplaceAllString(md, ""), "draft: true\n"))
		return b + " made a draft"
	}},
	{"alias", func(s *editableSite, arg int) string {
		const name = "content/actors/actors.yaml"
		entries := regexp.MustCompile(`(?m)^- id:`).Split(s.read(name), -1)[1:]
		i := arg % len(entries)
		e := entries[i]
		w := aliasWords[arg/len(entries)%len(aliasWords)]
		with, alone := fmt.Sprintf(`aliases: [%q, `, w), fmt.Sprintf("  aliases: [%q]\n", w)
		switch {
		case strings.Contains(e, with):
			e = strings.Replace(e, with, "aliases: [", 1)
		case strings.Contains(e, alone):
			e = strings.Replace(e, alone, "", 1)
		case strings.Contains(e, "aliases: ["):
			e = strings.Replace(e, "aliases: [", with, 1)
		default:
			e = strings.TrimRight(e, "\n") + "\n" + alone
		}
		entries[i] = e
		s.write(name, "- id:"+strings.Join(entries, "- id:"))
		return fmt.Sprintf("actor %d alias %s", i, w)
	}},
	{"new briefing", func(s *editableSite, arg int) string {
		b := s.briefing(arg)
		if b == "" {
			b = "content/briefings/2020-01-02-000001.md"
			s.write(b, "---\nseed: 2020-01-02-000001.txt\ntitle: Again\n---\n")
			s.write("seeds/2020-01-02-000001.txt", " date 2020-01-02 Gomo Gosujor spoke on Monday.\n")
		}
		md := s.read(b)
		seed := strings.TrimSpace(seedLine.FindStringSubmatch(md)[1])
		s.n++
		date := fmt.Sprintf("20%02d-%02d-%02d", 19+arg%5, 1+arg%12, 1+arg%28)
		slug := fmt.Sprintf("%s-new%d", date, s.n)
		text := dateLine.ReplaceAllString(s.read("seeds/"+seed), "${1}"+date)
		s.write("seeds/"+slug+".txt", text)
		s.write("content/briefings/"+slug+".md", seedLine.ReplaceAllString(md, "seed: "+slug+".txt"))
		return slug
	}},
	{"delete briefing", func(s *editableSite, arg int) string {
		b := s.briefing(arg)
		if b == "" {
			return "no briefing"
		}
		seed := "seeds/" + strings.TrimSpace(seedLine.FindStringSubmatch(s.read(b))[1])
		os.Remove(s.path(b))
		os.Remove(s.path(seed))
		return b
	}},
	{"template", func(s *editableSite, arg int) string {
		name := "templates/" + templateKinds[arg%len(templateKinds)] + ".html"
		if _, err := os.Stat(s.path(name)); err == nil {
			os.Remove(s.path(name))
			return name + " removed"
		}
		src, err := fs.ReadFile(templates.FS, strings.TrimPrefix(name, "templates/"))
		if err != nil {
			s.t.Fatal(err)
		}
		// A site's template may show anything the page reaches, here
		// the whole site from a page that declares no briefing.
		s.n++
		shown := fmt.Sprintf(`<p hidden>edit %d: {{len .Site.Briefings}} briefings, {{range .Site.Actors}}{{.Name}} {{len .Briefings}}, {{end}}</p>`, s.n)
		edited := strings.Replace(string(src), `{{define "main"}}`, `{{define "main"}}`+shown, 1)
		if name == "templates/base.html" {
			edited = strings.Replace(string(src), "</main>", shown+"</main>", 1)
		}
		if edited == string(src) {
			s.t.Fatalf("%s: no place for the edit", name)
		}
		s.write(name, edited)
		return name + " overridden"
	}},
	{"settings", func(s *editableSite, arg int) string {
		const name = "content/site.yaml"
		s.n++
		s.write(name, titleLine.ReplaceAllString(s.read(name), fmt.Sprintf("title: Site %d", s.n)))
		return name
	}},
}

// inodes maps each file of a tree to its inode.
func inodes(dir string) map[string]uint64 {
	m := map[string]uint64{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				m[p[len(dir):]] = st.Ino
			}
		}
		return nil
	})
	return m
}

// readTree reads every file of a tree, by slash path.
func readTree(dir string) map[string][]byte {
	m := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			m[filepath.ToSlash(p[len(dir)+1:])] = data
		}
		return nil
	})
	return m
}

// changedFiles lists the paths of the files added, changed or removed
// between two readings of a tree.
func changedFiles(before, after map[string][]byte) []string {
	var paths []string
	for p, data := range after {
		if old, ok := before[p]; !ok || !bytes.Equal(old, data) {
			paths = append(paths, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			paths = append(paths, p)
		}
	}
	return paths
}

// compareTrees describes how two trees of files differ, "" if they do
// not; the file named skip (at the top) is left out.
// diffFromClean builds the site at dir cleanly into a folder of its own
// and returns how out differs from it, as compareTrees does.
func diffFromClean(t *testing.T, dir, out, skip string) string {
	t.Helper()
	clean := filepath.Join(t.TempDir(), "public")
	if _, _, _, _, err := buildSite(write.Target{Out: clean, Site: dir, Fresh: true}, model.Options{}, "", nil); err != nil {
		t.Fatal(err)
	}
	return compareTrees(out, clean, skip)
}

func compareTrees(got, want, skip string) string {
	g, w := readTree(got), readTree(want)
	delete(g, skip)
	delete(w, skip)
	var diffs []string
	for p, data := range w {
		switch other, ok := g[p]; {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(other, data):
			diffs = append(diffs, "differs "+p)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], fmt.Sprintf("and %d more", len(diffs)-10))
	}
	return strings.Join(diffs, "\n")
}
