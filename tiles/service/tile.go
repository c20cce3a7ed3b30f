package service

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// Tile is a Service's answer.
type Tile struct {
	// Body is the tile's bytes, encoded as Encoding says. Callers must not
	// change it: it may be the cache's.
	Body []byte
	// Encoding is "gzip" for MVT (Body is the gzip'd tile, as served to
	// clients that accept gzip and stored in archives), "" for PNG.
	Encoding string
	// ETag is the strong entity tag of Body as encoded, quoted: the
	// content key, with "-gz" for a gzip'd body.
	ETag string
	// ContentType is the MIME type of the tile, whatever its encoding.
	ContentType string
	// Key is the content key: a hash of what the tile shows and how it
	// looks (tiles.ContentKey), the same on every day the tile does not
	// change.
	Key string
	// Empty says the tile shows nothing. Such a tile still has a body
	// unless the request asked to OmitEmpty.
	Empty bool
}

// newTile is the Tile of a body of format f under a content key.
func newTile(f Format, key string, body []byte, empty bool) Tile {
	t := Tile{Body: body, ContentType: f.ContentType(), Key: key, Empty: empty}
	if f == MVT {
		t.Encoding, t.ETag = "gzip", `"`+key+`-gz"`
	} else {
		t.ETag = `"` + key + `"`
	}
	return t
}

// DecodedETag is the ETag of the tile's decoded body (Decoded), known
// without decoding it: for a conditional request of a client that does
// not accept the encoding.
func (t Tile) DecodedETag() string {
	if t.Encoding == "" {
		return t.ETag
	}
	return `"` + t.Key + `"`
}

// Decoded returns the tile with its body unpacked (Encoding "") under
// that body's ETag, for a client that does not accept gzip.
func (t Tile) Decoded() (Tile, error) {
	if t.Encoding == "" {
		return t, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(t.Body))
	if err != nil {
		// A stored body that does not unpack is a defect: say so rather
		// than answer an empty tile.
		return Tile{}, fmt.Errorf("service: tile %s: gunzip: %w", t.Key, err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return Tile{}, fmt.Errorf("service: tile %s: gunzip: %w", t.Key, err)
	}
	t.ETag, t.Body, t.Encoding = t.DecodedETag(), plain, ""
	return t, nil
}

// DecodedSize is the length of the tile's decoded body, read from the gzip
// trailer (ISIZE) without decoding it: Content-Length for a client that
// does not accept gzip. ok is false for a body without one.
func (t Tile) DecodedSize() (n int64, ok bool) {
	if t.Encoding == "" {
		return int64(len(t.Body)), true
	}
	if len(t.Body) < 18 { // a gzip header and trailer
		return 0, false
	}
	return int64(binary.LittleEndian.Uint32(t.Body[len(t.Body)-4:])), true
}

// WriteDecoded writes the tile's decoded body to w as it unpacks it, so
// that a client that does not accept gzip costs a few tens of KB of
// memory however big the tile is, rather than a whole decoded copy per
// request.
func (t Tile) WriteDecoded(w io.Writer) (int64, error) {
	if t.Encoding == "" {
		n, err := w.Write(t.Body)
		return int64(n), err
	}
	zr, err := gzip.NewReader(bytes.NewReader(t.Body))
	if err != nil {
		return 0, fmt.Errorf("service: tile %s: gunzip: %w", t.Key, err)
	}
	zr.Multistream(false)
	return io.Copy(w, zr)
}
