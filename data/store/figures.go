package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
	"golang.org/x/sync/errgroup"

	"github.com/paulmach/orb"
)

// The figures of each change day of a dataset (km² per side and status,
// inside Ukraine and inside each oblast) are kept in the tables figures
// and figure_days (migration 10), so that every server, the CLI and
// publish read the same figures without measuring a map: a day's figures
// are a few rows. RefreshFigures brings them up to date after a write of
// the dataset's versions, measuring only the days whose versions changed,
// each from the day before (geo.Meter). The dataset's revision when they
// were last brought up to date is in figures_revision: a reader that finds
// it behind the dataset's (a write by a process that did not refresh, or
// by SQL) refreshes them first.

// figureRefs are the references of the figures: Ukraine (area "" in the
// table), then each oblast (area its ISO code), in oblastAreas' order.
func figureRefs() ([]geo.Reference, []string, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return nil, nil, err
	}
	ob, err := oblastAreas()
	if err != nil {
		return nil, nil, err
	}
	refs, areas := []geo.Reference{bm.Ukraine}, []string{""}
	for i, a := range ob.areas {
		refs = append(refs, ob.refs[i])
		areas = append(areas, a.ISO)
	}
	return refs, areas, nil
}

// versionRef is a version without its geometry, as the sweep of the
// change days needs it.
type versionRef struct {
	v  geo.Version
	to geo.Day
}

// figureDay is a change day of a dataset: the versions on its map, by
// index into the dataset's, and their digest.
type figureDay struct {
	day    geo.Day
	on     []int
	digest [sha256.Size]byte
}

// changeDays sweeps a dataset's versions (in id order) into its change
// days, each with the versions on its map.
func changeDays(vs []versionRef) []figureDay {
	starts, ends := map[geo.Day][]int{}, map[geo.Day][]int{}
	var days []geo.Day
	for i, v := range vs {
		starts[v.v.Valid.From] = append(starts[v.v.Valid.From], i)
		days = append(days, v.v.Valid.From)
		if v.to != geo.Forever {
			ends[v.to] = append(ends[v.to], i)
			days = append(days, v.to)
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	on := map[int]bool{}
	out := make([]figureDay, 0, len(days))
	for _, d := range days {
		for _, i := range ends[d] {
			delete(on, i)
		}
		for _, i := range starts[d] {
			on[i] = true
		}
		fd := figureDay{day: d}
		for i := range on {
			fd.on = append(fd.on, i)
		}
		slices.Sort(fd.on)
		buf := make([]byte, 0, 8*len(fd.on))
		for _, i := range fd.on {
			buf = binary.BigEndian.AppendUint64(buf, uint64(vs[i].v.ID))
		}
		fd.digest = sha256.Sum256(buf)
		out = append(out, fd)
	}
	return out
}

// figuresState is what RefreshFigures reads first: the dataset's id, its
// revision and that of its figures (-1 for none).
func (s *Store) figuresState(ctx context.Context, q querier, dataset string) (id, rev, kept int64, err error) {
	var k sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT d.id, d.revision, f.revision FROM datasets d
		LEFT JOIN figures_revision f ON f.dataset_id = d.id WHERE d.name = ?`, dataset).Scan(&id, &rev, &k)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, 0, fmt.Errorf("%w: dataset %s", ErrNotFound, geo.Echo(dataset))
	}
	if !k.Valid {
		k.Int64 = -1
	}
	return id, rev, k.Int64, err
}

// RefreshFigures brings the stored figures of dataset up to date with its
// versions: the change days whose versions changed since they were
// measured (all of them the first time) are measured again, each from the
// day before, and days that are no longer change days are dropped. The
// store's imports call it after they commit; readers call it when the
// figures are behind. It can be cancelled through ctx; what it measured is
// then not written.
func (s *Store) RefreshFigures(ctx context.Context, dataset string) error {
	_, err, _ := s.refreshing.Do(dataset, func() (any, error) {
		return nil, s.refreshFigures(ctx, dataset)
	})
	if err != nil {
		return fmt.Errorf("figures of %s: %w", geo.Echo(dataset), err)
	}
	return nil
}

// figuresAfterWrite brings the figures of dataset up to date after a
// write of its versions committed. The write stands whatever happens
// here, so a refresh that fails (stopped by ctx, or shapes over the
// overlay budget: geo.ErrTooComplex) is no error of the write: the
// figures stay behind the dataset's revision and the next reader
// refreshes them, and answers with the error if it recurs.
func (s *Store) figuresAfterWrite(ctx context.Context, dataset string) {
	_ = s.RefreshFigures(ctx, dataset)
}

// datasetNames lists the names of the datasets.
func (s *Store) datasetNames(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM datasets ORDER BY name`)
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, s.d.wrap(err)
		}
		out = append(out, n)
	}
	return out, s.d.wrap(rows.Err())
}

func (s *Store) refreshFigures(ctx context.Context, dataset string) error {
	dsID, rev, kept, err := s.figuresState(ctx, s.db, dataset)
	if err != nil || rev == kept {
		return err
	}
	vs, err := s.versionRefs(ctx, dsID)
	if err != nil {
		return err
	}
	days := changeDays(vs)
	stored, err := s.storedDigests(ctx, dsID)
	if err != nil {
		return err
	}
	var stale []geo.Day
	isDay := map[geo.Day]bool{}
	for _, d := range days {
		isDay[d.day] = true
	}
	for d := range stored {
		if !isDay[d] {
			stale = append(stale, d)
		}
	}
	refs, areas, err := figureRefs()
	if err != nil {
		return err
	}
	res, err := s.measureDays(ctx, dsID, vs, days, stored, refs, areas)
	if err != nil {
		return err
	}
	return s.writeFigures(ctx, dsID, rev, stale, res, areas)
}

// figureChunkDays is the fewest change days to measure that measureDays
// splits between CPUs.
var figureChunkDays = 128

// figureCPUs is how many runs measureDays may make at once.
var figureCPUs = func() int { return runtime.GOMAXPROCS(0) }

// measureDays measures the change days whose figures are missing or stale
// (figureRun.run), in runs of contiguous days on every CPU: each run
// measures its first day anew and the rest each from the day before, so a
// whole archive's figures take a CPU each (a fresh import measures them
// all at its end).
func (s *Store) measureDays(ctx context.Context, dsID int64, vs []versionRef, days []figureDay, stored map[geo.Day][sha256.Size]byte, refs []geo.Reference, areas []string) ([]dayFigures, error) {
	todo := 0
	for _, d := range days {
		if old, ok := stored[d.day]; !ok || old != d.digest {
			todo++
		}
	}
	chunks := min(figureCPUs(), max(1, todo/figureChunkDays))
	out := make([][]dayFigures, chunks)
	g, gctx := errgroup.WithContext(ctx)
	for c := range chunks {
		lo, hi := c*len(days)/chunks, (c+1)*len(days)/chunks
		g.Go(func() error {
			m := &figureRun{s: s, dsID: dsID, vs: vs, days: days[lo:hi], refs: refs, areas: areas,
				meter: geo.NewMeter(refs), geoms: map[int64]orb.MultiPolygon{}}
			res, err := m.run(gctx, stored)
			out[c] = res
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var all []dayFigures
	for _, res := range out {
		all = append(all, res...)
	}
	return all, nil
}

// versionRefs reads a dataset's versions without their geometries, in id
// order.
func (s *Store) versionRefs(ctx context.Context, dsID int64) ([]versionRef, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT v.id, r.slug, v.side, v.status, v.valid_from, v.valid_to
		FROM versions v JOIN regions r ON r.id = v.region_id WHERE v.dataset_id = ? ORDER BY v.id`, dsID)
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	var out []versionRef
	for rows.Next() {
		var v geo.Version
		var side, status string
		var from, to int64
		if err := rows.Scan(&v.ID, &v.Region, &side, &status, &from, &to); err != nil {
			return nil, s.d.wrap(err)
		}
		v.Side, _ = geo.ParseSide(side)
		v.Status, _ = geo.ParseStatus(status)
		v.Valid = geo.Validity{From: geo.Day(from), To: geo.Day(to)}
		out = append(out, versionRef{v: v, to: geo.Day(to)})
	}
	return out, s.d.wrap(rows.Err())
}

// storedDigests reads the digest of the versions each stored day was
// measured on.
func (s *Store) storedDigests(ctx context.Context, dsID int64) (map[geo.Day][sha256.Size]byte, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, versions FROM figure_days WHERE dataset_id = ?`, dsID)
	if err != nil {
		return nil, s.d.wrap(err)
	}
	defer rows.Close()
	out := map[geo.Day][sha256.Size]byte{}
	for rows.Next() {
		var day int64
		var b []byte
		if err := rows.Scan(&day, &b); err != nil {
			return nil, s.d.wrap(err)
		}
		var d [sha256.Size]byte
		copy(d[:], b)
		out[geo.Day(day)] = d
	}
	return out, s.d.wrap(rows.Err())
}
