package cachefile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var body []byte
	body = AppendString(body, "salt")
	body = AppendInt(body, 3)
	body = AppendSigned(body, -7)
	body = AppendString(body, "")
	var file bytes.Buffer
	if _, err := Write(&file, "h v1\n", body); err != nil {
		t.Fatal(err)
	}
	d, err := Open(file.Bytes(), "h v1\n")
	if err != nil {
		t.Fatal(err)
	}
	s, n, m, e := d.String(), d.Int(), d.Signed(), d.String()
	if err := d.Done(); err != nil || s != "salt" || n != 3 || m != -7 || e != "" {
		t.Fatalf("read %q %d %d %q, %v", s, n, m, e, err)
	}
}

// TestSharedStrings: strings read after ShareStrings are those read
// without, and Since gives an item's bytes as written, either way.
func TestSharedStrings(t *testing.T) {
	var body []byte
	body = AppendString(body, "salt")
	item := len(body)
	body = AppendInt(body, 300)
	body = AppendString(body, "")
	body = AppendString(body, "ü and more")
	for _, tc := range []struct {
		share, read bool // ShareStrings; Read rather than Open
	}{{false, false}, {true, false}, {false, true}, {true, true}} {
		file := frame(body)
		var d *Decoder
		var err error
		if tc.read {
			d, err = Read(bytes.NewReader(file), "h v1\n")
		} else {
			d, err = Open(file, "h v1\n")
		}
		if err != nil {
			t.Fatal(err)
		}
		if tc.share {
			d.ShareStrings()
		}
		salt := d.String()
		at := d.Read()
		n, empty, text := d.Int(), d.String(), d.String()
		since := d.Since(at)
		// Open's caller owns the file: what it writes there later does
		// not reach the strings read, shared or not.
		clear(file)
		if err := d.Done(); err != nil || salt != "salt" || n != 300 || empty != "" || text != "ü and more" {
			t.Errorf("%+v: read %q %d %q %q, %v", tc, salt, n, empty, text, err)
		}
		if at != item || since != string(body[item:]) {
			t.Errorf("%+v: item at %d, %q; want at %d, %q", tc, at, since, item, body[item:])
		}
	}
}

func TestRefused(t *testing.T) {
	var file bytes.Buffer
	Write(&file, "h v1\n", AppendString(nil, "x"))
	good := file.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	// Files of the frame before, which named the body's SHA-256.
	body := AppendString(nil, "x")
	sum := sha256.Sum256(body)
	shaFramed := append(append([]byte("h v1\n"), sum[:]...), body...)
	tests := []struct {
		name   string
		data   []byte
		header string
		read   func(*Decoder)
	}{
		{"other header", good, "h v2\n", nil},
		{"no digest", good[:6], "h v1\n", nil},
		{"changed byte", flipped, "h v1\n", nil},
		{"cut by a byte", good[:len(good)-1], "h v1\n", nil},
		{"a byte more", append(bytes.Clone(good), 0), "h v1\n", nil},
		{"the frame of SHA-256", shaFramed, "h v1\n", nil},
		{"body left over", good, "h v1\n", func(d *Decoder) { d.Int() }},
		{"read past the end", good, "h v1\n", func(d *Decoder) { _ = d.String(); d.Int() }},
		{"count above the bytes left", frame(AppendInt(nil, 5)), "h v1\n", func(d *Decoder) { d.Count() }},
		{"length above the bytes left", frame(AppendInt(nil, 2)), "h v1\n", func(d *Decoder) { d.Bytes(2) }},
		{"varint cut", frame([]byte{0x80}), "h v1\n", func(d *Decoder) { d.Uvarint() }},
		{"number too large", frame(AppendInt(nil, limit+1)), "h v1\n", func(d *Decoder) { d.Int() }},
		{"failed", good, "h v1\n", func(d *Decoder) { _ = d.String(); d.Fail() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Open(tt.data, tt.header)
			if err == nil {
				tt.read(d)
				err = d.Done()
			}
			if !errors.Is(err, ErrBad) {
				t.Fatalf("got %v, want ErrBad", err)
			}
		})
	}
}

func frame(body []byte) []byte {
	var file bytes.Buffer
	Write(&file, "h v1\n", body)
	return file.Bytes()
}

// FuzzDecoder reads any body in every way, which must end in a value or
// ErrBad, never a panic.
func FuzzDecoder(f *testing.F) {
	f.Add(AppendString(AppendInt(nil, 2), "ab"), []byte{0, 1, 2, 3})
	f.Fuzz(func(t *testing.T, body, reads []byte) {
		d, err := Open(frame(body), "h v1\n")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reads {
			switch r % 6 {
			case 0:
				d.Uvarint()
			case 1:
				d.Int()
			case 2:
				d.Signed()
			case 3:
				d.Count()
			case 4:
				d.Bytes(int(r))
			case 5:
				_ = d.String()
			}
		}
		if err := d.Done(); err != nil && !errors.Is(err, ErrBad) {
			t.Fatal(err)
		}
	})
}

// TestReadAll: a file is read whole, in one buffer of its size (a large
// one in pieces at once), and a reader that is not a file as io.ReadAll
// reads it.
func TestReadAll(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	for _, size := range []int{0, 600000, pieceSize, 2 * pieceSize, 3*pieceSize + 5, 7*pieceSize + 3} {
		// Each word its own offset: a piece read to the wrong place shows.
		data := make([]byte, size)
		for i := 0; i+8 <= size; i += 8 {
			binary.LittleEndian.PutUint64(data[i:], uint64(i))
		}
		p := filepath.Join(t.TempDir(), "c")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadAll(f)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes from a file: %d read, %v", size, len(got), err)
		}
		if cap(got) > len(data)+512 {
			t.Errorf("%d bytes from a file: a buffer of %d bytes", size, cap(got))
		}
		f.Close()
		got, err = ReadAll(bytes.NewReader(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes from a reader: %d read, %v", size, len(got), err)
		}
	}
}

// readPieces refuses a file shorter than the buffer it is to fill.
func TestReadPiecesCutShort(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c")
	if err := os.WriteFile(p, make([]byte, 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, n := range []int{1000, 1001, 2000} {
		_, err := readPieces(f, make([]byte, n), 3)
		if (err == nil) != (n == 1000) {
			t.Errorf("a file of 1000 bytes read into %d: error %v", n, err)
		}
	}
}

// BenchmarkOpen checks the frame of a body of the size of a large site's
// cache.
func BenchmarkOpen(b *testing.B) {
	body := bytes.Repeat([]byte("a cache's body\x01\x02"), 6<<20/16)
	var file bytes.Buffer
	Write(&file, "h v1\n", body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Open(file.Bytes(), "h v1\n"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteParts: a body written in pieces is the file Write writes of
// the pieces joined, and Read reads it back.
func TestWriteParts(t *testing.T) {
	for _, pieces := range [][]string{nil, {""}, {"one"}, {"a", "", "bc", strings.Repeat("d", 70000)}} {
		var whole, parts bytes.Buffer
		Write(&whole, "h v1\n", []byte(strings.Join(pieces, "")))
		n, err := WriteParts(&parts, "h v1\n", func(put func([]byte)) {
			for _, p := range pieces {
				put([]byte(p))
			}
		})
		if err != nil || n != int64(parts.Len()) || !bytes.Equal(parts.Bytes(), whole.Bytes()) {
			t.Errorf("%q: WriteParts wrote %d bytes (%v), not what Write writes", pieces, n, err)
		}
		if _, err := Read(&parts, "h v1\n"); err != nil {
			t.Errorf("%q: not read back: %v", pieces, err)
		}
	}
}
