// Package dsfixture writes small DeepStateMap histories made by the tests
// of the packages beneath data (the reader, the store, sync): raw
// snapshot files in DeepStateMap's format whose shapes the tests know.
// It is for tests only; nothing in the product imports it.
package dsfixture

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Squares of the fixture: Kharkiv oblast, Donetsk oblast, Kursk oblast
// (Russia), and Transnistria, as GeoJSON Polygon coordinates.
var (
	Kharkiv = Square(36.5, 49.5, 0.1)
	Donetsk = Square(37.8, 48.0, 0.2)
	DonBig  = Square(37.8, 48.0, 0.3)
	Grey    = Square(38.2, 48.3, 0.05)
	Kursk   = Square(35.3, 51.3, 0.1)
	Transn  = Square(29.5, 47.2, 0.1)
)

// Square is the coordinates of a square polygon of half-side r degrees
// about lon, lat, with DeepStateMap's third coordinate.
func Square(lon, lat, r float64) string {
	return "[[[" + ftoa(lon-r) + "," + ftoa(lat-r) + ",0],[" + ftoa(lon+r) + "," + ftoa(lat-r) + ",0],[" + ftoa(lon+r) + "," + ftoa(lat+r) + ",0],[" +
		ftoa(lon-r) + "," + ftoa(lat+r) + ",0],[" + ftoa(lon-r) + "," + ftoa(lat-r) + ",0]]]"
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Polygon is a feature named name with Polygon coordinates coords.
func Polygon(name, coords string) string {
	b, _ := json.Marshal(name)
	return `{"type":"Feature","properties":{"name":` + string(b) + `,"fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`
}

// Collection is a FeatureCollection of features.
func Collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// Point is a feature DeepStateMap draws that is no area.
const Point = `{"type":"Feature","properties":{"name":"Direction of attack"},"geometry":{"type":"Point","coordinates":[37.5,48.1,0]}}`

// History writes into dir a small history: two files of 2025-01-20 (the
// later one is the day's map), one of 2025-01-21 on which the grey zone
// and the name no rule knows are gone, and a README that is not GeoJSON.
// With unknown, the map of 2025-01-20 has a polygon whose name no rule
// knows.
func History(dir string, unknown bool) error {
	last := []string{
		Polygon("Окуповано /// Occupied\u00a0/// geoJSON.status.occupied\n", Donetsk),
		Polygon("Статус невідомий /// Unknown status /// geoJSON.status.unknown", Grey),
		Polygon("Звільнено /// Liberated /// geoJSON.status.dismissed", Kharkiv),
		Polygon("Звільнено /// Liberated /// geoJSON.status.dismissed", Kursk),
		Polygon("Придністров'я/// Transnistria /// geoJSON.territories.transnistria", Transn),
		Point,
		`{"type":"Feature","properties":{"name":"Звільнено 25.03 /// Liberated 25.03 /// geoJSON.status.dismissed_at {{at:25.03}}"},"geometry":{"type":"GeometryCollection","geometries":[` +
			`{"type":"Polygon","coordinates":` + Square(36.9, 49.9, 0.05) + `},{"type":"Point","coordinates":[36.9,49.9]}]}}`,
	}
	// In the Dnipro-Buh estuary, outside Natural Earth's Ukraine and not in Russia.
	last = append(last, Polygon("Звільнено /// Liberated\n", Square(32.33, 46.53, 0.02)))
	if unknown {
		last = append(last, Polygon("Щось нове /// Something new", Square(37, 47, 0.05)))
	}
	files := [][2]string{
		{"1737331200.geojson", Collection(Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", DonBig))}, // 2025-01-20 00:00
		{"1737410164.geojson", Collection(last...)},                            // 2025-01-20 21:56
		{"1737496564.geojson", Collection(last[0], last[2], last[3], last[5])}, // 2025-01-21 21:56
		{"README.txt", "not a snapshot"},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644); err != nil {
			return err
		}
	}
	return nil
}
