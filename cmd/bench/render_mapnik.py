import os, sys, time, math, json, resource
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

def make_map(control_ds, base_ds):
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
    for name, ds, styles in [('base', base_ds, ['land', 'admin1', 'countries']), ('control', control_ds, ['control'])]:
        l = mapnik.Layer(name, 'epsg:4326')
        l.datasource = ds
        for s in styles:
            l.styles.append(s)
        m.layers.append(l)
    return m

_m = None
def init(control, base):
    global _m
    _m = make_map(geojson(control), geojson(base))

def geojson(path):
    return mapnik.Datasource(type='geojson', file=path)

def render(t):
    z, x, y = t
    _m.zoom_to_box(mapnik.Box2d(*merc_bounds(z, x, y)))
    im = mapnik.Image(256, 256)
    mapnik.render(_m, im)
    return len(im.tostring('png'))

# The load that misses the cache (cmd/bench/miss.go): each process draws
# its own stream of (tile, day) pairs, x <- 48271 x mod (2^31 - 1) from
# seed0 + i * step (a tile's index, then a day's), as wrk's threads do,
# and renders the same PNG as render() from PostGIS: table (the harness's
# mapnikMissTable) is the versions of the dataset on the map at @day, the
# day a variable of the render (render_with_vars; null when Mapnik reads
# the columns), as tegola takes it as a query parameter.
def miss_worker(i, a, barrier, q):
    ds = mapnik.PostGIS(host=a['host'], port=a['port'], user=a['user'], dbname=a['dbname'],
        table=a['table'],
        geometry_field='geom', srid=4326, extent='-180,-85,180,85', estimate_extent=False, persist_connection=True)
    m = make_map(ds, geojson(a['base']))
    def draw(t, day):
        z, x, y = t
        m.zoom_to_box(mapnik.Box2d(*merc_bounds(z, x, y)))
        im = mapnik.Image(256, 256)
        mapnik.render_with_vars(m, im, {'day': day})
        return len(im.tostring('png'))
    tiles, days = a['tiles'], a['days']
    for t in tiles[:2]:  # warm up: the basemap and a connection
        draw(t, days[0])
    x = a['seed0'] + i * a['step']
    if i == 0:  # wrk asks thread 0's first pair only to check its script
        x = x * 48271 % 2147483647 * 48271 % 2147483647
    lat, cpu, nbytes, errors, first = [], 0.0, 0, 0, ''
    barrier.wait()
    end = time.time() + a['secs']
    while time.time() < end:
        x = x * 48271 % 2147483647
        t = tiles[x % len(tiles)]
        x = x * 48271 % 2147483647
        day = days[x % len(days)]
        w, c = time.perf_counter(), time.process_time()
        try:
            nbytes += draw(t, day)
        except Exception as e:
            errors += 1
            first = first or str(e)
            continue
        lat.append(time.perf_counter() - w)
        cpu += time.process_time() - c
    q.put((lat, cpu, nbytes, errors, first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))

def miss(argv):
    import multiprocessing as mp
    base, host, port, user, dbname, table, tiles, days, procs, secs, seed0, step = argv
    a = dict(base=base, host=host, port=int(port), user=user, dbname=dbname, table=table,
             tiles=[tuple(int(v) for v in l.split('/')) for l in open(tiles) if l.strip()],
             days=[int(l) for l in open(days) if l.strip()], secs=float(secs), seed0=int(seed0), step=int(step))
    procs = int(procs)
    barrier, q = mp.Barrier(procs + 1), mp.Queue()
    ps = [mp.Process(target=miss_worker, args=(i, a, barrier, q)) for i in range(procs)]
    for p in ps:
        p.start()
    barrier.wait(timeout=600)
    start = time.time()
    rs = [q.get() for _ in ps]
    took = time.time() - start
    for p in ps:
        p.join()
    lat = sorted(l for r in rs for l in r[0])
    pct = lambda p: 1000 * lat[int(p * (len(lat) - 1))] if lat else 0
    print(json.dumps(dict(renders=len(lat), secs=took, p50_ms=pct(0.5), p99_ms=pct(0.99), max_ms=pct(1),
        cpu_s=sum(r[1] for r in rs), bytes=sum(r[2] for r in rs), errors=sum(r[3] for r in rs),
        first_error=next((r[4] for r in rs if r[4]), ''), maxrss_kb=sum(r[5] for r in rs))))

if __name__ == '__main__':
    if sys.argv[1] == 'miss':
        miss(sys.argv[2:])
        sys.exit(0)
    control, base, tiles, procs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ts = [tuple(int(v) for v in line.split()) for line in open(tiles) if line.strip()]
    with Pool(procs, initializer=init, initargs=(control, base)) as p:
        p.map(render, ts[:procs * 2])  # warm up: load the datasources
        start = time.time()
        sizes = p.map(render, ts, chunksize=8)
        took = time.time() - start
    print(f"{len(ts)} {took:.3f} {sum(sizes)}")
