package series

import (
	"cmp"
	"context"
	"fmt"
	"path"
	"sort"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Group turns files into each region's shape by day, for the store to
// write by change detection (a day whose shape equals the version on the
// map changes nothing, a changed day closes it and opens the next). A
// file's day comes from its name, or from each feature's day, date or
// valid_from property; what a feature's properties lack comes from def,
// and a version's source is def.Source or else the file's name. Several
// features of one region on one day are united. A region that is of one
// side or status in one file and another elsewhere, and any feature that
// makes no version, reject the series (a *geo.ValidationError); so does a
// day's shape that geo.Repair, the rule every import follows, refuses
// (one it repairs is counted in the series' Repairs). Files Unchanged
// (Options.Imported) count in the observed range and as days skipped; the
// series carries the digests of the other days.
func Group(ctx context.Context, files []File, def geojson.Defaults) (geo.Series, error) {
	type dk struct {
		region string
		day    geo.Day
	}
	shapes := map[dk][]orb.MultiPolygon{}
	keys := map[string]geo.RegionDays{}
	srcs := map[dk]string{}
	var ps geo.Problems
	for _, f := range files {
		for _, feat := range f.Features {
			d := def
			if f.Day != 0 {
				feat.Props["valid_from"] = f.Day.String()
			}
			d.Source = cmp.Or(def.Source, path.Base(f.Name))
			v, why := feat.Version(d)
			if why != "" {
				ps.Add(feat.Name, "%s", why)
				continue
			}
			if old, ok := keys[v.Region]; ok && (old.Side != v.Side || old.Status != v.Status) {
				ps.Add(feat.Name, "region %s is %s %s here but %s %s elsewhere in the series", v.Region, v.Side, v.Status, old.Side, old.Status)
				continue
			}
			keys[v.Region] = geo.RegionDays{Region: geo.Region{Slug: v.Region}, Side: v.Side, Status: v.Status}
			k := dk{v.Region, v.Valid.From}
			shapes[k] = append(shapes[k], v.Geometry)
			srcs[k] = v.Source
		}
	}
	if err := ps.Err(); err != nil {
		return geo.Series{}, err
	}
	var repairs geo.Repairs
	for k, mps := range shapes {
		g, err := dayShape(ctx, mps)
		if err != nil {
			if ctx.Err() != nil {
				return geo.Series{}, ctx.Err()
			}
			return geo.Series{}, fmt.Errorf("union of %s on %s: %w", k.region, k.day, err)
		}
		rp, err := geo.Repair(g)
		if err != nil {
			ps.Add(fmt.Sprintf("%s on %s (%s)", k.region, k.day, srcs[k]), "%v", err)
			continue
		}
		repairs.Add(rp)
		rd := keys[k.region]
		rd.Days = append(rd.Days, geo.DayShape{Day: k.day, Geometry: rp.Shape, Source: srcs[k]})
		keys[k.region] = rd
	}
	if err := ps.Err(); err != nil {
		return geo.Series{}, err
	}
	sr := series(files, keys)
	sr.Repairs = repairs
	sr.Digests, sr.Skipped = digests(files, sr)
	return sr, nil
}

// dayShape is the union of a region's shapes of one day, rounded as
// geojson.Round rounds.
func dayShape(ctx context.Context, mps []orb.MultiPolygon) (orb.MultiPolygon, error) {
	if len(mps) == 1 {
		return mps[0], nil
	}
	u, err := geo.UnionContext(ctx, mps...)
	if err != nil {
		return nil, err
	}
	return geojson.Round(u), nil
}

// series sorts the regions by slug and their days by day, and finds the
// observed range: the days of the files read, from their names or their
// features' properties.
func series(files []File, byRegion map[string]geo.RegionDays) geo.Series {
	var out geo.Series
	see := func(d geo.Day) {
		if d != 0 && (out.First == 0 || d < out.First) {
			out.First = d
		}
		out.Last = max(out.Last, d)
	}
	for _, f := range files {
		out.Features += len(f.Features)
		see(f.Day)
	}
	for _, rd := range byRegion {
		sort.Slice(rd.Days, func(i, j int) bool { return rd.Days[i].Day < rd.Days[j].Day })
		if len(rd.Days) > 0 {
			see(rd.Days[0].Day)
			see(rd.Days[len(rd.Days)-1].Day)
		}
		out.Regions = append(out.Regions, rd)
	}
	sort.Slice(out.Regions, func(i, j int) bool { return out.Regions[i].Region.Slug < out.Regions[j].Region.Slug })
	return out
}
