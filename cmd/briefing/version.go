package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

func runVersion(args []string, stdout, stderr io.Writer) error {
	fl := flags("version", "",
		"Version prints the version of briefing, the commit it was built from\n"+
			"when known, and the Go release and platform it was built with.", stderr)
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errUsage
	}
	fmt.Fprintln(stdout, versionLine())
	return nil
}

// versionLine is "briefing v1.2.3 go1.26.8 linux/amd64": the module's
// version as go install recorded it, or "(devel)" for a build from a
// checkout, with the commit when the build recorded one.
func versionLine() string {
	version, commit := "(devel)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if v := info.Main.Version; v != "" {
			version = v
		}
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if commit != "" && modified {
			commit += "+modified"
		}
	}
	line := "briefing " + version
	if commit != "" {
		line += " " + commit
	}
	return fmt.Sprintf("%s %s %s/%s", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
