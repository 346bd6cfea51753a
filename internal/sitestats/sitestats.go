// Package sitestats measures a built site: where its bytes go, by top
// folder and by kind of page, which pages are the largest and hold the
// most elements, and how large its search index and data export are. It
// reads a directory tree and returns plain figures; the command
// cmd/site-stats prints them.
package sitestats

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/briefing-dev/briefing/internal/parallel"
)

// A Kind of page is recognised by its path. The first pattern that matches
// decides; "*" matches within one folder, "**" across folders.
type Kind struct {
	Name     string
	Patterns []string
}

// Kinds are the page kinds of a briefing site, today's and those a paged
// archive is expected to add (a folder per year, numbered pages).
var Kinds = []Kind{
	{"home", []string{"index.html", "page-*.html", "page/**.html"}},
	{"briefings archive", []string{"briefings/index*.html", "briefings/page*.html", "briefings/*/**.html"}},
	{"briefing", []string{"briefings/*.html"}},
	{"actors index", []string{"actors/index*.html"}},
	{"actor", []string{"actors/**.html"}},
	{"tags index", []string{"tags/index*.html"}},
	{"tag", []string{"tags/**.html"}},
	{"timeline", []string{"timeline*.html", "timeline/**.html"}},
	{"search", []string{"search*.html", "search/**.html"}},
	{"other HTML", []string{"**.html"}},
}

// Groups are the files other than pages whose size the issue tracks.
var Groups = []Kind{
	{"search index", []string{"assets/search-index*.js", "assets/search/**", "search/**.js"}},
	{"data export", []string{"data/**"}},
	{"feeds", []string{"**.xml"}},
}

// Stat is one file's figures; Elements is zero for a file that is not HTML.
type Stat struct {
	Path     string
	Bytes    int64
	Elements int
	// Unpacked is its size once decompressed: gzip's own record of it
	// for a .gz file (the data export), Bytes for any other.
	Unpacked int64
}

// Tally sums the files of a folder, a kind or a group.
type Tally struct {
	Name     string
	Files    int
	Bytes    int64
	Unpacked int64 // the files' bytes once decompressed
	// Largest holds the most bytes, Busiest the most elements (pages only).
	Largest, Busiest Stat
}

func (t *Tally) add(s Stat) {
	t.Files++
	t.Bytes += s.Bytes
	t.Unpacked += s.Unpacked
	if s.Bytes > t.Largest.Bytes || (s.Bytes == t.Largest.Bytes && s.Path < t.Largest.Path) || t.Files == 1 {
		t.Largest = s
	}
	if s.Elements > t.Busiest.Elements || (s.Elements == t.Busiest.Elements && s.Path < t.Busiest.Path) || t.Files == 1 {
		t.Busiest = s
	}
}

// Report is what Measure finds.
type Report struct {
	Total   Tally
	Folders []Tally // by top folder ("." for the files at the top), largest first
	Kinds   []Tally // in the order of Kinds; a kind with no page is left out
	Groups  []Tally // in the order of Groups; a group with no file is left out
	Pages   []Stat  // every HTML page, by path
}

// Over lists the pages above either bound, largest first.
func (r *Report) Over(maxBytes int64, maxElements int) []Stat {
	var over []Stat
	for _, p := range r.Pages {
		if p.Bytes > maxBytes || p.Elements > maxElements {
			over = append(over, p)
		}
	}
	sort.SliceStable(over, func(i, j int) bool { return over[i].Bytes > over[j].Bytes })
	return over
}

// Kind returns the tally of the named kind, and whether the site has one.
func (r *Report) Kind(name string) (Tally, bool) {
	for _, t := range r.Kinds {
		if t.Name == name {
			return t, true
		}
	}
	return Tally{}, false
}

// Measure walks fsys and counts the elements of every HTML page.
func Measure(fsys fs.FS) (*Report, error) {
	var stats []Stat
	var htmlNames, gzNames []string
	var htmlAt, gzAt []int
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		if strings.HasSuffix(name, ".html") {
			htmlNames = append(htmlNames, name)
			htmlAt = append(htmlAt, len(stats))
		}
		if strings.HasSuffix(name, ".gz") {
			gzNames = append(gzNames, name)
			gzAt = append(gzAt, len(stats))
		}
		stats = append(stats, Stat{Path: name, Bytes: info.Size(), Unpacked: info.Size()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	unpacked, errs := parallel.ReadFiles(fsys, gzNames, func(name string, data []byte) (int64, error) {
		return gzipSize(name, data)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, at := range gzAt {
		stats[at].Unpacked = unpacked[i]
	}
	counts, errs := parallel.ReadFiles(fsys, htmlNames, func(_ string, data []byte) (int, error) {
		return CountElements(data), nil
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, at := range htmlAt {
		stats[at].Elements = counts[i]
	}
	return tally(stats), nil
}

// gzipSize is the size of a gzip file's content, which its last four bytes
// give (modulo 4 GiB, far above any file of a site).
func gzipSize(name string, data []byte) (int64, error) {
	if len(data) < 18 || data[0] != 0x1f || data[1] != 0x8b {
		return 0, fmt.Errorf("%s: not a gzip file", name)
	}
	return int64(binary.LittleEndian.Uint32(data[len(data)-4:])), nil
}

// tally sorts the files into folders, kinds and groups.
func tally(stats []Stat) *Report {
	r := &Report{Total: Tally{Name: "total"}}
	folders := map[string]*Tally{}
	kinds := make([]Tally, len(Kinds))
	groups := make([]Tally, len(Groups))
	kindRe, groupRe := compile(Kinds), compile(Groups)
	for _, s := range stats {
		r.Total.add(s)
		top := "."
		if i := strings.IndexByte(s.Path, '/'); i >= 0 {
			top = s.Path[:i] + "/"
		}
		if folders[top] == nil {
			folders[top] = &Tally{Name: top}
		}
		folders[top].add(s)
		if strings.HasSuffix(s.Path, ".html") {
			r.Pages = append(r.Pages, s)
			if i := match(kindRe, s.Path); i >= 0 {
				kinds[i].add(s)
			}
		} else if i := match(groupRe, s.Path); i >= 0 {
			groups[i].add(s)
		}
	}
	for _, t := range folders {
		r.Folders = append(r.Folders, *t)
	}
	sort.Slice(r.Folders, func(i, j int) bool {
		a, b := r.Folders[i], r.Folders[j]
		if a.Bytes != b.Bytes {
			return a.Bytes > b.Bytes
		}
		return a.Name < b.Name
	})
	keep := func(ts []Tally, of []Kind) []Tally {
		var kept []Tally
		for i, t := range ts {
			if t.Files > 0 {
				t.Name = of[i].Name
				kept = append(kept, t)
			}
		}
		return kept
	}
	r.Kinds, r.Groups = keep(kinds, Kinds), keep(groups, Groups)
	sort.Slice(r.Pages, func(i, j int) bool { return r.Pages[i].Path < r.Pages[j].Path })
	return r
}

func compile(kinds []Kind) [][]*regexp.Regexp {
	out := make([][]*regexp.Regexp, len(kinds))
	for i, k := range kinds {
		for _, p := range k.Patterns {
			out[i] = append(out[i], globRegexp(p))
		}
	}
	return out
}

// match returns the index of the first kind whose pattern matches name, or -1.
func match(kinds [][]*regexp.Regexp, name string) int {
	for i, res := range kinds {
		for _, re := range res {
			if re.MatchString(name) {
				return i
			}
		}
	}
	return -1
}

// globRegexp turns a pattern where "*" matches within a folder and "**"
// across folders into an anchored regular expression.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch {
		case strings.HasPrefix(pattern[i:], "**"):
			b.WriteString(".*")
			i++
		case pattern[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// CountElements counts the elements written in an HTML document: its start
// and self-closing tags. Elements that a browser adds by itself (an
// omitted <html>, <head>, <body> or <tbody>) are not counted.
func CountElements(data []byte) int {
	z := html.NewTokenizer(bytes.NewReader(data))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
		}
	}
}

// Write prints the report as Markdown tables. Briefings, when not zero,
// gives the bytes per briefing; pages above maxBytes or maxElements are
// counted and the first few named.
func (r *Report) Write(w io.Writer, briefings int, maxBytes int64, maxElements int) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%d files, %s", r.Total.Files, size(r.Total.Bytes))
	if briefings > 0 {
		fmt.Fprintf(ew, ", %d briefings, %s per briefing", briefings, size(r.Total.Bytes/int64(briefings)))
	}
	fmt.Fprint(ew, "\n\n| folder | files | bytes | share |\n|---|---:|---:|---:|\n")
	for _, t := range r.Folders {
		fmt.Fprintf(ew, "| %s | %d | %s | %.1f%% |\n", t.Name, t.Files, size(t.Bytes), 100*float64(t.Bytes)/float64(max(r.Total.Bytes, 1)))
	}
	fmt.Fprint(ew, "\n| page kind | pages | bytes | largest page | bytes | elements | most elements | elements | bytes |\n|---|---:|---:|---|---:|---:|---|---:|---:|\n")
	for _, t := range r.Kinds {
		fmt.Fprintf(ew, "| %s | %d | %s | %s | %s | %d | %s | %d | %s |\n", t.Name, t.Files, size(t.Bytes),
			t.Largest.Path, size(t.Largest.Bytes), t.Largest.Elements, t.Busiest.Path, t.Busiest.Elements, size(t.Busiest.Bytes))
	}
	fmt.Fprint(ew, "\n| files | count | bytes | decompressed | largest file | bytes |\n|---|---:|---:|---:|---|---:|\n")
	for _, t := range r.Groups {
		fmt.Fprintf(ew, "| %s | %d | %s | %s | %s | %s |\n", t.Name, t.Files, size(t.Bytes), size(t.Unpacked), t.Largest.Path, size(t.Largest.Bytes))
	}
	over := r.Over(maxBytes, maxElements)
	bigger, busier := 0, 0
	for _, p := range over {
		if p.Bytes > maxBytes {
			bigger++
		}
		if p.Elements > maxElements {
			busier++
		}
	}
	fmt.Fprintf(ew, "\n%d of %d pages over %s or %d elements (%d over %s, %d over %d elements)",
		len(over), len(r.Pages), size(maxBytes), maxElements, bigger, size(maxBytes), busier, maxElements)
	const named = 5
	for i, p := range over {
		if i == named {
			fmt.Fprintf(ew, ", …")
			break
		}
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(ew, "%s%s (%s, %d elements)", sep, p.Path, size(p.Bytes), p.Elements)
	}
	fmt.Fprintln(ew)
	return ew.err
}

// size prints bytes in the unit a reader compares at a glance: bytes, kB
// or MB (powers of 1,000, as the figures are).
func size(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
