package geojson

import (
	"cmp"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// Defaults are what a feature's version takes when its properties do not
// say: the command line's --region, --side, --status and --source.
type Defaults struct {
	Region string
	Side   geo.Side
	Status geo.Status
	Source string
}

// Versions are the versions a GeoJSON file gives, and how errors name
// the feature each comes from (Names[i] is Versions[i]'s).
type Versions struct {
	Versions []geo.Version
	Names    []string
	Repairs  geo.Repairs // the shapes repaired (geo.Repair)
}

// ReadVersions reads a FeatureCollection whose features carry their own
// validity (see Feature.Version), at most lim.FileBytes of it. Each shape
// goes through geo.Repair, the rule every import follows: an invalid shape
// is repaired when that changes its area by at most 0.01% (counted in
// Repairs), else refused. Any feature that is broken, refused or makes no
// version, and versions of one region whose validities overlap, reject
// the whole file: a *geo.ValidationError that lists them.
func ReadVersions(r io.Reader, name string, def Defaults, lim Limits) (Versions, error) {
	var ps geo.Problems
	feats, err := Read(LimitReader(r, lim.FileBytes, name, nil), name, &ps)
	if err != nil {
		return Versions{}, err
	}
	var out Versions
	for _, f := range feats {
		v, why := f.Version(def)
		if why != "" {
			ps.Add(f.Name, "%s", why)
			continue
		}
		rp, err := geo.Repair(v.Geometry)
		if err != nil {
			ps.Add(f.Name, "%v", err)
			continue
		}
		v.Geometry = rp.Shape
		out.Repairs.Add(rp)
		out.Versions = append(out.Versions, v)
		out.Names = append(out.Names, f.Name)
	}
	checkOverlaps(out, &ps)
	if err := ps.Err(); err != nil {
		return Versions{}, err
	}
	return out, nil
}

// checkOverlaps reports versions of one region whose validities overlap.
func checkOverlaps(in Versions, ps *geo.Problems) {
	vs := in.Versions
	byRegion := map[string][]int{}
	for i, v := range vs {
		byRegion[v.Region] = append(byRegion[v.Region], i)
	}
	for _, idx := range byRegion {
		sort.Slice(idx, func(a, b int) bool { return vs[idx[a]].Valid.From < vs[idx[b]].Valid.From })
		for k := 1; k < len(idx); k++ {
			a, b := vs[idx[k-1]], vs[idx[k]]
			if a.Valid.Overlaps(b.Valid) {
				ps.Add(in.Names[idx[k]], "validity %s of region %s overlaps %s of %s", b.Valid, b.Region, a.Valid, in.Names[idx[k-1]])
			}
		}
	}
}

// Version turns the feature's properties (region, side, status,
// valid_from or day or date, valid_to, source) into a version; what they
// lack comes from def. A feature that does not make a version returns the
// reasons why, joined by "; ".
func (f Feature) Version(def Defaults) (geo.Version, string) {
	v := geo.Version{Geometry: f.Geometry}
	var why []string
	str := func(k string) string {
		s, _ := f.Props[k].(string)
		return strings.TrimSpace(s)
	}
	v.Region = cmp.Or(str("region"), def.Region)
	if v.Region == "" {
		why = append(why, "no region (property \"region\" or --region)")
	} else if !geo.ValidSlug(v.Region) {
		why = append(why, "bad region slug "+geo.Echo(v.Region))
	}
	var err error
	if s := str("side"); s != "" {
		if v.Side, err = geo.ParseSide(s); err != nil {
			why = append(why, err.Error())
		}
	} else if v.Side = def.Side; v.Side == geo.SideNone {
		why = append(why, "no side (property \"side\" or --side)")
	}
	if s := str("status"); s != "" {
		if v.Status, err = geo.ParseStatus(s); err != nil {
			why = append(why, err.Error())
		}
	} else if v.Status = def.Status; v.Status == geo.StatusNone {
		why = append(why, "no status (property \"status\" or --status)")
	}
	if v.Side == geo.SideNone && v.Status != geo.StatusNone && v.Status != geo.StatusContested && len(why) == 0 {
		why = append(why, fmt.Sprintf("side none is held by neither side: status contested only, not %s", v.Status))
	}
	v.Valid.To = geo.Forever
	if s := cmp.Or(str("valid_from"), str("day"), str("date")); s != "" {
		if v.Valid.From, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_from: "+err.Error())
		}
	} else {
		why = append(why, "no valid_from")
	}
	if s := str("valid_to"); s != "" {
		if v.Valid.To, err = geo.ParseDay(s); err != nil {
			why = append(why, "valid_to: "+err.Error())
		} else if !v.Valid.Valid() {
			why = append(why, fmt.Sprintf("valid_to %s is not after valid_from %s", v.Valid.To, v.Valid.From))
		}
	}
	v.Source = cmp.Or(str("source"), def.Source)
	return v, strings.Join(why, "; ")
}
