package tiles

import (
	"bytes"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/klauspost/compress/gzip"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// MVTVersion is the version of the MVT encoding: the bytes MVT makes of
// given content. It is part of the cache key and ETag of every vector tile
// (MVTLook), so that a release that encodes differently is not answered
// with 304 on tiles cached by browsers and CDNs. A vector tile carries no
// style, so nothing of draw is in its key.
//
// Bump it with any change that changes those bytes for the same content:
// the layers and their order, the attributes written or their types,
// feature ids, the geometry encoding (orb's encoding/mvt included, on an
// update of it). Changes of what content holds need no bump: the content
// is hashed by ContentKey. TestHashes fails when the reference tiles
// change while MVTVersion does not; then bump it and run
//
//	go test ./tiles -run Hashes -update-hashes
//
// which writes testdata/mvt-v<MVTVersion>.txt.
const MVTVersion = 4

// MVTLook is ContentKey's look of vector tiles (day and temporal): the
// MVTVersion.
var MVTLook = "mvt/" + strconv.Itoa(MVTVersion)

// mvtLayers is the order of layers in our vector tiles.
var mvtLayers = []string{LayerBoundaries, LayerWater, LayerRegions, LayerControl, LayerPlaces}

// MVT encodes content as a Mapbox Vector Tile (spec 2.1, layer version 2,
// extent 4096). Geometry is already in tile units. Polygons are written as
// the spec asks (ForMVT, unless c is its result already).
func MVT(c *Content) ([]byte, error) {
	if !c.written {
		c = c.ForMVT()
	}
	byLayer := map[string]*mvt.Layer{}
	for _, name := range mvtLayers {
		byLayer[name] = &mvt.Layer{Name: name, Version: 2, Extent: Extent}
	}
	for i := range c.Items {
		it := &c.Items[i]
		l, ok := byLayer[it.Layer]
		if !ok {
			return nil, fmt.Errorf("tiles: mvt: unknown layer %q", it.Layer)
		}
		f := geojson.NewFeature(it.Geometry)
		for k, v := range it.Props {
			f.Properties[k] = v
		}
		l.Features = append(l.Features, f)
	}
	var layers mvt.Layers
	for _, name := range mvtLayers {
		if l := byLayer[name]; len(l.Features) > 0 {
			layers = append(layers, l)
		}
	}
	b, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("tiles: mvt: %w", err)
	}
	return b, nil
}

// ForMVT returns the content as a vector tile writes it: every polygon as
// the spec wants it (specMulti: valid in whole units, every exterior ring
// of positive area by the spec's formula, clockwise on screen with y down,
// its interiors after it), a feature left without area dropped, and
// consecutive control features of a region that are then drawn the same
// (temporal tiles: one's to_day the next one's from_day) merged. c is not
// changed: the raster drawing reads it as it was. The content keys of
// vector tiles hash this, so that two contents written the same are one
// tile, with one ETag.
func (c *Content) ForMVT() *Content {
	if c.written {
		return c
	}
	out := &Content{Tile: c.Tile, Items: make([]Item, 0, len(c.Items)), written: true}
	for _, it := range c.Items {
		if mp, ok := it.Geometry.(orb.MultiPolygon); ok {
			sp := specMultiMemo(mp)
			if len(sp) == 0 {
				continue
			}
			it.Geometry = sp
		}
		if n := len(out.Items); n > 0 && continues(&out.Items[n-1], &it) {
			last := &out.Items[n-1]
			last.Props = maps.Clone(last.Props)
			last.Props["to_day"] = it.Props["to_day"]
			last.Props["versions"] = last.Props["versions"].(int) + it.Props["versions"].(int)
			continue
		}
		out.Items = append(out.Items, it)
	}
	return out
}

// continues reports whether b is a temporal feature that takes over from
// a, drawn the same: one feature.
func continues(a, b *Item) bool {
	if a.Layer != LayerControl || b.Layer != LayerControl || a.Side != b.Side || a.Status != b.Status {
		return false
	}
	_, av := a.Props["versions"].(int)
	_, bv := b.Props["versions"].(int)
	return av && bv && a.Props["region"] == b.Props["region"] && a.Props["to_day"] == b.Props["from_day"] &&
		sameGeometry(a.Geometry, b.Geometry)
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// Gzip compresses b (an MVT) with a pooled writer, as tiles are stored and
// mostly served.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	gzipPool.Put(zw)
	return buf.Bytes()
}

// Temporal builds the content of a temporal tile: every version of the
// dataset that reaches the tile, each with its validity (from_day and
// to_day, day numbers since 1970-01-01; an open end is to_day 2147483647),
// so that a client can move through time by filtering. Consecutive
// versions of one region whose clipped shapes (and side and status) are
// identical are merged into one feature, which says how many it merged
// (versions).
func (b *Builder) Temporal(versions []geo.Version, t maptile.Tile) *Content {
	sort.SliceStable(versions, func(i, j int) bool {
		if versions[i].Region != versions[j].Region {
			return versions[i].Region < versions[j].Region
		}
		return versions[i].Valid.From < versions[j].Valid.From
	})
	c := &Content{Tile: t}
	var last *Item
	var lastV geo.Version
	for _, v := range versions {
		it, ok := b.controlItem(v, nil, t, temporalProps)
		if !ok {
			last = nil
			continue
		}
		if last != nil && lastV.Region == v.Region && lastV.Valid.To == v.Valid.From &&
			lastV.Side == v.Side && lastV.Status == v.Status && sameGeometry(last.Geometry, it.Geometry) {
			lastV.Valid.To = v.Valid.To
			last.Props["to_day"] = int64(v.Valid.To)
			last.Props["versions"] = last.Props["versions"].(int) + 1
			continue
		}
		it.Props["versions"] = 1
		c.Items = append(c.Items, it)
		last, lastV = &c.Items[len(c.Items)-1], v
	}
	return c
}

func sameGeometry(a, b orb.Geometry) bool {
	am, ok1 := a.(orb.MultiPolygon)
	bm, ok2 := b.(orb.MultiPolygon)
	if !ok1 || !ok2 || len(am) != len(bm) {
		return false
	}
	for i := range am {
		if len(am[i]) != len(bm[i]) {
			return false
		}
		for j := range am[i] {
			if !am[i][j].Equal(bm[i][j]) {
				return false
			}
		}
	}
	return true
}
