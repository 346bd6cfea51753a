// Command briefing builds annotated news briefing sites.
//
// Usage:
//
//	briefing build   [-site DIR] [-out DIR] [-base-url URL] [-drafts]
//	briefing serve   [-site DIR] [-addr 127.0.0.1:8080] [-drafts]
//	briefing check   [-site DIR]
//	briefing extract [-site DIR] FILE...
//	briefing suggest [-site DIR] [-json | -write] FILE
//	briefing init    DIR
//	briefing templates [NAME]
//	briefing version
//
// Each command is in a file of its own; pipeline.go runs the stages that
// several commands share.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/briefing-dev/briefing/internal/diag"
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"build", "render the site into an output directory", runBuild},
	{"serve", "build, serve on localhost and rebuild when the sources change", runServe},
	{"check", "validate the site's input without writing anything", runCheck},
	{"extract", "print the mentions and dates found in seed articles, as JSON lines", runExtract},
	{"suggest", "draft a briefing for a new seed article, with its unregistered names", runSuggest},
	{"init", "start a new site from the built-in defaults", runInit},
	{"templates", "list the built-in templates, or print one to start an override from", runTemplates},
	{"version", "print the version of briefing", runVersion},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errReported means the errors were printed already; exit 1 quietly.
var errReported = errors.New("errors reported")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(args[1:], stdout, stderr)
			switch {
			case err == nil:
				return 0
			case errors.Is(err, flag.ErrHelp):
				return 0
			case errors.Is(err, errUsage):
				return 2
			case !errors.Is(err, errReported):
				fmt.Fprintf(stderr, "briefing %s: %v\n", c.name, err)
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "briefing: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "briefing builds websites of annotated news briefings.")
	fmt.Fprintln(w, "\nUsage: briefing COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"briefing COMMAND -h\" for a command's flags.")
}

var errUsage = errors.New("usage")

// flags makes a command's flag set, printing its usage on -h.
func flags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: briefing %s %s\n\n%s\n", name, synopsis, about)
		if hasFlags(fs) {
			fmt.Fprintln(stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses flags, turning a bad flag into errUsage (already printed).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// report prints positioned problems with paths as the user knows them:
// relative to the working directory rather than to the site.
func report(w io.Writer, site, prefix string, list diag.List) (printed int) {
	list = list.Sort()
	for _, e := range list {
		// A flag's name (such as -base-url) stands where a file would.
		if e.Pos.File != "" && site != "." && !filepath.IsAbs(e.Pos.File) && !strings.HasPrefix(e.Pos.File, "-") {
			e.Pos.File = filepath.Join(site, e.Pos.File)
		}
		fmt.Fprintf(w, "%s%s\n", prefix, e)
	}
	return len(list)
}
