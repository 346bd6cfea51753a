package render

import (
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/templates"
)

var errRefused = errors.New("refused")

// refusingOutput takes a few files, then refuses every other, as serve's
// output does when a newer save stops a rebuild.
type refusingOutput struct{ taken atomic.Int32 }

func (o *refusingOutput) WriteFile(string, []byte) error {
	if o.taken.Add(1) > 50 {
		return errRefused
	}
	return nil
}

func (o *refusingOutput) Create(string) (io.WriteCloser, error) {
	if err := o.WriteFile("", nil); err != nil {
		return nil, err
	}
	return nopCloser{io.Discard}, nil
}

// TestStoppedSiteLeavesTheModel checks that when making the files fails,
// Site returns only once the work it started beside them (the search
// index) has ended: serve changes the model for the next save as soon as
// a stopped rebuild returns. Under -race, as CI runs it, a reader left
// running is a reported race with the writes below.
func TestStoppedSiteLeavesTheModel(t *testing.T) {
	m := bigSite(t, 2000)
	tmpl, problems := LoadTemplates(templates.FS, fstest.MapFS{})
	if err := problems.Err(); err != nil {
		t.Fatal(err)
	}
	if err := Site(m, tmpl, &refusingOutput{}, nil); !errors.Is(err, errRefused) {
		t.Fatalf("Site: %v, want the output's error", err)
	}
	for _, b := range m.Briefings {
		b.Title, b.KeyActors, b.Counts, b.Tags, b.Commentary = "", nil, nil, nil, nil
	}
	for _, a := range m.Actors {
		a.Name, a.ID = "", ""
	}
}
