package main

import (
	"fmt"
	"io"
	"os"

	"github.com/briefing-dev/briefing/internal/model"
)

func runCheck(args []string, stdout, stderr io.Writer) error {
	fl := flags("check", "[-site DIR]",
		"Check reads and validates the whole site, drafts included: settings,\n"+
			"actors, briefings, seeds, quotes and templates. It renders every page\n"+
			"as build does, so that every template runs against the site, and\n"+
			"writes nothing. It prints every error and warning.", stderr)
	site := fl.String("site", ".", "site `directory`")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errUsage
	}
	m, warnings, errs := loadModel(os.DirFS(*site), model.Options{Drafts: true}, "")
	report(stderr, *site, "warning: ", warnings)
	_, terr := loadTemplates(*site) // its error names its file already
	if len(errs) == 0 && terr == nil {
		terrs, err := checkTemplates(*site, m)
		errs, terr = append(errs, terrs...), err
	}
	if len(errs) > 0 || terr != nil {
		report(stderr, *site, "", errs)
		n := len(errs)
		if terr != nil {
			fmt.Fprintln(stderr, terr)
			n++
		}
		fmt.Fprintf(stderr, "check failed: %d errors\n", n)
		return errReported
	}
	events := 0
	for _, b := range m.Briefings {
		events += len(b.Events)
	}
	fmt.Fprintf(stdout, "ok: %d briefings, %d actors, %d events, %d warnings\n", len(m.Briefings), len(m.Actors), events, len(warnings))
	return nil
}
