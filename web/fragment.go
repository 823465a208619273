package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A Fragment is a large piece of finished HTML that many responses share
// unchanged, such as a dashboard snapshot's rendered sections (hundreds of
// kilobytes for a national director). Compressing it again for every
// response was most of the CPU such a page cost (issue 12), so a Fragment
// is deflated once, on the first gzipped response that includes it, and
// Render copies those bytes into each gzipped response instead: only the
// page around it is compressed per request. A client that does not accept
// gzip gets the HTML as it is.
type Fragment struct {
	html []byte
	once sync.Once
	// deflated is html as raw deflate blocks that end on a byte boundary
	// and are not final, so they can stand between other blocks of one
	// stream; crc is html's CRC-32 for the gzip trailer.
	deflated []byte
	crc      uint32
}

// NewFragment returns html as a Fragment. html must be safe, finished
// markup: it is written as it is.
func NewFragment(html []byte) *Fragment { return &Fragment{html: html} }

// Len is the size of the HTML.
func (f *Fragment) Len() int { return len(f.html) }

// Render writes the HTML, or, inside a page that Render sends gzipped, a
// marker where Render splices in the compressed bytes.
func (f *Fragment) Render(ctx context.Context, w io.Writer) error {
	if s, ok := ctx.Value(spliceKey{}).(*splicer); ok {
		s.frags = append(s.frags, f)
		_, err := io.WriteString(w, spliceMarker)
		return err
	}
	_, err := w.Write(f.html)
	return err
}

// compressed deflates the HTML once. Its own level (not the stateless
// per-request one) is worth it: the work is done once per fragment and
// every response that carries it is smaller.
func (f *Fragment) compressed() ([]byte, uint32) {
	f.once.Do(func() {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.DefaultCompression)
		if err == nil {
			_, err = fw.Write(f.html)
		}
		if err == nil {
			err = fw.Flush() // aligned, not final: more blocks follow
		}
		if err != nil {
			// Writing to memory does not fail; should it, store the HTML
			// as it is (a stored block is valid deflate too).
			b.Reset()
			_ = flate.StatelessDeflate(&b, f.html, false, nil)
		}
		f.deflated = b.Bytes()
		f.crc = crc32.ChecksumIEEE(f.html)
	})
	return f.deflated, f.crc
}

type spliceKey struct{}

// splicer collects, in order, the fragments a page's markers stand for.
type splicer struct{ frags []*Fragment }

// spliceMarker stands for a fragment in a rendered page. It holds a
// random value of this process, so no text from a user can look like it,
// and never leaves the process: Render replaces every one.
var spliceMarker = func() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "\x00fragment-" + hex.EncodeToString(b[:]) + "\x00"
}()

// acceptsGzip reports whether the request's Accept-Encoding names gzip
// without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		k, v, found := strings.Cut(strings.TrimSpace(params), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			return true
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err != nil || q > 0
	}
	return false
}

// gzipHeader is a gzip member header without name or time: deflate, no
// flags, mtime 0, no extra flags, unknown OS (as compress/gzip writes it).
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// writeSpliced writes page, in which a marker stands for each of frags,
// as one gzip member: the text between the markers deflated now (the fast
// stateless way the compress middleware uses), each fragment's stored
// deflate blocks in between. It reports false, having written nothing,
// when the markers do not match frags.
func writeSpliced(w http.ResponseWriter, status int, page []byte, frags []*Fragment) bool {
	if bytes.Count(page, []byte(spliceMarker)) != len(frags) {
		return false
	}
	out := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(out)
	out.Write(gzipHeader)
	var crc uint32
	size := 0
	text := func(part []byte, last bool) {
		_ = flate.StatelessDeflate(out, part, last, nil) // a bytes.Buffer does not fail
		crc = crc32.Update(crc, crc32.IEEETable, part)
		size += len(part)
	}
	rest := page
	for _, f := range frags {
		i := bytes.Index(rest, []byte(spliceMarker))
		text(rest[:i], false)
		rest = rest[i+len(spliceMarker):]
		deflated, fcrc := f.compressed()
		out.Write(deflated)
		crc = crc32Combine(crc, fcrc, len(f.html))
		size += len(f.html)
	}
	text(rest, true)
	out.Write(binary.LittleEndian.AppendUint32(nil, crc))
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(size)))
	h := w.Header()
	// The compress middleware passes on a response that has its encoding.
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	h.Del("Content-Length")
	w.WriteHeader(status)
	w.Write(out.Bytes())
	return true
}

// crc32Combine returns the CRC-32 (IEEE) of a then b from crcA, crcB and
// b's length, without reading b again (zlib's crc32_combine): a fragment's
// checksum is computed once, like its compressed bytes.
func crc32Combine(crcA, crcB uint32, lenB int) uint32 {
	// Multiply crcA by x^(8·lenB) modulo the polynomial: walk the bits of
	// lenB over x^(2^k), squared from x^8 up.
	p := uint32(1) << 31  // x^0
	sq := uint32(1) << 23 // x^8, in the reflected order CRC-32 uses
	for n := uint64(lenB); n > 0; n >>= 1 {
		if n&1 != 0 {
			p = gfMul(sq, p)
		}
		sq = gfMul(sq, sq)
	}
	return gfMul(p, crcA) ^ crcB
}

// gfMul multiplies a and b modulo the CRC-32 polynomial (reflected bits);
// a is never 0 here (a power of x).
func gfMul(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crc32.IEEE
		} else {
			b >>= 1
		}
	}
	return p
}
