package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render"
	"github.com/briefing-dev/briefing/internal/seeds"
	"github.com/briefing-dev/briefing/templates"
)

// loadSeeds parses every seeds/*.txt of the site.
func loadSeeds(site fs.FS) (map[string]*seeds.Seed, diag.List) {
	var errs diag.List
	names, _ := fs.Glob(site, "seeds/*.txt")
	sort.Strings(names)
	out := map[string]*seeds.Seed{}
	for _, name := range names {
		data, err := fs.ReadFile(site, name)
		if err != nil {
			errs.Add(diag.Pos{File: name}, "%w", err)
			continue
		}
		s, perrs := seeds.Parse(name, data)
		errs = append(errs, perrs...)
		if s != nil {
			out[path.Base(name)] = s
		}
	}
	return out, errs
}

// loadModel runs the stages up to the site model: seeds and annotations
// are read and checked together, so one run reports every error.
func loadModel(site fs.FS, opts model.Options, baseURL string) (*model.Site, diag.List, diag.List) {
	content, errs := annotations.Load(site)
	seedFiles, serrs := loadSeeds(site)
	errs = append(errs, serrs...)
	if baseURL != "" {
		content.Config.BaseURL = baseURL
	}
	m, warnings, merrs := model.Build(content, seedFiles, opts)
	errs = append(errs, merrs...)
	if len(errs) > 0 {
		return nil, warnings, errs
	}
	return m, warnings, nil
}

// loadTemplates reads the built-in templates with the site's overrides.
func loadTemplates(dir string) (*render.Templates, error) {
	return render.LoadTemplates(templates.FS, os.DirFS(filepath.Join(dir, "templates")))
}

// renderSite runs every stage but the write, for build, serve and tests.
func renderSite(dir string, opts model.Options, baseURL string) ([]render.File, *model.Site, diag.List, error) {
	m, warnings, errs := loadModel(os.DirFS(dir), opts, baseURL)
	if errs != nil {
		return nil, nil, warnings, errs
	}
	t, err := loadTemplates(dir)
	if err != nil {
		return nil, nil, warnings, err
	}
	files, err := render.Site(m, t)
	return files, m, warnings, err
}

func countPages(files []render.File) int {
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			n++
		}
	}
	return n
}
