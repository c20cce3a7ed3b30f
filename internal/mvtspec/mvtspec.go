// Package mvtspec reads vector tiles as the Mapbox Vector Tile
// specification 2.1 says a decoder reads them, for the tests of the tile
// packages: it checks our encoding rather than trusting a library's.
// orb's mvt.Unmarshal, for one, takes counter-clockwise rings as exteriors,
// the opposite of the spec.
//
// The geometry commands (4.3) are read as written: each polygon ring's
// signed area is the spec's shoelace formula in tile coordinates (x right,
// y down, 4.3.4.4), a ring of positive area is an exterior that starts a
// polygon and one of negative area an interior of the polygon before it.
// Problems lists what the spec forbids in a feature; Valid checks the
// polygons with simplefeatures as OGC Simple Features (and so GEOS) do.
package mvtspec

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"github.com/peterstace/simplefeatures/geom"
)

// Point is a point in tile coordinates.
type Point [2]int64

// Ring is a polygon ring as written: its points without the closing one.
type Ring []Point

// Area is the ring's signed area by the spec's formula (4.3.4.4):
// positive for an exterior ring, negative for an interior one.
func (r Ring) Area() float64 {
	var s int64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return float64(s) / 2
}

// Polygon is an exterior ring followed by its interiors.
type Polygon []Ring

// Feature is one decoded feature.
type Feature struct {
	ID       uint64
	Type     vectortile.Tile_GeomType
	Props    map[string]any
	Polygons []Polygon // polygon features, assembled as the spec says
	Points   []Point   // point features
	// Problems are what the spec forbids in the geometry: zero-area
	// rings, interiors before any exterior, LineTo without a move,
	// rings of fewer than 3 points.
	Problems []string
}

// Layer is one decoded layer.
type Layer struct {
	Name     string
	Version  uint32
	Extent   uint32
	Features []Feature
}

// Decode reads an uncompressed tile.
func Decode(b []byte) ([]Layer, error) {
	var t vectortile.Tile
	if err := t.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("mvtspec: %w", err)
	}
	var out []Layer
	for _, l := range t.Layers {
		layer := Layer{Name: l.GetName(), Version: l.GetVersion(), Extent: l.GetExtent()}
		for _, f := range l.Features {
			df, err := decodeFeature(l, f)
			if err != nil {
				return nil, fmt.Errorf("mvtspec: layer %s: %w", layer.Name, err)
			}
			layer.Features = append(layer.Features, df)
		}
		out = append(out, layer)
	}
	return out, nil
}

func decodeFeature(l *vectortile.Tile_Layer, f *vectortile.Tile_Feature) (Feature, error) {
	df := Feature{ID: f.GetId(), Type: f.GetType(), Props: map[string]any{}}
	if len(f.Tags)%2 != 0 {
		return df, errors.New("odd number of tags")
	}
	for i := 0; i < len(f.Tags); i += 2 {
		k, v := int(f.Tags[i]), int(f.Tags[i+1])
		if k >= len(l.Keys) || v >= len(l.Values) {
			return df, errors.New("tag out of range")
		}
		df.Props[l.Keys[k]] = value(l.Values[v])
	}
	rings, err := commands(f.Geometry, df.Type)
	if err != nil {
		return df, err
	}
	switch df.Type {
	case vectortile.Tile_POINT:
		for _, r := range rings {
			df.Points = append(df.Points, r...)
		}
	case vectortile.Tile_POLYGON:
		df.assemble(rings)
	}
	return df, nil
}

// assemble groups rings into polygons by the sign of their area.
func (df *Feature) assemble(rings []Ring) {
	for i, r := range rings {
		if len(r) < 3 {
			df.Problems = append(df.Problems, fmt.Sprintf("ring %d has %d points", i, len(r)))
			continue
		}
		switch a := r.Area(); {
		case a > 0:
			df.Polygons = append(df.Polygons, Polygon{r})
		case a < 0 && len(df.Polygons) == 0:
			df.Problems = append(df.Problems, fmt.Sprintf("ring %d is an interior before any exterior", i))
		case a < 0:
			df.Polygons[len(df.Polygons)-1] = append(df.Polygons[len(df.Polygons)-1], r)
		default:
			df.Problems = append(df.Problems, fmt.Sprintf("ring %d has zero area", i))
		}
	}
}

// commands runs the geometry commands (4.3.1-4.3.3) into point runs: one
// run per MoveTo, closed runs for polygons without the closing point.
func commands(g []uint32, typ vectortile.Tile_GeomType) ([]Ring, error) {
	var out []Ring
	var x, y int64
	for i := 0; i < len(g); {
		id, n := g[i]&7, int(g[i]>>3)
		i++
		switch id {
		case 1, 2:
			if i+2*n > len(g) {
				return nil, errors.New("geometry ends within a command")
			}
			if id == 2 && len(out) == 0 {
				return nil, errors.New("LineTo before MoveTo")
			}
			for k := 0; k < n; k++ {
				dx, dy := zigzag(g[i]), zigzag(g[i+1])
				i += 2
				if id == 2 && dx == 0 && dy == 0 && typ != vectortile.Tile_POINT {
					return nil, errors.New("LineTo of zero length")
				}
				x, y = x+dx, y+dy
				if id == 1 && (typ != vectortile.Tile_POINT || len(out) == 0) {
					out = append(out, Ring{{x, y}})
					continue
				}
				out[len(out)-1] = append(out[len(out)-1], Point{x, y})
			}
		case 7:
			if n != 1 || typ != vectortile.Tile_POLYGON {
				return nil, errors.New("bad ClosePath")
			}
		default:
			return nil, fmt.Errorf("unknown command %d", id)
		}
	}
	return out, nil
}

func zigzag(v uint32) int64 { return int64(int32(v>>1) ^ -int32(v&1)) }

func value(v *vectortile.Tile_Value) any {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.FloatValue != nil:
		return float64(*v.FloatValue)
	case v.DoubleValue != nil:
		return *v.DoubleValue
	case v.IntValue != nil:
		return *v.IntValue
	case v.UintValue != nil:
		return *v.UintValue
	case v.SintValue != nil:
		return *v.SintValue
	case v.BoolValue != nil:
		return *v.BoolValue
	}
	return nil
}

// Area is the total area of the feature's polygons in square tile units:
// exteriors less interiors.
func (f *Feature) Area() float64 {
	var a float64
	for _, p := range f.Polygons {
		for _, r := range p {
			a += r.Area()
		}
	}
	return a
}

// Invalid returns why the feature's polygons are not valid OGC geometry
// (self-intersection, self-tangency, interiors outside their exterior,
// overlapping polygons), or nil; problems the spec forbids count too.
func (f *Feature) Invalid() error {
	if len(f.Problems) > 0 {
		return errors.New(f.Problems[0])
	}
	if f.Type != vectortile.Tile_POLYGON {
		return nil
	}
	return Multi(f.Polygons).Validate()
}

// Multi returns the polygons as a simplefeatures multipolygon, unvalidated.
func Multi(ps []Polygon) geom.MultiPolygon {
	polys := make([]geom.Polygon, len(ps))
	for i, p := range ps {
		rings := make([]geom.LineString, len(p))
		for j, r := range p {
			xy := make([]float64, 0, 2*len(r)+2)
			for _, pt := range append(r, r[0]) {
				xy = append(xy, float64(pt[0]), float64(pt[1]))
			}
			rings[j] = geom.NewLineString(geom.NewSequence(xy, geom.DimXY))
		}
		polys[i] = geom.NewPolygon(rings)
	}
	return geom.NewMultiPolygon(polys)
}
