// Command site-stats measures a built site: output size by top folder and
// per briefing, the largest page of each kind and the one with the most
// elements, the search index and the data export, and the pages above the
// bounds a page must stay within. It prints Markdown tables.
//
//	site-stats [-briefings N] [-max-bytes B] [-max-elements E] [-parts] DIR
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/briefing-dev/briefing/internal/sitestats"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `usage: site-stats [-briefings N] [-max-bytes B] [-max-elements E] [-parts] DIR

Measures the built site in DIR (the output of briefing build) and prints, as
Markdown tables: bytes by top folder and per briefing, for each kind of page
the largest page and the page with the most elements, the search index, the
data export and the feeds, and the pages above the bounds; with -parts, the
bytes of each part of a briefing page too.

`

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("site-stats", flag.ContinueOnError)
	fl.SetOutput(stderr)
	briefings := fl.Int("briefings", 0, "divide the output by this many briefings (default: the number of briefing pages)")
	maxBytes := fl.Int64("max-bytes", 400_000, "the bytes no page may exceed")
	maxElements := fl.Int("max-elements", 4_000, "the elements no page may exceed")
	parts := fl.Bool("parts", false, "print the bytes of each part of a briefing page, on average")
	fl.Usage = func() {
		fmt.Fprint(stderr, usage)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 1 {
		fmt.Fprintf(stderr, "site-stats: want one DIR, got %d arguments\n", fl.NArg())
		fl.Usage()
		return 2
	}
	dir := fl.Arg(0)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "site-stats: %s is not a directory\n", dir)
		return 1
	}
	r, err := sitestats.Measure(os.DirFS(dir))
	if err != nil {
		fmt.Fprintf(stderr, "site-stats: %v\n", err)
		return 1
	}
	if *briefings == 0 {
		if t, ok := r.Kind("briefing"); ok {
			*briefings = t.Files
		}
	}
	if err := r.Write(stdout, *briefings, *maxBytes, *maxElements); err != nil {
		fmt.Fprintf(stderr, "site-stats: %v\n", err)
		return 1
	}
	if *parts {
		pr, err := sitestats.MeasureParts(os.DirFS(dir), "briefing", sitestats.BriefingParts)
		if err == nil {
			err = pr.Write(stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "site-stats: %v\n", err)
			return 1
		}
	}
	return 0
}
