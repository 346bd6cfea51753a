package browsertest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

type nuMessage struct {
	Type      string `json:"type"`
	SubType   string `json:"subType"`
	URL       string `json:"url"`
	LastLine  int    `json:"lastLine"`
	FirstCol  int    `json:"firstColumn"`
	LastCol   int    `json:"lastColumn"`
	Message   string `json:"message"`
	Extract   string `json:"extract"`
	FirstLine int    `json:"firstLine"`
}

func TestNuChecker(t *testing.T) {
	heavy(t)
	root := site(t)
	java, err := exec.LookPath("java")
	if err != nil {
		missingTool(t, "java not found")
	}
	jar := toolFile(t, "node_modules/vnu-jar/build/dist/vnu.jar")

	files := htmlFiles(t, root)
	args := []string{"-jar", jar, "--errors-only", "--format", "json"}
	for _, f := range files {
		args = append(args, filepath.Join(root, filepath.FromSlash(f)))
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(java, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exit status 1 when there are errors; the JSON says which

	var out struct {
		Messages []nuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		t.Fatalf("vnu.jar: %v; cannot read its JSON (%v):\nstdout: %s\nstderr: %s", runErr, err, stdout.String(), stderr.String())
	}
	errs := 0
	for _, m := range out.Messages {
		if m.Type != "error" && m.Type != "non-document-error" && m.SubType != "fatal" {
			continue
		}
		errs++
		name := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(root, u.Path); err == nil {
				name = filepath.ToSlash(rel)
			}
		}
		line := m.LastLine
		if m.FirstLine > 0 {
			line = m.FirstLine
		}
		extract := strings.Join(strings.Fields(m.Extract), " ")
		t.Errorf("%s:%d:%d: %s [%s]", name, line, m.FirstCol, m.Message, extract)
	}
	if errs == 0 && runErr != nil {
		t.Fatalf("vnu.jar failed without reporting an error: %v\n%s", runErr, stderr.String())
	}
	t.Logf("Nu checker: %d pages, %d errors", len(files), errs)
	if errs > 0 {
		t.Errorf("%d Nu checker errors in %d pages", errs, len(files))
	}
}
