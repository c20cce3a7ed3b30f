package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// figureRun measures the change days of one dataset whose figures are
// missing or stale, in order, keeping the geometries of the versions on
// the map of the day and the day before only.
type figureRun struct {
	s     *Store
	dsID  int64
	vs    []versionRef
	days  []figureDay
	refs  []geo.Reference
	areas []string
	meter *geo.Meter
	geoms map[int64]orb.MultiPolygon
}

// dayFigures are the figures measured of one change day.
type dayFigures struct {
	day   figureDay
	tally geo.Tally
}

// run measures each change day whose digest differs from the stored one
// (stored), each from the day before: the meter goes on from the day it
// measured last, or resumes from the stored figures of the day before.
func (r *figureRun) run(ctx context.Context, stored map[geo.Day][sha256.Size]byte) ([]dayFigures, error) {
	var out []dayFigures
	primed := false
	for i, d := range r.days {
		if old, ok := stored[d.day]; ok && old == d.digest {
			primed = false
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !primed && i > 0 {
			if err := r.resume(ctx, r.days[i-1]); err != nil {
				return nil, err
			}
		}
		vs, err := r.versions(ctx, d)
		if err != nil {
			return nil, err
		}
		t, err := r.meter.Measure(ctx, vs)
		if err != nil {
			return nil, fmt.Errorf("figures at %s: %w", d.day, err)
		}
		out = append(out, dayFigures{day: d, tally: t})
		primed = true
		r.keepOnly(d)
	}
	return out, nil
}

// resume sets the meter to the stored figures of day d.
func (r *figureRun) resume(ctx context.Context, d figureDay) error {
	vs, err := r.versions(ctx, d)
	if err != nil {
		return err
	}
	t, err := r.s.storedTally(ctx, r.dsID, d.day, r.areas)
	if err != nil {
		return err
	}
	return r.meter.Resume(ctx, vs, t)
}

// versions returns the versions on the map of d with their geometries,
// reading those not in hand.
func (r *figureRun) versions(ctx context.Context, d figureDay) ([]geo.Version, error) {
	var miss []any
	for _, i := range d.on {
		if _, ok := r.geoms[r.vs[i].v.ID]; !ok {
			miss = append(miss, r.vs[i].v.ID)
		}
	}
	for len(miss) > 0 {
		n := min(len(miss), geomBatch)
		if err := r.readGeoms(ctx, miss[:n]); err != nil {
			return nil, err
		}
		miss = miss[n:]
	}
	out := make([]geo.Version, len(d.on))
	for k, i := range d.on {
		out[k] = r.vs[i].v
		out[k].Geometry = r.geoms[out[k].ID]
	}
	return out, nil
}

func (r *figureRun) readGeoms(ctx context.Context, ids []any) error {
	rows, err := r.s.db.QueryContext(ctx, `SELECT id, `+r.s.d.geomOut("geom")+` FROM versions WHERE id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return r.s.d.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return r.s.d.wrap(err)
		}
		mp, err := decodeGeom(b)
		if err != nil {
			return fmt.Errorf("version %d: %w", id, err)
		}
		r.geoms[id] = mp
	}
	if err := rows.Err(); err != nil {
		return r.s.d.wrap(err)
	}
	for _, id := range ids {
		if _, ok := r.geoms[id.(int64)]; !ok {
			return fmt.Errorf("%w: version %d (deleted meanwhile)", ErrNotFound, id)
		}
	}
	return nil
}

// keepOnly drops the geometries of the versions not on the map of d.
func (r *figureRun) keepOnly(d figureDay) {
	on := make(map[int64]bool, len(d.on))
	for _, i := range d.on {
		on[r.vs[i].v.ID] = true
	}
	for id := range r.geoms {
		if !on[id] {
			delete(r.geoms, id)
		}
	}
}

// storedTally reads the stored figures of a day as a Meter measured them.
func (s *Store) storedTally(ctx context.Context, dsID int64, day geo.Day, areas []string) (geo.Tally, error) {
	at := map[string]int{}
	for i, a := range areas {
		at[a] = i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT area, side, status, area_km2, inside_km2 FROM figures
		WHERE dataset_id = ? AND day = ? ORDER BY area`, dsID, int64(day))
	if err != nil {
		return geo.Tally{}, s.d.wrap(err)
	}
	defer rows.Close()
	var t geo.Tally
	index := map[[2]string]int{}
	for rows.Next() {
		var area, side, status string
		var km2, inside float64
		if err := rows.Scan(&area, &side, &status, &km2, &inside); err != nil {
			return t, s.d.wrap(err)
		}
		k, ok := index[[2]string{side, status}]
		if !ok {
			g := geo.GroupTally{AreaKm2: km2, InsideKm2: make([]float64, len(areas))}
			g.Side, _ = geo.ParseSide(side)
			g.Status, _ = geo.ParseStatus(status)
			k = len(t.Groups)
			index[[2]string{side, status}] = k
			t.Groups = append(t.Groups, g)
		}
		if i, ok := at[area]; ok {
			t.Groups[k].InsideKm2[i] = inside
		}
	}
	return t, s.d.wrap(rows.Err())
}

// minOblastKm2 is the least part of a side and status inside an oblast
// that is kept: less is a rounding of the measure, not ground.
const minOblastKm2 = 1e-9

// figureRows are the rows of figures of one day: for each side and
// status, its area and part inside Ukraine (area "", with its regions),
// then its part inside each oblast it reaches.
func figureRows(dsID int64, day geo.Day, t geo.Tally, areas []string) [][]any {
	var out [][]any
	for _, g := range t.Groups {
		for i, a := range areas {
			in := g.InsideKm2[i]
			if i > 0 && !(in > minOblastKm2) {
				continue
			}
			regions := ""
			if i == 0 {
				regions = strings.Join(g.Regions, ",")
			}
			out = append(out, []any{dsID, int64(day), a, g.Side.String(), g.Status.String(), g.AreaKm2, math.Max(in, 0), regions})
		}
	}
	return out
}
