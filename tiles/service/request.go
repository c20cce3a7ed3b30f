package service

import (
	"fmt"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb/maptile"
)

// Set is which tiles a request is of.
type Set int

const (
	// DayTiles are the map of one day: GET /tiles/{day}/{z}/{x}/{y}.
	DayTiles Set = iota
	// TemporalTiles are every version with its validity, for a client to
	// filter by day: GET /tiles/all/{z}/{x}/{y}.mvt, or those of one
	// period, GET /tiles/all/{period}/{z}/{x}/{y}.mvt. Vector tiles only.
	TemporalTiles
	// BaseTiles are the basemap alone, every water feature with its
	// validity: GET /tiles/base/{z}/{x}/{y}.mvt. Vector tiles only.
	BaseTiles
)

// String names the set as messages say it.
func (s Set) String() string {
	switch s {
	case DayTiles:
		return "day"
	case TemporalTiles:
		return "temporal"
	case BaseTiles:
		return "basemap"
	}
	return fmt.Sprintf("Set(%d)", int(s))
}

// Format is the encoding of a tile.
type Format int

const (
	// PNG is a 256 px raster tile.
	PNG Format = iota + 1
	// PNG2x is a 512 px raster tile, for screens of two pixels a point.
	PNG2x
	// MVT is a Mapbox Vector Tile (spec 2.1), gzip'd.
	MVT
)

// String is the format as a request names it: png, png@2x or mvt.
func (f Format) String() string {
	switch f {
	case PNG:
		return "png"
	case PNG2x:
		return "png@2x"
	case MVT:
		return "mvt"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ContentType is the MIME type of the format's bodies.
func (f Format) ContentType() string {
	if f == MVT {
		return "application/vnd.mapbox-vector-tile"
	}
	return "image/png"
}

// Request is a tile to answer.
type Request struct {
	// Dataset names the dataset, already resolved and known to exist: the
	// Service neither picks the default nor checks the name. Basemap tiles
	// do not depend on it.
	Dataset string
	Set     Set
	// Day is the day of DayTiles (after "latest" was resolved).
	Day geo.Day
	// Period is the period of TemporalTiles (tiles.PeriodOf): the versions
	// on the map on some day of it. The zero Period is the whole history.
	Period tiles.Period
	Tile   maptile.Tile
	// Format is PNG, PNG2x or MVT; the temporal and basemap tiles are MVT.
	Format Format
	// ControlOnly leaves the basemap out of a day tile (?layers=control):
	// a transparent overlay of a raster tile, the control layer alone of
	// a vector tile.
	ControlOnly bool
	// OmitEmpty answers a tile with nothing to show with Tile.Empty and no
	// body, without encoding it (publish leaves such tiles out).
	OmitEmpty bool
}

// FormatError is a request for a format its set of tiles does not have:
// the temporal and basemap tiles are vector tiles only. It is
// geo.ErrInvalid.
type FormatError struct {
	Set    Set
	Format Format
}

// Error says which format the set has.
func (e *FormatError) Error() string {
	if e.Set == DayTiles {
		return fmt.Sprintf("tile format %s: want png, png@2x or mvt", e.Format)
	}
	return fmt.Sprintf("%s tiles are vector tiles: want {y}.mvt", e.Set)
}

// Is makes errors.Is true for geo.ErrInvalid.
func (e *FormatError) Is(target error) bool { return target == geo.ErrInvalid }

// Check says whether the Service can answer r: a *FormatError for a
// format its set lacks, a geo.ErrInvalid error for a tile outside the
// pyramid of zooms 0..tiles.MaxZoom. Get checks every request; a caller
// may check first to refuse a request before resolving its dataset.
func (r Request) Check() error {
	switch {
	case r.Set < DayTiles || r.Set > BaseTiles:
		return &FormatError{Set: r.Set, Format: r.Format}
	case r.Format < PNG || r.Format > MVT:
		return &FormatError{Set: r.Set, Format: r.Format}
	case r.Set != DayTiles && r.Format != MVT:
		return &FormatError{Set: r.Set, Format: r.Format}
	}
	t := r.Tile
	if t.Z > tiles.MaxZoom {
		return geo.Invalidf("zoom %d is outside 0..%d", t.Z, tiles.MaxZoom)
	}
	if n := uint64(1) << t.Z; uint64(t.X) >= n || uint64(t.Y) >= n {
		return geo.Invalidf("tile %d/%d/%d is outside the pyramid (x and y < %d at zoom %d)", t.Z, t.X, t.Y, n, t.Z)
	}
	return nil
}

// kind names what a request's bytes are, in content keys and metrics:
// png, png2x or mvt, with -control for a control overlay; mvt-temporal;
// mvt for the basemap.
func (r Request) kind() string {
	switch r.Set {
	case TemporalTiles:
		return "mvt-temporal"
	case BaseTiles:
		return "mvt"
	}
	switch {
	case r.Format == PNG && r.ControlOnly:
		return "png-control"
	case r.Format == PNG:
		return "png"
	case r.Format == PNG2x && r.ControlOnly:
		return "png2x-control"
	case r.Format == PNG2x:
		return "png2x"
	case r.ControlOnly:
		return "mvt-control"
	}
	return "mvt"
}
