package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/export"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// TestSideNone: a version of no side (a grey zone) round-trips through
// GeoJSON on both stores, only with status contested, which the database
// enforces too.
func TestSideNone(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	fc := func(side, status string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"grey","side":"` + side + `","status":"` + status +
			`","valid_from":"2025-01-01"},"geometry":{"type":"Polygon","coordinates":[[[37,48],[37.1,48],[37.1,48.1],[37,48.1],[37,48]]]}}]}`
	}
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(fc("none", "occupied")), "x.geojson", ImportConfig{Dataset: "d"}); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("side none, occupied: got %v, want a rejection", err)
	}
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(fc("none", "contested")), "x.geojson", ImportConfig{Dataset: "d"}); err != nil {
		t.Fatal(err)
	}
	vs, err := s.VersionsAt(ctx, "d", geo.MustParseDay("2025-01-02"), orb.Bound{Min: orb.Point{36, 47}, Max: orb.Point{38, 49}})
	if err != nil || len(vs) != 1 || vs[0].Side != geo.SideNone || vs[0].Status != geo.StatusContested {
		t.Fatalf("got %+v, %v; want one version of side none", vs, err)
	}
	if f := export.Feature(vs[0]); f.Properties["side"] != "none" {
		t.Errorf("exported side %v, want none", f.Properties["side"])
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE versions SET status = 'occupied' WHERE id = ?`, vs[0].ID); err == nil {
		t.Errorf("the database let a version of side none be occupied")
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE versions SET side = 'nato' WHERE id = ?`, vs[0].ID); err == nil {
		t.Errorf("the database let a version have side nato")
	}
}

// TestMigrationSideNone: migration 4 makes SQLite's versions table again
// without losing a row, an id, an article's link, the R*Tree, an index or
// a trigger, and leaves every connection with foreign keys on.
func TestMigrationSideNone(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	for _, m := range schemaFor(dialect{})[:3] {
		exec(m)
	}
	exec(`PRAGMA user_version = 3`)
	exec(`INSERT INTO datasets(id, name, created) VALUES(1, 'old', 'then')`)
	exec(`INSERT INTO regions(id, slug, name, kind) VALUES(1, 'area', 'Area', 'control')`)
	mp := orb.MultiPolygon{{{{37, 48}, {38, 48}, {38, 49}, {37, 49}, {37, 48}}}}
	g, h, err := encodeGeom(mp)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		id       int64
		from, to geo.Day
	}{{5, geo.MustParseDay("2024-01-01"), geo.MustParseDay("2024-06-01")}, {9, geo.MustParseDay("2024-06-01"), geo.Forever}} {
		exec(`INSERT INTO versions(id, dataset_id, region_id, side, status, valid_from, valid_to, geom, geom_hash, area_km2, source)
			VALUES(?, 1, 1, 'ru', 'occupied', ?, ?, ?, ?, ?, 'test')`, v.id, int64(v.from), int64(v.to), g, h, geo.AreaKm2(mp))
		exec(`INSERT INTO versions_bbox(id, min_lon, max_lon, min_lat, max_lat) VALUES(?, 37, 38, 48, 49)`, v.id)
	}
	exec(`INSERT INTO articles(id, title, url, published) VALUES(1, 'A', 'https://example.org/a', 19800)`)
	exec(`INSERT INTO article_regions(article_id, region_id) VALUES(1, 1)`)
	exec(`INSERT INTO article_versions(article_id, version_id) VALUES(1, 5), (1, 9)`)
	db.Close()

	s, err := Open(ctx, Config{Path: path, NoSeed: true, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version)
	if version != len(schemaFor(dialect{})) {
		t.Errorf("user_version %d, want %d", version, len(schemaFor(dialect{})))
	}
	vs, err := s.VersionsAt(ctx, "old", geo.MustParseDay("2024-07-01"), orb.Bound{Min: orb.Point{37.5, 48.5}, Max: orb.Point{37.6, 48.6}})
	if err != nil || len(vs) != 1 || vs[0].ID != 9 || vs[0].Side != geo.SideRU {
		t.Errorf("version 9 through the R*Tree: got %+v, %v", vs, err)
	}
	var links int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM article_versions`).Scan(&links)
	if links != 2 {
		t.Errorf("article_versions: %d rows, want 2", links)
	}
	var objects string
	s.db.QueryRowContext(ctx, `SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE tbl_name = 'versions' ORDER BY name)`).Scan(&objects)
	if want := "versions,versions_day,versions_region,versions_revision_delete,versions_revision_insert,versions_revision_update"; objects != want {
		t.Errorf("versions' schema objects: %s, want %s", objects, want)
	}
	var check string
	s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
	var before, after int64
	s.db.QueryRowContext(ctx, `SELECT revision FROM datasets WHERE name = 'old'`).Scan(&before)
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"grey","side":"none","status":"contested","valid_from":"2025-01-01"},"geometry":{"type":"Polygon","coordinates":[[[37,48],[37.1,48],[37.1,48.1],[37,48.1],[37,48]]]}}]}`), "x.geojson", ImportConfig{Dataset: "old"}); err != nil {
		t.Fatal(err)
	}
	s.db.QueryRowContext(ctx, `SELECT revision FROM datasets WHERE name = 'old'`).Scan(&after)
	if after <= before {
		t.Errorf("revision %d after an insert, %d before: the trigger is gone", after, before)
	}
	// Every connection of the pool has foreign keys on, the migration's too.
	var conns []*sql.Conn
	for range 8 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var on int
		if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
			t.Errorf("a connection with foreign_keys %d, %v", on, err)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM regions WHERE id = 1`); err == nil {
		t.Errorf("deleted a region that versions use: foreign keys are off")
	}
}
