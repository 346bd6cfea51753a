package export

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// site makes a site of briefings, newest first, n in each year given.
func site(perYear map[int]int) *model.Site {
	s := &model.Site{Config: annotations.Config{Title: "T"}}
	for y := 2030; y >= 2000; y-- {
		for i := perYear[y]; i > 0; i-- {
			s.Briefings = append(s.Briefings, &model.Briefing{
				Slug: fmt.Sprintf("%d-%05d", y, i), Title: "B", Seed: &seeds.Seed{Name: "x.txt"},
				Published: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365),
			})
		}
	}
	return s
}

// TestLists checks that the list files name every briefing once, in the
// site's order, none more than ListLength and each of one year, and that
// data/site.json names every list with its count.
func TestLists(t *testing.T) {
	for _, tt := range []struct {
		name    string
		perYear map[int]int
		lists   int
	}{
		{"empty", nil, 0},
		{"one", map[int]int{2024: 1}, 1},
		{"a full list", map[int]int{2024: ListLength}, 1},
		{"one over", map[int]int{2024: ListLength + 1}, 2},
		{"years", map[int]int{2024: 3, 2023: 2*ListLength + 5, 2020: 1}, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := site(tt.perYear)
			lists := Lists(s)
			if len(lists) != tt.lists {
				t.Errorf("%d lists, want %d", len(lists), tt.lists)
			}
			var all []*model.Briefing
			paths := map[string]bool{}
			for _, l := range lists {
				if len(l.Briefings) == 0 || len(l.Briefings) > ListLength {
					t.Errorf("%s names %d briefings", l.Path, len(l.Briefings))
				}
				if paths[l.Path] {
					t.Errorf("%s twice", l.Path)
				}
				paths[l.Path] = true
				for _, b := range l.Briefings {
					if b.Published.Year() != l.Year {
						t.Errorf("%s in %s", b.Slug, l.Path)
					}
				}
				all = append(all, l.Briefings...)
				var entries []listEntry
				data, err := ListJSON(l)
				if err != nil || json.Unmarshal(data, &entries) != nil || len(entries) != len(l.Briefings) {
					t.Fatalf("%s: %v %s", l.Path, err, data)
				}
				var gz bytes.Buffer
				if err := DataNDJSON(&gz, l); err != nil {
					t.Fatal(err)
				}
				zr, err := gzip.NewReader(&gz)
				if err != nil {
					t.Fatalf("%s: %v", l.DataPath(), err)
				}
				if zr.Name != "" || !zr.ModTime.IsZero() {
					t.Errorf("%s: gzip header names %q, time %v: two builds would differ", l.DataPath(), zr.Name, zr.ModTime)
				}
				data, err = io.ReadAll(zr)
				if err != nil {
					t.Fatalf("%s: %v", l.DataPath(), err)
				}
				lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
				for i, e := range entries {
					var d struct{ Slug string }
					if e.Data != l.DataPath() || e.Line != i+1 || json.Unmarshal([]byte(lines[e.Line-1]), &d) != nil || d.Slug != e.Slug {
						t.Errorf("%s: entry %d names line %d of %s, which holds %q", l.Path, i, e.Line, e.Data, d.Slug)
					}
				}
				if len(lines) != len(entries) {
					t.Errorf("%s: %d lines of data for %d briefings", l.DataPath(), len(lines), len(entries))
				}
			}
			if len(all) != len(s.Briefings) {
				t.Fatalf("lists name %d briefings, want %d", len(all), len(s.Briefings))
			}
			for i := range all {
				if all[i] != s.Briefings[i] {
					t.Fatalf("briefing %d is %s, want %s", i, all[i].Slug, s.Briefings[i].Slug)
				}
			}
			data, err := Index(s, lists)
			var idx dataIndex
			if err != nil || json.Unmarshal(data, &idx) != nil {
				t.Fatalf("index: %v %s", err, data)
			}
			total := 0
			for i, l := range idx.Lists {
				total += l.Count
				if l.Path != lists[i].Path {
					t.Errorf("index names %s, want %s", l.Path, lists[i].Path)
				}
			}
			if total != len(s.Briefings) || idx.Briefings != len(s.Briefings) {
				t.Errorf("index counts %d and %d briefings, want %d", total, idx.Briefings, len(s.Briefings))
			}
		})
	}
}
