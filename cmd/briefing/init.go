package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/templates"
)

// starter is the content of a new site: enough to build, and to show each
// input format once.
var starter = map[string]string{
	"content/site.yaml": `title: My briefings
description: Annotated news briefings.
base_url: https://example.org/briefings/
language: en
author: Your Name
`,
	"content/actors/actors.yaml": `# Each file here is a YAML list of actors. The keys:
#   id           a slug: lower-case letters and digits joined by hyphens; the page's name
#   name         the display name, always matched in seeds (case-sensitive, whole words)
#   kind         person, organization, country, place or group
#   aliases      other forms to match: [Lovelace, "Countess of Lovelace"]
#   short        persons only: the short form (default: the last word of the name)
#   description  Markdown, shown on the actor's page
#   wikidata     optional, such as Q7259
# "briefing suggest -write seeds/FILE" proposes entries for a new article.
- id: ada-lovelace
  name: Ada Lovelace
  kind: person
  description: Mathematician, and the first to publish an algorithm for a machine.
- id: london
  name: London
  kind: place
`,
	"seeds/2024-03-05-example.txt": ` date 2024-03-05 Ada Lovelace spoke in London on Monday about the engine.

Lovelace said the next day that the work would continue.
`,
	"templates/README.md": `# Templates

The built-in templates are part of the briefing binary, so that fixes to
them reach this site with every new version. To change one page kind, put a
file of the same name here: it replaces the built-in one, and the others
stay built in. Start from the built-in file:

    briefing templates              # lists them
    briefing templates tag.html > templates/tag.html

base.html holds the frame of every page; each other file defines "main"
for one kind of page. "go doc github.com/briefing-dev/briefing/internal/render
Page" lists what a template receives. "briefing check" runs every template
against the site and reports errors at templates/NAME.html:line:col.

Files in static/ likewise replace the built-in assets of the same path.
`,
	"content/briefings/2024-03-05-example.md": `---
seed: 2024-03-05-example.txt
title: Lovelace speaks about the engine
summary: A first briefing, to show the format.
tags: [example]
actors: [ada-lovelace]
events:
  - quote: "spoke in London on Monday"
    title: Lovelace speaks in London
notes:
  - quote: "the engine"
    text: The Analytical Engine.
---
Your commentary, in Markdown.
`,
}

func runInit(args []string, stdout, stderr io.Writer) error {
	fl := flags("init", "DIR",
		"Init creates a new site in DIR (which must be empty or absent): settings,\n"+
			"an actor file, a seed and its briefing, to edit or replace. The templates\n"+
			"and assets stay built in, so that new versions of briefing improve the\n"+
			"site; templates/README.md says how to override one, and \"briefing\n"+
			"templates NAME\" prints a built-in template to start from.", stderr)
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return errUsage
	}
	dir := fl.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	names := make([]string, 0, len(starter))
	for name := range starter {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(starter[name]), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created %s: run \"briefing build -site %s\" and open %s\n", dir, dir, filepath.Join(dir, "public", "index.html"))
	return nil
}

func runTemplates(args []string, stdout, stderr io.Writer) error {
	fl := flags("templates", "[NAME]",
		"Templates lists the built-in templates, or prints the one called NAME\n"+
			"(with or without .html), to copy into a site's templates/ and edit.", stderr)
	if err := parse(fl, args); err != nil {
		return err
	}
	entries, err := fs.ReadDir(templates.FS, ".")
	if err != nil {
		return err
	}
	var list []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html") {
			list = append(list, e.Name())
		}
	}
	switch fl.NArg() {
	case 0:
		for _, name := range list {
			fmt.Fprintln(stdout, name)
		}
		return nil
	case 1:
		name := fl.Arg(0)
		if !strings.HasSuffix(name, ".html") {
			name += ".html"
		}
		data, err := fs.ReadFile(templates.FS, path.Clean(name))
		if err != nil || strings.Contains(name, "/") {
			return fmt.Errorf("no built-in template %q; there are %s", fl.Arg(0), strings.Join(list, ", "))
		}
		_, err = stdout.Write(data)
		return err
	}
	fl.Usage()
	return errUsage
}
