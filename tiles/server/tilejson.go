package server

import (
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/gorilla/mux"
)

// BasemapAttribution credits what every map of ours draws beside the
// control: Natural Earth's boundaries and water, GeoNames' places.
const BasemapAttribution = "boundaries: Natural Earth (public domain) · towns: GeoNames (CC BY 4.0)"

// AttributionOf is the attribution of maps of dataset d, as HTML (TileJSON,
// the MapLibre style and PMTiles metadata say it so): its attribution and
// licence, or, without an attribution, its title or name (never another
// dataset's words: geo.Dataset.CreditOrName), escaped and linked to its
// source URL when it has one, and the basemap's (BasemapAttribution).
func AttributionOf(d geo.Dataset) string {
	c := html.EscapeString(d.CreditOrName())
	if d.SourceURL != "" {
		c = `<a href="` + html.EscapeString(d.SourceURL) + `">` + c + `</a>`
	}
	return "Control: " + c + " · " + BasemapAttribution
}

// tileJSONName names a dataset's tiles: its title, else "frontline NAME".
func tileJSONName(d geo.Dataset) string {
	if d.Title != "" {
		return d.Title
	}
	return "frontline " + d.Name
}

// tileJSON is the TileJSON of tiles of dataset d under path, named name,
// its URLs on base (Server.baseURL).
func tileJSON(base string, d geo.Dataset, name, path, format string, q url.Values) map[string]any {
	suffix := ""
	if enc := q.Encode(); enc != "" {
		suffix = "?" + enc
	}
	tj := map[string]any{
		"tilejson":    "3.0.0",
		"name":        name,
		"scheme":      "xyz",
		"tiles":       []string{base + path + "/{z}/{x}/{y}." + format + suffix},
		"minzoom":     0,
		"maxzoom":     tiles.MaxZoom,
		"bounds":      []float64{22, 44, 41, 53},
		"center":      []float64{33, 48.5, 5},
		"attribution": AttributionOf(d),
	}
	if d.Description != "" {
		tj["description"] = d.Description
	}
	// The days the dataset observed, as the style's metadata says them: a
	// day before the first has no map (404).
	if d.ObservedFrom != 0 {
		tj["frontline:observed_from"] = d.ObservedFrom.String()
	}
	if d.ObservedTo != 0 {
		tj["frontline:observed_to"] = d.ObservedTo.String()
	}
	if format == "mvt" {
		tj["vector_layers"] = tiles.VectorLayers
	}
	return tj
}

// tileJSON serves GET /tiles/{day}.json[?format=png&dataset=].
func (s *Server) tileJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	meta, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dataset := meta.Name
	dayS := mux.Vars(r)["day"]
	if dayS == baseDay {
		tj := tileJSON(s.baseURL(w, r), meta, "frontline basemap", "/tiles/base", "mvt", nil)
		tj["attribution"] = "Natural Earth (public domain); towns: GeoNames (CC BY 4.0)"
		delete(tj, "frontline:observed_from") // the basemap is every day's
		delete(tj, "frontline:observed_to")
		tj["bounds"] = tiles.BasemapBounds
		tj["description"] = "Boundaries, water, region outlines and places: the layers that do not change with the day. Water features carry from_day and to_day."
		w.Header().Set("Cache-Control", "public, max-age=86400")
		writeJSON(w, r, http.StatusOK, tj)
		return
	}
	day, latest, err := s.parseDay(ctx, dataset, dayS, "day")
	if err == nil {
		err = meta.CheckObserved(day) // no tiles before the first observed day
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := q.Get("format")
	switch format {
	case "", "mvt":
		format = "mvt"
	case "png", "png2x":
	default:
		s.fail(w, r, geo.Invalidf("format %q: want mvt, png or png2x", format))
		return
	}
	keep := url.Values{}
	if q.Get("dataset") != "" {
		keep.Set("dataset", dataset)
	}
	if q.Get("layers") == "control" {
		keep.Set("layers", "control")
	}
	ext := format
	if format == "png2x" {
		ext = "@2x.png"
	}
	tj := tileJSON(s.baseURL(w, r), meta, tileJSONName(meta)+" "+day.String(), "/tiles/"+dayS, ext, keep)
	if format == "png2x" {
		tj["tiles"] = []string{strings.Replace(tj["tiles"].([]string)[0], "}.@2x.png", "}@2x.png", 1)}
		tj["tileSize"] = 512
	}
	w.Header().Set("Cache-Control", cacheControl(day, latest))
	writeJSON(w, r, http.StatusOK, tj)
}

// tileJSONAll serves GET /tiles/all.json: the temporal vector tiles of the
// whole history, or with ?period=YYYY-MM (or ?day=, the period holding
// that day) those of one period, whose range it says.
func (s *Server) tileJSONAll(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	meta, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var period tiles.Period
	switch {
	case q.Get("period") != "":
		period, err = tiles.ParsePeriod(q.Get("period"))
	case q.Get("day") != "":
		var day geo.Day
		if day, _, err = s.parseDay(ctx, meta.Name, q.Get("day"), "day"); err == nil {
			period = tiles.PeriodOf(day)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	keep := url.Values{}
	if q.Get("dataset") != "" {
		keep.Set("dataset", meta.Name)
	}
	path, name := "/tiles/all", tileJSONName(meta)+" through time"
	filter := "Every version with its validity; filter control features with from_day <= D < to_day (D = days since 1970-01-01)."
	if period.Valid() {
		path, name = "/tiles/all/"+period.String(), name+", "+period.String()
		filter = "The versions on the map on some day of " + period.From.String() + " to " + (period.To - 1).String() + " with their validity; filter control features with from_day <= D < to_day (D = days since 1970-01-01)."
	}
	tj := tileJSON(s.baseURL(w, r), meta, name, path, "mvt", keep)
	tj["description"] = filter
	if meta.Description != "" {
		tj["description"] = meta.Description + " " + filter
	}
	tj["frontline:period_months"] = tiles.PeriodMonths
	if period.Valid() {
		tj["frontline:period"] = period.String()
		tj["frontline:period_from"] = period.From.String()
		tj["frontline:period_to"] = period.To.String()
	}
	writeJSON(w, r, http.StatusOK, tj)
}
