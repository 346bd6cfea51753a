// Command gen-corpus writes a synthetic corpus for benchmarks: OUT/briefing,
// a briefing site of N articles, and OUT/hugo, the same articles as a Hugo
// site with `actors` and `tags` taxonomies and minimal layouts.
//
//	gen-corpus [-seed S] [-words W] N OUT
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/briefing-dev/briefing/internal/corpus"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

const usage = `usage: gen-corpus [-seed S] [-words W] N OUT

Writes OUT/briefing, a briefing site of N synthetic news articles (200 actors,
dates of every kind, two tags, two key actors and two events each), and
OUT/hugo, the same articles as a Hugo site with actors and tags taxonomies
and minimal layouts. The same seed gives the same bytes. OUT must not exist
or be empty.

`

func run(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("gen-corpus", flag.ContinueOnError)
	fl.SetOutput(stderr)
	seed := fl.Uint64("seed", 1, "the random seed")
	words := fl.Int("words", corpus.DefaultWords, "about how many words an article has")
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
	if fl.NArg() != 2 {
		fmt.Fprintf(stderr, "gen-corpus: want N and OUT, got %d arguments\n", fl.NArg())
		fl.Usage()
		return 2
	}
	n, err := strconv.Atoi(fl.Arg(0))
	if err != nil || n < 1 {
		fmt.Fprintf(stderr, "gen-corpus: N must be a whole number of briefings, at least 1, not %q\n", fl.Arg(0))
		return 2
	}
	if *words < 1 {
		fmt.Fprintf(stderr, "gen-corpus: -words must be at least 1, not %d\n", *words)
		return 2
	}
	out := fl.Arg(1)
	if err := checkEmpty(out); err != nil {
		fmt.Fprintf(stderr, "gen-corpus: %v\n", err)
		return 1
	}
	o := corpus.Options{Briefings: n, Seed: *seed, Words: *words}
	site, hugo := corpus.Dir(filepath.Join(out, "briefing")), corpus.Dir(filepath.Join(out, "hugo"))
	if err := corpus.Write(o, site, hugo); err != nil {
		fmt.Fprintf(stderr, "gen-corpus: %v\n", err)
		return 1
	}
	return 0
}

// checkEmpty refuses an output that holds anything: the corpus replaces
// nothing, so that a mistyped OUT cannot lose a file.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: remove it or choose another OUT", dir)
	}
	return nil
}
