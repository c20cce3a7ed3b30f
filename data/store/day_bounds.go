package store

import (
	"context"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// VersionsOnDay returns every version of dataset on the map on day,
// without geometry or source (as VersionsAtBare), each with its bounding
// box: a day's whole list, a few rows, which a tile server keeps and
// filters by each tile's bound instead of asking the database per tile
// (service.DayLister). Ordered by id, as VersionsAtBare.
func (s *Store) VersionsOnDay(ctx context.Context, dataset string, day geo.Day) ([]geo.Version, []orb.Bound, error) {
	var q string
	var args []any
	if s.d.pg {
		// The box from the geometry's own header (box2d), under the same
		// index step as versionsAt's.
		q = `SELECT ` + bareCols + `, ST_XMin(b.box), ST_YMin(b.box), ST_XMax(b.box), ST_YMax(b.box)
			FROM versions v JOIN datasets d ON d.id = v.dataset_id JOIN regions r ON r.id = v.region_id
			CROSS JOIN LATERAL (SELECT box2d(v.geom) AS box) b
			WHERE d.name = ? AND v.valid_from <= ? AND ? < v.valid_to AND v.valid @> (DATE '1970-01-01' + (?)::integer)
			ORDER BY v.id`
		args = []any{dataset, int64(day), int64(day), int64(day)}
	} else {
		q = `SELECT ` + bareCols + `, x.min_lon, x.min_lat, x.max_lon, x.max_lat FROM datasets d JOIN regions r
			JOIN versions v ON v.id = (SELECT w.id FROM versions w WHERE w.dataset_id = d.id AND w.region_id = r.id
				AND w.valid_from <= ? ORDER BY w.valid_from DESC LIMIT 1)
			JOIN versions_bbox x ON x.id = v.id
			WHERE d.name = ? AND ? < v.valid_to ORDER BY v.id`
		args = []any{int64(day), dataset, int64(day)}
	}
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, nil, s.d.wrap(err)
	}
	defer rows.Close()
	var vs []geo.Version
	var bs []orb.Bound
	for rows.Next() {
		var v geo.Version
		var side, status string
		var from, to int64
		var b orb.Bound
		if err := rows.Scan(&v.ID, &v.Dataset, &v.Region, &side, &status, &from, &to, &v.Source,
			&b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1]); err != nil {
			return nil, nil, s.d.wrap(err)
		}
		v.Side, _ = geo.ParseSide(side)
		v.Status, _ = geo.ParseStatus(status)
		v.Valid = geo.Validity{From: geo.Day(from), To: geo.Day(to)}
		vs, bs = append(vs, v), append(bs, b)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.d.wrap(err)
	}
	if len(vs) == 0 {
		// Nothing on the map, or no such dataset: only the second is an error.
		if _, err := datasetID(ctx, s.db, dataset); err != nil {
			return nil, nil, err
		}
	}
	return vs, bs, nil
}
