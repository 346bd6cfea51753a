package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/internal/sitefs"
)

// extraction is one line of extract's output; the field order is part of
// the contract that README.md ("Commands") gives.
type extraction struct {
	File     string            `json:"file"`
	Date     string            `json:"date"`
	Mentions []extract.Mention `json:"mentions"`
	Dates    []extract.Date    `json:"dates"`
}

func runExtract(args []string, stdout, stderr io.Writer) error {
	fl := flags("extract", "[-site DIR] FILE...",
		"Extract prints, for each seed article FILE, one line of JSON with the\n"+
			"actor mentions and resolved dates found in it:\n"+
			"  {\"file\":…,\"date\":…,\"mentions\":[{\"actor\",\"text\",\"start\",\"end\"}],\n"+
			"   \"dates\":[{\"text\",\"value\",\"start\",\"end\"}]}\n"+
			"Offsets are bytes into FILE, end exclusive. Actors come from\n"+
			"DIR/content/actors/; nothing else in DIR is needed.", stderr)
	site := fl.String("site", ".", "site `directory` holding content/actors/")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return errUsage
	}
	matcher, _, errs, err := loadMatcher(*site, stderr)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		report(stderr, *site, "", errs)
		return errReported
	}

	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	failed := false
	for _, file := range fl.Args() {
		data, err := sitefs.ReadRegularFile(file)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = true
			continue
		}
		seed, perrs := seeds.Parse(file, data)
		if len(perrs) > 0 {
			report(stderr, ".", "", perrs)
			failed = true
			continue
		}
		body, off := seed.Body(), seed.BodyStart
		x := extraction{File: file, Date: seed.Published.Format("2006-01-02"), Mentions: []extract.Mention{}, Dates: []extract.Date{}}
		for _, m := range matcher.Find(body) {
			m.Start += off
			m.End += off
			x.Mentions = append(x.Mentions, m)
		}
		for _, d := range extract.ResolveDates(body, seed.Published) {
			d.Start += off
			d.End += off
			x.Dates = append(x.Dates, d)
		}
		if err := enc.Encode(x); err != nil {
			return err
		}
	}
	if failed {
		return errReported
	}
	return nil
}
