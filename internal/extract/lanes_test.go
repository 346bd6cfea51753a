package extract

import (
	"encoding/binary"
	"testing"
)

// The tests of eight bytes at once must agree with the tables, one byte at
// a time, for every byte in every lane and its neighbours.

// laneBytes are the bytes next to which each byte value is tried: the
// edges of the ranges the tests compare with, and bytes of both kinds.
var laneBytes = []byte{0, '\n', ' ', '!', '"', '\'', '-', '/', '0', '9', ':', '@', 'A', 'Z', '[',
	'_', '`', 'a', 'z', '{', 0x7F, 0x80, 0xA0, 0xC3, 0xE2, 0xFF}

// eachLaneCase calls f with nine bytes: each byte value at each position,
// among copies of each of laneBytes.
func eachLaneCase(f func(b []byte)) {
	b := make([]byte, 9)
	for c := range 256 {
		for pos := range b {
			for _, fill := range laneBytes {
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				f(b)
				for i := range pos {
					b[i] = 'k'
				}
				f(b)
			}
		}
	}
}

func TestASCIIWordBytes(t *testing.T) {
	eachLaneCase(func(b []byte) {
		want := 0
		for want < 8 && asciiClass[b[want]] == classWord {
			want++
		}
		if got := asciiWordBytes(binary.LittleEndian.Uint64(b)); got != want {
			t.Fatalf("asciiWordBytes(%q) = %d, want %d", b[:8], got, want)
		}
	})
}

func TestPlainBytes(t *testing.T) {
	eachLaneCase(func(b []byte) {
		want := 0
		for want < 8 {
			c := b[want]
			if !foldsToItself[c] && (c != ' ' || !foldsToItself[b[want+1]]) {
				break
			}
			want++
		}
		if got := plainBytes(binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[1:])); got != want {
			t.Fatalf("plainBytes(%q) = %d, want %d", b, got, want)
		}
	})
}
