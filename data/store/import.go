package store

import (
	"bytes"
	"context"
	"fmt"

	"github.com/frontline-map/frontline/geo"
)

// ImportConfig configures the writes of an import (what is written comes
// from a reader: data/geojson, data/series, data/deepstate). Dataset is
// required.
type ImportConfig struct {
	Dataset  string
	Progress func(done, total int) // called as work advances; may be nil
	// Meta sets the dataset's title, description, attribution, licence or
	// source URL (its non-nil fields) in the import's transaction.
	Meta geo.DatasetEdit
	// Describe describes the dataset where it says nothing yet: its
	// non-nil fields are set where the stored dataset's are empty and Meta
	// does not set them (DeepStateMap's credit on an import of its files).
	Describe geo.DatasetEdit
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
	// SkippedDays are the days a reader skipped since their input was
	// imported already (geo.Series.Skipped).
	SkippedDays int `json:"skipped_days,omitempty"`
	// Repairs are the invalid shapes the import's reader repaired by the
	// rule every import follows (geo.Repair): "repaired", their count, and
	// "repaired_max_change", the largest change of area (a fraction).
	geo.Repairs
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

// ImportVersions writes versions that carry their own validity (as
// geojson.ReadVersions reads them; names[i] names vs[i] in problems). The
// whole import is one transaction: any version that conflicts with the
// store rejects all. A version identical to a stored one is left alone,
// so importing the same file twice changes nothing; a version that starts
// after an open stored version of its region closes that version (it
// supersedes it).
func (s *Store) ImportVersions(ctx context.Context, vs []geo.Version, names []string, cfg ImportConfig) (ImportResult, error) {
	res := ImportResult{Features: len(vs)}
	if cfg.Dataset == "" {
		return res, fmt.Errorf("import: no dataset named")
	}
	err := s.importTx(ctx, cfg.NoWait, cfg.Waiting, func(tx *txn) error {
		return s.importVersions(ctx, tx, vs, names, cfg, &res)
	})
	if err != nil {
		return res, err
	}
	s.figuresAfterWrite(ctx, cfg.Dataset)
	return res, nil
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
	if !cfg.Describe.Empty() {
		old, err := readDataset(ctx, tx, cfg.Dataset)
		if err != nil {
			return 0, err
		}
		if err := editDataset(ctx, tx, s.actor, dsID, cfg.Dataset, cfg.Describe.Where(old, meta)); err != nil {
			return 0, err
		}
	}
	return dsID, editDataset(ctx, tx, s.actor, dsID, cfg.Dataset, meta)
}

func (s *Store) importVersions(ctx context.Context, tx *txn, vs []geo.Version, names []string, cfg ImportConfig, res *ImportResult) error {
	dsID, err := s.importDataset(ctx, tx, cfg)
	if err != nil {
		return err
	}
	var ps geo.Problems
	for i, v := range vs {
		if cfg.Progress != nil {
			cfg.Progress(i, len(vs))
		}
		if err := v.CheckText(); err != nil {
			ps.Add(names[i], "%v", err)
			continue
		}
		rid, created, err := regionID(ctx, tx, s.actor, v.Region, true)
		if err != nil {
			ps.Add(names[i], "%v", err)
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
			ps.Add(names[i], "%s", why)
		}
	}
	if cfg.Progress != nil {
		cfg.Progress(len(vs), len(vs))
	}
	return ps.Err()
}

// placeVersion writes v unless an identical version is stored; it returns a
// reason when v conflicts with stored versions.
func (s *Store) placeVersion(ctx context.Context, tx *txn, dsID, rid int64, ex []existing, v geo.Version, res *ImportResult) (string, error) {
	wkb, hash, err := encodeGeom(v.Geometry)
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
	if _, err := insertVersion(ctx, tx, s.actor, dsID, rid, v, wkb, hash); err != nil {
		return "", err
	}
	res.Inserted++
	return "", nil
}
