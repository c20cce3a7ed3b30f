package gpkg

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Geometry encodes mp in the GeoPackage binary format (clause 2.1.3): the
// header (magic "GP", version 0, flags saying little-endian with an [x, y]
// envelope, the SRS id 4326, the envelope minx, maxx, miny, maxy), then
// the geometry as standard little-endian WKB, [lon, lat] order.
func Geometry(mp orb.MultiPolygon) ([]byte, error) {
	body, err := wkb.Marshal(mp, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	const (
		littleEndian = 1      // flags bit 0: the header's byte order
		envelopeXY   = 1 << 1 // flags bits 1-3: 1, an envelope of [minx, maxx, miny, maxy]
		empty        = 1 << 4 // flags bit 4: an empty geometry (its envelope NaN)
	)
	flags := byte(littleEndian | envelopeXY)
	b := mp.Bound()
	env := [4]float64{b.Min.X(), b.Max.X(), b.Min.Y(), b.Max.Y()}
	if len(mp) == 0 {
		flags |= empty
		env = [4]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	out := make([]byte, 0, 8+32+len(body))
	out = append(out, 'G', 'P', 0, flags)
	out = binary.LittleEndian.AppendUint32(out, uint32(int32(SRSID)))
	for _, v := range env {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return append(out, body...), nil
}

// ErrBadGeometry is a blob that is not a GeoPackage geometry this package
// reads.
var ErrBadGeometry = errors.New("gpkg: bad geometry blob")

// ParseGeometry reads a GeoPackage geometry blob: its SRS id and the
// geometry of its WKB. It reads what Geometry writes, and any envelope
// and byte order of the standard format.
func ParseGeometry(b []byte) (int32, orb.Geometry, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' || b[2] != 0 {
		return 0, nil, ErrBadGeometry
	}
	flags := b[3]
	var order binary.ByteOrder = binary.BigEndian
	if flags&1 == 1 {
		order = binary.LittleEndian
	}
	envLen := map[byte]int{0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
	n, ok := envLen[(flags>>1)&7]
	if !ok || flags&(1<<5) != 0 || len(b) < 8+n {
		return 0, nil, ErrBadGeometry
	}
	srs := int32(order.Uint32(b[4:8]))
	g, err := wkb.Unmarshal(b[8+n:])
	if err != nil {
		return 0, nil, errors.Join(ErrBadGeometry, err)
	}
	return srs, g, nil
}
