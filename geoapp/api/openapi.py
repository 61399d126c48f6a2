"""The OpenAPI 3.0 document of the API, built from the layers so that it says what it does."""

from __future__ import annotations

from geoapp.api.features import GEOJSON, JSON
from geoapp.api.params import FORMATS, Limits, kinds_of, statuses_of
from geoapp.layers import Layer
from geoapp.params import DECLARED, MAX_OFFSET, MAX_TEXT, list_schema
from geoapp.store.models import AREAS
from geoapp.store.records import BY_SOURCE

REF = "#/components/schemas/"
CACHE_HEADERS = {"ETag": {"schema": {"type": "string"}},
                 "Cache-Control": {"schema": {"type": "string"}}}
EXPORT_MEDIA = {"text/csv": {"schema": {"type": "string"}},
                "application/geopackage+sqlite3": {"schema": {"type": "string",
                                                              "format": "binary"}}}


def _ok(schema: str, media_type: str = JSON, more: dict | None = None) -> dict:
    content = {media_type: {"schema": {"$ref": REF + schema}}, **(more or {})}
    return {"description": "OK", "headers": CACHE_HEADERS, "content": content}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {JSON: {"schema": {"$ref": REF + "Exception"}}}}


def _get(summary: str, responses: dict, parameters: list | None = None) -> dict:
    return {"get": {"summary": summary, "parameters": parameters or [],
                    "responses": {**responses, "304": {"description": "Not modified"}}}}


def _query(name: str, description: str, schema: dict, explode: bool = True) -> dict:
    found = {"name": name, "in": "query", "required": False, "description": description,
             "schema": schema}
    if not explode:
        found.update(style="form", explode=False)
    return found


def _declared(name: str, schema: dict | None = None) -> dict:
    declared = DECLARED[name]
    return _query(name, declared.description, schema or declared.schema, declared.explode)


def item_parameters(layer: Layer, limits: Limits) -> list[dict]:
    """Return the query parameters of a layer's items: paging, bbox, format and its filters."""
    found = [
        _query("limit", "How many items per page.",
               {"type": "integer", "minimum": 1, "maximum": limits.maximum,
                "default": limits.default}),
        _query("offset", "How many items to skip (the next link gives it).",
               {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}),
        _query("after", "Start just after the item with this id (the next link gives it).",
               {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}),
        _declared("bbox"),
        _declared("bbox-crs"),
        _query("f", "The format: GeoJSON, CSV (lon/lat columns) or GeoPackage.",
               {"type": "string", "enum": list(FORMATS)}),
    ]
    lists = {"kind": list_schema(kinds_of(layer)), "status": list_schema(statuses_of(layer)),
             "area": {"type": "string", "enum": list(AREAS)}}
    return found + [_declared(name, lists.get(name)) for name in layer.filters]


def _collection_paths(layer: Layer, limits: Limits) -> dict:
    here = f"/collections/{layer.id}"
    missing = _error("No such collection or item")
    feature_id = {"name": "featureId", "in": "path", "required": True,
                  "schema": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}}
    items = _ok("FeatureCollection", GEOJSON, EXPORT_MEDIA)
    found = {
        here: _get(f"The collection {layer.title['en']}", {"200": _ok("Collection")}),
        f"{here}/items": _get(f"Items of {layer.title['en']}",
                              {"200": items, "400": _error("A parameter is wrong")},
                              item_parameters(layer, limits)),
        f"{here}/items/{{featureId}}": _get(
            f"One item of {layer.title['en']}",
            {"200": _ok("Feature", GEOJSON), "404": missing}, [feature_id]),
    }
    if layer.source in BY_SOURCE:
        found[f"{here}/items"]["post"] = _write(
            f"Create an item of {layer.title['en']}; an editor's waits for review", "201",
            body=True)
        item = found[f"{here}/items/{{featureId}}"]
        item["put"] = _write("Replace an item", "200", body=True, versioned=True)
        item["patch"] = _write("Change the properties sent", "200", body=True, versioned=True,
                               media="application/merge-patch+json")
        item["delete"] = _write("Withdraw an item (its history is kept)", "204",
                                versioned=True)
        for method in ("put", "patch", "delete"):
            item[method]["parameters"] = [feature_id, *item[method]["parameters"]]
    return found


IF_MATCH = {"name": "If-Match", "in": "header", "required": True,
            "description": 'The ETag of the item as read ("v3"): a save begun from an older '
                           "version is refused with 412.", "schema": {"type": "string"}}
NOTE = {"name": "X-Change-Note", "in": "header", "required": False,
        "description": "Why the change is made; kept in the item's history.",
        "schema": {"type": "string", "maxLength": 2000}}


def _write(summary: str, success: str, body: bool = False, versioned: bool = False,
           media: str = GEOJSON) -> dict:
    """A write operation of Part 4, authorised by a bearer token."""
    responses = {
        success: {"description": "Done; the ETag header gives the new version"},
        "400": _error("A property is wrong (each is named in 'fields')"),
        "401": _error("No valid bearer token"),
        "403": _error("Outside the token's role or regions"),
        "404": _error("No such collection or item"),
        "409": _error("Not allowed in the item's review state"),
    }
    if versioned:
        responses.update({"412": _error("The item changed since the If-Match version"),
                          "428": _error("If-Match is missing")})
    found = {"summary": summary, "security": [{"bearerToken": []}], "responses": responses,
             "parameters": [IF_MATCH, NOTE] if versioned else [NOTE]}
    if body:
        schema = {"schema": {"$ref": REF + "Feature"}}
        found["requestBody"] = {"required": True, "content": {media: schema, JSON: schema}}
    return found


def document(layers: dict[str, Layer], limits: Limits, server_url: str) -> dict:
    """Return the OpenAPI 3.0 document of the API served at ``server_url``."""
    paths = {
        "/": _get("Landing page", {"200": _ok("LandingPage")}),
        "/conformance": _get("Conformance classes", {"200": _ok("Conformance")}),
        "/openapi": _get("This document", {"200": {"description": "OK"}}),
        "/collections": _get("The collections", {"200": _ok("Collections")}),
    }
    for layer in layers.values():
        paths.update(_collection_paths(layer, limits))
    return {
        "openapi": "3.0.3",
        "info": {"title": "geoapp: OGC API - Features", "version": "1.0.0",
                 "description": "Schools, STEM centres, communities, partnerships and "
                                "regions; one collection per layer."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": SCHEMAS, "securitySchemes": {"bearerToken": {
            "type": "http", "scheme": "bearer",
            "description": "An API token made on the user's page (/account); it carries "
                           "their role and regions."}}},
    }


LINK = {"type": "object", "required": ["href", "rel"],
        "properties": {"href": {"type": "string"}, "rel": {"type": "string"},
                       "type": {"type": "string"}, "title": {"type": "string"}}}
LINKS = {"type": "array", "items": {"$ref": REF + "Link"}}
SCHEMAS = {
    "Link": LINK,
    "Exception": {"type": "object", "required": ["code", "description"],
                  "properties": {"code": {"type": "string"}, "description": {"type": "string"},
                                 "parameter": {"type": "string"}}},
    "LandingPage": {"type": "object", "required": ["links"],
                    "properties": {"title": {"type": "string"},
                                   "description": {"type": "string"}, "links": LINKS}},
    "Conformance": {"type": "object", "required": ["conformsTo"],
                    "properties": {"conformsTo": {"type": "array",
                                                  "items": {"type": "string"}}}},
    "Collection": {"type": "object", "required": ["id", "links"],
                   "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                  "description": {"type": "string"}, "links": LINKS,
                                  "itemType": {"type": "string"},
                                  "crs": {"type": "array", "items": {"type": "string"}},
                                  "extent": {"type": "object"}}},
    "Collections": {"type": "object", "required": ["links", "collections"],
                    "properties": {"links": LINKS, "collections": {
                        "type": "array", "items": {"$ref": REF + "Collection"}}}},
    "Feature": {"type": "object", "required": ["type", "geometry", "properties"],
                "properties": {"type": {"type": "string", "enum": ["Feature"]},
                               "id": {"type": "string"},
                               "geometry": {"type": "object", "nullable": True},
                               "properties": {"type": "object", "nullable": True},
                               "links": LINKS}},
    "FeatureCollection": {
        "type": "object", "required": ["type", "features"],
        "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                       "features": {"type": "array", "items": {"$ref": REF + "Feature"}},
                       "links": LINKS, "timeStamp": {"type": "string", "format": "date-time"},
                       "numberMatched": {"type": "integer", "minimum": 0},
                       "numberReturned": {"type": "integer", "minimum": 0}}},
}
