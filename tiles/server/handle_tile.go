package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/gorilla/mux"
)

// TileStore is what the tile routes read, through the tile service: the
// versions of a day's tiles and of the temporal tiles. data.Store
// satisfies it.
type TileStore interface {
	tiles.Source
}

// baseDay is the "day" of the basemap's tiles: GET /tiles/base/{z}/{x}/{y}.mvt,
// the basemap alone, every water feature with its validity
// (Builder.BaseTile), the same bytes as basemap.pmtiles of frontline publish.
const baseDay = "base"

// tile serves GET /tiles/{day}/{z}/{x}/{y}.png|@2x.png|.mvt for one day,
// and the basemap's tiles under the day "base". A day before the
// dataset's first observed day is 404 (geo.NoDataError).
func (s *Server) tile(w http.ResponseWriter, r *http.Request) {
	dayS, z, x, yext, _ := splitTilePath(r.URL.Path)
	t, f, err := parseTile(z, x, yext)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var layers, dsName string
	if v, ok := simpleQuery(r.URL.RawQuery, "layers", "dataset"); ok {
		layers, dsName = v[0], v[1]
	} else {
		q := r.URL.Query()
		layers, dsName = q.Get("layers"), q.Get("dataset")
	}
	req := service.Request{Tile: t, Format: f}
	switch layers {
	case "", "all":
	case "control":
		req.ControlOnly = true
	default:
		s.fail(w, r, geo.Invalidf("layers %q: want control or all", layers))
		return
	}
	ctx := r.Context()
	meta, err := s.datasetMeta(ctx, dsName)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req.Dataset = meta.Name
	if dayS == baseDay {
		req.Set = service.BaseTiles
		s.serveTile(w, r, req, "public, max-age=86400")
		return
	}
	day, latest, err := s.parseDay(ctx, req.Dataset, dayS, "day")
	if err == nil {
		// A day before the first observed one has no map: 404, not an
		// empty map that reads as no occupation.
		err = meta.CheckObserved(day)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req.Day = day
	s.serveTile(w, r, req, cacheControl(day, latest))
}

// temporalTile serves GET /tiles/all/{z}/{x}/{y}.mvt, every version with
// its validity, and GET /tiles/all/{period}/{z}/{x}/{y}.mvt, those on the
// map on some day of a period (tiles.Period: YYYY-MM, its first month).
func (s *Server) temporalTile(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	t, f, err := parseTile(vars["z"], vars["x"], vars["yext"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := service.Request{Set: service.TemporalTiles, Tile: t, Format: f}
	if p, ok := vars["period"]; ok {
		if req.Period, err = tiles.ParsePeriod(p); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := req.Check(); err != nil { // a raster format: refused before the dataset is looked up
		s.fail(w, r, err)
		return
	}
	if req.Dataset, err = s.dataset(r.Context(), r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveTile(w, r, req, "public, max-age=300")
}

// cacheControl is long for a past day and short for latest or today.
func cacheControl(day geo.Day, latest bool) string {
	if latest || day >= geo.DayOf(time.Now()) {
		return "public, max-age=60"
	}
	return "public, max-age=86400, stale-while-revalidate=604800"
}

// splitTilePath splits /tiles/{day}/{z}/{x}/{yext} without a regexp; ok is
// false for any other shape of path.
func splitTilePath(p string) (day, z, x, yext string, ok bool) {
	rest, found := strings.CutPrefix(p, "/tiles/")
	if !found {
		return "", "", "", "", false
	}
	var parts [4]string
	for i := range 3 {
		parts[i], rest, found = strings.Cut(rest, "/")
		if !found || parts[i] == "" {
			return "", "", "", "", false
		}
	}
	if rest == "" || strings.Contains(rest, "/") {
		return "", "", "", "", false
	}
	return parts[0], parts[1], parts[2], rest, true
}
