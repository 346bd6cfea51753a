//go:build unix

package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
)

// digest hashes every file under dir, by slash path.
func digest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	got := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func same(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, h := range a {
		if b[p] != h {
			return false
		}
	}
	return true
}

// TestInterruptedBuilds kills builds at random moments, with SIGINT,
// SIGTERM and SIGKILL, alternating between two versions of a site. After
// each, the output must be exactly the old site or exactly the new one;
// after an interrupt no working copy may be left, and after a kill the
// next build must remove it. BRIEFING_KILL_N and BRIEFING_KILL_RUNS make
// it larger (the check is 2,000 briefings and 20 runs).
func TestInterruptedBuilds(t *testing.T) {
	n, runs := 150, 6
	if v, err := strconv.Atoi(os.Getenv("BRIEFING_KILL_N")); err == nil {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("BRIEFING_KILL_RUNS")); err == nil {
		runs = v
	}
	if testing.Short() {
		runs = 2
	}
	top := t.TempDir()
	dir := filepath.Join(top, "site")
	writeCorpus(t, dir, n)
	out := filepath.Join(top, "public")
	siteYAML := filepath.Join(dir, "content", "site.yaml")
	version := func(v int) {
		if err := os.WriteFile(siteYAML, []byte(fmt.Sprintf("title: Version %d\nbase_url: https://example.org/b/\n", v)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func() time.Duration {
		start := time.Now()
		if _, _, _, _, err := buildSite(write.Target{Out: out, Site: dir}, model.Options{}, "", nil); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	var outputs [2]map[string][32]byte
	var took time.Duration
	for v := range 2 {
		version(v)
		took = build()
		outputs[v] = digest(t, out)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), uint64(runs)))
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL}
	counts := map[string]int{}
	holds := 1 // the version the output holds
	for run := range runs {
		next := 1 - holds
		version(next)
		before := strayCopies(t, top)
		sig := signals[run%len(signals)]
		cmd := exec.Command(exe, "build", "-site", dir, "-out", out)
		cmd.Env = append(os.Environ(), childEnv+"=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Up to three times an in-process build: a child process is slower,
		// and some runs should finish.
		time.Sleep(time.Duration(rng.Int64N(int64(3 * took))))
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		got := digest(t, out)
		switch {
		case same(got, outputs[holds]):
			counts["old output kept"]++
			if err == nil {
				t.Errorf("run %d (%v): the build exited 0 but the output is the old one", run, sig)
			}
		case same(got, outputs[next]):
			counts["new output"]++
			holds = next
		default:
			t.Fatalf("run %d (%v): the output is neither the old site nor the new one (%d files); stderr:\n%s", run, sig, len(got), stderr.String())
		}
		// A build stopped before it reaches the output has not yet removed
		// what an earlier SIGKILL left; it must not add its own.
		strays := strayCopies(t, top)
		if added := without(strays, before); sig != syscall.SIGKILL && len(added) > 0 {
			t.Errorf("run %d (%v): working copies left: %v; stderr:\n%s", run, sig, added, stderr.String())
		}
		if len(strays) > 0 {
			counts["left a copy (SIGKILL)"]++
		}
		counts[sig.String()]++
	}
	// One more build removes what SIGKILL left.
	build()
	if strays := strayCopies(t, top); len(strays) > 0 {
		t.Errorf("after a clean build, working copies are left: %v", strays)
	}
	t.Logf("%d briefings, %d runs: %v", n, runs, counts)
}

// strayCopies lists what lies beside the output other than the site, the
// output and its spare (the previous output, kept whole with its manifest
// for the next build).
func strayCopies(t *testing.T, top string) []string {
	entries, err := os.ReadDir(top)
	if err != nil {
		t.Fatal(err)
	}
	var strays []string
	for _, e := range entries {
		switch e.Name() {
		case "site", "public":
		case ".public.spare":
			if _, err := os.Stat(filepath.Join(top, e.Name(), write.ManifestName)); err != nil {
				strays = append(strays, e.Name()+" (without its manifest)")
			}
		default:
			strays = append(strays, e.Name())
		}
	}
	return strays
}

// without returns the names in a that are not in b.
func without(a, b []string) []string {
	var rest []string
	for _, name := range a {
		if !slices.Contains(b, name) {
			rest = append(rest, name)
		}
	}
	return rest
}

// TestServeCleansUp starts serve, checks that it refuses a foreign Host,
// stops it with SIGTERM and SIGINT, and checks that its temporary
// directory goes with it, and that one left by a killed serve goes too.
func TestServeCleansUp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	writeCorpus(t, dir, 3)
	tmp := t.TempDir()
	stale := filepath.Join(tmp, "briefing-serve-12345")
	if err := os.MkdirAll(filepath.Join(stale, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command(exe, "serve", "-site", dir, "-addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), childEnv+"=1", "TMPDIR="+tmp)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line := make([]byte, 200)
		n, _ := stdout.Read(line)
		addr := strings.TrimSuffix(strings.TrimPrefix(strings.Fields(string(line[:n]))[3], "http://"), "/index.html")
		entries, _ := os.ReadDir(tmp)
		if len(entries) != 1 || entries[0].Name() == filepath.Base(stale) {
			t.Errorf("while serving, the temporary directory holds %v, want one new briefing-serve-*", entries)
		}
		for host, want := range map[string]int{addr: 200, "localhost": 200, "rebind.example": 403} {
			req, _ := http.NewRequest("GET", "http://"+addr+"/index.html", nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("Host %q: status %d, want %d", host, resp.StatusCode, want)
			}
		}
		cmd.Process.Signal(sig)
		if err := cmd.Wait(); err == nil {
			t.Errorf("serve exited 0 after %v", sig)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("after %v, the temporary directory holds %v", sig, entries)
		}
	}
}
