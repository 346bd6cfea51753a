package layers

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/briefing-dev/briefing/"

// allowed lists, for each package of the module, the packages of the
// module that its non-test files may import. A package not listed may
// import the leaves alone, as a new helper package would; one that needs
// more comes with its rule.
var allowed = map[string][]string{
	"internal/actorkind":        nil,
	"internal/calendar":         nil,
	"internal/diag":             nil,
	"internal/cachefile":        {"internal/pages"},
	"internal/pages":            nil,
	"internal/parallel":         nil,
	"internal/render/htmlw":     nil,
	"internal/write":            {"internal/parallel"},
	"internal/layers":           nil,
	"internal/browsertest":      nil,
	"static":                    nil,
	"templates":                 nil,
	"internal/seeds":            {"internal/diag", "internal/parallel"},
	"internal/sitefs":           {"internal/diag", "internal/cachefile"},
	"internal/i18n":             {"internal/diag"},
	"internal/charts":           {"internal/i18n"},
	"internal/names":            {"internal/actorkind"},
	"internal/suggest":          {"internal/actorkind", "internal/annotations", "internal/extract", "internal/names"},
	"internal/annotations":      {"internal/actorkind", "internal/cachefile", "internal/calendar", "internal/diag", "internal/parallel"},
	"internal/extract":          {"internal/actorkind"},
	"internal/model":            {"internal/actorkind", "internal/annotations", "internal/cachefile", "internal/calendar", "internal/diag", "internal/extract", "internal/i18n", "internal/parallel", "internal/seeds"},
	"internal/render/highlight": {"internal/render/htmlw"},
	"internal/render/feeds":     {"internal/model"},
	"internal/render/export":    {"internal/actorkind", "internal/cachefile", "internal/model", "internal/parallel", "internal/render/highlight"},
	"internal/render": {
		"internal/actorkind", "internal/cachefile", "internal/calendar", "internal/charts", "internal/diag", "internal/i18n", "internal/model", "internal/parallel", "internal/seeds",
		"internal/render/export", "internal/render/feeds", "internal/render/highlight", "internal/render/htmlw",
		"templates", // the built-in templates, whose pages it writes in Go
	},
	"cmd/briefing":   {anything}, // it ties the stages together
	"cmd/gen-corpus": {"internal/corpus"},
	"cmd/site-stats": {"internal/sitestats"},
}

// anything allows every package of the module.
const anything = "*"

// leaves are the packages that import nothing of the module: what a
// package without a rule may import.
var leaves = []string{"internal/actorkind", "internal/calendar", "internal/diag", "internal/pages", "internal/parallel", "internal/render/htmlw"}

func TestImports(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		rules, ok := allowed[rel]
		if !ok {
			rules = leaves
		}
		for _, imp := range pkg.Imports {
			own, ok := strings.CutPrefix(imp, module)
			if ok && !slices.Contains(rules, own) && !slices.Contains(rules, anything) {
				t.Errorf("%s imports %s, which ARCHITECTURE.md does not allow (rules in allowed)", rel, own)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for p := range allowed {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("rules for packages that do not exist: %v", missing)
	}
}
