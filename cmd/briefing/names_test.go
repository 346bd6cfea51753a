package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"gopkg.in/yaml.v3"
)

// The thresholds that suggest -json must meet on the articles in
// testdata/names with an empty registry: the share of the actors a person
// would register that it finds, the share of its candidates that are real
// actors, and the share of those that have the right kind.
const (
	minRecall    = 0.90
	minPrecision = 0.75
	minKinds     = 0.80
)

// wantActor is an actor a person would register for the article; forms
// are the other names under which a candidate counts as this actor.
type wantActor struct {
	Name  string   `yaml:"name"`
	Kind  string   `yaml:"kind"`
	Forms []string `yaml:"forms"`
}

type gotCandidate struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Forms []struct {
		Text string `json:"text"`
	} `json:"forms"`
}

// TestSuggestNames runs suggest -json on news articles written for this
// test, each kept with the actors a person would register for it, and
// scores the candidates. A candidate is a found actor when its name or one
// of its forms is the actor's name or one of its forms; a second candidate
// for an actor already found counts against precision.
func TestSuggestNames(t *testing.T) {
	files, _ := filepath.Glob("testdata/names/*.txtar")
	if len(files) < 5 {
		t.Fatalf("%d articles in testdata/names, want at least 5", len(files))
	}
	empty := t.TempDir()
	var wanted, found, candidates, real, rightKind int
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var seed []byte
		var want []wantActor
		for _, f := range ar.Files {
			switch f.Name {
			case "seed.txt":
				seed = f.Data
			case "want.yaml":
				if err := yaml.Unmarshal(f.Data, &want); err != nil {
					t.Fatalf("%s: want.yaml: %v", file, err)
				}
			}
		}
		if seed == nil || len(want) == 0 {
			t.Fatalf("%s: want seed.txt and a non-empty want.yaml", file)
		}
		seedPath := filepath.Join(t.TempDir(), "seed.txt")
		if err := os.WriteFile(seedPath, seed, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"suggest", "-json", "-site", empty, seedPath}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: suggest -json exit %d: %s", file, code, stderr.String())
		}
		var got struct {
			Candidates []gotCandidate `json:"candidates"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v\n%s", file, err, stdout.String())
		}
		matched := make([]bool, len(want))
		for _, c := range got.Candidates {
			texts := []string{c.Name}
			for _, f := range c.Forms {
				texts = append(texts, f.Text)
			}
			hit := -1
			for i, w := range want {
				if !matched[i] && nameSet(w)[c.Name] {
					hit = i // the candidate's own name first
					break
				}
			}
			for i, w := range want {
				for _, tx := range texts {
					if hit < 0 && !matched[i] && nameSet(w)[tx] {
						hit = i
					}
				}
			}
			candidates++
			if hit < 0 {
				t.Logf("%s: not an actor, or found twice: %s (%s)", filepath.Base(file), c.Name, c.Kind)
				continue
			}
			matched[hit] = true
			real++
			if c.Kind == want[hit].Kind {
				rightKind++
			} else {
				t.Logf("%s: %s: kind %s, want %s", filepath.Base(file), c.Name, c.Kind, want[hit].Kind)
			}
		}
		for i, w := range want {
			wanted++
			if matched[i] {
				found++
			} else {
				t.Logf("%s: missed %s (%s)", filepath.Base(file), w.Name, w.Kind)
			}
		}
	}
	recall := float64(found) / float64(wanted)
	precision := float64(real) / float64(max(1, candidates))
	kinds := float64(rightKind) / float64(max(1, real))
	t.Logf("%d articles, %d actors to find, %d candidates: recall %.3f, precision %.3f, kind accuracy %.3f",
		len(files), wanted, candidates, recall, precision, kinds)
	if recall < minRecall || precision < minPrecision || kinds < minKinds {
		t.Errorf("recall %.3f (want ≥ %.2f), precision %.3f (want ≥ %.2f), kind accuracy %.3f (want ≥ %.2f)",
			recall, minRecall, precision, minPrecision, kinds, minKinds)
	}
}

func nameSet(w wantActor) map[string]bool {
	m := map[string]bool{strings.TrimSpace(w.Name): true}
	for _, f := range w.Forms {
		m[f] = true
	}
	return m
}
