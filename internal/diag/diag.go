// Package diag collects positioned errors and warnings, in the manner of
// go/scanner's ErrorList, so that one run reports every problem in the input
// at once as "file:line:col: message". Errors and warnings travel in one
// List, each with its Severity: every loader returns (T, List), and the
// caller splits the list where it prints it.
package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
)

// Pos is a position in an input file. Line and Col are 1-based; Col counts
// bytes, as the Go toolchain does. A zero Line means the whole file.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a problem stops the build.
type Severity uint8

const (
	// SeverityError fails the run; it is the zero Severity, so an Error
	// made without one is an error.
	SeverityError Severity = iota
	// SeverityWarning is shown and the run goes on: input skipped,
	// ignored or guessed at.
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Error is a problem at a position. Err is the underlying cause, kept for
// errors.Is and errors.As.
type Error struct {
	Pos      Pos
	Err      error
	Severity Severity
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// List is an ordered collection of errors. The zero value is ready to use.
type List []*Error

// Add appends an error at pos with a formatted message; %w verbs wrap.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Err: fmt.Errorf(format, args...)})
}

// Warn appends a warning at pos with a formatted message.
func (l *List) Warn(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Err: fmt.Errorf(format, args...), Severity: SeverityWarning})
}

// AddErr appends err at pos, or spreads err over the list if it is a List.
func (l *List) AddErr(pos Pos, err error) {
	var sub List
	if errors.As(err, &sub) {
		*l = append(*l, sub...)
		return
	}
	*l = append(*l, &Error{Pos: pos, Err: err})
}

// Sort orders the list by file, line and column, keeping the order of
// errors at the same position, and drops exact duplicates.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Error() == l[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Errors is the problems of the list that fail the run, in their order.
func (l List) Errors() List { return l.only(SeverityError) }

// Warnings is the warnings of the list, in their order.
func (l List) Warnings() List { return l.only(SeverityWarning) }

func (l List) only(s Severity) List {
	var out List
	for _, e := range l {
		if e.Severity == s {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list's errors, sorted, as an error, or nil if it has
// none: warnings alone are not an error.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs.Sort()
}

// Unwrap lets errors.Is and errors.As see every error in the list.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// LineCol converts a byte offset in data to a 1-based line and column.
func LineCol(data []byte, offset int) (line, col int) {
	if offset > len(data) {
		offset = len(data)
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Ignored warns about each entry of the folder dir of fsys that a loader
// does not read: a file whose name has none of the extensions, or a
// folder. Hidden files and editors' backups (name~) are no one's input and
// pass unmentioned; a missing folder is the loader's to report.
func Ignored(fsys fs.FS, dir, what string, exts ...string) List {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var list List
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") {
			continue
		}
		if e.IsDir() {
			list.Warn(Pos{File: dir + "/" + name}, "folders in %s/ are not read; move its files up to be %s", dir, what)
			continue
		}
		if !slices.ContainsFunc(exts, func(ext string) bool { return strings.HasSuffix(name, ext) }) {
			list.Warn(Pos{File: dir + "/" + name}, "not read: %s are %s files", what, strings.Join(exts, " or "))
		}
	}
	return list
}
