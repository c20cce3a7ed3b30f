package publish

import (
	"maps"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/service"
)

// PeriodArchive names the archive of one period's temporal tiles (the
// same bytes as GET /tiles/all/{period}/{z}/{x}/{y}.mvt):
// control-YYYY-MM.
func PeriodArchive(p tiles.Period) string { return "control-" + p.String() }

// periods are the periods from the first version's to the last change
// day's that hold some version, in order. A reader past the last period
// reads the last (the versions still on the map are in it), one before
// the first reads the first (nothing is on the map then).
func periods(vs []geo.Version, days []geo.Day) []tiles.Period {
	if len(vs) == 0 {
		return nil
	}
	first, last := vs[0].Valid.From, vs[0].Valid.From
	for _, v := range vs {
		first, last = min(first, v.Valid.From), max(last, v.Valid.From)
	}
	if len(days) > 0 {
		last = max(last, days[len(days)-1])
	}
	var out []tiles.Period
	for p := tiles.PeriodOf(first); p.From <= last; p = tiles.PeriodOf(p.To) {
		for _, v := range vs {
			if v.Valid.Overlaps(p.Validity) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// periodArchives are the archives of each period's temporal tiles, with
// meta (the whole history's metadata) saying the period.
func (opt *Options) periodArchives(meta map[string]any, ps []tiles.Period) []archive {
	var as []archive
	for _, p := range ps {
		m := maps.Clone(meta)
		m["name"] = m["name"].(string) + ", " + p.String()
		m["description"] = "The versions on the map on some day of " + p.From.String() + " to " + (p.To - 1).String() +
			" with their validity; filter control features with from_day <= D < to_day (D = days since 1970-01-01)."
		m["frontline:period"] = p.String()
		m["frontline:period_from"] = p.From.String()
		m["frontline:period_to"] = p.To.String()
		m["frontline:period_months"] = tiles.PeriodMonths
		as = append(as, archive{name: PeriodArchive(p), area: tileArea{Bound: opt.Bound}, meta: m,
			req: service.Request{Dataset: opt.Dataset, Set: service.TemporalTiles, Period: p, Format: service.MVT, OmitEmpty: true}})
	}
	return as
}
