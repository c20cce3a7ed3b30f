package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/frontline-map/frontline/geo"
)

// ImportConfig configures an import. Dataset is required; Region, Side and
// Status apply to features whose properties lack them.
type ImportConfig struct {
	Dataset  string
	Region   string
	Side     geo.Side
	Status   geo.Status
	Source   string
	Progress func(done, total int) // called as work advances; may be nil
	Limits   Limits                // bounds on what a GeoJSON import reads (FileBytes)
	// Meta sets the dataset's title, description, attribution, licence or
	// source URL (its non-nil fields) in the import's transaction.
	Meta geo.DatasetEdit
	// NoWait makes an import that finds another running fail with
	// geo.ErrAnotherImport instead of waiting for it (HTTP imports).
	NoWait bool
	// Waiting, if not nil, is called once when the import waits for
	// another to finish (the CLI says so).
	Waiting func()
}

// ImportResult counts what an import did.
type ImportResult struct {
	Features       int      `json:"features"`
	Days           int      `json:"days,omitempty"`
	Inserted       int      `json:"inserted"`
	Closed         int      `json:"closed"`
	Replaced       int      `json:"replaced"`
	Unchanged      int      `json:"unchanged"`
	RegionsCreated []string `json:"regions_created,omitempty"`
}

// Changed reports whether the import wrote anything.
func (r ImportResult) Changed() bool { return r.Inserted+r.Closed+r.Replaced > 0 }

// existing is a version already in the store, as the importers see it.
type existing struct {
	id     int64
	valid  geo.Validity
	side   geo.Side
	status geo.Status
	hash   []byte
}

func (e existing) same(v geo.Version, hash []byte) bool {
	return e.side == v.Side && e.status == v.Status && bytes.Equal(e.hash, hash)
}

func loadExisting(ctx context.Context, tx *txn, dsID, regionID int64) ([]existing, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, valid_from, valid_to, side, status, geom_hash FROM versions
		WHERE dataset_id = ? AND region_id = ? ORDER BY valid_from`, dsID, regionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []existing
	for rows.Next() {
		var e existing
		var from, to int64
		var side, status string
		if err := rows.Scan(&e.id, &from, &to, &side, &status, &e.hash); err != nil {
			return nil, err
		}
		e.valid = geo.Validity{From: geo.Day(from), To: geo.Day(to)}
		e.side, _ = geo.ParseSide(side)
		e.status, _ = geo.ParseStatus(status)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ImportGeoJSON imports a FeatureCollection whose features carry their own
// validity (properties region, side, status, valid_from, valid_to, source).
// The whole import is one transaction: any rejected feature rejects all.
// A feature identical to a stored version is left alone, so importing the
// same file twice changes nothing; a feature that starts after an open
// stored version of its region closes that version (it supersedes it).
func (s *Store) ImportGeoJSON(ctx context.Context, r io.Reader, name string, cfg ImportConfig) (ImportResult, error) {
	var res ImportResult
	if cfg.Dataset == "" {
		return res, fmt.Errorf("import %s: no dataset named", name)
	}
	var ps problems
	feats, err := parseFeatures(newLimitReader(r, cfg.Limits.FileBytes, name, nil), name, &ps)
	if err != nil {
		return res, err
	}
	res.Features = len(feats) + ps.len()
	vs := make([]geo.Version, 0, len(feats))
	names := map[int]string{}
	for _, f := range feats {
		v, why := featureVersion(f, cfg)
		if why != "" {
			ps.append(Problem{What: f.Name, Why: why})
			continue
		}
		names[len(vs)] = f.Name
		vs = append(vs, v)
	}
	checkOverlaps(vs, names, &ps)
	if err := ps.err(); err != nil {
		return res, err
	}
	err = s.importTx(ctx, cfg.NoWait, cfg.Waiting, func(tx *txn) error {
		return s.importVersions(ctx, tx, vs, names, cfg, &res)
	})
	return res, err
}

// checkOverlaps reports versions of one region in the input whose validity overlaps.
func checkOverlaps(vs []geo.Version, names map[int]string, ps *problems) {
	byRegion := map[string][]int{}
	for i, v := range vs {
		byRegion[v.Region] = append(byRegion[v.Region], i)
	}
	for _, idx := range byRegion {
		sort.Slice(idx, func(a, b int) bool { return vs[idx[a]].Valid.From < vs[idx[b]].Valid.From })
		for k := 1; k < len(idx); k++ {
			a, b := vs[idx[k-1]], vs[idx[k]]
			if a.Valid.Overlaps(b.Valid) {
				ps.add(names[idx[k]], "validity %s of region %s overlaps %s of %s", b.Valid, b.Region, a.Valid, names[idx[k-1]])
			}
		}
	}
}

// importDataset makes the dataset of an import if it is new and sets what
// cfg.Meta sets of it; it returns the dataset's id.
func (s *Store) importDataset(ctx context.Context, tx *txn, cfg ImportConfig) (int64, error) {
	meta, err := normalizeEdit(cfg.Meta)
	if err != nil {
		return 0, err
	}
	dsID, err := ensureDataset(ctx, tx, s.actor, cfg.Dataset, "")
	if err != nil {
		return 0, err
	}
	return dsID, editDataset(ctx, tx, s.actor, dsID, cfg.Dataset, meta)
}

func (s *Store) importVersions(ctx context.Context, tx *txn, vs []geo.Version, names map[int]string, cfg ImportConfig, res *ImportResult) error {
	dsID, err := s.importDataset(ctx, tx, cfg)
	if err != nil {
		return err
	}
	var ps problems
	for i, v := range vs {
		if cfg.Progress != nil {
			cfg.Progress(i, len(vs))
		}
		rid, created, err := regionID(ctx, tx, s.actor, v.Region, true)
		if err != nil {
			ps.add(names[i], "%v", err)
			continue
		}
		if created {
			res.RegionsCreated = append(res.RegionsCreated, v.Region)
		}
		ex, err := loadExisting(ctx, tx, dsID, rid)
		if err != nil {
			return err
		}
		if why, err := s.placeVersion(ctx, tx, dsID, rid, ex, v, res); err != nil {
			return err
		} else if why != "" {
			ps.add(names[i], "%s", why)
		}
	}
	if cfg.Progress != nil {
		cfg.Progress(len(vs), len(vs))
	}
	return ps.err()
}

// placeVersion writes v unless an identical version is stored; it returns a
// reason when v conflicts with stored versions.
func (s *Store) placeVersion(ctx context.Context, tx *txn, dsID, rid int64, ex []existing, v geo.Version, res *ImportResult) (string, error) {
	_, hash, err := encodeGeom(v.Geometry)
	if err != nil {
		return "", err
	}
	var supersede *existing
	for i, e := range ex {
		if !e.valid.Overlaps(v.Valid) {
			continue
		}
		switch {
		case e.valid == v.Valid && e.same(v, hash):
			res.Unchanged++
			return "", nil
		case e.valid.Open() && e.valid.From < v.Valid.From && supersede == nil:
			supersede = &ex[i]
		default:
			return fmt.Sprintf("validity %s overlaps stored version %d of %s %s", v.Valid, e.id, v.Region, e.valid), nil
		}
	}
	if supersede != nil {
		if err := closeVersion(ctx, tx, s.actor, supersede.id, v.Valid.From, v.Source); err != nil {
			return "", err
		}
		res.Closed++
	}
	if _, err := insertVersion(ctx, tx, s.actor, dsID, rid, v); err != nil {
		return "", err
	}
	res.Inserted++
	return "", nil
}
