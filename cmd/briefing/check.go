package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
)

func runCheck(args []string, stdout, stderr io.Writer) error {
	fl := flags("check", "[-site DIR]",
		"Check reads and validates the whole site, drafts included: settings,\n"+
			"actors, briefings, seeds, quotes and templates. It prints every\n"+
			"error and warning and writes nothing.", stderr)
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
	if _, terr := loadTemplates(*site); terr != nil {
		var list diag.List
		if !errors.As(terr, &list) {
			list.AddErr(diag.Pos{File: "templates"}, terr)
		}
		errs = append(errs, list...)
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
	fmt.Fprintf(stdout, "ok: %d briefings, %d actors, %d events, %d warnings\n", len(m.Briefings), len(m.Actors), events, len(warnings))
	return nil
}
