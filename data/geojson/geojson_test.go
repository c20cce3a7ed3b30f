package geojson

import (
	"errors"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

const goodFC = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"a","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-02-01","source":"test"},
  "geometry":{"type":"Polygon","coordinates":[[[36,47],[36,48],[37,48],[37,47],[36,47]]]}},
 {"type":"Feature","id":"b","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-02-01","source":"test"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[36,47],[37,47],[37,48.5],[36,48.5],[36,47]]]]}}
]}`

func feature(props, geom string) string {
	return `{"type":"Feature","properties":{` + props + `},"geometry":` + geom + `}`
}

const (
	okProps = `"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-01-01"`
	okGeom  = `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}`
)

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestReadVersions(t *testing.T) {
	vs, err := ReadVersions(strings.NewReader(goodFC), "good.geojson", Defaults{}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vs.Versions) != 2 || vs.Names[1] != "good.geojson feature 1 (id b)" || vs.Versions[1].Valid.To != geo.Forever {
		t.Errorf("got %d versions named %q, want 2, the second open", len(vs.Versions), vs.Names)
	}
	def := Defaults{Region: "r", Side: geo.SideUA, Status: geo.StatusLiberated, Source: "cli"}
	vs, err = ReadVersions(strings.NewReader(fc(feature(`"valid_from":"2024-01-01"`, okGeom))), "d", def, Limits{})
	if err != nil || vs.Versions[0].Region != "r" || vs.Versions[0].Side != geo.SideUA || vs.Versions[0].Source != "cli" {
		t.Errorf("defaults: got %+v, %v, want region r, side ua, source cli", vs.Versions, err)
	}
}

func TestReadVersionsRejects(t *testing.T) {
	type tcase struct {
		input string
		want  string // in the error message
	}
	tcases := map[string]tcase{
		"broken JSON":       {input: `{"type":"FeatureCollection","features":[{"type":`, want: "broken JSON"},
		"broken JSON line":  {input: "{\"type\":\"FeatureCollection\",\n\"features\":[}", want: "line 2"},
		"not a collection":  {input: `{"type":"Point","coordinates":[1,2]}`, want: "want FeatureCollection"},
		"unclosed ring":     {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47.5]]]}`)), want: "feature 0 (region test-area): polygon 0 ring 0: not closed"},
		"too few positions": {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[36,47]]]}`)), want: "at least 4"},
		"lon out of range":  {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[237,47],[37,48],[36,47]]]}`)), want: "out of range"},
		"lat out of range":  {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,97],[37,48],[36,47]]]}`)), want: "out of range"},
		"string coordinate": {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[["36",47],[37,47],[37,48],[36,47]]]}`)), want: "bad Polygon coordinates"},
		"point geometry":    {input: fc(feature(okProps, `{"type":"Point","coordinates":[36,47]}`)), want: "want Polygon or MultiPolygon"},
		"no geometry":       {input: fc(feature(okProps, `null`)), want: "no geometry"},
		"impossible day":    {input: fc(feature(`"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-02-30"`, okGeom)), want: "valid_from: bad day \"2024-02-30\""},
		"to before from":    {input: fc(feature(okProps+`,"valid_to":"2023-01-01"`, okGeom)), want: "not after valid_from"},
		"bad side":          {input: fc(feature(`"region":"test-area","side":"nato","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "bad side \"nato\""},
		"bad status":        {input: fc(feature(`"region":"test-area","side":"ru","status":"annexed","valid_from":"2024-01-01"`, okGeom)), want: "bad status"},
		"no region":         {input: fc(feature(`"side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "no region"},
		"bad region slug":   {input: fc(feature(`"region":"Test Area","side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "bad region slug"},
		"overlap in file":   {input: fc(feature(okProps, okGeom), feature(`"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-06-01","valid_to":"2024-07-01"`, okGeom)), want: "overlaps"},
		"one bad of two":    {input: fc(feature(`"region":"other","side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom), feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48]]]}`)), want: "feature 1"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			_, err := ReadVersions(strings.NewReader(tc.input), "in.geojson", Defaults{}, Limits{})
			if !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want a rejection containing %q", err, tc.want)
			}
		})
	}
}

func TestReadVersionsLimit(t *testing.T) {
	_, err := ReadVersions(strings.NewReader(goodFC), "big.geojson", Defaults{}, Limits{FileBytes: 100})
	var le *geo.LimitError
	if !errors.As(err, &le) || !errors.Is(err, geo.ErrTooLarge) || le.What != "big.geojson" {
		t.Errorf("got %v, want a LimitError naming big.geojson", err)
	}
}
