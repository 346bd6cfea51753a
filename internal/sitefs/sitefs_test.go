//go:build unix

package sitefs

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// site makes a site directory with one entry of every kind the FS must
// show or hide, and a secret outside it.
func site(t *testing.T) (dir, secret string) {
	t.Helper()
	top := t.TempDir()
	secret = filepath.Join(top, "secret.txt")
	must(t, os.WriteFile(secret, []byte("TOKEN=hunter2"), 0o600))
	dir = filepath.Join(top, "site")
	must(t, os.MkdirAll(filepath.Join(dir, "static", "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "static", "plain.txt"), []byte("plain"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "static", "sub", "deep.txt"), []byte("deep"), 0o644))
	must(t, os.Symlink("plain.txt", filepath.Join(dir, "static", "inside.txt")))
	must(t, os.Symlink(secret, filepath.Join(dir, "static", "outside.txt")))
	must(t, os.Symlink("/proc/self/environ", filepath.Join(dir, "static", "env.txt")))
	must(t, os.Symlink("/dev/zero", filepath.Join(dir, "static", "zero.txt")))
	must(t, os.Symlink("../../secret.txt", filepath.Join(dir, "static", "relative.txt")))
	must(t, os.Symlink("missing.txt", filepath.Join(dir, "static", "dangling.txt")))
	must(t, os.Symlink("sub", filepath.Join(dir, "static", "dirlink")))
	must(t, os.Symlink("..", filepath.Join(dir, "static", "loop")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "static", "fifo.txt"), 0o644))
	// A socket's path must be short; listen in a short directory and move it in.
	sockDir, err := os.MkdirTemp("", "s")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	ln, err := net.Listen("unix", filepath.Join(sockDir, "s"))
	must(t, err)
	t.Cleanup(func() { ln.Close() })
	must(t, os.Rename(filepath.Join(sockDir, "s"), filepath.Join(dir, "static", "sock")))
	return dir, secret
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadDirShowsOnlyRegularFilesInside(t *testing.T) {
	dir, _ := site(t)
	f, err := New(dir)
	must(t, err)
	var got []string
	done := make(chan error, 1)
	go func() {
		done <- fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				data, err := fs.ReadFile(f, p)
				if err != nil {
					return err
				}
				got = append(got, p+"="+string(data))
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		must(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("walking the site hung")
	}
	want := "static/inside.txt=plain static/plain.txt=plain static/sub/deep.txt=deep"
	if strings.Join(got, " ") != want {
		t.Errorf("walk read\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	var warned []string
	for _, w := range f.Skipped() {
		warned = append(warned, w.Error())
	}
	wantWarn := map[string]string{
		"static/dangling.txt": "resolves nowhere",
		"static/dirlink":      "symbolic link to a directory",
		"static/env.txt":      "outside the site",
		"static/fifo.txt":     "named pipe",
		"static/loop":         "symbolic link to a directory",
		"static/outside.txt":  "outside the site",
		"static/relative.txt": "outside the site",
		"static/sock":         "socket",
		"static/zero.txt":     "outside the site",
	}
	if len(warned) != len(wantWarn) {
		t.Errorf("got %d warnings, want %d:\n%s", len(warned), len(wantWarn), strings.Join(warned, "\n"))
	}
	for _, w := range warned {
		name, _, _ := strings.Cut(w, ":")
		if want, ok := wantWarn[name]; !ok || !strings.Contains(w, want) || !strings.HasSuffix(w, "not read and not published") {
			t.Errorf("warning %q: want it to name %s and say %q", w, name, want)
		}
	}
}

func TestOpenRefusesWhatReadDirHides(t *testing.T) {
	dir, secret := site(t)
	f, err := New(dir)
	must(t, err)
	for _, name := range []string{"static/outside.txt", "static/env.txt", "static/zero.txt", "static/fifo.txt",
		"static/sock", "static/relative.txt", "static/dangling.txt", "static/dirlink/deep.txt", "static/loop/static/plain.txt"} {
		done := make(chan error, 1)
		go func() { _, err := f.ReadFile(name); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("ReadFile(%q) succeeded", name)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%q) hung", name)
		}
		if _, err := f.Open(name); err == nil {
			t.Errorf("Open(%q) succeeded", name)
		}
	}
	for _, name := range []string{"../secret.txt", "/etc/passwd", "static/../../secret.txt", ""} {
		if _, err := f.ReadFile(name); err == nil {
			t.Errorf("ReadFile(%q) succeeded", name)
		}
	}
	if data, err := f.ReadFile("static/inside.txt"); err != nil || string(data) != "plain" {
		t.Errorf("ReadFile(inside.txt) = %q, %v", data, err)
	}
	_ = secret
}

func TestGlobAndSub(t *testing.T) {
	dir, _ := site(t)
	f, err := New(dir)
	must(t, err)
	names, err := fs.Glob(f, "static/*.txt")
	must(t, err)
	if got := strings.Join(names, " "); got != "static/inside.txt static/plain.txt" {
		t.Errorf("Glob = %s", got)
	}
	sub, err := fs.Sub(f, "static")
	must(t, err)
	if _, err := fs.ReadFile(sub, "outside.txt"); err == nil {
		t.Error("the static/ subtree read a link outside the site")
	}
	if data, err := fs.ReadFile(sub, "sub/deep.txt"); err != nil || string(data) != "deep" {
		t.Errorf("sub ReadFile = %q, %v", data, err)
	}
}

func TestSiteRootMayBeALink(t *testing.T) {
	dir, _ := site(t)
	link := filepath.Join(t.TempDir(), "link")
	must(t, os.Symlink(dir, link))
	f, err := New(link)
	must(t, err)
	if data, err := f.ReadFile("static/plain.txt"); err != nil || string(data) != "plain" {
		t.Errorf("ReadFile through a linked root = %q, %v", data, err)
	}
}

func TestReadRegularFile(t *testing.T) {
	dir, _ := site(t)
	if _, err := ReadRegularFile("/dev/zero"); err == nil {
		t.Error("read /dev/zero")
	}
	done := make(chan error, 1)
	go func() { _, err := ReadRegularFile(filepath.Join(dir, "static", "fifo.txt")); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("read a FIFO")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO hung")
	}
	if data, err := ReadRegularFile(filepath.Join(dir, "static", "inside.txt")); err != nil || string(data) != "plain" {
		t.Errorf("ReadRegularFile = %q, %v", data, err)
	}
}

// TestReadRegularSizes: the short way of reading a file gives every byte,
// whatever its size against the buffer, and refuses what is not a file.
func TestReadRegularSizes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 4097, 1 << 20} {
		name := filepath.Join(dir, "f")
		want := strings.Repeat("x", n)
		must(t, os.WriteFile(name, []byte(want), 0o644))
		if got, err := readRegular(name); err != nil || string(got) != want {
			t.Errorf("%d bytes: read %d, %v", n, len(got), err)
		}
	}
	if _, err := readRegular(dir); err == nil {
		t.Error("read a directory")
	}
	must(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))
	if _, err := readRegular(filepath.Join(dir, "fifo")); err == nil {
		t.Error("read a FIFO")
	}
	must(t, os.Symlink(filepath.Join(dir, "f"), filepath.Join(dir, "link")))
	if _, err := readRegular(filepath.Join(dir, "link")); err == nil {
		t.Error("followed a link")
	}
}
