// Package render turns the site model into the files of the site: HTML pages
// from html/template files, Atom feeds, the sitemap, the search index and
// the data export. It does no I/O of its own: templates come in as an
// fs.FS, and files go out to an Output as soon as each is rendered, so
// that a large site never has to fit in memory.
//
// Kinds: every file of the site belongs to a kind of the table in
// kinds.go, which says which files the kind makes from the model, how each
// is made and what it is made from (Plan lists them), and which kinds have
// a section in the navigation. Adding a kind of page is one entry there,
// its template, and its test.
//
// Templates: base.html defines the page frame; each kind of page has its
// own file, NAME.html, that defines "main". Every template gets a *Page:
// what every page has, and in Page.Data what the kind shows
// (*BriefingView, *ActorView, *IndexData, …). All links in pages are
// relative to the page ({{.Root}} leads to the site root), so the output
// works from disk, at a domain root and under a sub-path. A kind whose
// base.html and NAME.html are the built-in ones has its pages written in
// Go instead, byte for byte as the templates write them (gopages.go).
// The lists that
// grow with the site (briefings, an actor's mentions, timeline entries) come
// to templates as finished HTML, written in Go for speed (lists.go), as an
// HTMLList to print with {{range .List}}{{.}}{{end}}; so do a briefing's
// article with its notes (BriefingView.Article) and the navigation
// (Page.Nav). Each template action costs about half a microsecond and six
// allocations, and a site has tens of thousands of pages; the data behind
// the finished HTML stays in the Data for templates that would rather lay
// it out themselves. Templates written before Data read it through
// methods of Page of the old field names (compat.go).
//
// Functions for templates, in the site's language (model.Site.Lang): t, tf
// and count (an interface string of internal/i18n, as it is, with its
// placeholders filled, or in the plural form for n: {{t "nav.timeline"}},
// {{tf "tag.title" "tag" .Name}}, {{count "briefings" .Total}}), tlinks (a
// string whose placeholders are links: {{tlinks "notfound.text" "latest"
// "index.html"}}), human (a calendar value for readers: "Wednesday
// 9 February 2022", "week 5 of 2022"), long (a time as "Wednesday 9
// February 2022"); and iso (a time as 2022-02-09), plural (n, one, many),
// first (the first n
// of a list of briefings, events or actor counts), noteNum (a note's
// number), actorLink and tagLink (a link to an actor's or a tag's page, as
// the lists written in Go make it: {{actorLink "../actors/" .Actor}},
// {{tagLink "" .}}, the first argument leading from the page to actors/
// or tags/).
package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"slices"
	"sync/atomic"

	"github.com/briefing-dev/briefing/internal/calendar"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/i18n"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/parallel"
)

// Output receives the rendered files. Its methods are called from several
// goroutines at once.
type Output interface {
	// WriteFile takes a whole file; it must not keep data.
	WriteFile(path string, data []byte) error
	// Create opens a file to write in pieces, for the few files that grow
	// with the whole site (the data export, the search index): written
	// whole, they would hold a site's worth of text in memory.
	Create(path string) (io.WriteCloser, error)
}

// A Planner is a Carrier that Site tells, once every file has been
// offered to it, how many files it will make and how many were carried
// over: the work left, which the caller may prepare for (build collects
// less when little is left to make).
type Planner interface {
	Planned(made, carried int)
}

// Site renders every file of the site and passes each to out as soon as
// it is ready, so that a large site never has to fit in memory. The files
// are those of the kinds of the table in kinds.go. The work is spread over
// the CPUs; every file depends on the model alone, so the output does not
// depend on the order of the work. An out that is a Carrier takes the
// files that a previous build made from the same inputs instead of having
// them made again. progress, if not nil, is called after
// each file with the number done and the total.
func Site(s *model.Site, t *Templates, out Output, progress func(done, total int)) error {
	r := startRun(s, t, out)
	carrier, _ := out.(Carrier)
	// The digests of the model's parts are made beside the summaries and
	// the list of files, which has long stretches on one CPU (the
	// timeline's months).
	fingerprinted := func() *fingerprints { return nil }
	if carrier != nil || t.terms != nil {
		done := make(chan *fingerprints, 1)
		go func() { done <- newFingerprints(s) }()
		fingerprinted = func() *fingerprints { return <-done }
	}
	// So is the timeline, the longest of them, which the listing waits
	// for only when it comes to the timeline's kinds.
	go r.timeline()
	// So are the spellings of the site's dates, which every page with a
	// date asks for.
	spelled := make(chan struct{})
	go func() {
		r.spelled.know(s)
		close(spelled)
	}()
	if err := r.prepare(); err != nil {
		// Nothing of a failed run may still read the model.
		fingerprinted()
		r.timeline()
		<-spelled
		return err
	}
	t.lang.Store(r.lang)
	var done atomic.Int64
	var total atomic.Int64 // of the files, once they are all listed
	report := func() {
		n := done.Add(1)
		if all := total.Load(); progress != nil && all > 0 {
			progress(int(n), int(all))
		}
	}
	if carrier == nil {
		files := r.files()
		total.Store(int64(len(files)))
		r.fp = fingerprinted()
		<-spelled
		return r.makeAll(files, report)
	}
	// First what is to be made: the files a previous build made from
	// the same inputs are carried over. The kinds before the timeline's
	// are keyed while the timeline is made, on one CPU, and the others
	// are listed after it.
	var salt string
	if s, ok := carrier.(KeySalter); ok {
		salt = s.KeySalt()
	}
	split := slices.IndexFunc(kinds, func(k fileKind) bool { return k.Name == "timeline" })
	early, earlyStreamed := r.listKinds(nil, 0, split)
	type listing struct {
		files    []File
		streamed int
	}
	late := make(chan listing, 1)
	go func() {
		files, streamed := r.listKinds(nil, split, len(kinds))
		late <- listing{files, streamed}
	}()
	fp := fingerprinted()
	r.fp = fp
	key := func(files []File) ([]bool, error) {
		kept := make([]bool, len(files))
		// The files of one kind share what their inputs are made from,
		// made once when first asked (an actor's events, a month's
		// entries): workers taking neighbouring files would wait for one
		// another. Each takes its files from a part of the list of its
		// own, the parts interleaved.
		workers := parallel.Workers(len(files))
		part := (len(files) + workers - 1) / workers
		err := parallel.For(part*workers, func(_, k int) error {
			i := k%workers*part + k/workers
			if i >= len(files) {
				return nil
			}
			carried, err := carrier.Carry(files[i].Path, fp.key(t, salt, files[i]))
			if carried {
				report()
			}
			kept[i] = !carried
			return err
		})
		return kept, err
	}
	earlyKept, err := key(early)
	lateListing := <-late // waited for before any return: the listing reads the model
	if err != nil {
		<-spelled // and so do the spellings
		return err
	}
	lateFiles, lateStreamed := lateListing.files, lateListing.streamed
	total.Store(int64(len(early) + len(lateFiles)))
	lateKept, err := key(lateFiles)
	if err != nil {
		<-spelled
		return err
	}
	// What is to be made, in the order of files: the streamed first.
	var todo []File
	for _, part := range []struct {
		files []File
		kept  []bool
	}{
		{early[:earlyStreamed], earlyKept[:earlyStreamed]},
		{lateFiles[:lateStreamed], lateKept[:lateStreamed]},
		{early[earlyStreamed:], earlyKept[earlyStreamed:]},
		{lateFiles[lateStreamed:], lateKept[lateStreamed:]},
	} {
		for i, f := range part.files {
			if part.kept[i] {
				todo = append(todo, f)
			}
		}
	}
	if p, ok := out.(Planner); ok {
		p.Planned(len(todo), int(total.Load())-len(todo))
	}
	if !refsPay(todo, len(s.Briefings)) {
		r.refs = func() briefingRefs { return nil } // each page makes the refs it lists
	}
	<-spelled
	return r.makeAll(todo, report)
}

// refsPay reports whether the briefings' refs, made once for all of
// them (newBriefingRefs), cost less than the pages to make would spend
// making those they list one at a time: when they list at least as many
// entries as the site has briefings. A build that remakes a few actor
// and month pages lists a small part of the site.
func refsPay(todo []File, briefings int) bool {
	entries := 0
	for _, f := range todo {
		switch f.Kind {
		case "actor":
			entries += actorPerPage
		case "month":
			entries += monthPerPage
		}
		if entries >= briefings {
			return true
		}
	}
	return false
}

// makeAll makes files, the work that several of them wait for started
// first, and returns when that work has ended too.
func (r *run) makeAll(todo []File, report func()) error {
	// The work that several files wait for (the search index) starts
	// now, beside the pages, rather than when the first of them comes,
	// with every worker then waiting for it.
	started := map[string]bool{}
	for _, f := range todo {
		if f.ahead != nil && !started[f.Kind] {
			started[f.Kind] = true
			r.background.Go(f.ahead)
		}
	}
	err := r.make(todo, report)
	if err != nil {
		r.stopped.Store(true)
	}
	r.background.Wait()
	return err
}

// make makes files on every CPU, calling done after each.
func (r *run) make(files []File, done func()) error {
	bufs := make([]bytes.Buffer, parallel.Workers(len(files)))
	return joinLists(parallel.For(len(files), func(w, i int) error {
		bufs[w].Reset()
		err := r.write(files[i], &bufs[w])
		done()
		return err
	}))
}

// Only makes, of the files Site makes, those at the given paths, and
// nothing else; no file is carried over. serve makes the pages open in a
// browser with it before it has Site make the rest, so that the page an
// analyst looks at comes back first.
func Only(s *model.Site, t *Templates, out Output, paths map[string]bool) error {
	r, err := newRun(s, t, out)
	if err != nil {
		return err
	}
	t.lang.Store(r.lang)
	var files []File
	for _, f := range r.filesOf(paths) {
		if paths[f.Path] {
			files = append(files, f)
		}
	}
	return r.make(files, func() {})
}

// joinLists makes one diag.List of the errors of several workers when
// each is a list (the templates' errors), so that all are reported; any
// other error is returned as it is.
func joinLists(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var all diag.List
	for _, e := range joined.Unwrap() {
		var list diag.List
		if !errors.As(e, &list) {
			return err
		}
		all = append(all, list...)
	}
	return all.Err()
}

// Plan lists the files that Site makes of the site, each with its kind and
// what it is made from, without making them.
func Plan(s *model.Site) ([]File, error) {
	r, err := newRun(s, nil, nil)
	if err != nil {
		return nil, err
	}
	return r.files(), nil
}

// HumanDate spells a calendar value for readers: "Wednesday 9 February
// 2022", "week 5 of 2022 (from 31 January)", "February 2022", "2022".
func HumanDate(v calendar.Value) string { return v.Human() }

// langOf is the site's interface language, English when none is set.
func langOf(s *model.Site) *i18n.Lang {
	if s.Lang != nil {
		return s.Lang
	}
	return i18n.English
}

func jsonLD(v any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(data)
}
