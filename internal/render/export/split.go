package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/briefing-dev/briefing/internal/model"
)

// The data export is split so that no file of data/ grows with the whole
// site: data/site.json is the index (the site, its actors, and the list
// files), each list file data/list/YYYY-N.json names up to ListLength
// briefings of one year, newest first, and data/briefings/YYYY-N.ndjson.gz
// holds the same briefings' data, with their mentions, dates, events and
// notes, one a line, gzip-compressed. A file for each briefing was tens of
// thousands of files on a large site, which cost more to write than their
// bytes. The data repeats the seed's words and the same keys on every
// line, so gzip takes it to a sixth or less (gzipWriters).

// ListLength is the most briefings one list file names.
const ListLength = 1000

// List is one list file of the export: the briefings it names.
type List struct {
	Path      string // data/list/2024-1.json
	Year      int
	Briefings []*model.Briefing
}

// Lists cuts the site's briefings, newest first, into list files, by year
// and then ListLength at a time.
func Lists(s *model.Site) []List {
	var lists []List
	n := 0
	for i, b := range s.Briefings {
		y := b.Published.Year()
		if i == 0 || y != lists[len(lists)-1].Year {
			n = 0
		}
		if i == 0 || y != lists[len(lists)-1].Year || len(lists[len(lists)-1].Briefings) == ListLength {
			n++
			lists = append(lists, List{Path: "data/list/" + strconv.Itoa(y) + "-" + strconv.Itoa(n) + ".json", Year: y, Briefings: s.Briefings[i:i]})
		}
		last := &lists[len(lists)-1]
		last.Briefings = last.Briefings[:len(last.Briefings)+1]
	}
	return lists
}

// DataPath is where the data of a list's briefings goes.
func (l List) DataPath() string {
	return "data/briefings/" + strings.TrimSuffix(strings.TrimPrefix(l.Path, "data/list/"), ".json") + ".ndjson.gz"
}

type dataIndex struct {
	Title     string      `json:"title"`
	BaseURL   string      `json:"base_url,omitempty"`
	Briefings int         `json:"briefings"`
	Lists     []dataList  `json:"lists"`
	Actors    []dataActor `json:"actors"`
}

type dataList struct {
	Year   int    `json:"year"`
	Count  int    `json:"count"`
	Path   string `json:"path"`
	Data   string `json:"data"` // its briefings' data
	Newest string `json:"newest"`
	Oldest string `json:"oldest"`
}

// listEntry is a briefing in a list file: enough to choose it, and where
// its data is.
type listEntry struct {
	Slug      string   `json:"slug"`
	Title     string   `json:"title"`
	Published string   `json:"published"`
	Tags      []string `json:"tags"`
	URL       string   `json:"url"`
	Data      string   `json:"data"` // the file of its data
	Line      int      `json:"line"` // its line there, from 1
}

// Index writes data/site.json: the site, the list files, the actors.
func Index(s *model.Site, lists []List) ([]byte, error) {
	d := dataIndex{Title: s.Config.Title, BaseURL: s.Config.BaseURL, Briefings: len(s.Briefings), Lists: []dataList{}, Actors: []dataActor{}}
	for _, l := range lists {
		d.Lists = append(d.Lists, dataList{
			Year: l.Year, Count: len(l.Briefings), Path: l.Path, Data: l.DataPath(),
			Newest: l.Briefings[0].Published.Format("2006-01-02"), Oldest: l.Briefings[len(l.Briefings)-1].Published.Format("2006-01-02"),
		})
	}
	for _, a := range s.Actors {
		d.Actors = append(d.Actors, dataActor{a.ID, a.Name, a.Kind, a.Aliases, a.Short, a.Wikidata, "actors/" + a.ID + ".html", len(a.Mentions)})
	}
	out, err := json.Marshal(d)
	return append(out, '\n'), err
}

// ListJSON writes a list file.
func ListJSON(l List) ([]byte, error) {
	entries := make([]listEntry, len(l.Briefings))
	for i, b := range l.Briefings {
		tags := make([]string, len(b.Tags))
		for j, t := range b.Tags {
			tags[j] = t.Name
		}
		entries[i] = listEntry{b.Slug, b.Title, b.Published.Format("2006-01-02"), tags, "briefings/" + b.Slug + ".html", l.DataPath(), i + 1}
	}
	out, err := json.Marshal(entries)
	return append(out, '\n'), err
}

// DataNDJSON writes to w the data of a list's briefings, what extraction
// found in each, one a line, gzip-compressed. The gzip header names no
// file and no time, so that two builds write the same bytes.
func DataNDJSON(w io.Writer, l List) error {
	// The compressor writes a few hundred bytes at a time.
	bw := bufio.NewWriterSize(w, 64<<10)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(bw)
	var line []byte
	for _, b := range l.Briefings {
		line = append(appendBriefingJSON(line[:0], b), '\n')
		if _, err := zw.Write(line); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}
