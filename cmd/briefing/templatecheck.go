package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
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

// execError matches html/template's execution errors: `template:
// tag.html:2:10: executing "main" at <.Tag.Nme>: can't evaluate ...`,
// after whatever page the renderer names in front.
var execError = regexp.MustCompile(`^(?:rendering (\S+): )?template: ([^:]+\.html):(\d+):(\d+): (?:executing "[^"]*" at <([^>]*)>: )?(.*)$`)

// templatePos turns a template error into one at templates/NAME:line:col,
// with the page it was rendering; it also returns the file's name.
func templatePos(err error) (*diag.Error, string, bool) {
	m := execError.FindStringSubmatch(err.Error())
	if m == nil {
		return nil, "", false
	}
	var line, col int
	fmt.Sscan(m[3], &line)
	fmt.Sscan(m[4], &col)
	msg := m[6]
	if m[5] != "" {
		msg = fmt.Sprintf("%s: %s", m[5], msg)
	}
	if m[1] != "" {
		msg += " (rendering " + m[1] + ")"
	}
	return &diag.Error{Pos: diag.Pos{File: "templates/" + m[2], Line: line, Col: col}, Err: errors.New(msg)}, m[2], true
}

// templateErrors turns the renderer's error, when every line of it is a
// template's, into positioned errors at templates/NAME.html:line:col, so
// that build reports them as check does; any other error stays as it is.
func templateErrors(err error) error {
	if err == nil {
		return nil
	}
	var list diag.List
	for _, line := range strings.Split(err.Error(), "\n") {
		e, _, ok := templatePos(errors.New(line))
		if !ok {
			return err
		}
		list = append(list, e)
	}
	return list
}

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
		t, err := render.LoadTemplates(templates.FS, hidden{own, broken})
		if err != nil {
			return errs, err // reported by loadTemplates already
		}
		err = render.Site(m, t, discard{}, nil)
		if err == nil {
			return errs, nil
		}
		// Pages rendered side by side may fail together, one line each.
		progress := false
		for _, line := range strings.Split(err.Error(), "\n") {
			e, name, ok := templatePos(errors.New(line))
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
