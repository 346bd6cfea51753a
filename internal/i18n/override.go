package i18n

import (
	"errors"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/briefing-dev/briefing/internal/diag"
)

// OverrideFile is where a site replaces interface strings: a YAML mapping
// of keys to texts, for the site's language.
//
//	nav.timeline: Frise
//	date.day: "{day} {month} {year}"
const OverrideFile = "content/strings.yaml"

// Overrides are a site's own strings. The zero value has none.
type Overrides struct {
	entries map[Key]override
}

type override struct {
	text string
	pos  diag.Pos
}

// covers counts the keys the overrides give.
func (o Overrides) covers() int { return len(o.entries) }

// retired are the interface strings of parts of pages that are gone, with
// what took their place: a site's file that still names one loads, with a
// warning, rather than failing.
var retired = map[Key]string{
	"chart.story.title": "the actor list is the picture of a briefing's actors now",
	"chart.story.desc":  "the actor list is the picture of a briefing's actors now; see briefing.actors.desc",
	"timeline.in":       "a month page gives a passage's briefing title after it, as a citation, with no words around it",
}

// ParseOverrides reads a site's override file strictly: every problem is
// an error at its line and column, all of them at once. A key that is not
// an interface string, a value that is not a string and a placeholder the
// key does not take are errors; a placeholder the string leaves out is a
// warning, as the reader then loses that part.
func ParseOverrides(file string, src []byte) (ov Overrides, warnings, errs diag.List) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		line, msg := diag.YAMLLine(err)
		errs.Add(diag.Pos{File: file, Line: line}, "invalid YAML: %w", errors.New(msg))
		return Overrides{}, nil, errs
	}
	if len(root.Content) == 0 {
		return Overrides{}, nil, nil
	}
	pos := func(n *yaml.Node) diag.Pos { return diag.Pos{File: file, Line: n.Line, Col: n.Column} }
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		errs.Add(pos(doc), "%s must be a mapping of string keys to texts (nav.timeline: Timeline)", file)
		return Overrides{}, nil, errs
	}
	ov.entries = make(map[Key]override)
	for i := 0; i+1 < len(doc.Content); i += 2 {
		kn, vn := doc.Content[i], doc.Content[i+1]
		if kn.Kind != yaml.ScalarNode {
			errs.Add(pos(kn), "a key must be a string such as nav.timeline")
			continue
		}
		key := Key(kn.Value)
		ref, known := english[key]
		if why, ok := retired[key]; ok && !known {
			warnings.Warn(pos(kn), "interface string %q is no longer shown (%s); ignored", kn.Value, why)
			continue
		}
		if !known {
			errs.Add(pos(kn), "unknown interface string %q%s", kn.Value, didYouMean(kn.Value))
			continue
		}
		if prev, dup := ov.entries[key]; dup {
			errs.Add(pos(kn), "%q is given twice (first at line %d)", kn.Value, prev.pos.Line)
			continue
		}
		if vn.Kind != yaml.ScalarNode || vn.Tag != "!!str" {
			errs.Add(pos(vn), "the text of %q must be a string; quote it", kn.Value)
			continue
		}
		allowed := placeholders(ref)
		if strings.HasPrefix(string(key), "date.") {
			allowed = datePlaceholders
		}
		bad := false
		for _, p := range placeholders(vn.Value) {
			if !contains(allowed, p) {
				errs.Add(pos(vn), "%q takes no placeholder {%s}; it takes %s", kn.Value, p, braceList(allowed))
				bad = true
			}
		}
		if bad {
			continue
		}
		if !strings.HasPrefix(string(key), "date.") {
			for _, p := range placeholders(ref) {
				// "One briefing" may well spell out its {n}.
				if p == "n" && strings.HasSuffix(string(key), ".one") {
					continue
				}
				if !contains(placeholders(vn.Value), p) {
					warnings.Warn(pos(vn), "%q leaves out {%s}: readers will not see it", kn.Value, p)
				}
			}
		}
		ov.entries[key] = override{text: vn.Value, pos: pos(kn)}
	}
	return ov, warnings, errs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func braceList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "{" + n + "}"
	}
	return strings.Join(parts, " ")
}

// didYouMean names the known key nearest to s, when one is near.
func didYouMean(s string) string {
	keys := Keys()
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = string(k)
	}
	return diag.DidYouMean(s, names)
}
