"""Reads our vector tiles and style with QGIS, headless, for TestQGIS.

    python3 qgis_client.py style STYLE.json
        converts the MapLibre style with QgsMapBoxGlStyleConverter and
        prints {"warnings": [...], "error": "..."} as JSON.
    python3 qgis_client.py render TILE_URL ZMIN ZMAX STYLE.json W,S,E,N OUT.png
        loads a vector tile layer from our XYZ MVT URL, styles it with the
        converted style, renders the lon/lat box to OUT.png (512 px wide)
        and prints {"features": N, "warnings": [...]} as JSON.

Not named qgis.py: that would shadow the qgis package.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapBoxGlStyleConversionContext,
    QgsMapBoxGlStyleConverter,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFontDatabase  # noqa: E402


def add_fonts():
    """Registers the fonts in $FRONTLINE_FONTS (our glyphs' Go fonts), as
    a user of the style would install them (Debian fonts-go)."""
    d = os.environ.get("FRONTLINE_FONTS", "")
    if not d:
        return
    for name in sorted(os.listdir(d)):
        if name.endswith(".ttf"):
            QFontDatabase.addApplicationFont(os.path.join(d, name))


def convert(path):
    with open(path, encoding="utf-8") as f:
        style = json.load(f)
    conv = QgsMapBoxGlStyleConverter()
    ctx = QgsMapBoxGlStyleConversionContext()
    ctx.setTargetUnit(0)  # millimetres
    ctx.setPixelSizeConversionFactor(25.4 / 96.0)
    res = conv.convert(style, ctx)
    return conv, res


def style_mode(path):
    conv, res = convert(path)
    out = {"warnings": list(conv.warnings()), "error": conv.errorMessage()}
    print(json.dumps(out))


def render_mode(url, zmin, zmax, style_path, bbox, out_png):
    layer = QgsVectorTileLayer("type=xyz&url=%s&zmin=%s&zmax=%s" % (url, zmin, zmax), "frontline")
    if not layer.isValid():
        print(json.dumps({"error": "layer not valid"}))
        return
    conv, _ = convert(style_path)
    layer.setRenderer(conv.renderer())
    if conv.labeling() is not None:
        layer.setLabeling(conv.labeling())
    QgsProject.instance().addMapLayer(layer)
    w, s, e, n = (float(v) for v in bbox.split(","))
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    tr = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), merc, QgsProject.instance())
    ext = tr.transformBoundingBox(QgsRectangle(w, s, e, n))
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(merc)
    settings.setBackgroundColor(QColor(255, 255, 255))
    width = 512
    height = max(1, int(width * ext.height() / ext.width()))
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(ext)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(out_png, "PNG")
    errs = [e.message for e in job.errors()]
    print(json.dumps({"warnings": list(conv.warnings()), "errors": errs}))


def main():
    app = QgsApplication([], False)
    app.initQgis()
    add_fonts()
    try:
        if sys.argv[1] == "style":
            style_mode(sys.argv[2])
        else:
            render_mode(*sys.argv[2:8])
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
