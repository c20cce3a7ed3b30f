package publish

import (
	"fmt"
	"maps"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
)

// metadata is an archive's metadata JSON, as the TileJSON of /tiles/all.json
// says it, with the dataset's licence and observed days.
func metadata(ds geo.Dataset, opt Options, days []geo.Day) map[string]any {
	name := ds.Title
	if name == "" {
		name = "frontline " + ds.Name
	}
	const filter = "Every version with its validity; filter control features with from_day <= D < to_day (D = days since 1970-01-01)."
	desc := filter
	if ds.Description != "" {
		desc = ds.Description + " " + filter
	}
	b := opt.Bound
	m := map[string]any{
		"name":          name,
		"dataset":       ds.Name,
		"description":   desc,
		"attribution":   opt.Attribution,
		"format":        "pbf",
		"type":          "overlay",
		"version":       "1",
		"generator":     "frontline publish",
		"mvt_version":   tiles.MVTVersion,
		"minzoom":       opt.MinZoom,
		"maxzoom":       opt.MaxZoom,
		"bounds":        []float64{b.Min.X(), b.Min.Y(), b.Max.X(), b.Max.Y()},
		"center":        []float64{b.Center().X(), b.Center().Y(), float64(centerZoom(opt))},
		"vector_layers": tiles.VectorLayers,
	}
	if ds.Title != "" {
		m["title"] = ds.Title
	}
	if ds.License != "" {
		m["license"] = ds.License
	}
	if ds.SourceURL != "" {
		m["source_url"] = ds.SourceURL
	}
	// The first and last observed day: the dataset's observed range, else
	// its first and last change.
	from, to := ds.ObservedFrom, ds.ObservedTo
	if len(days) > 0 {
		if from == 0 {
			from = days[0]
		}
		if to == 0 {
			to = days[len(days)-1]
		}
		m["first_change"], m["last_change"] = days[0], days[len(days)-1]
	}
	if from != 0 {
		m["observed_from"], m["observed_to"] = from, to
	}
	return m
}

// basemapMeta is basemap.pmtiles' metadata: the control archive's, told
// as the basemap's, with the bound the archive's header has.
func basemapMeta(meta map[string]any, opt Options, area tileArea) map[string]any {
	m := maps.Clone(meta)
	m["name"] = "frontline basemap"
	m["description"] = "Boundaries and water (Natural Earth), the outlines of the named regions and major places: the layers of the map that do not change with the day (water features carry from_day and to_day), as GET /tiles/base/{z}/{x}/{y}.mvt."
	m["attribution"] = "Natural Earth (public domain); towns: GeoNames (CC BY 4.0)"
	m["type"] = "baselayer"
	hb := area.header()
	m["bounds"] = []float64{hb.Min.X(), hb.Min.Y(), hb.Max.X(), hb.Max.Y()}
	m["center"] = []float64{area.Bound.Center().X(), area.Bound.Center().Y(), float64(centerZoom(opt))}
	delete(m, "license")
	delete(m, "source_url")
	return m
}

// rasterMeta is raster-DAY.pmtiles' metadata: the control archive's, told
// as one day's raster tiles.
func rasterMeta(meta map[string]any, day geo.Day) map[string]any {
	m := maps.Clone(meta)
	m["name"] = fmt.Sprint(meta["name"], " ", day)
	m["description"] = fmt.Sprintf("The map of %s as raster tiles (256 px PNG): control, boundaries, regions and places.", day)
	m["format"] = "png"
	m["type"] = "baselayer"
	m["day"] = day.String()
	delete(m, "vector_layers")
	delete(m, "mvt_version")
	return m
}

// centerZoom is the zoom of the archives' center: 5, within the zooms.
func centerZoom(opt Options) int { return min(max(5, opt.MinZoom), opt.MaxZoom) }
