package main

import (
	"errors"
	"io"
	"io/fs"
	"strings"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/sitefs"
	"github.com/briefing-dev/briefing/templates"
)

// discard is an Output that keeps nothing: check renders every page to
// run every template, and writes none.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

func (discard) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// hidden is the site's templates/ without the files already found broken,
// so that the next run reaches the other templates.
type hidden struct {
	fs.FS
	names map[string]bool
}

func (h hidden) Open(name string) (fs.File, error) {
	if h.names[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

// checkTemplates renders the whole site into nothing, as build would,
// and returns every template's execution error: after each, the broken
// file is set aside for the built-in one and the run repeats.
func checkTemplates(site *sitefs.FS, m *model.Site) (diag.List, error) {
	own, err := fs.Sub(site, "templates")
	if err != nil {
		return nil, err
	}
	var errs diag.List
	broken := map[string]bool{}
	for range 64 {
		t, problems := render.LoadTemplates(templates.FS, hidden{own, broken})
		if err := problems.Err(); err != nil {
			return errs, err // reported by loadTemplates already
		}
		err := render.Site(m, t, discard{}, nil)
		if err == nil {
			return errs, nil
		}
		// Pages rendered side by side may fail together, each error at
		// its place in its template.
		var list diag.List
		if !errors.As(err, &list) {
			return errs, err
		}
		progress := false
		for _, e := range list {
			name, ok := strings.CutPrefix(e.Pos.File, "templates/")
			if !ok || broken[name] {
				continue
			}
			errs = append(errs, e)
			broken[name] = true
			progress = true
		}
		if !progress {
			return errs, err
		}
	}
	return errs, nil
}
