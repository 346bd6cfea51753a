package render

import (
	"bytes"
	"testing"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/templates"
)

// BenchmarkFrame renders the smallest page, which is mostly base.html's
// frame (head, navigation, footer): every page pays for it, and each
// template action in it costs about half a microsecond and six
// allocations.
func BenchmarkFrame(b *testing.B) {
	ts, err := LoadTemplates(templates.FS, nil)
	if err != nil {
		b.Fatal(err)
	}
	s := &model.Site{Config: annotations.Config{Title: "Bench", BaseURL: "https://example.org/"}}
	p := newPage(s, "404", "briefings/x.html", "Not found", "Nothing here")
	p.JSONLD = `{"a":1}`
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := ts.execute(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
}
