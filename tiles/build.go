package tiles

import (
	"context"
	"fmt"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Source is what tiles reads from the store. data.Store satisfies it.
type Source interface {
	// VersionsAt returns the versions of a dataset on the map at day whose
	// bounding box meets b.
	VersionsAt(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error)
	// VersionsIn returns every version of a dataset, whatever its validity,
	// whose bounding box meets b.
	VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error)
}

// BareSource is a Source that can leave the geometry out of VersionsAt
// and fill it in later (data.Store is one): a day's tile then loads and
// decodes the geometry only of the versions whose shapes the Builder does
// not hold.
type BareSource interface {
	// VersionsAtBare is VersionsAt with every Geometry nil and Source
	// empty: what a tile draws, no more.
	VersionsAtBare(ctx context.Context, dataset string, day geo.Day, b orb.Bound) ([]geo.Version, error)
	// FillGeometry sets the Geometry of each of vs.
	FillGeometry(ctx context.Context, vs []geo.Version) error
}

// RegionShape is a named region with its outline, for the regions layer.
type RegionShape struct {
	Region  geo.Region
	Outline orb.MultiPolygon
}

// Basemap is the static part of every map: boundaries, region outlines and places.
type Basemap struct {
	Features []geo.BaseFeature
	Regions  []RegionShape
	Places   []geo.Place
	Water    []geo.Water
}

// BasemapBounds is the extent [west, south, east, north] of the embedded
// basemap (Natural Earth boundaries and water around Ukraine): what a
// client may ask basemap tiles of.
var BasemapBounds = []float64{12, 38, 50, 60}

// simplifyTolerance is the Douglas-Peucker tolerance in world units (1/16
// px on a 256 px tile): below what any tile can show.
const simplifyTolerance = 3

// Builder turns versions and the basemap into tile Content.
type Builder struct {
	base  *Basemap
	memo  *levelCache
	rings ringPool // the memo's shapes' rings, shared
	held  held
	zooms [MaxZoom + 1]baseZoom
}

// baseZoom is the basemap projected for one zoom, made on first use. It is
// kept whole rather than per feature in memo: every tile visits every
// feature, and a bound check on a slice is cheaper than a locked lookup.
type baseZoom struct {
	once     sync.Once
	features []*shape
	regions  []*shape
	water    []waterShape
}

// baseShapes returns the basemap features and region outlines of zoom z.
func (b *Builder) baseShapes(z maptile.Zoom) *baseZoom {
	bz := &b.zooms[min(int(z), MaxZoom)]
	bz.once.Do(func() {
		bz.features = make([]*shape, len(b.base.Features))
		for i, f := range b.base.Features {
			bz.features[i] = newShape(projectMulti(f.Geometry, z, simplifyTolerance))
		}
		bz.regions = make([]*shape, len(b.base.Regions))
		for i, r := range b.base.Regions {
			bz.regions[i] = newShape(projectMulti(r.Outline, z, simplifyTolerance))
		}
		bz.water = make([]waterShape, len(b.base.Water))
		for i, w := range b.base.Water {
			if waterVisible(w, z) {
				bz.water[i] = newWaterShape(w, z)
			}
		}
	})
	return bz
}

// NewBuilder makes a Builder over base (nil for none) whose memo of
// projected shapes (with their simplification at every zoom) holds about
// memoBytes.
func NewBuilder(base *Basemap, memoBytes int) *Builder {
	if base == nil {
		base = &Basemap{}
	}
	return &Builder{base: base, memo: newLevelCache(memoBytes)}
}

// Base returns the basemap the Builder draws from.
func (b *Builder) Base() *Basemap { return b.base }

// shapeOf returns v's level shape: the one held (Hold), else from the
// memo by version id or made from v.Geometry and memoised.
func (b *Builder) shapeOf(v geo.Version) *levelShape {
	if s, ok := b.held.shape(v.ID); ok {
		return s
	}
	s, ok := b.memo.get(v.ID)
	if !ok {
		s = newLevelShapeWith(v.Geometry, b.rings.ring)
		b.memo.put(v.ID, s)
	}
	return s
}

// clipVersion returns v's shape at zoom z clipped to box (world units of
// z), moved by (ox, oy) and rounded to whole units; s is its level shape
// (shapeOf), nil to look it up.
func (b *Builder) clipVersion(v geo.Version, s *levelShape, z maptile.Zoom, box orb.Bound, ox, oy float64) orb.MultiPolygon {
	if z > MaxZoom { // beyond the levels: not memoised
		return newShape(projectMulti(v.Geometry, z, simplifyTolerance)).clip(box, ox, oy)
	}
	if s == nil {
		s = b.shapeOf(v)
	}
	return s.clip(uint8(z), box, ox, oy)
}

// baseItems returns the basemap content of a tile, with the water on the
// map at day (0: every water feature, as the basemap archive has them).
func (b *Builder) baseItems(t maptile.Tile, withRegions bool, day geo.Day) []Item {
	var items []Item
	bz := b.baseShapes(t.Z)
	for i, f := range b.base.Features {
		g := clipToTile(bz.features[i], t, Buffer)
		if len(g) == 0 {
			continue
		}
		items = append(items, Item{Layer: LayerBoundaries, Geometry: g, Kind: f.Layer, Name: f.Name,
			Props: map[string]any{"kind": f.Layer, "iso": f.ISO, "country": f.Country, "name": f.Name, "name_uk": f.NameUK, "name_ru": f.NameRU}})
	}
	for i, w := range b.base.Water {
		if !w.On(day) || !waterVisible(w, t.Z) {
			continue
		}
		if g := bz.water[i].clip(t, Buffer); g != nil {
			items = append(items, waterItem(w, g))
		}
	}
	if withRegions {
		for i, r := range b.base.Regions {
			g := clipToTile(bz.regions[i], t, ControlBuffer)
			if len(g) == 0 {
				continue
			}
			items = append(items, Item{Layer: LayerRegions, Geometry: g, Kind: r.Region.Kind.String(), Name: r.Region.Name,
				Props: map[string]any{"region": r.Region.Slug, "name": r.Region.Name, "kind": r.Region.Kind.String()}})
		}
	}
	for _, p := range b.base.Places {
		if pt, ok := pointInTile(WorldPoint(p.Point(), t.Z), t); ok && placeVisible(p.Rank, t.Z) {
			items = append(items, Item{Layer: LayerPlaces, Geometry: pt, Name: p.Name, Rank: p.Rank,
				Props: map[string]any{"name": p.Name, "name_uk": p.NameUK, "name_ru": p.NameRU, "rank": p.Rank, "country": p.Country, "population": p.Population}})
		}
	}
	return items
}

// placeVisible says from which zoom a place of a rank is in a tile: a zoom
// or two before the raster style labels it (draw.Style.Places), so that
// clients labelling places themselves (the web app) have them.
func placeVisible(rank int, z maptile.Zoom) bool {
	switch rank {
	case 1:
		return z >= 3
	case 2:
		return z >= 4
	case 3:
		return z >= 6
	}
	return z >= 7 // small towns: the web app labels those near the day's front from 7.5, the rest from 9
}

// controlItem clips one version (s its level shape, or nil) to the tile
// with the attributes props gives it; ok is false if it misses the tile.
func (b *Builder) controlItem(v geo.Version, s *levelShape, t maptile.Tile, props func(geo.Version) map[string]any) (Item, bool) {
	g := b.clipVersion(v, s, t.Z, tileBox(t, ControlBuffer), float64(t.X)*Extent, float64(t.Y)*Extent)
	if len(g) == 0 {
		return Item{}, false
	}
	return Item{Layer: LayerControl, Geometry: g, Side: v.Side, Status: v.Status, Props: props(v)}, true
}

// dayProps are the attributes of a version in a day's tile: what it draws
// (region, side, status) and the dataset, nothing of the version itself.
// DeepStateMap publishes a new version of its polygons almost every day,
// so the version's id, source and validity would change the bytes of
// every tile a region touches every day, however little of it moved; a
// tile whose drawing does not change keeps its bytes and ETag (304). Who
// wants a version's provenance asks the API (the region's history).
func dayProps(v geo.Version) map[string]any {
	return map[string]any{
		"region":  v.Region,
		"side":    v.Side.String(),
		"status":  v.Status.String(),
		"dataset": v.Dataset,
	}
}

// temporalProps are dayProps and the validity a client filters by:
// from_day and to_day, days since 1970-01-01 (an open end is to_day
// 2147483647).
func temporalProps(v geo.Version) map[string]any {
	p := dayProps(v)
	p["from_day"] = int64(v.Valid.From)
	p["to_day"] = int64(v.Valid.To)
	return p
}

// BaseTile builds the content of a tile of the basemap alone, the same on
// every day: boundaries, every water feature with its validity (a client
// filters them by day as it does control), region outlines and places
// (GET /tiles/base/{z}/{x}/{y}.mvt, basemap.pmtiles).
func (b *Builder) BaseTile(t maptile.Tile) *Content {
	return &Content{Tile: t, Items: b.baseItems(t, true, 0)}
}

// Day builds the content of a tile for one day of a dataset.
func (b *Builder) Day(ctx context.Context, src Source, dataset string, day geo.Day, t maptile.Tile, controlOnly bool) (*Content, error) {
	vs, shapes, err := b.versionsAt(ctx, src, dataset, day, t)
	if err != nil {
		return nil, fmt.Errorf("tiles: versions of %s at %s: %w", dataset, day, err)
	}
	c := &Content{Tile: t}
	if !controlOnly {
		c.Items = b.baseItems(t, true, day)
	}
	for i, v := range vs {
		if it, ok := b.controlItem(v, shapes[i], t, dayProps); ok {
			c.Items = append(c.Items, it)
		}
	}
	return c, nil
}

// versionsAt is src.VersionsAt with the level shape of each version.
// Where src can leave the geometry out, it is loaded only for the
// versions whose shapes the memo does not hold.
func (b *Builder) versionsAt(ctx context.Context, src Source, dataset string, day geo.Day, t maptile.Tile) ([]geo.Version, []*levelShape, error) {
	bound := TileBound(t, ControlBuffer)
	bs, ok := src.(BareSource)
	if !ok || t.Z > MaxZoom {
		vs, err := src.VersionsAt(ctx, dataset, day, bound)
		return vs, make([]*levelShape, len(vs)), err
	}
	vs, err := bs.VersionsAtBare(ctx, dataset, day, bound)
	if err != nil {
		return nil, nil, err
	}
	shapes := make([]*levelShape, len(vs))
	var miss []geo.Version
	var at []int
	for i, v := range vs {
		if s, ok := b.held.shape(v.ID); ok {
			shapes[i] = s
		} else if s, ok := b.memo.get(v.ID); ok {
			shapes[i] = s
		} else {
			miss, at = append(miss, v), append(at, i)
		}
	}
	if len(miss) == 0 {
		return vs, shapes, nil
	}
	if err := bs.FillGeometry(ctx, miss); err != nil {
		return nil, nil, err
	}
	for k, i := range at {
		vs[i].Geometry = miss[k].Geometry
		shapes[i] = b.shapeOf(vs[i])
	}
	return vs, shapes, nil
}
