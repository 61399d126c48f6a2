/* Fills the Folium-built map with the app's own data, fetched by tile (places) or by bbox
   and zoom (the other layers).
   Everything from the data is put in the page with textContent, never as HTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = window[config.map];
  var words = config.words;
  var PALETTE = ["#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363", "#d6616b", "#8c6d31"];
  var LIST_MAX = 300;
  var NO_DATA = "#9e9e9e";
  var layers = config.layers.map(function (layer) {
    return { cfg: layer, group: window[layer.group], data: null, request: null, markers: {},
             shape: null };
  });
  // Areas below lines below points, whichever answer arrives first: each in its own pane.
  // Lines between regions under every marker (Leaflet's own overlay pane is 400), names above.
  var PANES = { areas: 350, links: 390, lines: 420, labels: 430, points: 450 };
  Object.keys(PANES).forEach(function (name) {
    if (!map.getPane(name)) { map.createPane(name).style.zIndex = String(PANES[name]); }
  });
  var listEl = document.getElementById("place-list");
  var statusEl = document.getElementById("list-status");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function link(href, text) {
    var a = el("a", text);
    a.setAttribute("href", href);
    return a;
  }

  function withLang(url) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + encodeURIComponent(config.lang);
  }

  function cardUrl(id) {
    return withLang(config.placeUrl.replace("PLACE", encodeURIComponent(id)));
  }

  function colourOf(code) {
    if (config.programmeColours && config.programmeColours[code]) { return config.programmeColours[code]; }
    var sum = 0;
    String(code || "").split("").forEach(function (c) { sum = (sum * 31 + c.charCodeAt(0)) % 9973; });
    return PALETTE[sum % PALETTE.length];
  }

  function plural(forms, n) {
    var category = new Intl.PluralRules(config.lang).select(n);
    return (forms[category] || forms.other).replace("%(num)s", String(n));
  }

  function shown(field, value) {
    if (field === "kind") { return words.kinds[value] || value; }
    if (field === "type") { return words.types[value] || value; }
    if (field === "areas") {
      return String(value).split(";").filter(Boolean).map(function (area) {
        return words.areas[area] || area;
      }).join(", ");
    }
    if (field === "status") { return words.statuses[value] || value; }
    if (field === "programme_code") { return config.programmes[value] || value; }
    if (field === "location_precision") { return words.precisions[value] || value; }
    return value;
  }

  function fieldList(props, fields) {
    var dl = el("dl");
    fields.forEach(function (field) {
      var value = props[field];
      if (value === null || value === undefined || value === "" || field === "name") { return; }
      dl.appendChild(el("dt", words.fields[field] || field));
      var dd = el("dd");
      if ((field === "website" || field === "source") && /^https?:\/\//i.test(value)) {
        var a = link(value, value);
        a.setAttribute("rel", "nofollow noopener");
        a.setAttribute("target", "_blank");
        dd.appendChild(a);
      } else {
        dd.textContent = String(shown(field, value));
      }
      dl.appendChild(dd);
    });
    return dl;
  }

  function placePopup(layer, props) {
    var box = el("div", null, "popup");
    box.appendChild(el("h3", props.name));
    box.appendChild(el("p", words.kinds[props.kind] || props.kind, "kind"));
    box.appendChild(fieldList(props, layer.cfg.popup.filter(function (f) {
      return f !== "location_precision";
    })));
    if (props.location_precision) { box.appendChild(precisionNote(props.location_precision)); }
    box.appendChild(link(cardUrl(props.id), words.card));
    return box;
  }

  // How a place is placed; every precision but an exact address says the point is
  // approximate, and why.
  function precisionNote(precision) {
    var note = el("p", words.precisions[precision] || precision, "precision");
    if (precision !== "exact") { note.classList.add("approximate"); }
    return note;
  }

  function partnershipPopup(layer, props) {
    var box = el("div", null, "popup");
    box.appendChild(el("h3", props.title || config.programmes[props.programme_code] || props.id));
    var ends = el("p", null, "ends");
    ends.appendChild(link(cardUrl(props.place_a_id), props.place_a_name));
    ends.appendChild(document.createTextNode(" \u2194 "));
    ends.appendChild(link(cardUrl(props.place_b_id), props.place_b_name));
    box.appendChild(ends);
    var fields = ["programme_code", "status", "start_date", "end_date", "areas", "source"];
    box.appendChild(fieldList(props, fields.concat(layer.cfg.popup.filter(function (f) {
      return fields.indexOf(f) < 0 && f !== "title";
    }))));
    box.appendChild(link(partnershipUrl(props.id), words.partnership));
    return box;
  }

  function partnershipUrl(id) {
    return withLang(config.partnershipUrl.replace("LINK", encodeURIComponent(id)));
  }

  // In a list of a place's activities (``brief``) each tells only what, when, and whose.
  function activityPopup(layer, props, brief) {
    var box = el("div", null, "popup activity-popup");
    box.appendChild(el("h3", props.title, "activity-title"));
    var when = props.when || words.precision.none;
    if (props.when && words.precision[props.date_precision]) {
      when += " (" + words.precision[props.date_precision] + ")";
    }
    box.appendChild(el("p", (words.activityKinds[props.kind] || props.kind) + " \u00b7 " + when, "kind"));
    if (brief) {
      if (props.partnership_id) { box.appendChild(link(partnershipUrl(props.partnership_id), words.partnership)); }
      return box;
    }
    var where = el("p", null, "where");
    props.places.forEach(function (place, i) {
      if (i) { where.appendChild(document.createTextNode("; ")); }
      where.appendChild(link(cardUrl(place.id), place.name));
    });
    box.appendChild(where);
    var shownProps = Object.assign({}, props, {
      areas: (props.areas || "").split(";").filter(Boolean).map(function (a) {
        return words.areas[a] || a;
      }).join(", ")
    });
    box.appendChild(fieldList(shownProps, ["programme_code"].concat(layer.cfg.popup.filter(function (f) {
      return f !== "kind" && f !== "title";
    }))));
    if (props.partnership_id) { box.appendChild(link(partnershipUrl(props.partnership_id), words.partnership)); }
    return box;
  }

  function regionTooltip(layer, props) {
    var text = props.name;
    if (props.count === 0) { text += ": " + words.noData + " \u00b7 " + layer.cfg.title; }
    else if (props.count !== undefined) { text += ": " + props.count + " \u00b7 " + layer.cfg.title; }
    return el("span", text);
  }

  function countOpacity(count, max) {
    return 0.12 + 0.68 * Math.sqrt(count / Math.max(max, 1));
  }

  function placeMarker(layer, f) {
    var cfg = layer.cfg;
    var c = f.geometry.coordinates;
    var marker = L.circleMarker([c[1], c[0]], {
      radius: cfg.radius, color: "#ffffff", weight: 1, fillColor: cfg.color,
      fillOpacity: 0.9, className: "place-marker place-" + cfg.id, placeId: f.properties.id,
      pane: "points"
    });
    marker.bindPopup(function () { return placePopup(layer, f.properties); });
    marker.bindTooltip(function () { return el("span", f.properties.name); });
    return marker;
  }

  // Markers and lines already on the map stay (with their open popup); only the
  // difference changes.
  function drawKeyed(layer, features, keyOf, make) {
    var wanted = {};
    features.forEach(function (f) { wanted[keyOf(f)] = f; });
    var gone = [];
    Object.keys(layer.markers).forEach(function (id) {
      if (!wanted[id]) { gone.push(layer.markers[id]); delete layer.markers[id]; }
    });
    var added = [];
    features.forEach(function (f) {
      var id = keyOf(f);
      if (layer.markers[id]) { return; }
      layer.markers[id] = make(layer, f);
      added.push(layer.markers[id]);
    });
    if (layer.group.addLayers) {
      layer.group.removeLayers(gone);
      layer.group.addLayers(added);
    } else {
      gone.forEach(function (m) { layer.group.removeLayer(m); });
      added.forEach(function (m) { layer.group.addLayer(m); });
    }
  }

  function drawPlaces(layer, data) {
    drawKeyed(layer, data.features, function (f) { return f.properties.id; }, placeMarker);
  }

  function drawCounts(layer, data) {
    var max = 0;
    data.features.forEach(function (f) { max = Math.max(max, f.properties.count); });
    layer.max = max;
    L.geoJSON(data, {
      pane: "areas",
      style: function (f) {
        if (!f.properties.count) {
          return { color: NO_DATA, weight: 1, fillColor: NO_DATA, fillOpacity: 0.35,
                   dashArray: "4 3", className: "region-count region-empty" };
        }
        return { color: layer.cfg.color, weight: 1, fillColor: layer.cfg.color,
                 fillOpacity: countOpacity(f.properties.count, max), className: "region-count" };
      },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () { return regionTooltip(layer, f.properties); }, { sticky: true });
      }
    }).eachLayer(function (shape) { layer.group.addLayer(shape); });
  }

  function partnershipLine(layer, f) {
    var line = L.geoJSON(f, {
      pane: "lines",
      style: { color: colourOf(f.properties.programme_code), weight: layer.cfg.weight + 1,
               opacity: 0.8, className: "partnership-line" }
    }).getLayers()[0];
    line.bindPopup(function () { return partnershipPopup(layer, f.properties); });
    return line;
  }

  function drawLines(layer, data) {
    drawKeyed(layer, data.features, function (f) { return f.id; }, partnershipLine);
  }

  // One marker per place, however many activities it holds: markers at one point would
  // hide each other. Its popup lists the activities there, newest first.
  function drawActivities(layer, data) {
    var at = {};
    data.features.forEach(function (f) {
      f.geometry.coordinates.forEach(function (c, i) {
        var place = f.properties.places[i] || { id: c.join(","), name: "" };
        at[place.id] = at[place.id] || { place: place, latlng: [c[1], c[0]], features: [] };
        at[place.id].features.push(f);
      });
    });
    Object.keys(at).forEach(function (id) {
      var here = at[id];
      here.features.sort(function (a, b) {
        return String(b.properties.start_date || "").localeCompare(String(a.properties.start_date || ""));
      });
      var marker = L.circleMarker(here.latlng, {
        radius: layer.cfg.radius + Math.min(6, here.features.length - 1), color: "#ffffff",
        weight: 2, fillColor: layer.cfg.color, fillOpacity: 0.95, className: "activity-marker",
        activityIds: here.features.map(function (f) { return f.properties.id; })
      });
      marker.bindPopup(function () { return activitiesPopup(layer, here); }, { maxHeight: 320 });
      marker.bindTooltip(function () {
        return el("span", here.features.length > 1 ? here.place.name + ": " + here.features.length
          : here.features[0].properties.title);
      });
      layer.group.addLayer(marker);
    });
  }

  function activitiesPopup(layer, here) {
    if (here.features.length === 1) { return activityPopup(layer, here.features[0].properties); }
    var box = el("div", null, "popup activities-popup");
    box.appendChild(el("h3", here.place.name));
    var list = el("ol", null, "activities");
    here.features.forEach(function (f) {
      var item = el("li");
      item.appendChild(activityPopup(layer, f.properties, true));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function drawRegions(layer, data) {
    L.geoJSON(data, {
      pane: "areas",
      style: { color: layer.cfg.color, weight: layer.cfg.weight, fill: true,
               fillOpacity: 0.02, className: "region-outline" },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () { return regionTooltip(layer, f.properties); }, { sticky: true });
      }
    }).eachLayer(function (shape) { layer.group.addLayer(shape); });
  }

  function isoToLocal(iso) {
    var p = String(iso || "").split("-");
    return p.length === 3 ? p[2] + "." + p[1] + "." + p[0] : String(iso || "");
  }

  function statusText(props, edition) {
    var text = (words.regionStatuses[props.status] || props.status) + ", " +
      words.since.replace("%(date)s", isoToLocal(props.since));
    if (edition) { text += ", " + words.perList.replace("%(date)s", isoToLocal(edition)); }
    return text;
  }

  // The official list's statuses: each region in the colour of its gravest status in force.
  function drawStatuses(layer, data) {
    var colours = config.statusColours;
    L.geoJSON(data, {
      style: function (f) {
        var colour = colours[f.properties.status] || layer.cfg.color;
        return { color: colour, weight: layer.cfg.weight, fillColor: colour,
                 fillOpacity: layer.cfg.fill_opacity,
                 className: "region-status region-status-" + f.properties.status };
      },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () {
          var box = el("span");
          box.appendChild(el("strong", f.properties.name));
          box.appendChild(document.createTextNode(": " + statusText(f.properties, data.edition)));
          return box;
        }, { sticky: true });
      }
    }).eachLayer(function (shape) { layer.group.addLayer(shape); });
  }

  function shapeOf(layer, data) {
    if (layer.cfg.source === "partnerships") { return data.links_by ? "shapes" : "lines"; }
    return layer.cfg.source === "places" && !data.aggregated ? "points" : "shapes";
  }

  // A redraw could remove the line or marker an open popup belongs to, and the popup with
  // it (a refresh still under way when the reader clicks): while one of the layer's popups,
  // or the list of a stack of its places, is open, its redraw waits until it closes.
  function popupOpenIn(layer) {
    var open = Boolean(layer.stack && layer.stack.isOpen());
    layer.group.eachLayer(function (item) {
      open = open || Boolean(item.isPopupOpen && item.isPopupOpen());
    });
    return open;
  }

  function draw(layer, data) {
    if (popupOpenIn(layer)) { popupPan.waiting = true; return; }
    var shape = shapeOf(layer, data);
    if (shape === "shapes" || layer.shape !== shape) {
      layer.group.clearLayers();
      layer.markers = {};
    }
    layer.shape = shape;
    layer.data = data;
    layer.max = 0;
    if (shape === "lines") { drawLines(layer, data); }
    else if (data.links_by) { drawLinks(layer, data); }
    else if (layer.cfg.source === "regions") { drawRegions(layer, data); }
    else if (layer.cfg.source === "region_statuses") { drawStatuses(layer, data); }
    else if (data.aggregated) { drawCounts(layer, data); }
    else if (layer.cfg.source === "activities") { drawActivities(layer, data); }
    else { drawPlaces(layer, data); }
    if (layer.refocus) { keepFocus(layer); }
  }

  // The focus was given to a cluster just before this redraw: if the redraw took that
  // cluster away (the focus fell back to the page), it goes to the one holding the place.
  function keepFocus(layer) {
    var marker = layer.refocus, focused = document.activeElement;
    layer.refocus = null;
    if (!focused || focused === document.body || !focused.isConnected) {
      focusClusterOf(layer, marker);
    }
  }

  function fetchJson(url, signal) {
    return fetch(url, { signal: signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.url); }
        return response.json();
      });
  }

  // Every layer comes by map tile (z/x/y, WebMercatorQuad) rather than by the view's own
  // bbox, so that every reader's view asks for the same URLs and a shared cache (nginx, a
  // CDN) can answer them. The page keeps each tile it fetched (its URL holds the filters),
  // a few hundred at most, the least recently used going first.
  var tiling = config.tiling;
  var TILES_KEPT = 300;
  var tileCache = {};
  var tileClock = 0;

  function filterQuery(layer, extra) {
    var params = new URLSearchParams(extra || {});
    params.set("lang", config.lang);
    layer.cfg.filters.forEach(function (name) {
      if (config.filters[name]) { params.set(name, config.filters[name]); }
    });
    params.sort();  // one URL for one request, whatever the order of the filters
    return params.toString();
  }

  function tilesAt(z) {
    var b = map.getBounds(), last = Math.pow(2, z) - 1, tiles = [];
    var nw = map.project(b.getNorthWest(), z).divideBy(256).floor();
    var se = map.project(b.getSouthEast(), z).divideBy(256).floor();
    for (var x = Math.max(0, nw.x); x <= Math.min(last, se.x); x++) {
      for (var y = Math.max(0, nw.y); y <= Math.min(last, se.y); y++) { tiles.push([z, x, y]); }
    }
    return tiles;
  }

  // A tile serves the map one zoom above its own (it spans two screen tiles); a large
  // screen takes fewer, larger tiles, but close in never ones that could be crowded.
  function tilesInView() {
    var zoom = wholeZoom(), z = Math.max(0, zoom - 1);
    var lowest = zoom >= tiling.pointsZoom ? tiling.pointsZoom - 1 : 0;
    var tiles = tilesAt(z);
    while (tiles.length > tiling.maxTiles && z > lowest) { z -= 1; tiles = tilesAt(z); }
    return tiles;
  }

  function cachedJson(layer, url) {
    var entry = tileCache[url];
    if (!entry) {
      entry = { layer: layer.cfg.id, controller: new AbortController() };
      entry.promise = fetchJson(url, entry.controller.signal).then(function (data) {
        entry.controller = null;
        return data;
      }, function (error) { delete tileCache[url]; throw error; });
      tileCache[url] = entry;
      forgetOldTiles();
    }
    entry.used = ++tileClock;
    return entry.promise;
  }

  function forgetOldTiles() {
    var done = Object.keys(tileCache).filter(function (url) { return !tileCache[url].controller; });
    done.sort(function (a, b) { return tileCache[a].used - tileCache[b].used; });
    done.slice(0, Math.max(0, Object.keys(tileCache).length - TILES_KEPT)).forEach(function (url) {
      delete tileCache[url];
    });
  }

  // Requests of a view the reader has left are cancelled.
  function cancelOthers(layer, wanted) {
    Object.keys(tileCache).forEach(function (url) {
      var entry = tileCache[url];
      if (entry.layer === layer.cfg.id && entry.controller && wanted.indexOf(url) < 0) {
        entry.controller.abort();
      }
    });
  }

  // How many items a layer draws one by one far out: with more in view it shows the whole
  // map's answer instead (counts per region, lines per pair of regions).
  function drawnOneByOne(layer) {
    return { places: tiling.pointsMax, activities: tiling.pointsMax,
             partnerships: tiling.linesMax }[layer.cfg.source];
  }

  // Lines per pair of regions stand for the part of the map the view's tiles cover (the
  // largest pairs there are drawn): views on the same tiles ask for the same URL.
  function tilesBox(tiles) {
    var xs = tiles.map(function (t) { return t[1]; });
    var ys = tiles.map(function (t) { return t[2]; });
    var n = Math.pow(2, tiles[0][0]);
    function lon(x) { return (x / n * 360 - 180).toFixed(6); }
    function lat(y) {
      return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))) * 180 / Math.PI).toFixed(6);
    }
    return [lon(Math.min.apply(null, xs)), lat(Math.max.apply(null, ys) + 1),
            lon(Math.max.apply(null, xs) + 1), lat(Math.min.apply(null, ys))].join(",");
  }

  function load(layer) {
    var generation = (layer.generation || 0) + 1;
    var query = filterQuery(layer);
    layer.generation = generation;
    var tiles = tilesInView(), zoom = wholeZoom();  // the view asked for, not the one after
    var urls = tiles.map(function (t) {
      return config.tileUrl.replace("LAYER", encodeURIComponent(layer.cfg.id))
        .replace("ZZ", t[0]).replace("XX", t[1]).replace("YY", t[2]) + "?" + query;
    });
    cancelOthers(layer, urls);
    return Promise.all(urls.map(function (url) { return cachedJson(layer, url); }))
      .then(function (found) {
        if (layer.generation !== generation) { return; }
        var merged = mergeTiles(found), most = drawnOneByOne(layer);
        if (merged.crowded || (most && zoom < tiling.pointsZoom &&
                               merged.features.length > most)) {
          var box = layer.cfg.source === "partnerships" && tiles.length ? tilesBox(tiles) : null;
          return loadWholeMap(layer, generation, zoom, box);
        }
        draw(layer, merged);
      });
  }

  // A place is in one tile, but a line or a region in every tile it touches: each is kept
  // once, by its id. What the tiles say of themselves (crowded, truncated, the list's
  // edition) holds for the whole when one of them says it.
  function mergeTiles(found) {
    var merged = { type: "FeatureCollection", features: [] }, seen = Object.create(null);
    found.forEach(function (data) {
      Object.keys(data).forEach(function (key) {
        if (key !== "type" && key !== "features") { merged[key] = merged[key] || data[key]; }
      });
      data.features.forEach(function (f) {
        if (!seen[f.id]) { seen[f.id] = true; merged.features.push(f); }
      });
    });
    return merged;
  }

  // Counts per region do not depend on the view: one request per zoom and filters; lines per
  // pair of regions, one per zoom, filters and the box of the view's tiles.
  function loadWholeMap(layer, generation, zoom, box) {
    var extra = { zoom: String(zoom) };
    if (box) { extra.bbox = box; }
    var url = config.dataUrl.replace("LAYER", encodeURIComponent(layer.cfg.id)) + "?" +
      filterQuery(layer, extra);
    return cachedJson(layer, url).then(function (data) {
      if (layer.generation === generation) { draw(layer, data); }
    });
  }

  function listItem(props, layer) {
    var item = el("li");
    item.appendChild(link(cardUrl(props.id), props.name));
    item.appendChild(el("span", " \u2014 " + (words.kinds[props.kind] || props.kind) + ", " +
      (words.statuses[props.status] || props.status), "meta"));
    item.dataset.layer = layer.cfg.id;
    item.dataset.id = props.id;
    return item;
  }

  function updateList() {
    var items = [];
    var counts = [];
    var truncated = false;
    var bounds = map.getBounds();
    if (!listEl) { updateLegend(layers.filter(function (layer) {
      return layer.data && layer.data.aggregated && map.hasLayer(layer.group);
    })); updateProgrammeLegend(); labelAreas(); return; }
    layers.forEach(function (layer) {
      if (!layer.data || !map.hasLayer(layer.group)) { return; }
      if (layer.data.aggregated) { counts.push(layer); return; }
      if (layer.cfg.source !== "places") { return; }
      truncated = truncated || layer.data.truncated;
      layer.data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        if (bounds.contains([c[1], c[0]])) { items.push([f.properties, layer]); }
      });
    });
    items.sort(function (a, b) { return a[0].name.localeCompare(b[0].name, config.lang); });
    listEl.replaceChildren();
    items.slice(0, LIST_MAX).forEach(function (pair) { listEl.appendChild(listItem(pair[0], pair[1])); });
    counts.forEach(function (layer) {
      layer.data.features.slice().sort(function (a, b) { return b.properties.count - a.properties.count; })
        .forEach(function (f) {
          listEl.appendChild(el("li", f.properties.name + ": " +
            (f.properties.count || words.noData) + " \u00b7 " + layer.cfg.title,
            "region-count-item"));
        });
    });
    var message = plural(words.placesCount, items.length);
    if (!items.length && !counts.length) {
      message = config.chosen ? words.noneInRegion.replace("%(region)s", config.chosen.name)
                              : words.empty;
    }
    if (truncated || items.length > LIST_MAX) { message += ". " + words.more; }
    if (counts.length) { message = words.counts + ". " + words.more; }
    layers.forEach(function (layer) {
      if (layer.data && layer.data.too_many && map.hasLayer(layer.group)) {
        message += " " + linksMessage(layer.data);
      }
    });
    statusEl.textContent = message;
    updateLegend(counts);
    updateProgrammeLegend();
    labelAreas();
  }

  // The statuses' colours, under the legend, while their layer is shown.
  function statusKeys(box) {
    layers.forEach(function (layer) {
      if (layer.cfg.source !== "region_statuses" || !map.hasLayer(layer.group)) { return; }
      var list = el("ul", null, "status-keys");
      ["temporarily_occupied", "active_hostilities", "possible_hostilities"].forEach(function (status) {
        var item = el("li");
        var swatch = el("span", null, "swatch region_statuses");
        swatch.style.background = config.statusColours[status];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(words.regionStatuses[status] || status));
        list.appendChild(item);
      });
      box.appendChild(list);
      if (layer.data && layer.data.edition) {
        box.appendChild(el("p", words.perList.replace("%(date)s", isoToLocal(layer.data.edition)),
                           "status-edition"));
      }
      box.hidden = false;
    });
  }

  function updateLegend(counts) {
    var box = document.querySelector(".legend .legend-counts");
    if (!box) { return; }
    box.replaceChildren();
    box.hidden = !counts.length;
    statusKeys(box);
    counts.forEach(function (layer) {
      box.appendChild(el("p", words.counts + " (" + (words.levels[layer.data.level] || layer.data.level) +
        "): " + layer.cfg.title));
      var scale = el("div", null, "scale");
      [1, Math.round(layer.max / 4), Math.round(layer.max / 2), layer.max].forEach(function (n) {
        var step = el("span", String(n), "step");
        step.style.background = layer.cfg.color;
        step.style.opacity = String(countOpacity(n, layer.max) + 0.2);
        scale.appendChild(step);
      });
      box.appendChild(scale);
      if (layer.data.features.some(function (f) { return !f.properties.count; })) {
        var none = el("p", null, "no-data");
        var swatch = el("span", null, "swatch no-data");
        swatch.style.background = NO_DATA;
        none.appendChild(swatch);
        none.appendChild(document.createTextNode(words.noData));
        box.appendChild(none);
      }
    });
  }

  // Lines are coloured by programme: the legend says which colour is which, for the
  // programmes of the lines in view.
  function updateProgrammeLegend() {
    var legend = document.querySelector(".legend");
    if (!legend) { return; }
    var box = legend.querySelector(".legend-programmes");
    if (!box) {
      box = el("ul", null, "legend-programmes");
      var entry = legend.querySelector(".swatch.partnerships");
      if (entry) { entry.parentNode.appendChild(box); }
      else { legend.insertBefore(box, legend.querySelector(".legend-counts")); }
    }
    var codes = {};
    var several = false;
    layers.forEach(function (layer) {
      if (layer.cfg.source !== "partnerships" || !layer.data || !map.hasLayer(layer.group)) { return; }
      layer.data.features.forEach(function (f) {
        var found = f.properties.programmes ? Object.keys(f.properties.programmes)
                                            : [f.properties.programme_code || ""];
        found.forEach(function (code) { codes[code] = true; });
        several = several || found.length > 1;
      });
    });
    var shown = Object.keys(codes).map(function (code) {
      return [code, config.programmes[code] || words.noProgramme, colourOf(code)];
    }).sort(function (a, b) { return a[1].localeCompare(b[1], config.lang); });
    // Redrawn only when what it says changes: a reader (or a screen reader) in the middle
    // of it keeps the same elements through a refresh of the lines.
    var key = JSON.stringify([shown, several]);
    if (box.dataset.shown === key) { return; }
    box.dataset.shown = key;
    box.replaceChildren();
    shown.forEach(function (pair) {
      var item = el("li");
      var swatch = el("span", null, "swatch partnerships");
      swatch.style.background = pair[2];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(pair[1]));
      item.dataset.programme = pair[0];
      box.appendChild(item);
    });
    if (several) { box.appendChild(severalProgrammesKey()); }
    box.hidden = !box.children.length;
  }

  function severalProgrammesKey() {
    var item = el("li", null, "several-programmes");
    var swatch = el("span", null, "swatch partnerships");
    swatch.style.background = config.severalProgrammes;
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(words.severalProgrammes));
    return item;
  }

  // Too many partnerships to draw one by one: a line per pair of regions (a circle for those
  // within one), as wide as the partnerships it stands for, in their programme's colour.
  function drawLinks(layer, data) {
    var max = 1;
    data.features.forEach(function (f) { max = Math.max(max, f.properties.count); });
    function size(f) { return Math.sqrt(f.properties.count / max); }
    L.geoJSON(data, {
      pane: "links",
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 5 + 12 * size(f), pane: "links" });
      },
      style: function (f) {
        return { color: linkColour(f.properties), weight: 1.5 + 9 * size(f),
                 opacity: 0.35 + 0.55 * size(f),
                 fillColor: linkColour(f.properties), fillOpacity: 0.3,
                 className: "partnership-link" };
      },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () { return el("span", linkText(f.properties)); }, { sticky: true });
        shape.bindPopup(function () { return linkPopup(f.properties, shape); });
      }
    }).eachLayer(function (shape) { layer.group.addLayer(shape); });
    linksNote().textContent = linksMessage(data);
  }

  function linksMessage(data) {
    if (data.shown === undefined || data.shown >= data.too_many) {
      return plural(words.tooManyLines, data.too_many);
    }
    return plural(words.someLines, data.too_many).replace("%(shown)s", String(data.shown));
  }

  function linkColour(props) {
    var codes = Object.keys(props.programmes);
    return codes.length === 1 ? colourOf(codes[0]) : config.severalProgrammes;
  }

  function linkText(props) {
    var where = props.a === props.b ? words.within.replace("%(region)s", props.a_name)
                                    : props.a_name + " \u2194 " + props.b_name;
    return where + ": " + plural(words.partnershipsCount, props.count);
  }

  function linkPopup(props, shape) {
    var box = el("div", null, "popup link-popup");
    box.appendChild(el("h3", linkText(props)));
    var list = el("ul", null, "link-programmes");
    Object.keys(props.programmes).forEach(function (code) {
      var item = el("li");
      var swatch = el("span", null, "swatch");
      swatch.style.background = colourOf(code);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode((config.programmes[code] || words.noProgramme) +
        ": " + props.programmes[code]));
      list.appendChild(item);
    });
    box.appendChild(list);
    var zoom = el("button", words.zoomHere, "zoom-here");
    zoom.type = "button";
    zoom.addEventListener("click", function () {
      map.closePopup();
      if (shape.getBounds) { map.fitBounds(shape.getBounds(), { maxZoom: 10 }); }
      else { map.setView(shape.getLatLng(), 10); }
    });
    box.appendChild(zoom);
    return box;
  }

  // What the lines far out stand for, said on the map while they are shown.
  var linksControl = null;
  function linksNote() {
    if (!linksControl) {
      linksControl = L.control({ position: "bottomleft" });
      linksControl.onAdd = function () { return L.DomUtil.create("p", "links-note leaflet-control"); };
      linksControl.addTo(map);
    }
    return linksControl.getContainer();
  }

  function hideLinksNote() {
    if (!linksControl) { return; }
    var shownNow = layers.some(function (layer) {
      return layer.data && layer.data.links_by && map.hasLayer(layer.group);
    });
    linksControl.getContainer().hidden = !shownNow;
  }

  // Areas carry their names: a label at the middle of each region wide enough on screen to
  // hold one, for the outlines and the counts shown.
  var areaLabels = L.layerGroup();
  var LABEL_MIN_PX = 70;
  function labelAreas() {
    hideLinksNote();
    areaLabels.clearLayers();
    if (!map.hasLayer(areaLabels)) { areaLabels.addTo(map); }
    var done = {};
    layers.forEach(function (layer) {
      if (!layer.data || !map.hasLayer(layer.group)) { return; }
      if (layer.cfg.source !== "regions" && !layer.data.aggregated) { return; }
      layer.group.eachLayer(function (shape) {
        var props = shape.feature && shape.feature.properties;
        if (!props || !props.name || done[props.code] || !shape.getBounds) { return; }
        var box = shape.getBounds();
        var width = map.latLngToContainerPoint(box.getNorthEast()).x -
                    map.latLngToContainerPoint(box.getSouthWest()).x;
        if (width < LABEL_MIN_PX || !map.getBounds().contains(box.getCenter())) { return; }
        done[props.code] = true;
        areaLabels.addLayer(areaLabel(props, box.getCenter()));
      });
    });
  }

  function areaLabel(props, at) {
    var box = el("span", props.name, "area-label-text");
    if (props.count) { box.appendChild(el("b", String(props.count))); }
    return L.marker(at, { interactive: false, keyboard: false, pane: "labels",
                          icon: L.divIcon({ className: "area-label", html: box, iconSize: null }) });
  }

  // Only the latest refresh says the map is ready: an earlier one whose layers were asked
  // again ends first, while the latest may still be loading (lines per pair of regions).
  var refreshes = 0;

  function refresh() {
    var mine = ++refreshes;
    document.body.dataset.mapState = "loading";
    var active = layers.filter(function (layer) { return map.hasLayer(layer.group); });
    Promise.all(active.map(load)).then(function () {
      if (mine !== refreshes) { return; }
      updateList();
      document.body.dataset.mapState = "ready";
    }).catch(function (error) {
      if (error.name === "AbortError" || mine !== refreshes) { return; }
      if (statusEl) { statusEl.textContent = words.failed; }
      document.body.dataset.mapState = "failed";
      throw error;
    });
    rememberView();
  }

  function rememberView() {
    var c = map.getCenter();
    var hash = "#" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  // Which layers are on travels in the URL (and in the filter form), so a view can be shared.
  function rememberLayers() {
    if (!config.layersInUrl) { return; }
    var on = layers.filter(function (l) { return map.hasLayer(l.group); })
      .map(function (l) { return l.cfg.id; }).join(",");
    var params = new URLSearchParams(location.search);
    params.set("layers", on);
    history.replaceState(null, "", location.pathname + "?" + params + location.hash);
    var input = form.querySelector("input[name=layers]");
    if (!input) {
      input = form.appendChild(el("input"));
      input.type = "hidden";
      input.name = "layers";
    }
    input.value = on;
    document.querySelectorAll("nav.languages a[hreflang]").forEach(function (a) {
      var url = new URL(a.href);
      url.searchParams.set("layers", on);
      a.href = url.pathname + url.search;
    });
  }

  // The page's first fit is not animated, so nothing is still moving to undo this view.
  // True when the URL held a view.
  function restoreView() {
    var parts = location.hash.slice(1).split("/").map(Number);
    if (parts.length !== 3 || !parts.every(isFinite)) { return false; }
    atQuarterZooms(function () {
      map.setView([parts[1], parts[2]], parts[0], { animate: false });
    });
    return true;
  }

  // The first view holds the whole of the page's area, fitted to a quarter zoom once the map
  // has its size below the header (at whole zooms a 390 px phone showed the country across
  // half its width); a shared link keeps it. The next zoom in or out is a whole zoom; tiles
  // and counts are asked for at the nearest.
  function fitWhole() {
    atQuarterZooms(function () { map.fitBounds(config.bounds, { animate: false }); });
  }

  function atQuarterZooms(move) {
    var snap = map.options.zoomSnap;
    map.options.zoomSnap = 0.25;
    try { move(); } finally { map.options.zoomSnap = snap; }
  }

  function wholeZoom() {
    return Math.round(map.getZoom());
  }

  // A control offering every place that matches the filters, whole, in three formats.
  function downloadControl() {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("details", "leaflet-bar download-control");
      box.appendChild(el("summary", words.download)).setAttribute("title", words.downloadTitle);
      var list = el("ul");
      [["csv", "CSV"], ["gpkg", "GeoPackage"], ["geojson", "GeoJSON"]].forEach(function (pair) {
        var params = new URLSearchParams(config.filters);
        params.set("lang", config.lang);
        params.set("format", pair[0]);
        var a = link(config.downloadUrl + "?" + params, pair[1]);
        a.setAttribute("download", "");
        list.appendChild(el("li")).appendChild(a);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  // On a phone or in a small frame the layer control and the legend fold into buttons, so
  // that they leave the map to the reader.
  function compactControls() {
    var layersBox = document.querySelector(".leaflet-control-layers");
    if (layersBox) {
      layersBox.classList.remove("leaflet-control-layers-expanded");
      map.on("click", function () { layersBox.classList.remove("leaflet-control-layers-expanded"); });
    }
    var legend = document.querySelector(".legend");
    var title = legend && legend.querySelector(".legend-title");
    if (!title) { return; }
    var button = el("button", title.textContent, "legend-toggle");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = legend.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
    });
    title.replaceChildren(button);
    legend.classList.add("compact");
    L.DomEvent.disableClickPropagation(legend);
  }

  // Leaflet's own buttons speak English; they are given the reader's words.
  function localiseControls() {
    var titles = { ".leaflet-control-zoom-in": words.controls.zoomIn,
                   ".leaflet-control-zoom-out": words.controls.zoomOut,
                   ".leaflet-control-layers-toggle": words.controls.layers };
    Object.keys(titles).forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (node) {
        node.setAttribute("title", titles[selector]);
        node.setAttribute("aria-label", titles[selector]);
      });
    });
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", words.controls.close); close.title = words.controls.close; }
    });
  }

  var timer = null;
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 150); }

  // A popup pans the map to fit itself; redrawing on that move would remove the line or
  // marker it belongs to, and the popup with it. Such a move only waits, until the popup
  // closes.
  var popupPan = { moving: false, waiting: false };
  function onMoveEnd() {
    if (popupPan.moving) {
      popupPan.moving = false;
      popupPan.waiting = true;
      rememberView();
      return;
    }
    soon();
  }
  function onPopupClose() {
    if (popupPan.waiting) { popupPan.waiting = false; soon(); }
  }

  // Filters apply when the form is sent (the Show button, or Enter): a keyboard user may
  // walk a list of options without reloading the page. The form's GET puts each filter in
  // the URL, so a view can be shared.
  var form = document.getElementById("filters");
  var regionInput = document.getElementById("f-region");
  var regionCode = document.getElementById("f-region-code");

  // The region picker: a text box offering every region by name; the chosen name's code
  // is what the form sends. Its 2,000 names come apart from the page (a browser keeps them
  // from one map page to the next), asked for when the box is first focused.
  var regionChoices = null;
  function loadRegionChoices() {
    if (!regionChoices) {
      regionChoices = fetch(config.regionChoicesUrl, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (choices) {
          var list = document.getElementById("region-options");
          var options = document.createDocumentFragment();
          choices.forEach(function (choice) {
            var option = document.createElement("option");
            option.value = choice[1];
            option.dataset.code = choice[0];
            option.dataset.depth = choice[2];
            options.appendChild(option);
          });
          list.appendChild(options);
        })
        .catch(function (error) { regionChoices = null; throw error; });
    }
    return regionChoices;
  }
  // The region a text names when no offer was chosen: one of that name, else a name that
  // starts with it, else one with a word that does, else one that holds it; the highest
  // level first (an oblast before its raion and hromada of the same name), then the list's
  // order.
  function regionFor(text) {
    var wanted = text.trim().toLocaleLowerCase(config.lang);
    var found = null, best = null;
    document.querySelectorAll("#region-options option").forEach(function (option) {
      var rank = [nameMatch(option.value.toLocaleLowerCase(config.lang), wanted),
                  Number(option.dataset.depth)];
      if (rank[0] >= 0 && (!best || rank[0] < best[0] || (rank[0] === best[0] && rank[1] < best[1]))) {
        found = option;
        best = rank;
      }
    });
    return found ? found.dataset.code : null;
  }
  // A label is "name / English name (level, parents)". 0: the text is the label or one of
  // its names; 1: the label starts with it; 2: a word of it does; 3: it holds it.
  function nameMatch(label, wanted) {
    var at = label.indexOf(wanted);
    if (at < 0) { return -1; }
    var names = label.split(" (")[0].split(" / ");
    if (label === wanted || names.indexOf(wanted) >= 0) { return 0; }
    if (at === 0) { return 1; }
    for (; at > 0; at = label.indexOf(wanted, at + 1)) {
      if (/[\s(\/,.-]/.test(label.charAt(at - 1))) { return 2; }
    }
    return 3;
  }
  // A region the form cannot send is said at the field (a phone's list status may be out of
  // sight), and unsaid as soon as the text changes. Said afresh each time (emptied, then
  // written a frame later), so that a screen reader reads it again on a second Enter.
  var regionError = document.getElementById("f-region-error");
  function refuseRegion(message) {
    regionInput.setAttribute("aria-invalid", "true");
    regionError.hidden = true;
    regionError.textContent = "";
    regionInput.focus();
    window.requestAnimationFrame(function () {
      regionError.textContent = message;
      regionError.hidden = false;
      regionError.scrollIntoView({ block: "nearest" });
    });
  }
  function unrefuseRegion() {
    regionInput.removeAttribute("aria-invalid");
    regionError.hidden = true;
    regionError.textContent = "";
  }
  if (regionInput && regionCode && regionError) {
    var shownRegion = regionInput.value, awaitingRegions = false;
    form.addEventListener("submit", function (event) {
      if (!regionInput.value.trim()) { regionCode.value = ""; return; }
      if (regionInput.value === shownRegion && regionCode.value) { return; }
      var code = regionFor(regionInput.value);
      if (code) { regionCode.value = code; return; }
      event.preventDefault();
      if (awaitingRegions) { return; }  // sent again once the names have come
      awaitingRegions = true;
      loadRegionChoices().then(function () {
        awaitingRegions = false;
        code = regionFor(regionInput.value);
        if (code) { regionCode.value = code; shownRegion = regionInput.value; form.requestSubmit(); return; }
        refuseRegion(words.noRegion);
      }, function () {
        awaitingRegions = false;
        refuseRegion(words.noRegionList);
      });
    });
    regionInput.addEventListener("input", unrefuseRegion);
    regionInput.addEventListener("focus", function () {
      loadRegionChoices().catch(function () {});  // said if the form is sent without them
    });
  }

  // The time filter: from and to in the URL; the slider sets both to one year, and plays.
  function keepTimeInUrl() {
    var params = new URLSearchParams(location.search);
    ["from", "to"].forEach(function (name) {
      if (config.filters[name]) { params.set(name, config.filters[name]); } else { params.delete(name); }
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function setUpTime(box) {
    var slider = document.getElementById("f-year");
    var shown = document.getElementById("year-shown");
    var play = document.getElementById("play");
    var fields = { from: document.getElementById("f-from"), to: document.getElementById("f-to") };
    var playing = null;
    function show() {
      var from = config.filters.from || "", to = config.filters.to || "";
      var text = from && from === to ? from : (from || to ? from + " \u2013 " + to : words.allYears);
      shown.textContent = text;
      slider.setAttribute("aria-valuetext", text);
      if (/^\d{4}$/.test(from) && from === to) { slider.value = from; }
    }
    function setYear(year) {
      ["from", "to"].forEach(function (name) {
        if (year) { config.filters[name] = String(year); } else { delete config.filters[name]; }
        fields[name].value = year ? String(year) : "";
      });
      show();
      keepTimeInUrl();
      document.body.dataset.mapState = "loading";  // until this year's data is drawn
      soon();
    }
    function stop() {
      clearInterval(playing);
      playing = null;
      play.textContent = words.play;
      play.setAttribute("aria-pressed", "false");
    }
    function step() {
      if (document.body.dataset.mapState !== "ready") { return; }  // let each year show
      var next = Number(slider.value) + 1;
      if (next > Number(box.dataset.last)) { stop(); return; }
      slider.value = String(next);
      setYear(next);
    }
    play.addEventListener("click", function () {
      if (playing) { stop(); return; }
      var at = Number(slider.value);
      if (config.filters.from !== config.filters.to || !config.filters.from || at >= Number(box.dataset.last)) {
        at = Number(box.dataset.first);
        slider.value = String(at);
      }
      setYear(at);
      playing = setInterval(step, 1200);
      play.textContent = words.pause;
      play.setAttribute("aria-pressed", "true");
    });
    slider.addEventListener("input", function () { stop(); setYear(Number(slider.value)); });
    document.getElementById("all-years").addEventListener("click", function () { stop(); setYear(null); });
    show();
  }

  var timeBox = document.getElementById("time-filter");
  if (timeBox && timeBox.dataset.first) { setUpTime(timeBox); }

  // Colours set through the DOM: a strict Content-Security-Policy blocks style attributes.
  document.querySelectorAll(".legend .swatch[data-color]").forEach(function (swatch) {
    swatch.style.background = swatch.dataset.color;
  });
  if (config.downloadUrl) { downloadControl().addTo(map); }
  localiseControls();
  if (window.matchMedia("(max-width: 700px), (max-height: 520px)").matches) { compactControls(); }
  // The chosen region is outlined, places or not, so that its map is never a blank grey.
  if (config.chosen) {
    L.geoJSON(config.chosen.outline, {
      pane: "areas", interactive: false,
      style: { color: "#333333", weight: 2, dashArray: "6 4", fill: false,
               className: "chosen-region" }
    }).addTo(map);
  }

  // A cluster whose places all sit at one point (a city district's or a settlement's: the
  // registers give no addresses) would open as a spiral of hundreds; it opens as a list of
  // their names instead, and a name opens that place's popup.
  var STACK_METRES = 30;

  function isStack(cluster) {
    var bounds = cluster.getBounds();
    return bounds.getNorthEast().distanceTo(bounds.getSouthWest()) <= STACK_METRES;
  }

  // The name a marker's tooltip shows, and its popup, whatever data the layer holds now.
  function markerName(marker) {
    var tooltip = marker.getTooltip();
    var content = tooltip ? tooltip.getContent() : "";
    return String((typeof content === "function" ? content(marker).textContent : content) || "");
  }

  function onEscape(node, close) {
    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); close(); }
    });
  }

  // Below the buttons at the top left (zoom, full screen, download), and narrow enough
  // for a phone.
  function stackPopupOptions(className) {
    var width = Math.min(320, map.getSize().x - 60);
    var controls = map.getContainer().querySelector(".leaflet-top.leaflet-left");
    return { maxWidth: width, minWidth: Math.min(220, width), className: className,
             autoPanPaddingTopLeft: L.point(10, (controls ? controls.offsetHeight : 0) + 10) };
  }

  function openPlaceOf(marker) {
    var popup = L.popup(stackPopupOptions("stack-place"))
      .setLatLng(marker.getLatLng()).setContent(marker.getPopup().getContent()).openOn(map);
    var box = popup.getElement();
    onEscape(box, function () { map.closePopup(popup); });
    var first = box.querySelector(".popup a, .leaflet-popup-close-button");
    if (first) { first.focus({ preventScroll: true }); }
  }

  function stackList(cluster) {
    var markers = cluster.getAllChildMarkers().map(function (m) { return [markerName(m), m]; })
      .sort(function (a, b) { return a[0].localeCompare(b[0], config.lang, { numeric: true }); });
    var box = el("div", null, "popup stack-popup");
    var title = box.appendChild(el("h3", plural(words.stackCount, markers.length)));
    title.id = "stack-" + L.Util.stamp(cluster);
    box.appendChild(el("p", words.stackHint, "stack-hint"));
    var list = box.appendChild(el("ul", null, "stack-list"));
    list.setAttribute("aria-labelledby", title.id);
    markers.forEach(function (pair) {
      var button = list.appendChild(el("li")).appendChild(el("button", pair[0]));
      button.type = "button";
      button.addEventListener("click", function () { openPlaceOf(pair[1]); });
    });
    return box;
  }

  function focusClusterOf(layer, marker) {
    var shown = layer.group.getVisibleParent(marker);
    if (shown && shown.getElement()) { shown.getElement().focus(); }
  }

  // Escape closes the list and gives the focus back to the stack's cluster: the one that
  // holds its first place now, should a redraw have rebuilt the clusters meanwhile, and
  // again after the redraw that waited for the list to close, should that one rebuild it.
  function openStack(layer, cluster) {
    var popup = L.popup(stackPopupOptions("stack"))
      .setLatLng(cluster.getLatLng()).setContent(stackList(cluster)).openOn(map);
    layer.stack = popup;
    var box = popup.getElement();
    var first = cluster.getAllChildMarkers()[0];
    onEscape(box, function () {
      var redrawSoon = popupPan.waiting;
      map.closePopup(popup);
      focusClusterOf(layer, first);
      layer.refocus = redrawSoon ? first : null;
    });
    var button = box.querySelector(".stack-list button");
    if (button) { button.focus({ preventScroll: true }); }
  }

  // markercluster would spiderfy a stack; its clicks are handled here instead, and other
  // clusters zoom in (or spiderfy at the deepest zoom) as before.
  function listStacks(layer) {
    var group = layer.group;
    if (!L.MarkerClusterGroup || !(group instanceof L.MarkerClusterGroup)) { return; }
    group.options.spiderfyOnMaxZoom = false;
    group.options.zoomToBoundsOnClick = false;
    group.on("clusterclick clusterkeypress", function (event) {
      var key = event.originalEvent && event.originalEvent.key;
      if (event.type === "clusterkeypress" && key !== "Enter") { return; }
      if (isStack(event.layer)) { openStack(layer, event.layer); }
      else if (map.getZoom() >= map.getMaxZoom()) { event.layer.spiderfy(); }
      else { event.layer.zoomToBounds(); }
    });
  }
  // On a phone the map fills the screen below the header, however many lines the header
  // wraps to in the reader's language (the CSS reads --header-height).
  function fitBelowHeader() {
    var header = document.querySelector("header.site");
    if (!header) { return; }
    document.body.style.setProperty("--header-height", header.offsetHeight + "px");
    map.invalidateSize();
  }
  fitBelowHeader();
  window.addEventListener("resize", fitBelowHeader);

  layers.forEach(listStacks);
  if (!restoreView() && config.fit) { fitWhole(); }
  map.on("autopanstart", function () { popupPan.moving = true; });
  map.on("moveend", onMoveEnd);
  map.on("popupclose", onPopupClose);
  map.on("overlayadd", function () { rememberLayers(); soon(); });
  map.on("overlayremove", function () { rememberLayers(); updateList(); });
  refresh();
}());
