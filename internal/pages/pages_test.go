package pages

import (
	"bytes"
	"testing"
)

// Back leaves what memory holds as it was, wherever a slice begins and
// ends.
func TestBackKeepsBytes(t *testing.T) {
	for _, tc := range []struct{ from, size int }{
		{0, 0}, {0, 100}, {1, 1 << 20}, {4095, 3 << 20}, {17, 1<<20 + 12345},
	} {
		mem := make([]byte, tc.from+tc.size+8192)
		for i := range mem {
			mem[i] = byte(i*31 + i>>8)
		}
		want := bytes.Clone(mem)
		Back(mem[tc.from : tc.from+tc.size])
		if !bytes.Equal(mem, want) {
			t.Errorf("from %d, %d bytes: memory changed", tc.from, tc.size)
		}
	}
}
