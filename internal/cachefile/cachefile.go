// Package cachefile is the frame of the files that build keeps between
// runs in the user's cache directory (the extraction cache, the parsed
// briefings): a line naming the format and its version, the length of
// the rest and its CRC-32C, and a body of unsigned varints and
// length-prefixed strings. A file that is damaged, truncated or of
// another format is an error, never half read: a cache is only ever a
// shortcut, and whoever reads one does the work again when it is
// refused.
//
// The check is against damage (a disk, a build killed while writing,
// which the rename of a whole file already prevents), not against a
// forger, whom no digest without a secret stops: whoever can write the
// user's cache directory can write a valid file of any digest. A CRC
// sees every change of up to 32 bits in a row, and costs every build
// far less than a SHA-256 of megabytes of caches did.
package cachefile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"sync"
	"unsafe"

	"github.com/briefing-dev/briefing/internal/pages"
)

// ErrBad is the error of a file that is not a whole cache of the format
// asked for.
var ErrBad = errors.New("not a valid cache file")

// frameSize is the size of what comes between the header and the body:
// the body's length (8 bytes) and CRC-32C (4), little-endian.
const frameSize = 12

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Write writes header, the length and CRC-32C of body, and body.
func Write(w io.Writer, header string, body []byte) (int64, error) {
	return writeFrame(w, header, uint64(len(body)), crc32.Checksum(body, castagnoli), func(w io.Writer) (int, error) { return w.Write(body) })
}

// WriteParts is Write of the body that parts gives, a piece at a time to
// put, without the body whole in memory: for a cache of the site's files,
// as large as the site. parts is called twice, to measure the body and to
// write it, and must give the same bytes both times.
func WriteParts(w io.Writer, header string, parts func(put func([]byte))) (int64, error) {
	var size uint64
	var crc uint32
	parts(func(b []byte) {
		size += uint64(len(b))
		crc = crc32.Update(crc, castagnoli, b)
	})
	return writeFrame(w, header, size, crc, func(w io.Writer) (int, error) {
		written := 0
		var err error
		parts(func(b []byte) {
			if err == nil {
				var n int
				n, err = w.Write(b)
				written += n
			}
		})
		return written, err
	})
}

func writeFrame(w io.Writer, header string, size uint64, crc uint32, body func(io.Writer) (int, error)) (int64, error) {
	var frame [frameSize]byte
	binary.LittleEndian.PutUint64(frame[:], size)
	binary.LittleEndian.PutUint32(frame[8:], crc)
	n, err := io.WriteString(w, header)
	total := int64(n)
	if err != nil {
		return total, err
	}
	n, err = w.Write(frame[:])
	total += int64(n)
	if err != nil {
		return total, err
	}
	n, err = body(w)
	return total + int64(n), err
}

// ReadAll reads a cache file whole: in one read of its size when r is a
// file, as it is for every build, rather than in buffers doubled and
// copied up to the size of the largest cache (tens of megabytes).
//
// A large file is read in pieces on every CPU: most of the time of a
// read is the kernel's, copying the bytes and finding the pages to copy
// them to, and each piece's are its own.
func ReadAll(r io.Reader) ([]byte, error) {
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() < limit {
			// One byte more than the size: a file that grew is read on.
			buf := make([]byte, 0, info.Size()+1)
			if cap(buf) >= backSize {
				// Asked of the system at once rather than a fault a page
				// as the read first writes to each (see package pages).
				pages.Back(buf[:cap(buf)])
			}
			if pieces := min(runtime.GOMAXPROCS(0), int(info.Size()/pieceSize)); pieces > 1 {
				var err error
				buf, err = readPieces(f, buf[:info.Size()], pieces)
				if err != nil {
					return nil, err
				}
				if _, err := f.Seek(info.Size(), io.SeekStart); err != nil {
					return nil, err
				}
			}
			for {
				n, err := f.Read(buf[len(buf):cap(buf)])
				buf = buf[:len(buf)+n]
				if err == io.EOF {
					return buf, nil
				}
				if err != nil {
					return nil, err
				}
				if len(buf) == cap(buf) {
					buf = append(buf, 0)[:len(buf)]
				}
			}
		}
	}
	return io.ReadAll(r)
}

// backSize is the least buffer ReadAll has backed at once: a few pages
// fault in as cheaply as a call.
const backSize = 1 << 20

// pieceSize is the least ReadAll reads in a piece of its own.
const pieceSize = 4 << 20

// readPieces fills buf from the start of f, pieces at once. A file cut
// shorter meanwhile is an error (io.ErrUnexpectedEOF): build writes a
// cache whole and renames it, and never cuts one an open file reads.
func readPieces(f *os.File, buf []byte, pieces int) ([]byte, error) {
	errs := make([]error, pieces)
	var wg sync.WaitGroup
	for p := range pieces {
		from, to := p*len(buf)/pieces, (p+1)*len(buf)/pieces
		wg.Go(func() {
			n, err := f.ReadAt(buf[from:to], int64(from))
			if n == to-from {
				err = nil // ReadAt may say io.EOF with the last byte
			} else if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			errs[p] = err
		})
	}
	wg.Wait()
	return buf, errors.Join(errs...)
}

// Read reads a cache file whole (ReadAll) and opens it (Open): what
// every reader of a cache does first.
func Read(r io.Reader, header string) (*Decoder, error) {
	data, err := ReadAll(r)
	if err != nil {
		return nil, err
	}
	d, err := Open(data, header)
	if d != nil {
		d.owned = true
	}
	return d, err
}

// Open checks a file that Write wrote with the same header, and returns
// a Decoder of its body.
func Open(data []byte, header string) (*Decoder, error) {
	rest, ok := bytes.CutPrefix(data, []byte(header))
	if !ok || len(rest) < frameSize {
		return nil, ErrBad
	}
	body := rest[frameSize:]
	if binary.LittleEndian.Uint64(rest) != uint64(len(body)) || binary.LittleEndian.Uint32(rest[8:]) != crc32.Checksum(body, castagnoli) {
		return nil, ErrBad
	}
	return &Decoder{body: body, data: body}, nil
}

// Body is a Decoder of a part of a body read before, which a reader kept
// to decode later: its checks are those of Open's.
func Body(part []byte) Decoder { return Decoder{body: part, data: part} }

// AppendString appends s with its length before it.
func AppendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// AppendInt appends a number that is never negative (an offset, a count,
// a line).
func AppendInt(buf []byte, n int) []byte { return binary.AppendUvarint(buf, uint64(max(n, 0))) }

// AppendSigned appends a number that may be negative.
func AppendSigned(buf []byte, n int) []byte { return binary.AppendVarint(buf, int64(n)) }

// Decoder reads a body. After the first error every read returns a zero
// value, so that a reader checks Done once, at the end; no read takes
// more than the body holds, whatever the file says.
type Decoder struct {
	body []byte
	data []byte // what is left of body to read; nil after an error
	err  error
	// shared, when not "", is the body as a string, whose parts String
	// returns (ShareStrings).
	shared string
	owned  bool // the body is the Decoder's alone: Read read it
}

// limit bounds any number read, so that no offset or length overflows an
// int whatever the file says.
const limit = 1 << 40

// Uvarint reads an unsigned varint. Most numbers of a cache (lengths,
// counts, labels' numbers) take one byte: those are read here, inlined
// in the readers, and the rest by uvarint.
func (d *Decoder) Uvarint() uint64 {
	if b := d.data; len(b) > 0 && b[0] < 0x80 {
		d.data = b[1:]
		return uint64(b[0])
	}
	return d.uvarint()
}

func (d *Decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 || v > limit {
		d.Fail()
		return 0
	}
	d.data = d.data[n:]
	return v
}

// Signed reads what AppendSigned wrote.
func (d *Decoder) Signed() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data)
	if n <= 0 || v > limit || v < -limit {
		d.Fail()
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

// Int reads what AppendInt wrote.
func (d *Decoder) Int() int { return int(d.Uvarint()) }

// Count reads the number of items that follow, refusing one larger than
// the bytes left (each item takes one at least), so that a damaged count
// never makes a reader allocate more than the file's size.
func (d *Decoder) Count() int {
	n := d.Uvarint()
	if n > uint64(len(d.data)) {
		d.Fail()
		return 0
	}
	return int(n)
}

// Bytes reads the next n bytes; they are the body's, not a copy.
func (d *Decoder) Bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.data) {
		d.Fail()
		return nil
	}
	b := d.data[:n]
	d.data = d.data[n:]
	return b
}

// String reads what AppendString wrote.
func (d *Decoder) String() string {
	b := d.Bytes(d.Count())
	if d.shared != "" && b != nil {
		end := d.Read()
		return d.shared[end-len(b) : end]
	}
	return string(b)
}

// ShareStrings makes String return parts of one copy of the body, made
// here, rather than a copy of each string: for a reader that keeps
// almost all it reads for as long as it keeps any of it (the parsed
// briefings), to which tens of thousands of small strings cost more
// than one large one. Any one of them keeps the whole copy in memory.
//
// A Decoder of Read, whose body is its own and never written, shares
// the body itself rather than a copy: the bytes Bytes returns must then
// be read only, as strings are.
func (d *Decoder) ShareStrings() {
	if d.err != nil || d.shared != "" || len(d.body) == 0 {
		return
	}
	if d.owned {
		d.shared = unsafe.String(&d.body[0], len(d.body))
		return
	}
	d.shared = string(d.body)
}

// Left is how many bytes of the body are left to read: a reader that
// makes room for n items at once checks that they fit.
func (d *Decoder) Left() int { return len(d.data) }

// Read is how many bytes of the body have been read: Since(Read())
// later is the bytes read in between.
func (d *Decoder) Read() int { return len(d.body) - len(d.data) }

// Since is the bytes of the body from at (a Read) to what is read now,
// as they are in the file: a part of the shared copy after
// ShareStrings, or else a copy. "" after an error.
func (d *Decoder) Since(at int) string {
	end := d.Read()
	if d.err != nil || at < 0 || at > end {
		return ""
	}
	if d.shared != "" {
		return d.shared[at:end]
	}
	return string(d.body[at:end])
}

// Fail marks the body as not valid, for a reader that finds a value out
// of its range. What is left is dropped: every read after returns a
// zero value.
func (d *Decoder) Fail() {
	d.err = ErrBad
	d.data = nil
}

// Done is nil when every read succeeded and the body was read to its end.
func (d *Decoder) Done() error {
	if d.err == nil && len(d.data) != 0 {
		d.Fail()
	}
	return d.err
}
