package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// ValidSlug reports whether s is a region or dataset slug: lowercase ASCII
// words joined by '-' (geo.ValidSlug).
func ValidSlug(s string) bool { return geo.ValidSlug(s) }

func scanRegion(sc rowScanner) (geo.Region, error) {
	var r geo.Region
	var kind, aliases string
	if err := sc.Scan(&r.Slug, &r.Name, &kind, &r.Country, &aliases); err != nil {
		return r, err
	}
	r.Kind, _ = geo.ParseKind(kind)
	if err := json.Unmarshal([]byte(aliases), &r.Aliases); err != nil {
		return r, fmt.Errorf("region %s: aliases: %w", r.Slug, err)
	}
	return r, nil
}

// Regions returns every region, ordered by slug.
func (s *Store) Regions(ctx context.Context) ([]geo.Region, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT slug, name, kind, country, aliases FROM regions ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	defer rows.Close()
	var out []geo.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Region returns one region by slug, or ErrNotFound.
func (s *Store) Region(ctx context.Context, slug string) (geo.Region, error) {
	r, err := scanRegion(s.db.QueryRowContext(ctx, `SELECT slug, name, kind, country, aliases FROM regions WHERE slug = ?`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%w: region %q", ErrNotFound, slug)
	}
	return r, err
}

// Outline returns a region's outline: admin regions have one from Natural
// Earth; other regions have none and the result is nil.
func (s *Store) Outline(ctx context.Context, slug string) (orb.MultiPolygon, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT `+s.d.geomOut("outline")+` FROM regions WHERE slug = ?`, slug).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: region %q", ErrNotFound, slug)
	}
	if err != nil || b == nil {
		return nil, err
	}
	return decodeGeom(b)
}

// regionID returns a region's id. With create, an unknown slug becomes a
// new region of kind control named after its slug.
func regionID(ctx context.Context, tx *txn, actor, slug string, create bool) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT id FROM regions WHERE slug = ?`, slug).Scan(&id)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return id, false, err
	}
	if !create {
		return 0, false, fmt.Errorf("%w: region %q", ErrNotFound, slug)
	}
	if !ValidSlug(slug) {
		return 0, false, &geo.ValidationError{Problems: []geo.Problem{{What: "region " + geo.Echo(slug), Why: "bad slug: want lowercase words joined by '-'"}}}
	}
	id, err = putRegion(ctx, tx, actor, geo.Region{Slug: slug, Name: slug, Kind: geo.KindControl}, nil)
	return id, true, err
}

// putRegion inserts a region, with its outline if it has one.
func putRegion(ctx context.Context, tx *txn, actor string, r geo.Region, outline orb.MultiPolygon) (int64, error) {
	aliases, _ := json.Marshal(r.Aliases)
	if r.Aliases == nil {
		aliases = []byte("[]")
	}
	var ob []byte
	if len(outline) > 0 {
		var err error
		if ob, _, err = encodeGeom(outline); err != nil {
			return 0, err
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO regions(slug, name, kind, country, aliases, outline) VALUES(?,?,?,?,?,`+tx.d.geomIn()+`) RETURNING id`,
		r.Slug, r.Name, r.Kind.String(), r.Country, string(aliases), ob).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert region %s: %w", r.Slug, err)
	}
	return id, audit(ctx, tx, actor, "insert", "region", id, "", r.Slug)
}
