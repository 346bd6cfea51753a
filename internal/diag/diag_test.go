package diag

import (
	"errors"
	"io/fs"
	"testing"
)

func TestListSortAndError(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.yaml", Line: 2, Col: 1}, "second in b")
	l.Add(Pos{File: "a.md", Line: 10, Col: 3}, "late in a")
	l.Add(Pos{File: "a.md", Line: 2, Col: 7}, "early in a: %w", fs.ErrNotExist)
	l.Add(Pos{File: "a.md", Line: 2, Col: 7}, "early in a: %w", fs.ErrNotExist) // a duplicate
	l.Add(Pos{File: "c.txt"}, "whole file")
	err := l.Err()
	want := "a.md:2:7: early in a: file does not exist\n" +
		"a.md:10:3: late in a\n" +
		"b.yaml:2:1: second in b\n" +
		"c.txt: whole file"
	if err.Error() != want {
		t.Errorf("got:\n%s\nwant:\n%s", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is does not see the wrapped error")
	}
	var e *Error
	if !errors.As(err, &e) || e.Pos.File != "a.md" {
		t.Errorf("errors.As found %v", e)
	}
	if (List{}).Err() != nil {
		t.Errorf("an empty list is an error")
	}
}

func TestSeverity(t *testing.T) {
	var l List
	l.Warn(Pos{File: "a", Line: 2}, "guessed %s", "x")
	if l.Err() != nil {
		t.Errorf("a warning alone is an error: %v", l.Err())
	}
	l.Add(Pos{File: "a", Line: 1}, "broken")
	l.Warn(Pos{File: "b"}, "skipped")
	if got := len(l.Warnings()); got != 2 {
		t.Errorf("%d warnings, want 2", got)
	}
	errs := l.Errors()
	if len(errs) != 1 || errs[0].Error() != "a:1: broken" || errs[0].Severity.String() != "error" {
		t.Errorf("errors %v", errs)
	}
	if err := l.Err(); err == nil || err.Error() != "a:1: broken" {
		t.Errorf("Err() = %v, want the one error", err)
	}
	if w := l.Warnings()[0]; w.Severity != SeverityWarning || w.Severity.String() != "warning" || w.Error() != "a:2: guessed x" {
		t.Errorf("warning %v (%v)", w, w.Severity)
	}
}

func TestAddErrSpreadsLists(t *testing.T) {
	var inner List
	inner.Add(Pos{File: "x", Line: 1, Col: 1}, "one")
	inner.Add(Pos{File: "x", Line: 2, Col: 1}, "two")
	var outer List
	outer.AddErr(Pos{File: "ignored"}, inner)
	outer.AddErr(Pos{File: "y", Line: 3}, errors.New("three"))
	if len(outer) != 3 || outer[2].Error() != "y:3: three" {
		t.Errorf("got %v", outer)
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	tests := []struct{ offset, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 4, 1}, {9, 4, 3}, {100, 4, 3},
	}
	for _, tt := range tests {
		if l, c := LineCol(data, tt.offset); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.offset, l, c, tt.line, tt.col)
		}
	}
}

func TestYAMLLine(t *testing.T) {
	for _, tt := range []struct {
		err  string
		line int
		msg  string
	}{
		{"yaml: line 3: did not find expected key", 3, "did not find expected key"},
		{"yaml: found unexpected end of stream", 1, "found unexpected end of stream"},
		{"not from yaml", 1, "not from yaml"},
	} {
		if line, msg := YAMLLine(errors.New(tt.err)); line != tt.line || msg != tt.msg {
			t.Errorf("YAMLLine(%q) = %d, %q; want %d, %q", tt.err, line, msg, tt.line, tt.msg)
		}
	}
}
