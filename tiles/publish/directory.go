package publish

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"sort"
)

// TileID is the PMTiles tile id of z/x/y: the tiles of lower zooms first,
// then a Hilbert curve through the zoom's tiles.
func TileID(z uint8, x, y uint32) uint64 {
	acc := (uint64(1)<<(2*uint64(z)) - 1) / 3
	if z == 0 {
		return 0
	}
	n := uint32(z) - 1
	for s := uint32(1) << n; s > 0; s >>= 1 {
		rx, ry := s&x, s&y
		acc += uint64((3*rx)^ry) << n
		if ry == 0 {
			if rx != 0 {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
		n--
	}
	return acc
}

// entry is a directory entry: RunLength tiles from TileID on share the
// bytes at Offset (in the tile data section); RunLength 0 points to a leaf
// directory (Offset in the leaf section).
type entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// directories serializes entries as a root directory that fits, with the
// header, in maxRootLen, and leaf directories when they do not all fit in
// the root (as the spec's reference writers do: leaves of 4096 entries,
// doubled until the root fits).
func directories(ents []entry) (root, leaves []byte, err error) {
	root, err = serializeEntries(ents)
	if err != nil || len(root)+HeaderLen <= maxRootLen {
		return root, nil, err
	}
	for size := 4096; ; size *= 2 {
		var rootEnts []entry
		var lb bytes.Buffer
		for i := 0; i < len(ents); i += size {
			part := ents[i:min(i+size, len(ents))]
			d, err := serializeEntries(part)
			if err != nil {
				return nil, nil, err
			}
			rootEnts = append(rootEnts, entry{TileID: part[0].TileID, Offset: uint64(lb.Len()), Length: uint32(len(d))})
			lb.Write(d)
		}
		root, err = serializeEntries(rootEnts)
		if err != nil {
			return nil, nil, err
		}
		if len(root)+HeaderLen <= maxRootLen {
			return root, lb.Bytes(), nil
		}
	}
}

// serializeEntries is a directory: the count, then the tile ids (delta
// coded), run lengths, lengths and offsets (0 for "right after the
// previous entry's bytes", else offset+1), each a varint, gzip'd.
func serializeEntries(ents []entry) ([]byte, error) {
	sort.Slice(ents, func(i, j int) bool { return ents[i].TileID < ents[j].TileID })
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(ents)))
	var last uint64
	for _, e := range ents {
		b = binary.AppendUvarint(b, e.TileID-last)
		last = e.TileID
	}
	for _, e := range ents {
		b = binary.AppendUvarint(b, uint64(e.RunLength))
	}
	for _, e := range ents {
		b = binary.AppendUvarint(b, uint64(e.Length))
	}
	for i, e := range ents {
		if i > 0 && e.Offset == ents[i-1].Offset+uint64(ents[i-1].Length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.Offset+1)
		}
	}
	return gz(b)
}

func gz(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
