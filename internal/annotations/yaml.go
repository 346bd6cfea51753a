package annotations

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/briefing-dev/briefing/internal/diag"
)

// doc is one YAML document being decoded strictly: every problem is added
// to errs with its position, shifted by lineOffset lines (front matter
// starts below its opening "---").
type doc struct {
	file       string
	lineOffset int
	errs       *diag.List
}

func (d *doc) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.lineOffset, Col: n.Column}
}

func (d *doc) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Add(d.pos(n), format, args...)
}

// parse decodes src into a node tree, reporting a syntax error at its line.
func (d *doc) parse(src []byte) *yaml.Node {
	root, err := d.tryParse(src)
	if err != nil {
		d.syntaxError(src, err)
		return nil
	}
	return root
}

// tryParse decodes src, returning go-yaml's error as it is.
func (d *doc) tryParse(src []byte) (*yaml.Node, error) {
	if n, ok := parseBlockYAML(src); ok {
		return n, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	return root.Content[0], nil
}

// syntaxError reports why src is not YAML: where the mistake is and what
// it is in plain words when diagnoseYAML recognises it, else go-yaml's
// line and message with a plain gloss.
func (d *doc) syntaxError(src []byte, err error) {
	if p, ok := diagnoseYAML(src); ok {
		d.errs.Add(diag.Pos{File: d.file, Line: p.line + d.lineOffset, Col: p.col}, "invalid YAML: %s", p.msg)
		return
	}
	line, msg := diag.YAMLLine(err)
	d.errs.Add(diag.Pos{File: d.file, Line: line + d.lineOffset}, "invalid YAML: %w", errors.New(plainYAMLError(msg)))
}

// fields walks a mapping node, calling set for each key it knows and
// reporting unknown and repeated keys.
func (d *doc) fields(n *yaml.Node, what string, set map[string]func(v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of keys to values, not %s", what, kindName(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := set[k.Value]
		switch {
		case !ok:
			d.errorf(k, "unknown key %q in %s (known: %s)", k.Value, what, knownKeys(set))
		case seen[k.Value]:
			d.errorf(k, "key %q repeated in %s", k.Value, what)
		default:
			seen[k.Value] = true
			f(v)
		}
	}
	return true
}

func knownKeys(set map[string]func(*yaml.Node)) string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// str stores a scalar's text in dst.
func (d *doc) str(dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, "expected text, found %s", kindName(n))
			return
		}
		*dst = n.Value
	}
}

// strs stores a list of scalars in dst; with pos, their positions too.
func (d *doc) strs(dst *[]string, pos *[]diag.Pos) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "expected a list, found %s", kindName(n))
			return
		}
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				d.errorf(item, "expected text, found %s", kindName(item))
				continue
			}
			*dst = append(*dst, item.Value)
			if pos != nil {
				*pos = append(*pos, d.pos(item))
			}
		}
	}
}

func (d *doc) boolean(dst *bool) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "expected true or false, found %s", kindName(n))
			return
		}
		*dst = n.Value == "true"
	}
}

// list calls item for each element of a sequence node.
func (d *doc) list(what string, item func(*yaml.Node)) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s must be a list, found %s", what, kindName(n))
			return
		}
		for _, c := range n.Content {
			item(c)
		}
	}
}
