"""Render a WMTS layer with headless QGIS (PyQGIS): TestQGISReadsWMTS.

usage: render_wmts_qgis.py CAPABILITIES_URL LAYER TIME MINX MINY MAXX MAXY OUT.png

Opens the layer of the capabilities at the Time dimension's value TIME,
prints what QGIS says of the layer's dimensions, and renders the extent
(EPSG:3857) to a 512 px PNG.
"""
import os
import sys
import urllib.parse

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem,  # noqa: E402
                       QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRasterLayer, QgsRectangle)
from qgis.PyQt.QtCore import QSize  # noqa: E402


def main(argv):
    url, layer, time = argv[1], argv[2], argv[3]
    minx, miny, maxx, maxy = (float(v) for v in argv[4:8])
    out = argv[8]
    app = QgsApplication([], False)
    app.initQgis()
    uri = "&".join([
        "crs=EPSG:3857", "dpiMode=7", "format=image/png", "layers=" + layer,
        "styles=default", "tileMatrixSet=WebMercatorQuad",
        "tileDimensions=" + urllib.parse.quote("Time=" + time),
        "url=" + url,
    ])
    rl = QgsRasterLayer(uri, "frontline", "wms")
    if not rl.isValid():
        print("invalid layer:", rl.error().message(), file=sys.stderr)
        return 2
    caps = rl.dataProvider().htmlMetadata()
    print("DIMENSION_TIME" if "Time" in caps else "NO_DIMENSION")
    settings = QgsMapSettings()
    settings.setLayers([rl])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setExtent(QgsRectangle(minx, miny, maxx, maxy))
    settings.setOutputSize(QSize(512, 512))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    for e in job.errors():
        print("render error:", e.message, file=sys.stderr)
    job.renderedImage().save(out, "PNG")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
