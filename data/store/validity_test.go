package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// invalidStored lists the stored versions whose geometry is not valid: on
// PostgreSQL as PostGIS judges it (the count of
// SELECT ... WHERE NOT ST_IsValid(geom), with ST_IsValidReason), on SQLite
// as geo.Validate does.
func invalidStored(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	var bad []string
	if s.d.pg {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM versions WHERE NOT ST_IsValid(geom)`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT id, ST_IsValidReason(geom) FROM versions WHERE NOT ST_IsValid(geom) ORDER BY id LIMIT 10`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var why string
			if err := rows.Scan(&id, &why); err != nil {
				t.Fatal(err)
			}
			bad = append(bad, fmt.Sprintf("version %d: %s", id, why))
		}
		if n > len(bad) {
			bad = append(bad, fmt.Sprintf("and %d more", n-len(bad)))
		}
		return bad
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, geom FROM versions ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			t.Fatal(err)
		}
		mp, err := decodeGeom(b)
		if err == nil {
			err = geo.Validate(mp)
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("version %d: %v", id, err))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return bad
}

// ringJSON writes a GeoJSON Polygon of rings.
func ringJSON(rings ...orb.Ring) string {
	var parts []string
	for _, r := range rings {
		var pts []string
		for _, p := range r {
			pts = append(pts, fmt.Sprintf("[%g,%g]", p[0], p[1]))
		}
		parts = append(parts, "["+strings.Join(pts, ",")+"]")
	}
	return `{"type":"Polygon","coordinates":[` + strings.Join(parts, ",") + `]}`
}

// bowtieRing crosses itself at [35, 48]: a triangle of 1° east of the
// crossing, and one of s° west of it wound the other way.
func bowtieRing(s float64) orb.Ring {
	return orb.Ring{{35 - s, 48}, {36, 48}, {36, 49}, {35 - s, 48 - s}, {35 - s, 48}}
}

func squareRing(lon, lat, d float64) orb.Ring {
	return orb.Ring{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}}
}

// TestImportValidity: every stored version is valid (#20 part 3). A shape
// that crosses itself is repaired when that changes its area by at most
// 0.01%, and the import says so; otherwise it is refused, naming the
// feature and why, and nothing is written; so is a hole outside its shell
// and a ring read as 358° wide (one that crosses the antimeridian). On
// PostgreSQL PostGIS's ST_IsValid holds for every version, the seed's
// included; on SQLite geo.Validate.
func TestImportValidity(t *testing.T) {
	type tcase struct {
		geometry string
		repaired int    // shapes repaired
		refused  string // part of the reason, when refused
	}
	tcases := map[string]tcase{
		"bowtie within 0.01%": {geometry: ringJSON(bowtieRing(0.005)), repaired: 1},
		"bowtie beyond 0.01%": {geometry: ringJSON(bowtieRing(0.05)),
			refused: `feature 0 (id fixture): not a valid shape: polygon 0 ring 0 crosses or touches itself at [35, 48]; repairing it would change its area by`},
		"hole outside shell": {geometry: ringJSON(squareRing(35, 48, 1), squareRing(37, 48, 0.5)),
			refused: "feature 0 (id fixture): not a valid shape: interior ring outside of exterior ring"},
		"358 degrees wide": {geometry: ringJSON(orb.Ring{{-179, 48}, {179, 48}, {179, 49}, {-179, 49}, {-179, 48}}),
			refused: "feature 0 (id fixture): polygon 0 ring 0 spans 358° of longitude"},
	}
	ctx := context.Background()
	s := seeded(t)
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			ds := strings.NewReplacer(" ", "-", ".", "", "%", "").Replace(name)
			fc := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"fixture","properties":{"region":"fixture","side":"ru","status":"occupied","valid_from":"2025-01-20"},"geometry":` + tc.geometry + `}]}`
			res, err := s.ImportGeoJSON(ctx, strings.NewReader(fc), "fixture.geojson", ImportConfig{Dataset: ds})
			if tc.refused != "" {
				var ve *geo.ValidationError
				if !errors.As(err, &ve) || !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("got %v, want a rejection saying %q", err, tc.refused)
				}
				if vs, err := s.VersionsAt(ctx, ds, geo.MustParseDay("2025-01-20"), orb.Bound{}); err == nil && len(vs) > 0 {
					t.Errorf("%d versions written", len(vs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Repairs.Count != tc.repaired || res.Inserted != 1 || res.Repairs.MaxChange <= 0 || res.Repairs.MaxChange > geo.MaxRepairChange {
				t.Errorf("got %+v, want %d repaired within %g, 1 inserted", res, tc.repaired, geo.MaxRepairChange)
			}
			vs, err := s.VersionsAt(ctx, ds, geo.MustParseDay("2025-01-20"), orb.Bound{})
			if err != nil || len(vs) != 1 {
				t.Fatalf("got %d versions, %v; want 1", len(vs), err)
			}
			// The repaired bowtie is its two triangles.
			want := geo.AreaKm2(orb.Polygon{{{35, 48}, {36, 48}, {36, 49}, {35, 48}}}) +
				geo.AreaKm2(orb.Polygon{{{34.995, 48}, {35, 48}, {34.995, 47.995}, {34.995, 48}}})
			if got := geo.AreaKm2(vs[0].Geometry); math.Abs(got-want) > want*1e-9 {
				t.Errorf("area: got %.6f km², want %.6f", got, want)
			}
			again, err := s.ImportGeoJSON(ctx, strings.NewReader(fc), "fixture.geojson", ImportConfig{Dataset: ds})
			if err != nil || again.Changed() {
				t.Errorf("second import: %+v, %v; want nothing written", again, err)
			}
		})
	}
	if bad := invalidStored(t, s); len(bad) > 0 {
		t.Errorf("invalid versions stored after the fixtures and the seed:\n%s", strings.Join(bad, "\n"))
	}
}
