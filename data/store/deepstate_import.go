package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"golang.org/x/sync/errgroup"
)

// The regions a DeepStateMap history is imported into, one per class (and
// ground Ukraine took back split by where it lies).
const (
	DeepStateOccupiedRegion  = "deepstate-occupied"     // ru occupied
	DeepStateContestedRegion = "deepstate-contested"    // none contested
	DeepStateLiberatedRegion = "deepstate-liberated"    // ua liberated, inside Ukraine
	DeepStateUAInRussia      = "deepstate-ua-in-russia" // ua occupied, outside Ukraine
)

// deepStateRegions are the regions' side and status and how a new one is made.
var deepStateRegions = map[string]struct {
	side   geo.Side
	status geo.Status
	region geo.Region
}{
	DeepStateOccupiedRegion: {geo.SideRU, geo.StatusOccupied,
		geo.Region{Slug: DeepStateOccupiedRegion, Name: "DeepStateMap: occupied by Russia", Kind: geo.KindControl, Country: "UA"}},
	DeepStateContestedRegion: {geo.SideNone, geo.StatusContested,
		geo.Region{Slug: DeepStateContestedRegion, Name: "DeepStateMap: status unknown (grey zone)", Kind: geo.KindControl, Country: "UA"}},
	DeepStateLiberatedRegion: {geo.SideUA, geo.StatusLiberated,
		geo.Region{Slug: DeepStateLiberatedRegion, Name: "DeepStateMap: liberated by Ukraine", Kind: geo.KindControl, Country: "UA"}},
	DeepStateUAInRussia: {geo.SideUA, geo.StatusOccupied,
		geo.Region{Slug: DeepStateUAInRussia, Name: "DeepStateMap: held by Ukraine in Russia", Kind: geo.KindIncursion, Country: "RU"}},
}

// DeepStateHistory is a DeepStateMap history as read: the last snapshot of
// each UTC day, its polygons classified and united per region.
type DeepStateHistory struct {
	Files     int                 // GeoJSON files in the source
	Snapshots []DeepStateSnapshot // the last of each day, by day
	Names     []DeepStateName     // the polygon names of the snapshots, most polygons first
}

// DeepStateSnapshot is the map of one day: the last file published that day.
type DeepStateSnapshot struct {
	Day       geo.Day
	File      string    // base name: the Unix time of publication
	Published time.Time // UTC
	Polygons  int       // polygonal features (a GeometryCollection counts once)
	Skipped   int       // of them, not this war's front
	// Shapes is the union of each region's polygons that day.
	Shapes map[string]orb.MultiPolygon
	// Liberated lists, per region, the days the names of its polygons give
	// ("Liberated 25.03"): spans first..last.
	Liberated map[string][][2]geo.Day
}

// DeepStateName is one polygon name: its class and how often it occurs in
// the snapshots used.
type DeepStateName struct {
	Name     string `json:"name"`
	Class    string `json:"class"`
	Polygons int    `json:"polygons"`
	Days     int    `json:"days"`
}

// Unclassified returns the names that no rule knows.
func (h *DeepStateHistory) Unclassified() []DeepStateName {
	var out []DeepStateName
	for _, n := range h.Names {
		if n.Class == DeepStateUnclassified.String() {
			out = append(out, n)
		}
	}
	return out
}

// deepStateStamp reads the UTC Unix time in a file name (1737410164.geojson).
func deepStateStamp(name string) (int64, bool) {
	base := path.Base(name)
	base = strings.TrimSuffix(base, path.Ext(base))
	if len(base) < 9 || len(base) > 11 {
		return 0, false
	}
	for _, r := range base {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(base, 10, 64)
	if err != nil {
		return 0, false
	}
	if y := time.Unix(n, 0).UTC().Year(); y < 2000 || y > 2100 {
		return 0, false
	}
	return n, true
}

// ReadDeepState reads a DeepStateMap history from src, a folder, a .tar.gz
// or an http(s) URL as ReadSeries reads them (with opt's limits and
// Fetcher): files named by the UTC Unix time of their publication, of which
// the last of each UTC day is the map of that day. Earlier files of a day
// that come before the last one are parsed and dropped; those that come
// after it are not read. Polygons are classified by name
// (ClassifyDeepState), Points and other geometries are skipped. A file
// whose name is not a Unix time, broken JSON and broken polygons of a
// day's last file are problems: a *ValidationError.
func ReadDeepState(ctx context.Context, src string, opt ReadOptions) (*DeepStateHistory, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return nil, err
	}
	var russia []orb.MultiPolygon
	for _, f := range bm.Features {
		if f.Layer == geo.LayerAdmin1 && f.Country == "RU" {
			russia = append(russia, f.Geometry)
		}
	}
	rd := &deepStateReader{ukraine: bm.Ukraine.Shape, russia: russia, splits: map[string]borderSplit{}, shared: map[string]orb.MultiPolygon{}, unions: map[string]orb.MultiPolygon{},
		days: map[geo.Day]*deepStateFile{}, latest: map[geo.Day]int64{}}
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan deepStateJob)
	for range max(1, runtime.GOMAXPROCS(0)) {
		g.Go(func() error {
			for j := range jobs {
				f, err := rd.parse(gctx, j)
				if err != nil {
					return err
				}
				rd.keep(f)
			}
			return nil
		})
	}
	var ps problems
	files := 0
	add := limitedAdd(ctx, opt, func(name string, r io.Reader) error {
		files++
		stamp, ok := deepStateStamp(name)
		if !ok {
			ps.add(capText(path.Base(name), 100), "file name is not a Unix time of publication (like 1737410164.geojson)")
			return nil
		}
		day := geo.DayOf(time.Unix(stamp, 0).UTC())
		if !rd.claim(day, stamp) {
			return nil // a later file of the day came first
		}
		body, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		select {
		case jobs <- deepStateJob{name: name, stamp: stamp, day: day, body: body}:
			return nil
		case <-gctx.Done():
			return context.Cause(gctx)
		}
	})
	walkErr := seriesSource(ctx, src, opt)(add)
	close(jobs)
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if walkErr != nil {
		return nil, walkError(ctx, src, walkErr)
	}
	h := &DeepStateHistory{Files: files}
	days := make([]geo.Day, 0, len(rd.days))
	for d := range rd.days {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	names := map[string]*DeepStateName{}
	seen := map[string]geo.Day{}
	for _, d := range days {
		f := rd.days[d]
		ps.append(f.problems...)
		f.liberatedOn(seen)
		h.Snapshots = append(h.Snapshots, f.snap)
		for n, c := range f.names {
			dn := names[n]
			if dn == nil {
				dn = &DeepStateName{Name: n, Class: ClassifyDeepState(n).String()}
				names[n] = dn
			}
			dn.Polygons += c
			dn.Days++
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(h.Snapshots) == 0 {
		return nil, &ValidationError{Problems: []Problem{{What: capText(src, 200), Why: "no GeoJSON files found"}}}
	}
	for _, n := range names {
		h.Names = append(h.Names, *n)
	}
	sort.Slice(h.Names, func(i, j int) bool {
		a, b := h.Names[i], h.Names[j]
		if a.Polygons != b.Polygons {
			return a.Polygons > b.Polygons
		}
		return a.Name < b.Name
	})
	return h, nil
}

type deepStateJob struct {
	name  string
	stamp int64
	day   geo.Day
	body  []byte
}

// deepStateFile is one parsed file.
type deepStateFile struct {
	stamp    int64
	snap     DeepStateSnapshot
	names    map[string]int                        // polygons by raw name
	dated    map[string]map[string][]deepStateDate // by region, the dates of its liberated polygons' names
	problems []Problem
}

// deepStateReader holds what the workers share.
type deepStateReader struct {
	ukraine orb.MultiPolygon
	russia  []orb.MultiPolygon // Russia's admin-1 units (full resolution on Ukraine's border)

	mu     sync.Mutex
	latest map[geo.Day]int64 // the newest file of each day handed to a worker
	days   map[geo.Day]*deepStateFile
	splits map[string]borderSplit      // liberated polygons that cross the border, by shape
	shared map[string]orb.MultiPolygon // day shapes by hash: one copy of a shape many days show
	unions map[string]orb.MultiPolygon // day shapes by the hash of their polygons (shapesKey)
}

// claim reports whether a file published at stamp is the newest of its day
// so far (and so worth parsing).
func (rd *deepStateReader) claim(day geo.Day, stamp int64) bool {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.latest[day] >= stamp {
		return false
	}
	rd.latest[day] = stamp
	return true
}

// keep makes f the map of its day unless a newer file is.
func (rd *deepStateReader) keep(f *deepStateFile) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if old := rd.days[f.snap.Day]; old == nil || old.stamp < f.stamp {
		rd.days[f.snap.Day] = f
	}
}

// borderSplit is a liberated polygon cut at Ukraine's border: the part
// in Russia is ground Ukraine holds there, the rest ground it took back.
type borderSplit struct {
	liberated, inRussia orb.MultiPolygon
}

// minBorderKm2 is the least area of a part cut off at the border that
// counts: slivers from the two outlines' different traces do not.
const minBorderKm2 = 0.05

// splitAtBorder sorts a liberated polygon by where it lies: wholly in
// Ukraine (or in neither country: the Dnipro-Buh estuary islands that
// Natural Earth's coast leaves out), it is liberated; wholly in Russia, it
// is ground Ukraine holds in Russia; a polygon that crosses the border (the
// Kursk incursion's edge along Sumy oblast) is cut there, each part to its
// class, so that the figures inside each oblast are right. Cuts are
// remembered by shape: consecutive days repeat most polygons.
func (rd *deepStateReader) splitAtBorder(poly orb.Polygon) (map[string]orb.MultiPolygon, error) {
	b := poly.Bound()
	near := false
	for _, mp := range rd.russia {
		if mp.Bound().Intersects(b) {
			near = true
			break
		}
	}
	if !near {
		return map[string]orb.MultiPolygon{DeepStateLiberatedRegion: {poly}}, nil
	}
	key := shapesKey([]orb.MultiPolygon{{poly}})
	rd.mu.Lock()
	sp, ok := rd.splits[key]
	rd.mu.Unlock()
	if !ok {
		var err error
		if sp, err = rd.cut(poly); err != nil {
			return nil, err
		}
		rd.mu.Lock()
		rd.splits[key] = sp
		rd.mu.Unlock()
	}
	out := map[string]orb.MultiPolygon{}
	if len(sp.liberated) > 0 {
		out[DeepStateLiberatedRegion] = sp.liberated
	}
	if len(sp.inRussia) > 0 {
		out[DeepStateUAInRussia] = sp.inRussia
	}
	return out, nil
}

// cut splits poly at the border, with the outlines clipped to its bound
// first so that the overlay stays small.
func (rd *deepStateReader) cut(poly orb.Polygon) (borderSplit, error) {
	mp := orb.MultiPolygon{poly}
	box := poly.Bound().Pad(0.01)
	ua := clip.MultiPolygon(box, rd.ukraine.Clone())
	outside, err := geo.Difference(mp, ua)
	if err != nil {
		return borderSplit{}, err
	}
	var ruParts []orb.MultiPolygon
	for _, r := range rd.russia {
		if !r.Bound().Intersects(box) {
			continue
		}
		in, err := geo.Intersection(outside, clip.MultiPolygon(box, r.Clone()))
		if err != nil {
			return borderSplit{}, err
		}
		if len(in) > 0 {
			ruParts = append(ruParts, in)
		}
	}
	ru, err := geo.Union(ruParts...)
	if err != nil {
		return borderSplit{}, err
	}
	if geo.AreaKm2(ru) < minBorderKm2 {
		return borderSplit{liberated: mp}, nil
	}
	rest, err := geo.Difference(mp, ru)
	if err != nil {
		return borderSplit{}, err
	}
	if geo.AreaKm2(rest) < minBorderKm2 {
		return borderSplit{inRussia: mp}, nil
	}
	return borderSplit{liberated: rest, inRussia: ru}, nil
}

// shapesKey is a hash of the polygons mps, in order: files of days that
// follow each other mostly repeat a class's polygons, whose union is then
// made once (united).
func shapesKey(mps []orb.MultiPolygon) string {
	h := sha256.New()
	var b [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	for _, mp := range mps {
		put(uint64(len(mp)))
		for _, p := range mp {
			put(uint64(len(p)))
			for _, r := range p {
				put(uint64(len(r)))
				for _, pt := range r {
					put(math.Float64bits(pt[0]))
					put(math.Float64bits(pt[1]))
				}
			}
		}
	}
	return string(h.Sum(nil))
}

// united returns the union of the polygons of key, if made before.
func (rd *deepStateReader) united(key string) (orb.MultiPolygon, bool) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	g, ok := rd.unions[key]
	return g, ok
}

func (rd *deepStateReader) unite(key string, g orb.MultiPolygon) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.unions[key] = g
}

// share returns the one copy of a shape equal to mp.
func (rd *deepStateReader) share(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	_, hash, err := encodeGeom(mp)
	if err != nil {
		return nil, err
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if old, ok := rd.shared[string(hash)]; ok {
		return old, nil
	}
	rd.shared[string(hash)] = mp
	return mp, nil
}

type dsFeature struct {
	Type       string `json:"type"`
	Properties struct {
		Name any `json:"name"`
	} `json:"properties"`
	Geometry *dsGeometry `json:"geometry"`
}

type dsGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometries  []dsGeometry    `json:"geometries"`
}

// deepStatePolygon is one polygonal feature of a snapshot.
type deepStatePolygon struct {
	Name     string
	Geometry orb.MultiPolygon
}

// parseDeepStateFile reads the polygonal features of one snapshot file: a
// Polygon, a MultiPolygon or the polygons of a GeometryCollection; Points
// and lines are skipped. Broken JSON and broken polygons are problems.
func parseDeepStateFile(name string, body []byte) ([]deepStatePolygon, []Problem) {
	base := capText(path.Base(name), 100)
	var fc struct {
		Type     string      `json:"type"`
		Features []dsFeature `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		return nil, []Problem{{What: base, Why: "broken JSON: " + capText(err.Error(), 200)}}
	}
	if fc.Type != "FeatureCollection" {
		return nil, []Problem{{What: base, Why: fmt.Sprintf("type %s: want FeatureCollection", geo.Echo(fc.Type))}}
	}
	var out []deepStatePolygon
	var ps []Problem
	for i, f := range fc.Features {
		if f.Geometry == nil {
			continue
		}
		parts := []dsGeometry{*f.Geometry}
		if f.Geometry.Type == "GeometryCollection" {
			parts = f.Geometry.Geometries
		}
		var mp orb.MultiPolygon
		for _, g := range parts {
			if g.Type != "Polygon" && g.Type != "MultiPolygon" {
				continue
			}
			raw := make([]byte, 0, len(g.Coordinates)+40)
			raw = append(append(append(raw, `{"type":"`+g.Type+`","coordinates":`...), g.Coordinates...), '}')
			p, why := parseGeometry(raw)
			if why != "" {
				ps = append(ps, Problem{What: fmt.Sprintf("%s feature %d (%s)", base, i, geo.Echo(featureName(f))), Why: why})
				mp = nil
				break
			}
			mp = append(mp, p...)
		}
		if len(mp) > 0 {
			out = append(out, deepStatePolygon{Name: featureName(f), Geometry: mp})
		}
	}
	return out, ps
}

func featureName(f dsFeature) string {
	s, _ := f.Properties.Name.(string)
	return s
}

// parse reads one file and unites its polygons per region.
func (rd *deepStateReader) parse(ctx context.Context, j deepStateJob) (*deepStateFile, error) {
	t := time.Unix(j.stamp, 0).UTC()
	f := &deepStateFile{stamp: j.stamp, names: map[string]int{}, dated: map[string]map[string][]deepStateDate{},
		snap: DeepStateSnapshot{Day: j.day, File: path.Base(j.name), Published: t,
			Shapes: map[string]orb.MultiPolygon{}, Liberated: map[string][][2]geo.Day{}}}
	polys, ps := parseDeepStateFile(j.name, j.body)
	f.problems = ps
	parts := map[string][]orb.MultiPolygon{}
	for _, p := range polys {
		f.snap.Polygons++
		f.names[p.Name]++
		class := ClassifyDeepState(p.Name)
		switch class {
		case DeepStateOccupied:
			parts[DeepStateOccupiedRegion] = append(parts[DeepStateOccupiedRegion], p.Geometry)
		case DeepStateContested:
			parts[DeepStateContestedRegion] = append(parts[DeepStateContestedRegion], p.Geometry)
		case DeepStateLiberated:
			dates := deepStateDates(p.Name)
			for _, poly := range p.Geometry {
				byRegion, err := rd.splitAtBorder(poly)
				if err != nil {
					return nil, err
				}
				for region, part := range byRegion {
					parts[region] = append(parts[region], part)
					if len(dates) > 0 {
						if f.dated[region] == nil {
							f.dated[region] = map[string][]deepStateDate{}
						}
						f.dated[region][p.Name] = dates
					}
				}
			}
		case DeepStateSkip:
			f.snap.Skipped++
		}
	}
	for region, mps := range parts {
		key := shapesKey(mps)
		if g, ok := rd.united(key); ok {
			f.snap.Shapes[region] = g
			continue
		}
		u, err := unionRepaired(ctx, mps)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			f.problems = append(f.problems, Problem{What: f.snap.File, Why: fmt.Sprintf("union of the %s polygons: %v", region, err)})
			continue
		}
		g := roundGeom(u)
		if len(g) == 0 {
			continue
		}
		g, err = rd.share(g)
		if err != nil {
			return nil, err
		}
		rd.unite(key, g)
		f.snap.Shapes[region] = g
	}
	return f, nil
}

// liberatedOn sets the days the names of f's liberated polygons give,
// dates without a year taken in the year of the first snapshot that
// carries them (seen, filled in day by day).
func (f *deepStateFile) liberatedOn(seen map[string]geo.Day) {
	for region, names := range f.dated {
		set := map[[2]geo.Day]bool{}
		for _, dates := range names {
			var first, last geo.Day
			for _, dt := range dates {
				if _, ok := seen[dt.key()]; !ok && dt.y == 0 {
					seen[dt.key()] = f.snap.Day
				}
				day, ok := dt.day(seen[dt.key()])
				if !ok {
					continue
				}
				if first == 0 || day < first {
					first = day
				}
				if day > last {
					last = day
				}
			}
			if first != 0 {
				set[[2]geo.Day{first, last}] = true
			}
		}
		for sp := range set {
			f.snap.Liberated[region] = append(f.snap.Liberated[region], sp)
		}
		sort.Slice(f.snap.Liberated[region], func(a, b int) bool {
			x, y := f.snap.Liberated[region][a], f.snap.Liberated[region][b]
			return x[0] < y[0] || x[0] == y[0] && x[1] < y[1]
		})
	}
}

// source is the source text of a region's version that starts with this
// snapshot: the file and when it was published, and for ground Ukraine
// took back the days its names give.
func (sn DeepStateSnapshot) source(prefix, region string) string {
	s := fmt.Sprintf("DeepStateMap %s, published %s UTC", sn.File, sn.Published.Format("2006-01-02 15:04"))
	if prefix != "" {
		s = prefix + "; " + s
	}
	if spans := sn.Liberated[region]; len(spans) > 0 {
		var b strings.Builder
		b.WriteString(s + "; liberated on (by the names) ")
		for i, sp := range spans {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > 900 {
				fmt.Fprintf(&b, "and %d more", len(spans)-i)
				break
			}
			b.WriteString(sp[0].String())
			if sp[1] != sp[0] {
				b.WriteString(".." + sp[1].String())
			}
		}
		s = b.String()
	}
	return s
}

// DeepStateConfig configures ImportDeepState.
type DeepStateConfig struct {
	ImportConfig // Dataset, Source (a prefix of every version's source), Progress, NoWait, Waiting
	// Strict rejects a history with names that no rule classifies.
	Strict bool
}

// DeepStateResult says what ImportDeepState did.
type DeepStateResult struct {
	ImportResult
	Files        int             `json:"files"`
	Snapshots    int             `json:"snapshots"`       // days: the last file of each
	First        geo.Day         `json:"first,omitempty"` // the first and last day
	Last         geo.Day         `json:"last,omitempty"`
	Skipped      int             `json:"skipped"` // polygons not of this war's front
	Unclassified []DeepStateName `json:"unclassified"`
}

// ImportDeepState imports a DeepStateMap history into cfg.Dataset: one
// region per class (DeepStateOccupiedRegion, ...), whose versions come from
// the days' shapes by change detection as ImportSeries makes them; a day
// whose snapshot has none of a region's polygons ends the region's version
// on the map that day. One transaction under the import lock; importing
// the same history twice changes nothing. With cfg.Strict, names that no
// rule classifies reject the import (a *ValidationError, nothing written);
// else their polygons are left out and listed in the result.
func (s *Store) ImportDeepState(ctx context.Context, h *DeepStateHistory, cfg DeepStateConfig) (DeepStateResult, error) {
	res := DeepStateResult{Files: h.Files, Snapshots: len(h.Snapshots), Unclassified: h.Unclassified()}
	if cfg.Dataset == "" {
		return res, fmt.Errorf("import deepstate: no dataset named")
	}
	if cfg.Strict && len(res.Unclassified) > 0 {
		var ps problems
		for _, n := range res.Unclassified {
			ps.add("polygon name "+geo.Echo(capText(n.Name, 120)), "no rule classifies it (%d polygons on %d days)", n.Polygons, n.Days)
		}
		return res, ps.err()
	}
	if len(h.Snapshots) > 0 {
		res.First, res.Last = h.Snapshots[0].Day, h.Snapshots[len(h.Snapshots)-1].Day
	}
	present := map[string]bool{}
	for _, sn := range h.Snapshots {
		res.Features += sn.Polygons
		res.Skipped += sn.Skipped
		for r := range sn.Shapes {
			present[r] = true
		}
	}
	byRegion := map[string][]seriesDay{}
	keys := map[string]seriesKey{}
	meta := map[string]geo.Region{}
	for region := range present {
		d := deepStateRegions[region]
		keys[region] = seriesKey{region, d.side, d.status}
		meta[region] = d.region
		for _, sn := range h.Snapshots {
			// A nil shape: the region is not on that day's map.
			byRegion[region] = append(byRegion[region], seriesDay{sn.Day, sn.Shapes[region], sn.source(cfg.Source, region)})
		}
	}
	ir, err := s.importDays(ctx, byRegion, keys, meta, cfg.ImportConfig, res.ImportResult, res.First, res.Last)
	if err != nil {
		return res, err
	}
	res.ImportResult = ir
	return res, nil
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

// unionRepaired unites mps (even one: the union of a polygon is valid
// where the polygon may not be). When that fails on a broken polygon, it
// unites them again with every polygon repaired (repairPolygon).
func unionRepaired(ctx context.Context, mps []orb.MultiPolygon) (orb.MultiPolygon, error) {
	u, err := geo.UnionContext(ctx, mps...)
	if err == nil || ctx.Err() != nil {
		return u, err
	}
	var fixed []orb.MultiPolygon
	for _, mp := range mps {
		for _, p := range mp {
			r, rerr := repairPolygon(p)
			if rerr != nil {
				return nil, fmt.Errorf("%w; repairing a polygon: %v", err, rerr)
			}
			fixed = append(fixed, r)
		}
	}
	if u, rerr := geo.UnionContext(ctx, fixed...); rerr == nil || ctx.Err() != nil {
		return u, rerr
	}
	return nil, err
}

// repairPolygon reads p's rings as DeepStateMap's editor drew them: the
// first the outline, the others holes where they lie inside it and more
// outlines where they do not ("interior ring outside of exterior ring");
// holes that touch ("disconnected interior") are cut out one by one.
func repairPolygon(p orb.Polygon) (orb.MultiPolygon, error) {
	if len(p) < 2 {
		return geo.Union(orb.MultiPolygon{p})
	}
	var holes, outlines []orb.MultiPolygon
	for _, r := range p[1:] {
		if len(r) == 0 {
			continue
		}
		if planar.RingContains(p[0], r[0]) {
			holes = append(holes, orb.MultiPolygon{{r}})
		} else {
			outlines = append(outlines, orb.MultiPolygon{{r}})
		}
	}
	shape, err := geo.Union(orb.MultiPolygon{{p[0]}})
	if err != nil {
		return nil, err
	}
	if len(holes) > 0 {
		h, err := geo.Union(holes...)
		if err != nil {
			return nil, err
		}
		if shape, err = geo.Difference(shape, h); err != nil {
			return nil, err
		}
	}
	if len(outlines) == 0 {
		return shape, nil
	}
	return geo.Union(append(outlines, shape)...)
}
