package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
)

// freshFigures returns the id of dataset, its stored figures brought up
// to date first if they are behind its versions.
func (s *Store) freshFigures(ctx context.Context, dataset string) (int64, error) {
	dsID, rev, kept, err := s.figuresState(ctx, s.db, dataset)
	if err != nil || rev == kept {
		return dsID, err
	}
	return dsID, s.RefreshFigures(ctx, dataset)
}

// figureRow is a stored figure: the part of a side and status inside
// area ("" Ukraine, else an oblast's ISO code) on a day.
type figureRow struct {
	day  geo.Day
	area string
	fig  geo.Figure
}

// storedDay is the change day on or before day whose figures hold on day,
// and its held bound; ok is false before the first change day.
func (s *Store) storedDay(ctx context.Context, dsID int64, day geo.Day) (d geo.Day, bbox string, ok bool, err error) {
	var n int64
	err = s.db.QueryRowContext(ctx, `SELECT day, bbox FROM figure_days WHERE dataset_id = ? AND day <= ?
		ORDER BY day DESC LIMIT 1`, dsID, int64(day)).Scan(&n, &bbox)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	return geo.Day(n), bbox, err == nil, s.d.wrap(err)
}

// figureRows reads the stored figures of the change days from..to, of
// Ukraine alone (area "") unless oblasts, in the order Measure lists them.
func (s *Store) figureRows(ctx context.Context, dsID int64, from, to geo.Day, oblasts bool) ([]figureRow, error) {
	q := `SELECT day, area, side, status, area_km2, inside_km2, regions FROM figures
		WHERE dataset_id = ? AND day >= ? AND day <= ?`
	if !oblasts {
		q += ` AND area = ''`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY day, area`, dsID, int64(from), int64(to))
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	var out []figureRow
	for rows.Next() {
		var r figureRow
		var day int64
		var side, status, regions string
		if err := rows.Scan(&day, &r.area, &side, &status, &r.fig.AreaKm2, &r.fig.InsideKm2, &regions); err != nil {
			return nil, s.d.wrap(err)
		}
		r.day = geo.Day(day)
		r.fig.Side, _ = geo.ParseSide(side)
		r.fig.Status, _ = geo.ParseStatus(status)
		if regions != "" {
			r.fig.Regions = strings.Split(regions, ",")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, s.d.wrap(err)
	}
	slices.SortStableFunc(out, func(a, b figureRow) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		if a.area != b.area {
			return strings.Compare(a.area, b.area)
		}
		return groupOrder(a.fig) - groupOrder(b.fig)
	})
	return out, nil
}

// groupOrder is where Measure lists a side and status: the sides in
// order, then no side; each side's statuses in order.
func groupOrder(f geo.Figure) int {
	side := len(geo.Sides)
	if i := slices.Index(geo.Sides, f.Side); i >= 0 {
		side = i
	}
	return side*len(geo.Statuses) + slices.Index(geo.Statuses, f.Status)
}

// Stats returns the figures of the map of dataset at day against Ukraine
// (the stored figures of the last change day on or before it) and the
// articles published that day. A day after the dataset's last observed day
// is measured on the map of that day, which AsOf names; one before its
// first observed day is not Observed.
func (s *Store) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	st := geo.Stats{Dataset: dataset, Day: day}
	bm, err := seed.LoadBasemap()
	if err != nil {
		return st, err
	}
	dsID, err := s.freshFigures(ctx, dataset)
	if err != nil {
		return st, err
	}
	if st.AsOf, st.Observed, err = s.observed(ctx, dataset, day); err != nil {
		return st, err
	}
	st.Reference, st.ReferenceKm2 = bm.Ukraine.Name, bm.Ukraine.AreaKm2
	d, bbox, ok, err := s.storedDay(ctx, dsID, day)
	if err != nil {
		return st, err
	}
	if ok {
		rows, err := s.figureRows(ctx, dsID, d, d, false)
		if err != nil {
			return st, err
		}
		for _, r := range rows {
			r.fig.Share = r.fig.InsideKm2 / bm.Ukraine.AreaKm2
			st.Figures = append(st.Figures, r.fig)
		}
		st.BBox = parseBBox(bbox)
	}
	st.Articles, err = s.Articles(ctx, geo.ArticleQuery{From: day, To: day})
	return st, err
}

// StatsByOblast returns the figures of the map of dataset at day inside
// each oblast of Ukraine and of Russia's border oblasts (oblastAreas): km²
// per side and status and the share of the oblast, as stored, as Stats.
func (s *Store) StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error) {
	out := geo.StatsByArea{Dataset: dataset, Day: day, By: "oblast"}
	ob, err := oblastAreas()
	if err != nil {
		return out, err
	}
	dsID, err := s.freshFigures(ctx, dataset)
	if err != nil {
		return out, err
	}
	if out.AsOf, out.Observed, err = s.observed(ctx, dataset, day); err != nil {
		return out, err
	}
	var rows []figureRow
	if d, _, ok, err := s.storedDay(ctx, dsID, day); err != nil {
		return out, err
	} else if ok {
		if rows, err = s.figureRows(ctx, dsID, d, d, true); err != nil {
			return out, err
		}
	}
	out.Areas = make([]geo.AreaStats, len(ob.areas))
	for i, a := range ob.areas {
		a.Figures = []geo.Figure{}
		for _, r := range rows {
			if r.area == a.ISO {
				r.fig.Regions = nil // the regions of the whole map, not of the oblast
				r.fig.Share = r.fig.InsideKm2 / a.AreaKm2
				a.Figures = append(a.Figures, r.fig)
			}
		}
		out.Areas[i] = a
	}
	return out, nil
}
