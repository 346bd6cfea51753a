package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/render/export"
)

var update = flag.Bool("update", false, "rewrite golden files and scripts with the current output")

// TestGolden builds each site in testdata/golden/*.txtar. An archive holds
// the site's input files under site/ and every file the build writes under
// public/ (the copied static assets aside; a .gz file decompressed); go
// test -update rewrites the public/ part from the current output.
func TestGolden(t *testing.T) {
	archives, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no golden archives")
	}
	for _, name := range archives {
		t.Run(filepath.Base(name), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			want := map[string][]byte{}
			var input []txtar.File
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "site/"):
					input = append(input, f)
					p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(f.Name, "site/")))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				case strings.HasPrefix(f.Name, "public/"):
					want[strings.TrimPrefix(f.Name, "public/")] = f.Data
				default:
					t.Fatalf("file %s is neither under site/ nor under public/", f.Name)
				}
			}
			out := &memoryOutput{}
			if _, _, err = renderSite(mustOpenSite(t, dir), model.Options{}, "", out, nil); err != nil {
				t.Fatal(err)
			}
			files := out.files
			for i, f := range files {
				switch {
				case strings.HasSuffix(f.Name, ".gz"):
					files[i].Data = gunzip(t, f.Name, f.Data)
				case strings.HasPrefix(f.Name, "assets/search/f/"):
					files[i].Data = unpackTexts(t, f.Name, f.Data)
				}
			}
			sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
			if *update {
				ar.Files = input
				for _, f := range files {
					ar.Files = append(ar.Files, txtar.File{Name: "public/" + f.Name, Data: f.Data})
				}
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, f := range files {
				w, ok := want[f.Name]
				if !ok {
					t.Errorf("unexpected output file %s", f.Name)
					continue
				}
				delete(want, f.Name)
				if !bytes.Equal(f.Data, w) {
					t.Errorf("%s differs from the golden file:\n%s", f.Name, firstDiff(w, f.Data))
				}
			}
			for p := range want {
				t.Errorf("missing output file %s", p)
			}
		})
	}
}

// gunzip decompresses a .gz file of the output, which the archives hold
// decompressed so that a diff shows what changed; a gzip header that names
// a file or a time would make two builds differ, and fails.
func gunzip(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("%s: gzip header names %q and %v", name, zr.Name, zr.ModTime)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// unpackTexts shows a packed shard of search texts (gzip in base64) as
// its texts in JSON, so that a diff shows what changed.
func unpackTexts(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	script := string(data)
	open, end := strings.Index(script, `,"`), strings.LastIndex(script, `");`)
	if open < 0 || end <= open {
		t.Fatalf("%s: not a packed search shard: %.80s", name, script)
	}
	texts, err := export.UnpackFragments(script[open+2 : end])
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(script[:open+1]+"unpacked:"), append(out, ')', ';', '\n')...)
}

// memoryOutput keeps rendered files in memory.
type memoryOutput struct {
	mu    sync.Mutex
	files []txtar.File
}

func (m *memoryOutput) WriteFile(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files = append(m.files, txtar.File{Name: p, Data: bytes.Clone(data)})
	return nil
}

type memoryFile struct {
	bytes.Buffer
	name string
	out  *memoryOutput
}

func (f *memoryFile) Close() error { return f.out.WriteFile(f.name, f.Bytes()) }

func (m *memoryOutput) Create(p string) (io.WriteCloser, error) {
	return &memoryFile{name: p, out: m}, nil
}

// firstDiff shows the first differing line, which is usually enough to see
// what changed; run with -update and read git diff for the rest.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return "(same lines, different bytes)"
}
