"""Downloads: the filtered places of the map and the list, whole and streamed, and the
shared pieces of every export response (labels in the reader's language, file names)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from flask import Blueprint, Response, request, stream_with_context

from geoapp import params
from geoapp.api import export
from geoapp.api.features import EXPORTS, GEOJSON
from geoapp.layerdata import read_filters
from geoapp.store import collections
from geoapp.store.collections import ItemQuery
from geoapp.store.queries import count_places, programme_names
from geoapp.web import i18n
from geoapp.web.caching import get_atlas, revalidated
from geoapp.web.db import get_conn, opener

bp = Blueprint("downloads", __name__)

FORMATS = ("csv", "gpkg", "geojson")
MEDIA_TYPES = {**{f: media for f, (media, _) in EXPORTS.items()}, "geojson": GEOJSON}


def export_labels() -> export.Labels:
    """The labels of codes and the region names an export carries, in the UI's language."""
    lang, atlas = i18n.current_language(), get_atlas()

    def regions(code: str | None) -> dict[str, str]:
        return {atlas.levels[c]: atlas.name(c, lang) for c in atlas.path(code)
                if atlas.levels.get(c) in export.REGION_LEVELS} if code else {}

    return export.Labels(values={
        "kind": i18n.words(i18n.KIND_LABELS), "type": i18n.words(i18n.TYPE_LABELS),
        "status": i18n.words(i18n.STATUS_LABELS),
        "location_precision": i18n.words(i18n.PRECISION_SHORT),
        "programme_code": programme_names(get_conn(), lang),
        "areas": i18n.words(i18n.AREA_LABELS)}, regions=regions)


def every_item(item_query: ItemQuery) -> Iterator[list[dict]]:
    """Batches of every matching item, read on a connection of the export's own.

    The request's connection is given back when the view returns, before a streamed
    body is read; the export keeps one open until its last batch.
    """
    open_conn = opener()  # chosen while the request is known: a replica for a reader

    def batches() -> Iterator[list[dict]]:
        with open_conn() as conn:
            yield from collections.each_batch(conn, item_query)

    return batches()


def file_name(*parts: str | None) -> str:
    """A safe file name (without extension) from the parts that are set."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(str(p) for p in parts if p))


def attachment(chunks: Iterable[bytes], format_: str, name: str) -> Response:
    """A streamed download of ``chunks`` named ``name.<format_>``."""
    response = Response(stream_with_context(export.buffered(chunks)),
                        mimetype=MEDIA_TYPES[format_])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{format_}"'
    return response


@bp.get("/list/download")
@revalidated
def places_download() -> Response:
    """Every place matching the map's and the list's filters, as CSV, GeoPackage or GeoJSON."""
    format_ = params.choice("format", request.args.get("format"), FORMATS) or "csv"
    conn = get_conn()
    filters = read_filters(conn, request.args)
    where = filters.for_places()
    total = count_places(conn, where)
    batches = every_item(ItemQuery("places", where))
    name = file_name("places", filters.region, filters.programme, filters.kind,
                     filters.status, str(total))
    return attachment(export.stream(format_, batches, "places", "places", export_labels()),
                      format_, name)
