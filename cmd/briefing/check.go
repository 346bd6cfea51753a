package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/briefing-dev/briefing/internal/diag"
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
	dir, err := openSite(*site)
	if err != nil {
		return err
	}
	m, warnings, errs := loadModel(dir, model.Options{Drafts: true}, "")
	_, terr := loadTemplates(dir)
	if own := siteStatic(dir); own != nil {
		// Listing static/ is enough for the site FS to find what build
		// would skip there.
		fs.WalkDir(own, ".", func(string, fs.DirEntry, error) error { return nil })
	}
	warnings = append(warnings, dir.Skipped()...)
	nWarnings := report(stderr, *site, "warning: ", warnings)
	if terr != nil {
		var list diag.List
		if !errors.As(terr, &list) {
			list.AddErr(diag.Pos{File: "templates"}, terr)
		}
		errs = append(errs, list...)
	}
	if len(errs) == 0 {
		// Every template run against the site, as build would run it.
		terrs, err := checkTemplates(dir, m)
		errs = append(errs, terrs...)
		if err != nil {
			errs.AddErr(diag.Pos{File: "templates"}, err)
		}
	}
	if len(errs) > 0 {
		n := report(stderr, *site, "", errs)
		fmt.Fprintf(stderr, "check failed: %d errors\n", n)
		return errReported
	}
	events := 0
	for _, b := range m.Briefings {
		events += len(b.Events)
	}
	fmt.Fprintf(stdout, "ok: %d briefings, %d actors, %d events, %d warnings\n", len(m.Briefings), len(m.Actors), events, nWarnings)
	return nil
}
