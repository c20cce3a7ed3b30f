package publish

// The PMTiles v3 layout (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md),
// written here rather than with github.com/protomaps/go-pmtiles: its
// pmtiles package has the serialization helpers (SerializeHeader,
// SerializeEntries, BuildDirectories) but no exported writer of an archive
// tile by tile, and the package as a whole imports net/http, the AWS, Azure
// and Google Cloud SDKs and SQLite (its server, buckets and MBTiles
// conversion), none of which a package beneath tiles may depend on
// (TestLayers). The format is small: a 127-byte header, gzip'd varint
// directories and the tile data. The tests read every archive back with
// go-pmtiles' own deserializers.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
)

// HeaderLen is the length of a PMTiles v3 header.
const HeaderLen = 127

// maxRootLen bounds the header and root directory together: a client's
// first request of 16 KiB gets both.
const maxRootLen = 16384

// Compression and tile type codes of the header.
const (
	compressionNone = 1
	compressionGzip = 2
	tileTypeMVT     = 1
	tileTypePNG     = 2
)

// Header is what an archive's header says besides the layout.
type Header struct {
	MinZoom, MaxZoom uint8
	Bound            orb.Bound
	CenterZoom       uint8
	// PNG: the tiles are PNG (tile compression none); else gzip'd MVT.
	PNG bool
}

// Writer writes one PMTiles archive. Tiles are added in ascending tile id
// (so the archive is clustered); identical bodies are stored once.
type Writer struct {
	path   string
	tmp    *os.File // the tile data, until Close copies it after the directories
	buf    *bufio.Writer
	off    uint64
	byHash map[[32]byte]int // content index by SHA-256 of the body
	stored []stored         // each content once
	ents   []entry
	lastID uint64
	any    bool
	err    error
}

type stored struct {
	off  uint64
	len  uint32
	refs int
}

// NewWriter starts an archive to be written at path (by Close, atomically).
func NewWriter(path string) (*Writer, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tiles-*")
	if err != nil {
		return nil, err
	}
	return &Writer{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, 1<<20), byHash: map[[32]byte]int{}}, nil
}

// Add adds the body of tile id (already compressed as the header says).
// ids must ascend.
func (w *Writer) Add(id uint64, body []byte) (first bool, err error) {
	if w.err != nil {
		return false, w.err
	}
	if w.any && id <= w.lastID {
		return false, fmt.Errorf("publish: tile id %d after %d", id, w.lastID)
	}
	w.any, w.lastID = true, id
	h := sha256.Sum256(body)
	ci, ok := w.byHash[h]
	if !ok {
		if _, err := w.buf.Write(body); err != nil {
			w.err = err
			return false, err
		}
		ci = len(w.stored)
		w.stored = append(w.stored, stored{off: w.off, len: uint32(len(body))})
		w.byHash[h] = ci
		w.off += uint64(len(body))
	}
	w.stored[ci].refs++
	c := w.stored[ci]
	// A run: the next id with the same bytes as the last entry.
	if n := len(w.ents); n > 0 {
		last := &w.ents[n-1]
		if last.Offset == c.off && last.Length == c.len && last.TileID+uint64(last.RunLength) == id {
			last.RunLength++
			return !ok, nil
		}
	}
	w.ents = append(w.ents, entry{TileID: id, Offset: c.off, Length: c.len, RunLength: 1})
	return !ok, nil
}

// Stats are the counts of an archive.
type Stats struct {
	Addressed int   // tile addresses
	Entries   int   // directory entries (runs of one content)
	Contents  int   // distinct bodies stored
	Shared    int   // addresses whose body is stored for another address too
	Bytes     int64 // the archive's size
	DataBytes int64 // the tile data section
}

// Abort removes what the Writer made.
func (w *Writer) Abort() {
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// Close writes the archive with its metadata (JSON, gzip'd) and returns
// its counts.
func (w *Writer) Close(h Header, metadata map[string]any) (Stats, error) {
	defer w.Abort()
	if w.err != nil {
		return Stats{}, w.err
	}
	if err := w.buf.Flush(); err != nil {
		return Stats{}, err
	}
	st := Stats{Entries: len(w.ents), Contents: len(w.stored), DataBytes: int64(w.off)}
	for _, c := range w.stored {
		st.Addressed += c.refs
		if c.refs > 1 {
			st.Shared += c.refs
		}
	}
	meta, err := marshalJSON(metadata)
	if err != nil {
		return st, err
	}
	meta = bytes.TrimSuffix(meta, []byte("\n"))
	metaZ, err := gz(meta)
	if err != nil {
		return st, err
	}
	root, leaves, err := directories(w.ents)
	if err != nil {
		return st, err
	}
	rootOff := uint64(HeaderLen)
	metaOff := rootOff + uint64(len(root))
	leafOff := metaOff + uint64(len(metaZ))
	dataOff := leafOff + uint64(len(leaves))
	hdr := h.encode([11]uint64{rootOff, uint64(len(root)), metaOff, uint64(len(metaZ)), leafOff, uint64(len(leaves)),
		dataOff, w.off, uint64(st.Addressed), uint64(st.Entries), uint64(st.Contents)})
	if err := w.writeOut(hdr, root, metaZ, leaves); err != nil {
		return st, err
	}
	st.Bytes = int64(dataOff + w.off)
	return st, nil
}

// encode is the 127-byte header of an archive whose layout is the
// offsets and lengths of the root directory, metadata, leaf directories
// and tile data, then the counts of addressed tiles, entries and contents.
func (h Header) encode(layout [11]uint64) []byte {
	hdr := make([]byte, HeaderLen)
	copy(hdr, "PMTiles")
	hdr[7] = 3
	le := binary.LittleEndian
	for i, v := range layout {
		le.PutUint64(hdr[8+8*i:], v)
	}
	hdr[96] = 1 // clustered: the tile data is in tile id order
	hdr[97] = compressionGzip
	hdr[98] = compressionGzip
	hdr[99] = tileTypeMVT
	if h.PNG {
		hdr[98], hdr[99] = compressionNone, tileTypePNG
	}
	hdr[100], hdr[101] = h.MinZoom, h.MaxZoom
	e7 := func(f float64) uint32 { return uint32(int32(f * 1e7)) }
	b := h.Bound
	le.PutUint32(hdr[102:], e7(b.Min.X()))
	le.PutUint32(hdr[106:], e7(b.Min.Y()))
	le.PutUint32(hdr[110:], e7(b.Max.X()))
	le.PutUint32(hdr[114:], e7(b.Max.Y()))
	hdr[118] = h.CenterZoom
	c := b.Center()
	le.PutUint32(hdr[119:], e7(c.X()))
	le.PutUint32(hdr[123:], e7(c.Y()))
	return hdr
}

// writeOut writes the archive whole or not at all: the parts before the
// tile data, then the tile data, into a temporary file renamed to the
// archive's path once complete.
func (w *Writer) writeOut(parts ...[]byte) error {
	out, err := os.CreateTemp(filepath.Dir(w.path), ".pmtiles-*")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name()) // after the rename, a no-op
	bw := bufio.NewWriterSize(out, 1<<20)
	for _, part := range parts {
		bw.Write(part)
	}
	if _, err := w.tmp.Seek(0, io.SeekStart); err != nil {
		out.Close()
		return err
	}
	if _, err := io.Copy(bw, w.tmp); err != nil {
		out.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if err := os.Chmod(out.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(out.Name(), w.path)
}
