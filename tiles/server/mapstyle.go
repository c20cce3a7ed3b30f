package server

import (
	"fmt"
	"image/color"
	"net/http"
	"net/url"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/gorilla/mux"
)

// style serves GET /styles/{name}.json: a MapLibre style (spec v8) that
// draws our vector tiles for ?day= (default latest). It needs no glyphs or
// sprites: places are drawn as circles, so nothing loads from elsewhere.
func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if name != "default" {
		s.fail(w, r, geo.Invalidf("style %q: the only style is default", name))
		return
	}
	q := r.URL.Query()
	day := q.Get("day")
	if day == "" {
		day = "latest"
	}
	ctx := r.Context()
	meta, err := s.datasetMeta(ctx, q.Get("dataset"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dataset := meta.Name
	d, _, err := s.parseDay(ctx, dataset, day, "day")
	if err == nil {
		err = meta.CheckObserved(d) // its source, the day's TileJSON, would be 404
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tq := url.Values{}
	if q.Get("dataset") != "" {
		tq.Set("dataset", dataset)
	}
	base := s.baseURL(w, r)
	src := base + "/tiles/" + day + ".json"
	if enc := tq.Encode(); enc != "" {
		src += "?" + enc
	}
	writeJSON(w, r, http.StatusOK, MapStyle(src, base+"/fonts/{fontstack}/{range}.pbf", s.raster.Style(), meta))
}

// MapStyle returns our MapLibre style, in the colours of st (nil for
// draw.DefaultStyle), whose vector source is the TileJSON at src of
// dataset d: the source's attribution credits d (AttributionOf), and the
// style's metadata describes it (frontline:dataset, frontline:title,
// frontline:attribution, frontline:license, ...). glyphs is the URL
// template of our glyphs (GET /fonts/{fontstack}/{range}.pbf): the names
// of places and rivers are drawn with them; "" leaves text out.
func MapStyle(src, glyphs string, st *draw.Style, d geo.Dataset) map[string]any {
	ctl := func(id, side, status string, paint map[string]any, typ string) map[string]any {
		return map[string]any{"id": id, "type": typ, "source": "frontline", "source-layer": tiles.LayerControl,
			"filter": []any{"all", []any{"==", []any{"get", "side"}, side}, []any{"==", []any{"get", "status"}, status}}, "paint": paint}
	}
	if st == nil {
		st = draw.DefaultStyle()
	}
	ru, ua := hexColor(st.RU), hexColor(st.UA)
	layers := []any{
		map[string]any{"id": "sea", "type": "background", "paint": map[string]any{"background-color": hexColor(st.Sea)}},
		map[string]any{"id": "land", "type": "fill", "source": "frontline", "source-layer": tiles.LayerBoundaries,
			"filter": []any{"==", []any{"get", "kind"}, "country"}, "paint": map[string]any{"fill-color": hexColor(st.Land)}},
		map[string]any{"id": "admin1", "type": "line", "source": "frontline", "source-layer": tiles.LayerBoundaries,
			"filter": []any{"==", []any{"get", "kind"}, "admin1"}, "paint": map[string]any{"line-color": hexColor(st.Admin1Line), "line-width": 0.6}},
		map[string]any{"id": "water-area", "type": "fill", "source": "frontline", "source-layer": tiles.LayerWater,
			"filter": []any{"!=", []any{"get", "kind"}, "river"}, "paint": map[string]any{"fill-color": hexColor(st.Water)}},
		map[string]any{"id": "water-river", "type": "line", "source": "frontline", "source-layer": tiles.LayerWater,
			"filter": []any{"==", []any{"get", "kind"}, "river"}, "layout": map[string]any{"line-join": "round", "line-cap": "round"},
			"paint": map[string]any{"line-color": hexColor(st.River.Color), "line-width": []any{"interpolate", []any{"linear"}, []any{"zoom"}, 4, 0.6, 8, 1.2, 12, 2.5}}},
		map[string]any{"id": "countries", "type": "line", "source": "frontline", "source-layer": tiles.LayerBoundaries,
			"filter": []any{"==", []any{"get", "kind"}, "country"}, "paint": map[string]any{"line-color": hexColor(st.CountryLine), "line-width": 1.2}},
		ctl("ru-occupied", "ru", "occupied", map[string]any{"fill-color": ru, "fill-opacity": 0.45, "fill-outline-color": ru}, "fill"),
		ctl("ua-occupied", "ua", "occupied", map[string]any{"fill-color": ua, "fill-opacity": 0.45, "fill-outline-color": ua}, "fill"),
		ctl("ru-liberated", "ru", "liberated", map[string]any{"fill-color": ru, "fill-opacity": 0.15}, "fill"),
		ctl("ua-liberated", "ua", "liberated", map[string]any{"fill-color": ua, "fill-opacity": 0.15}, "fill"),
		ctl("ru-contested", "ru", "contested", map[string]any{"fill-color": ru, "fill-opacity": 0.2}, "fill"),
		ctl("ua-contested", "ua", "contested", map[string]any{"fill-color": ua, "fill-opacity": 0.2}, "fill"),
		ctl("ru-contested-line", "ru", "contested", map[string]any{"line-color": ru, "line-width": 1, "line-dasharray": []float64{1, 1}}, "line"),
		ctl("ua-contested-line", "ua", "contested", map[string]any{"line-color": ua, "line-width": 1, "line-dasharray": []float64{1, 1}}, "line"),
		ctl("none-contested", "none", "contested", map[string]any{"fill-color": "#808086", "fill-opacity": 0.25}, "fill"),
		ctl("none-contested-line", "none", "contested", map[string]any{"line-color": "#5c5c63", "line-width": 1, "line-dasharray": []float64{1, 1}}, "line"),
		ctl("ru-claimed", "ru", "claimed", map[string]any{"line-color": ru, "line-width": 1.5, "line-dasharray": []float64{3, 2}}, "line"),
		ctl("ua-claimed", "ua", "claimed", map[string]any{"line-color": ua, "line-width": 1.5, "line-dasharray": []float64{3, 2}}, "line"),
		map[string]any{"id": "places", "type": "circle", "source": "frontline", "source-layer": tiles.LayerPlaces,
			"paint": map[string]any{"circle-radius": []any{"match", []any{"get", "rank"}, 1, 4, 2, 3, 2}, "circle-color": "#333333",
				"circle-stroke-color": "#ffffff", "circle-stroke-width": 1}},
	}
	style := map[string]any{
		"version":  8,
		"name":     "frontline default",
		"metadata": styleMetadata(d),
		"sources":  map[string]any{"frontline": map[string]any{"type": "vector", "url": src, "attribution": AttributionOf(d)}},
		"layers":   layers,
	}
	if glyphs != "" {
		// Names, in the Go fonts our glyphs are made of: rivers along their
		// course, places by rank (towns from zoom 7, the rest from 9).
		halo := map[string]any{"text-color": hexColor(st.Text), "text-halo-color": "#ffffff", "text-halo-width": 1.4}
		style["glyphs"] = glyphs
		layers = append(layers,
			map[string]any{"id": "river-names", "type": "symbol", "source": "frontline", "source-layer": tiles.LayerWater,
				"filter": []any{"all", []any{"==", []any{"get", "kind"}, "river"}, []any{"has", "name"}},
				"layout": map[string]any{"symbol-placement": "line", "text-field": []any{"get", "name"}, "text-font": []any{"Go Regular"}, "text-size": 11, "text-letter-spacing": 0.05},
				"paint":  map[string]any{"text-color": "#3f6f95", "text-halo-color": "#ffffff", "text-halo-width": 1.2}})
		style["layers"] = append(layers, placeNames(halo)...)
	}
	return style
}

// placeNames are the symbol layers of place names, one per rank: capitals
// (rank 1) in bold, regional centres (2), towns (3) from zoom 7 and the
// rest from 9, each in a literal font and size. Layers with minzoom and
// literals rather than zoom steps in filters and expressions of rank draw
// the same in MapLibre and are what QGIS's style converter reads. The
// capitals come last, on top: MapLibre places the symbols of upper layers
// first, as the one layer sorted by rank did.
func placeNames(paint map[string]any) []any {
	layer := func(id string, filter []any, minzoom int, font string, size int) map[string]any {
		l := map[string]any{"id": id, "type": "symbol", "source": "frontline", "source-layer": tiles.LayerPlaces,
			"filter": filter,
			"layout": map[string]any{"text-field": []any{"get", "name"}, "text-font": []any{font}, "text-size": size,
				"text-anchor": "left", "text-offset": []any{0.5, 0}},
			"paint": paint}
		if minzoom > 0 {
			l["minzoom"] = minzoom
		}
		return l
	}
	rank := []any{"get", "rank"}
	return []any{
		layer("place-names-small", []any{">", rank, 3}, 9, "Go Regular", 10),
		layer("place-names-town", []any{"==", rank, 3}, 7, "Go Regular", 11),
		layer("place-names-regional", []any{"==", rank, 2}, 0, "Go Regular", 12),
		layer("place-names-capital", []any{"==", rank, 1}, 0, "Go Bold", 14),
	}
}

// styleMetadata describes dataset d in a style's metadata: its name and
// what is set of its title, description, attribution, licence, source URL
// and observed range (YYYY-MM-DD), under keys prefixed "frontline:".
func styleMetadata(d geo.Dataset) map[string]any {
	m := map[string]any{"frontline:dataset": d.Name}
	for k, v := range map[string]string{"title": d.Title, "description": d.Description, "attribution": d.Attribution,
		"license": d.License, "source_url": d.SourceURL} {
		if v != "" {
			m["frontline:"+k] = v
		}
	}
	if d.ObservedFrom != 0 {
		m["frontline:observed_from"] = d.ObservedFrom.String()
	}
	if d.ObservedTo != 0 {
		m["frontline:observed_to"] = d.ObservedTo.String()
	}
	return m
}

// hexColor writes c as a CSS colour, #rrggbb (its alpha goes in opacity).
func hexColor(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
