package write

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestRealMountPoint builds twice into a tmpfs mounted on the output, as a
// container volume would be, where renaming the output itself fails. It
// needs the right to mount (root in a container that allows it) and is
// skipped elsewhere.
func TestRealMountPoint(t *testing.T) {
	top := t.TempDir()
	out := filepath.Join(top, "volume")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", out, "tmpfs", 0, "size=16m"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	defer unix.Unmount(out, unix.MNT_DETACH)
	if !isMountPoint(out) {
		t.Fatal("isMountPoint does not see the tmpfs")
	}
	siteDir := filepath.Join(top, "site")
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "one", "a/b.html": "b"})
	publish(t, Target{Out: out, Site: siteDir}, map[string]string{"index.html": "two", "c.html": "c"})
	if got := snapshot(t, out); got["a/b.html"] != "" {
		t.Errorf("a stale file survived: %v", got)
	}
	if entries, _ := os.ReadDir(top); len(entries) != 1 {
		t.Errorf("beside the volume: %v", entries)
	}
}
