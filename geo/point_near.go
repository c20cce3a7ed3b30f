package geo

import (
	"context"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Distance is how far, and which way, the nearest ground of some kind
// lies from a point: 0 km when the point is on it.
type Distance struct {
	Km float64 `json:"km"`
	// Bearing is the initial great-circle bearing from the point to At,
	// in degrees clockwise from north (0 when Km is 0).
	Bearing float64 `json:"bearing"`
	// Direction is Bearing as one of the 8 points of the compass
	// ("north", "north-east", ... "north-west"), "" when Km is 0.
	Direction string `json:"direction,omitempty"`
	// Text says it: "4.2 km east", "here".
	Text string    `json:"text"`
	At   orb.Point `json:"at"` // the nearest point [lon, lat]
	// Side is whose ground it is (OtherSide); none for contested ground.
	Side Side `json:"side"`
}

// The compass's 8 points, clockwise from north.
var compass8 = [8]string{"north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west"}

// Compass8 is a bearing in degrees as one of the 8 points of the compass,
// each covering 45 degrees centred on its direction.
func Compass8(bearing float64) string {
	i := int(math.Floor(math.Mod(bearing+22.5+360, 360) / 45))
	return compass8[i%8]
}

// earthKm is the mean radius of the Earth (IUGG), in km.
const earthKm = 6371.0088

// kmPerDegree is the length of a degree of latitude on the sphere.
const kmPerDegree = earthKm * math.Pi / 180

func distanceTo(from, to orb.Point, side Side) *Distance {
	d := &Distance{Km: haversineKm(from, to), At: to, Side: side}
	if d.Km < 0.05 {
		d.Km, d.Text = 0, "here"
		return d
	}
	d.Bearing = bearing(from, to)
	d.Direction = Compass8(d.Bearing)
	d.Km = math.Round(d.Km*10) / 10
	d.Text = fmt.Sprintf("%.1f km %s", d.Km, d.Direction)
	return d
}

func haversineKm(a, b orb.Point) float64 {
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dla, dlo := la2-la1, (b[0]-a[0])*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

func bearing(a, b orb.Point) float64 {
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dlo := (b[0] - a[0]) * math.Pi / 180
	y := math.Sin(dlo) * math.Cos(la2)
	x := math.Cos(la1)*math.Sin(la2) - math.Sin(la1)*math.Cos(la2)*math.Cos(dlo)
	return math.Mod(math.Atan2(y, x)*180/math.Pi+360, 360)
}

// nearestFor is the answer's distances: to the nearest ground of the side
// other than the point's holder (its de-jure owner's side where no
// control version covers it: Ukraine's land is ua, Russia's ru; none
// elsewhere, and no distance), and to the nearest contested ground.
func nearestFor(ctx context.Context, a PointAnswer, m *PointMap, land *Land) (other, contested *Distance, err error) {
	pt := orb.Point{a.Lon, a.Lat}
	holder := a.Side
	if holder == SideNone {
		holder = sideOfCountry(a.Country)
	}
	if holder != SideNone {
		x := SideUA
		if holder == SideUA {
			x = SideRU
		}
		if other, err = NearestGround(ctx, pt, x, m, land); err != nil {
			return nil, nil, err
		}
	}
	if a.Status == PointContested {
		return other, distanceTo(pt, pt, SideNone), nil
	}
	return other, nearestContested(pt, m.vs), nil
}

// sideOfCountry is the side whose land a country is (UA ua, RU ru).
func sideOfCountry(iso string) Side {
	switch iso {
	case "UA":
		return SideUA
	case "RU":
		return SideRU
	}
	return SideNone
}

func countryOfSide(s Side) string {
	switch s {
	case SideUA:
		return "UA"
	case SideRU:
		return "RU"
	}
	return ""
}

// localFrame is an equirectangular projection about a point, in km: good
// to a fraction of a percent over the few hundred km of a front, and
// only used to find the nearest point, whose distance is then measured
// on the sphere.
type localFrame struct{ lon0, lat0, kx float64 }

func newFrame(p orb.Point) localFrame {
	return localFrame{p[0], p[1], kmPerDegree * math.Cos(p[1]*math.Pi/180)}
}

func (f localFrame) xy(p orb.Point) (float64, float64) {
	return (p[0] - f.lon0) * f.kx, (p[1] - f.lat0) * kmPerDegree
}

func (f localFrame) point(x, y float64) orb.Point {
	return orb.Point{f.lon0 + x/f.kx, f.lat0 + y/kmPerDegree}
}

// nearestContested is the nearest contested ground to pt among vs, nil if
// there is none. pt lies outside it (else the answer is contested).
func nearestContested(pt orb.Point, vs []Version) *Distance {
	f := newFrame(pt)
	best, bx, by := math.Inf(1), 0.0, 0.0
	for _, v := range vs {
		if v.Status != StatusContested {
			continue
		}
		for _, p := range v.Geometry {
			for _, r := range p {
				if boundKm(f, r.Bound()) >= best {
					continue
				}
				forSegments(f, r, func(c candidate) {
					if c.d < best {
						best, bx, by = c.d, c.x, c.y
					}
				})
			}
		}
	}
	if math.IsInf(best, 1) {
		return nil
	}
	return distanceTo(pt, f.point(bx, by), SideNone)
}

// boundKm is a lower bound of the distance (km, in f) from f's origin to
// any point of b.
func boundKm(f localFrame, b orb.Bound) float64 {
	x0, y0 := f.xy(b.Min)
	x1, y1 := f.xy(b.Max)
	dx := max(x0, 0, -x1)
	dy := max(y0, 0, -y1)
	return math.Hypot(dx, dy)
}

// candidate is the point of a segment nearest f's origin: d km away at
// (x, y), with the segment's unit normal (nx, ny).
type candidate struct{ d, x, y, nx, ny float64 }

// forSegments calls fn with the nearest point of each segment of r.
func forSegments(f localFrame, r orb.Ring, fn func(candidate)) {
	if len(r) < 2 {
		return
	}
	ax, ay := f.xy(r[0])
	for _, p := range r[1:] {
		bx, by := f.xy(p)
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		if l2 > 0 {
			t := math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
			x, y := ax+t*dx, ay+t*dy
			l := math.Sqrt(l2)
			fn(candidate{math.Hypot(x, y), x, y, -dy / l, dx / l})
		}
		ax, ay = bx, by
	}
}

// NearestEdgeKm is the distance in km from pt ([lon, lat]) to the nearest
// edge of mp, inside or out (in a local equirectangular frame about pt).
func NearestEdgeKm(mp orb.MultiPolygon, pt orb.Point) float64 {
	f := newFrame(pt)
	best := math.Inf(1)
	for _, p := range mp {
		for _, r := range p {
			if boundKm(f, r.Bound()) >= best {
				continue
			}
			forSegments(f, r, func(c candidate) { best = min(best, c.d) })
		}
	}
	return best
}
