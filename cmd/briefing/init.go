package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/briefing-dev/briefing/static"
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
	"content/actors/actors.yaml": `# Each file here is a YAML list of actors. Keys: id (a slug), name, kind
# (person | organization | country | place | group), aliases, short (persons
# only), description (Markdown), wikidata (an item id such as Q42).
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
		"Init creates a new site in DIR (which must be empty or absent) with an\n"+
			"example briefing and copies of the built-in templates and static files\n"+
			"to edit.", stderr)
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
	files := map[string][]byte{}
	for name, text := range starter {
		files[name] = []byte(text)
	}
	for prefix, tree := range map[string]fs.FS{"templates": templates.FS, "static": static.FS} {
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
				return err
			}
			data, err := fs.ReadFile(tree, p)
			files[path.Join(prefix, p)] = data
			return err
		})
		if err != nil {
			return err
		}
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created %s: run \"briefing build -site %s\" and open public/index.html\n", dir, dir)
	return nil
}
