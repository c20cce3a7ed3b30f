package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/gorilla/mux"
)

// ogcTile serves the OGC API - Tiles tiles of a collection (a dataset) in
// format f: GET /ogc/collections/{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}
// for vector tiles (MVT), .../map/tiles/... for map tiles (PNG), with
// datetime=YYYY-MM-DD (absent: the latest change day). They are the tile
// service's answers, the same bytes under the same ETags as our XYZ tiles
// of the day: note the OGC order, TileMatrix/TileRow/TileCol, is z/y/x.
func (s *Server) ogcTile(f service.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := mux.Vars(r)
		if v["tms"] != tmsID {
			s.fail(w, r, notFoundf("tile matrix set %s: this API has %s", geo.Echo(v["tms"]), tmsID))
			return
		}
		t, err := parseMatrixTile(v["z"], v["y"], v["x"])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := r.Context()
		meta, err := s.collection(ctx, v["collection"])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		day, latest, err := s.datetimeDay(ctx, meta, r.URL.Query().Get("datetime"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		req := service.Request{Dataset: meta.Name, Day: day, Tile: t, Format: f}
		s.serveTile(w, r, req, cacheControl(day, latest))
	}
}

// collection describes the dataset an OGC collection id names; unlike
// ?dataset=, an empty id is no default.
func (s *Server) collection(ctx context.Context, id string) (geo.Dataset, error) {
	if id == "" {
		return geo.Dataset{}, notFoundf("collection %q", id)
	}
	return s.datasetMeta(ctx, id)
}

// datetimeDay is the day of an OGC datetime parameter (OGC API - Tiles
// /req/datetime): a date (2025-01-20) or an RFC 3339 date-time (its UTC
// date), or an interval of them whose end is the day shown (an open end,
// "..", is the latest day). Absent, it is the latest change day of the
// dataset, as "latest" of our XYZ tiles. A day before the first observed
// is geo.ErrNotFound (geo.NoDataError).
func (s *Server) datetimeDay(ctx context.Context, meta geo.Dataset, v string) (geo.Day, bool, error) {
	if _, end, ok := strings.Cut(v, "/"); ok {
		v = end
	}
	if v == "" || v == ".." {
		v = "latest"
	}
	text := v
	if len(v) > len("2006-01-02") {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return 0, false, geo.Invalidf("datetime %s: want YYYY-MM-DD, an RFC 3339 date-time or an interval of them", geo.Echo(v))
		}
		text = t.UTC().Format("2006-01-02")
	}
	day, latest, err := s.parseDay(ctx, meta.Name, text, "datetime")
	if err == nil {
		err = meta.CheckObserved(day)
	}
	return day, latest, err
}

// notFoundf is a geo.ErrNotFound error saying what was not found.
func notFoundf(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, geo.ErrNotFound)...)
}
