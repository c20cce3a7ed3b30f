package store

import (
	"context"
	"database/sql"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
)

// Series returns the stored figures of dataset through time: on from (the
// figures of the change day on or before it) and on every change day after
// it up to to, inside Ukraine, or inside each oblast with byOblast (as
// StatsByOblast lists them); from 0 is the first change day (to when
// there is none). It reads a few thousand rows, measuring nothing (the
// figures are brought up to date first if behind). from after to is a
// geo.ErrInvalid.
func (s *Store) Series(ctx context.Context, dataset string, from, to geo.Day, byOblast bool) (geo.FigureSeries, error) {
	out := geo.FigureSeries{Dataset: dataset, From: from, To: to, Days: []geo.SeriesDay{}}
	if from > to {
		return out, geo.Invalidf("from %s is after to %s", from, to)
	}
	dsID, err := s.freshFigures(ctx, dataset)
	if err != nil {
		return out, err
	}
	if from == 0 {
		var first sql.NullInt64
		if err := s.db.QueryRowContext(ctx, `SELECT MIN(day) FROM figure_days WHERE dataset_id = ?`, dsID).Scan(&first); err != nil {
			return out, s.d.wrap(err)
		}
		from = min(geo.Day(first.Int64), to)
		if !first.Valid {
			from = to
		}
		out.From = from
	}
	obs, err := s.observedRange(ctx, dataset)
	if err != nil {
		return out, err
	}
	out.AsOf = obs.AsOf(to)
	if !obs.Observed(from) {
		out.ObservedFrom = obs.ObservedFrom
	}
	refKm2 := map[string]float64{}
	if byOblast {
		ob, err := oblastAreas()
		if err != nil {
			return out, err
		}
		out.By = "oblast"
		for _, a := range ob.areas {
			out.Areas = append(out.Areas, geo.AreaInfo{ISO: a.ISO, Name: a.Name, Country: a.Country, AreaKm2: a.AreaKm2})
			refKm2[a.ISO] = a.AreaKm2
		}
	} else {
		bm, err := seed.LoadBasemap()
		if err != nil {
			return out, err
		}
		out.Reference, out.ReferenceKm2 = bm.Ukraine.Name, bm.Ukraine.AreaKm2
		refKm2[""] = bm.Ukraine.AreaKm2
	}
	start := from
	if d, _, ok, err := s.storedDay(ctx, dsID, from); err != nil {
		return out, err
	} else if ok {
		start = d
	}
	days, err := s.figureDays(ctx, dsID, start, to)
	if err != nil {
		return out, err
	}
	rows, err := s.figureRows(ctx, dsID, start, to, byOblast)
	if err != nil {
		return out, err
	}
	out.Days = seriesDays(days, rows, from, refKm2)
	return out, nil
}

// figureDays reads the change days from..to whose figures are stored.
func (s *Store) figureDays(ctx context.Context, dsID int64, from, to geo.Day) ([]geo.Day, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day FROM figure_days WHERE dataset_id = ? AND day >= ? AND day <= ?
		ORDER BY day`, dsID, int64(from), int64(to))
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	var out []geo.Day
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, s.d.wrap(err)
		}
		out = append(out, geo.Day(d))
	}
	return out, s.d.wrap(rows.Err())
}

// seriesDays makes the entries of a series, one for each of days (an
// empty map has no figures), from the figures' rows (by day, then area):
// the day before from is from's, rows of an area not in refKm2 are left
// out, and each figure's share is of its area's km².
func seriesDays(days []geo.Day, rows []figureRow, from geo.Day, refKm2 map[string]float64) []geo.SeriesDay {
	out := make([]geo.SeriesDay, len(days))
	at := make(map[geo.Day]int, len(days))
	for i, d := range days {
		out[i].Day = max(d, from)
		at[d] = i
	}
	for _, r := range rows {
		km2, ok := refKm2[r.area]
		i, on := at[r.day]
		if !ok || !on {
			continue
		}
		d := &out[i]
		r.fig.Share = r.fig.InsideKm2 / km2
		f := geo.NewSeriesFigure(r.fig)
		if r.area == "" {
			d.Figures = append(d.Figures, f)
			continue
		}
		if n := len(d.Areas); n == 0 || d.Areas[n-1].ISO != r.area {
			d.Areas = append(d.Areas, geo.SeriesArea{ISO: r.area})
		}
		a := &d.Areas[len(d.Areas)-1]
		a.Figures = append(a.Figures, f)
	}
	return out
}
