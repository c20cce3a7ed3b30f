package server

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// WMTS 1.0.0 (OGC 07-057r7) at /wmts: the capabilities, in KVP
// (/wmts?SERVICE=WMTS&REQUEST=GetCapabilities) and RESTful
// (/wmts/1.0.0/WMTSCapabilities.xml) form, list a Layer per dataset with
// a Time dimension of its change days (the default is the latest) in the
// WebMercatorQuad tile matrix set (GoogleMapsCompatible); GetTile, KVP
// and RESTful (/wmts/1.0.0/{layer}/default/{Time}/WebMercatorQuad/{z}/{y}/{x}.png),
// answers the tile service's PNG tiles, the bytes and ETags of our XYZ
// tiles. Bad requests get an OWS exception report (wmts_tile.go).

// wmtsRoutes adds the routes of /wmts with get (Routes' helper).
func (s *Server) wmtsRoutes(get func(path, name string, h http.HandlerFunc)) {
	get("/wmts", "wmts", s.wmtsKVP)
	get("/wmts/1.0.0/WMTSCapabilities.xml", "wmts_capabilities", s.wmtsCapabilities)
	get("/wmts/1.0.0/{layer}/{style}/{time}/{tms}/{z}/{y}/{xext}", "wmts_tile", s.wmtsRESTTile)
}

// wmtsKVP serves GET /wmts?SERVICE=WMTS&REQUEST=...: GetCapabilities or
// GetTile. Parameter names are case-insensitive, as OWS Common has them.
func (s *Server) wmtsKVP(w http.ResponseWriter, r *http.Request) {
	q := kvp(r)
	if v := q["SERVICE"]; v != "" && !strings.EqualFold(v, "WMTS") {
		s.owsFail(w, r, "InvalidParameterValue", "SERVICE", geo.Invalidf("service %s: this is WMTS", geo.Echo(v)))
		return
	}
	switch req := q["REQUEST"]; {
	case req == "":
		s.owsFail(w, r, "MissingParameterValue", "REQUEST", geo.Invalidf("REQUEST is missing: want GetCapabilities or GetTile"))
	case strings.EqualFold(req, "GetCapabilities"):
		s.wmtsCapabilities(w, r)
	case strings.EqualFold(req, "GetTile"):
		s.wmtsKVPTile(w, r, q)
	default:
		s.owsFail(w, r, "OperationNotSupported", "REQUEST", errNotSupported(req))
	}
}

// kvp is a request's query with upper-case names (the first value of each).
func kvp(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			out[strings.ToUpper(k)] = v[0]
		}
	}
	return out
}

// wmtsLayer is what the capabilities say of a dataset.
type wmtsLayer struct {
	meta geo.Dataset
	days []geo.Day
	def  geo.Day // the default Time: the latest change day
}

// wmtsCapabilities serves the ServiceMetadata document.
func (s *Server) wmtsCapabilities(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	layers, err := s.wmtsLayers(ctx)
	if err != nil {
		s.owsFail(w, r, "NoApplicableCode", "", err)
		return
	}
	var b bytes.Buffer
	writeCapabilities(&b, s.baseURL(w, r), layers)
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

// wmtsLayers reads the datasets and their change days.
func (s *Server) wmtsLayers(ctx context.Context) ([]wmtsLayer, error) {
	ds, err := s.datasets.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]wmtsLayer, 0, len(ds))
	for _, d := range ds {
		days, err := s.datasets.ChangeDays(ctx, d.Name, orb.Bound{})
		if err != nil {
			return nil, err
		}
		l := wmtsLayer{meta: d, days: days}
		if l.def, err = s.latest(ctx, d.Name); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// esc is s escaped for XML text and attributes.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writeCapabilities writes the WMTS ServiceMetadata of layers, its URLs on base.
func writeCapabilities(b *bytes.Buffer, base string, layers []wmtsLayer) {
	kvpURL := esc(base + "/wmts?")
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gml="http://www.opengis.net/gml" xsi:schemaLocation="http://www.opengis.net/wmts/1.0 http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd" version="1.0.0">
<ows:ServiceIdentification><ows:Title>frontline</ows:Title><ows:Abstract>Dated maps of territorial control in the war in Ukraine: a layer per dataset, a Time dimension of the days its map changes (any day YYYY-MM-DD is answered).</ows:Abstract><ows:ServiceType>OGC WMTS</ows:ServiceType><ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion><ows:AccessConstraints>%s</ows:AccessConstraints></ows:ServiceIdentification>
<ows:OperationsMetadata>
`, esc(BasemapAttribution))
	for _, op := range []string{"GetCapabilities", "GetTile"} {
		fmt.Fprintf(b, `<ows:Operation name="%s"><ows:DCP><ows:HTTP><ows:Get xlink:href="%s"><ows:Constraint name="GetEncoding"><ows:AllowedValues><ows:Value>KVP</ows:Value></ows:AllowedValues></ows:Constraint></ows:Get></ows:HTTP></ows:DCP></ows:Operation>
`, op, kvpURL)
	}
	b.WriteString("</ows:OperationsMetadata>\n<Contents>\n")
	for _, l := range layers {
		writeLayer(b, base, l)
	}
	writeMatrixSet(b)
	fmt.Fprintf(b, "</Contents>\n<ServiceMetadataURL xlink:href=\"%s\"/>\n</Capabilities>\n", esc(base+"/wmts/1.0.0/WMTSCapabilities.xml"))
}

// writeLayer writes a dataset's Layer.
func writeLayer(b *bytes.Buffer, base string, l wmtsLayer) {
	d := l.meta
	fmt.Fprintf(b, "<Layer><ows:Title>%s</ows:Title>", esc(tileJSONName(d)))
	if d.Description != "" {
		fmt.Fprintf(b, "<ows:Abstract>%s</ows:Abstract>", esc(d.Description))
	}
	fmt.Fprintf(b, `<ows:WGS84BoundingBox><ows:LowerCorner>%g %g</ows:LowerCorner><ows:UpperCorner>%g %g</ows:UpperCorner></ows:WGS84BoundingBox><ows:Identifier>%s</ows:Identifier>`,
		mapBounds.Min[0], mapBounds.Min[1], mapBounds.Max[0], mapBounds.Max[1], esc(d.Name))
	b.WriteString(`<Style isDefault="true"><ows:Identifier>default</ows:Identifier></Style><Format>image/png</Format>`)
	fmt.Fprintf(b, "\n<Dimension><ows:Identifier>Time</ows:Identifier><ows:UOM>ISO8601</ows:UOM><Default>%s</Default><Current>true</Current>", l.def)
	for _, day := range l.days {
		fmt.Fprintf(b, "<Value>%s</Value>", day)
	}
	if len(l.days) == 0 {
		fmt.Fprintf(b, "<Value>%s</Value>", l.def)
	}
	b.WriteString("</Dimension>\n<TileMatrixSetLink><TileMatrixSet>" + tmsID + "</TileMatrixSet><TileMatrixSetLimits>")
	for z := maptile.Zoom(0); z <= tiles.MaxZoom; z++ {
		lim := limitsAt(z)
		fmt.Fprintf(b, "<TileMatrixLimits><TileMatrix>%d</TileMatrix><MinTileRow>%d</MinTileRow><MaxTileRow>%d</MaxTileRow><MinTileCol>%d</MinTileCol><MaxTileCol>%d</MaxTileCol></TileMatrixLimits>",
			z, lim.minRow, lim.maxRow, lim.minCol, lim.maxCol)
	}
	fmt.Fprintf(b, "</TileMatrixSetLimits></TileMatrixSetLink>\n<ResourceURL format=\"image/png\" resourceType=\"tile\" template=\"%s\"/></Layer>\n",
		esc(base+"/wmts/1.0.0/"+d.Name+"/{Style}/{Time}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png"))
}

// writeMatrixSet writes the WebMercatorQuad TileMatrixSet, the
// GoogleMapsCompatible well-known scale set.
func writeMatrixSet(b *bytes.Buffer) {
	fmt.Fprintf(b, "<TileMatrixSet><ows:Identifier>%s</ows:Identifier><ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS><WellKnownScaleSet>urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible</WellKnownScaleSet>\n", tmsID)
	for z := maptile.Zoom(0); z <= tiles.MaxZoom; z++ {
		n := uint64(1) << z
		fmt.Fprintf(b, "<TileMatrix><ows:Identifier>%d</ows:Identifier><ScaleDenominator>%.10f</ScaleDenominator><TopLeftCorner>%.7f %.7f</TopLeftCorner><TileWidth>%d</TileWidth><TileHeight>%d</TileHeight><MatrixWidth>%d</MatrixWidth><MatrixHeight>%d</MatrixHeight></TileMatrix>\n",
			z, scaleDenominator(z), -mercatorOrigin, mercatorOrigin, tileSize, tileSize, n, n)
	}
	b.WriteString("</TileMatrixSet>\n")
}
