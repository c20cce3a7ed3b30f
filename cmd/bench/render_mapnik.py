import os, sys, time, math
# Import Debian's mapnik, never a file of that name beside this script.
here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or '.') != here]
import mapnik
if not hasattr(mapnik, 'Map'):
    sys.exit('render_mapnik: %s is not Mapnik' % mapnik.__file__)
from multiprocessing import Pool

def merc_bounds(z, x, y):
    n = 2.0 ** z
    R = 6378137.0
    size = 2 * math.pi * R / n
    minx = -math.pi * R + x * size
    maxy = math.pi * R - y * size
    return minx, maxy - size, minx + size, maxy

def make_map(control, base):
    m = mapnik.Map(256, 256, 'epsg:3857')
    m.background = mapnik.Color('#c6d9e4')
    def style(name, rules):
        s = mapnik.Style()
        for r in rules:
            s.rules.append(r)
        m.append_style(name, s)
    land = mapnik.Rule(); land.filter = mapnik.Expression("[layer] = 'country'")
    ps = mapnik.PolygonSymbolizer(); ps.fill = mapnik.Color('#f3f0e8'); land.symbols.append(ps)
    style('land', [land])
    adm = mapnik.Rule(); adm.filter = mapnik.Expression("[layer] = 'admin1'")
    ls = mapnik.LineSymbolizer(); ls.stroke = mapnik.Color('#c8c2b6'); ls.stroke_width = 0.6; adm.symbols.append(ls)
    style('admin1', [adm])
    ctry = mapnik.Rule(); ctry.filter = mapnik.Expression("[layer] = 'country'")
    cl = mapnik.LineSymbolizer(); cl.stroke = mapnik.Color('#9c958a'); cl.stroke_width = 1.1; ctry.symbols.append(cl)
    style('countries', [ctry])
    ctl = mapnik.Rule()
    cf = mapnik.PolygonSymbolizer(); cf.fill = mapnik.Color('#c83c32'); cf.fill_opacity = 0.45; ctl.symbols.append(cf)
    co = mapnik.LineSymbolizer(); co.stroke = mapnik.Color('#a02820'); co.stroke_width = 1.0; ctl.symbols.append(co)
    style('control', [ctl])
    for name, path, styles in [('base', base, ['land', 'admin1', 'countries']), ('control', control, ['control'])]:
        l = mapnik.Layer(name, 'epsg:4326')
        l.datasource = mapnik.Datasource(type='geojson', file=path)
        for s in styles:
            l.styles.append(s)
        m.layers.append(l)
    return m

_m = None
def init(control, base):
    global _m
    _m = make_map(control, base)

def render(t):
    z, x, y = t
    _m.zoom_to_box(mapnik.Box2d(*merc_bounds(z, x, y)))
    im = mapnik.Image(256, 256)
    mapnik.render(_m, im)
    return len(im.tostring('png'))

if __name__ == '__main__':
    control, base, tiles, procs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ts = [tuple(int(v) for v in line.split()) for line in open(tiles) if line.strip()]
    with Pool(procs, initializer=init, initargs=(control, base)) as p:
        p.map(render, ts[:procs * 2])  # warm up: load the datasources
        start = time.time()
        sizes = p.map(render, ts, chunksize=8)
        took = time.time() - start
    print(f"{len(ts)} {took:.3f} {sum(sizes)}")
