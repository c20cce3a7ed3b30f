package server

import (
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/paulmach/orb/maptile"
)

// parseTile parses z, x and the "{y}.ext" path element of an XYZ tile.
// Tiles outside the pyramid are bad requests.
func parseTile(zs, xs, yext string) (maptile.Tile, service.Format, error) {
	var f service.Format
	var ys string
	switch {
	case strings.HasSuffix(yext, "@2x.png"):
		f, ys = service.PNG2x, strings.TrimSuffix(yext, "@2x.png")
	case strings.HasSuffix(yext, ".png"):
		f, ys = service.PNG, strings.TrimSuffix(yext, ".png")
	case strings.HasSuffix(yext, ".mvt"):
		f, ys = service.MVT, strings.TrimSuffix(yext, ".mvt")
	case strings.HasSuffix(yext, ".pbf"):
		f, ys = service.MVT, strings.TrimSuffix(yext, ".pbf")
	default:
		return maptile.Tile{}, 0, geo.Invalidf("tile %q: want {y}.png, {y}@2x.png or {y}.mvt", yext)
	}
	z, err := parseUint(zs, "z")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	if z > tiles.MaxZoom {
		return maptile.Tile{}, 0, geo.Invalidf("zoom %d is outside 0..%d", z, tiles.MaxZoom)
	}
	x, err := parseUint(xs, "x")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	y, err := parseUint(ys, "y")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	if n := uint64(1) << z; x >= n || y >= n {
		return maptile.Tile{}, 0, geo.Invalidf("tile %d/%d/%d is outside the pyramid (x and y < %d at zoom %d)", z, x, y, n, z)
	}
	return maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), f, nil
}

func parseUint(s, name string) (uint64, error) {
	if s == "" || len(s) > 10 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, geo.Invalidf("%s %q is not a whole number", name, s)
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, geo.Invalidf("%s %q is out of range", name, s)
	}
	return v, nil
}

// simpleQuery returns the first value of each of keys in a raw query that
// needs no unescaping, without building url.Values; ok is false if the
// query has escapes or separators that url.ParseQuery must see.
func simpleQuery(raw string, keys ...string) (vals [2]string, ok bool) {
	if strings.ContainsAny(raw, "%+;") || len(keys) > len(vals) {
		return vals, false
	}
	var seen [2]bool
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(part, "=")
		for i, key := range keys {
			if k == key && !seen[i] {
				vals[i], seen[i] = v, true
			}
		}
	}
	return vals, true
}
