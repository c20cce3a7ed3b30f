package store

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/frontline-map/frontline/geo"
)

// ImportDays writes a series of daily maps (as data/series and
// data/deepstate read them) by change detection: a day whose shape equals
// the version on the map that day changes nothing; a changed day closes
// that version and opens the next; a day without a shape (nil) ends the
// version on the map. Days missing from the series extend the version
// before them, so importing the same series twice changes nothing. One
// transaction that holds the import lock; the dataset's observed range is
// widened to take in sr.First..sr.Last, and a region that does not exist
// yet is made as sr says. The digests of the days' inputs (sr.Digests) are
// kept in the same transaction, for the next import to skip the days whose
// input has not changed (Imported).
func (s *Store) ImportDays(ctx context.Context, sr geo.Series, cfg ImportConfig) (ImportResult, error) {
	res := ImportResult{Features: sr.Features, Days: sr.Days(), SkippedDays: sr.Skipped}
	if cfg.Dataset == "" {
		return res, fmt.Errorf("import series: no dataset named")
	}
	total := res.Days
	err := s.importTx(ctx, cfg.NoWait, cfg.Waiting, func(tx *txn) error {
		dsID, err := s.importDataset(ctx, tx, cfg)
		if err != nil {
			return err
		}
		if err := widenObserved(ctx, tx, s.actor, dsID, sr.First, sr.Last); err != nil {
			return err
		}
		current, err := digestsCurrent(ctx, tx, dsID)
		if err != nil {
			return err
		}
		done := 0
		step := func() {
			done++
			if cfg.Progress != nil {
				cfg.Progress(done, total)
			}
		}
		if err := checkSeriesText(sr); err != nil {
			return err
		}
		for _, rd := range sr.Regions {
			if rd.Region.Name != "" {
				if created, err := ensureRegion(ctx, tx, s.actor, rd.Region); err != nil {
					return err
				} else if created {
					res.RegionsCreated = append(res.RegionsCreated, rd.Region.Slug)
				}
			}
			if err := s.importRegionDays(ctx, tx, dsID, rd, &res, step); err != nil {
				return err
			}
		}
		if sr.Digests == nil {
			return nil
		}
		return keepDigests(ctx, tx, dsID, sr.Digests, current)
	})
	if err != nil {
		return ImportResult{}, err
	}
	s.figuresAfterWrite(ctx, cfg.Dataset)
	return res, nil
}

func (s *Store) importRegionDays(ctx context.Context, tx *txn, dsID int64, rd geo.RegionDays, res *ImportResult, step func()) error {
	rid, created, err := regionID(ctx, tx, s.actor, rd.Region.Slug, true)
	if err != nil {
		return err
	}
	if created {
		res.RegionsCreated = append(res.RegionsCreated, rd.Region.Slug)
	}
	ex, err := loadExisting(ctx, tx, dsID, rid)
	if err != nil {
		return err
	}
	for _, sd := range rd.Days {
		if err := ctx.Err(); err != nil {
			return err
		}
		if sd.Geometry == nil {
			// Not on that day's map (a DeepStateMap snapshot without it).
			if ex, err = s.clearDay(ctx, tx, ex, sd.Day, sd.Source, res); err != nil {
				return err
			}
			step()
			continue
		}
		v := geo.Version{Region: rd.Region.Slug, Side: rd.Side, Status: rd.Status, Geometry: sd.Geometry, Source: sd.Source}
		if ex, err = s.applyDay(ctx, tx, dsID, rid, ex, sd.Day, v, res); err != nil {
			return err
		}
		step()
	}
	return nil
}

// applyDay records that on day the region looks like v, keeping ex (the
// region's stored versions, by valid_from) up to date.
func (s *Store) applyDay(ctx context.Context, tx *txn, dsID, rid int64, ex []existing, day geo.Day, v geo.Version, res *ImportResult) ([]existing, error) {
	wkb, hash, err := encodeGeom(v.Geometry)
	if err != nil {
		return ex, err
	}
	i := sort.Search(len(ex), func(i int) bool { return ex[i].valid.To > day })
	if i < len(ex) && ex[i].valid.Contains(day) {
		e := ex[i]
		if e.same(v, hash) {
			res.Unchanged++
			return ex, nil
		}
		v.Valid = geo.Validity{From: day, To: e.valid.To}
		if e.valid.From == day {
			// A correction of the day the version starts: replace it.
			if err := deleteVersion(ctx, tx, s.actor, e.id, v.Source); err != nil {
				return ex, err
			}
			s.geomMemo.forget(e.id)
			res.Replaced++
			ex = append(ex[:i], ex[i+1:]...)
		} else {
			if err := closeVersion(ctx, tx, s.actor, e.id, day, v.Source); err != nil {
				return ex, err
			}
			ex[i].valid.To = day
			res.Closed++
			i++
		}
	} else {
		v.Valid = geo.Validity{From: day, To: geo.Forever}
		if i < len(ex) {
			v.Valid.To = ex[i].valid.From
		}
	}
	id, err := insertVersion(ctx, tx, s.actor, dsID, rid, v, wkb, hash)
	if err != nil {
		return ex, err
	}
	res.Inserted++
	n := existing{id: id, valid: v.Valid, side: v.Side, status: v.Status, hash: hash}
	ex = append(ex, existing{})
	copy(ex[i+1:], ex[i:])
	ex[i] = n
	return ex, nil
}

// ensureRegion makes region r unless a region of its slug exists.
func ensureRegion(ctx context.Context, tx *txn, actor string, r geo.Region) (bool, error) {
	_, _, err := regionID(ctx, tx, actor, r.Slug, false)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	_, err = putRegion(ctx, tx, actor, r, nil)
	return err == nil, err
}

// clearDay records that on day the region is not on the map: the version
// that shows it that day ends then, or, if it starts that day, is deleted
// (a correction, counted as replaced).
func (s *Store) clearDay(ctx context.Context, tx *txn, ex []existing, day geo.Day, source string, res *ImportResult) ([]existing, error) {
	i := sort.Search(len(ex), func(i int) bool { return ex[i].valid.To > day })
	if i == len(ex) || !ex[i].valid.Contains(day) {
		res.Unchanged++
		return ex, nil
	}
	e := ex[i]
	if e.valid.From == day {
		if err := deleteVersion(ctx, tx, s.actor, e.id, source); err != nil {
			return ex, err
		}
		s.geomMemo.forget(e.id)
		res.Replaced++
		return append(ex[:i], ex[i+1:]...), nil
	}
	if err := closeVersion(ctx, tx, s.actor, e.id, day, source); err != nil {
		return ex, err
	}
	ex[i].valid.To = day
	res.Closed++
	return ex, nil
}

// checkSeriesText checks the text a series would store (its regions, the
// sources of its versions) against geo's bounds: a rejection naming the
// region.
func checkSeriesText(sr geo.Series) error {
	var ps geo.Problems
	for _, rd := range sr.Regions {
		err := rd.Region.CheckText()
		for _, d := range rd.Days {
			if err == nil {
				err = geo.CheckText("source", d.Source, geo.MaxSource)
			}
		}
		if err != nil {
			ps.Add("region "+geo.Echo(rd.Region.Slug), "%v", err)
		}
	}
	return ps.Err()
}
