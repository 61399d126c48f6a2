/* Fills the Folium-built map with the app's own data, fetched by bbox and zoom.
   Everything from the data is put in the page with textContent, never as HTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = window[config.map];
  var words = config.words;
  var PALETTE = ["#e6550d", "#3182bd", "#31a354", "#756bb1", "#636363", "#d6616b", "#8c6d31"];
  var LIST_MAX = 300;
  var layers = config.layers.map(function (layer) {
    return { cfg: layer, group: window[layer.group], data: null, request: null, markers: {},
             shape: null };
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
    var sum = 0;
    String(code || "").split("").forEach(function (c) { sum = (sum * 31 + c.charCodeAt(0)) % 9973; });
    return PALETTE[sum % PALETTE.length];
  }

  function shown(field, value) {
    if (field === "kind") { return words.kinds[value] || value; }
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
      if (field === "website" && /^https?:\/\//i.test(value)) {
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
    box.appendChild(fieldList(props, layer.cfg.popup));
    box.appendChild(link(cardUrl(props.id), words.card));
    return box;
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
    return box;
  }

  function regionTooltip(layer, props) {
    var text = props.name;
    if (props.count !== undefined) { text += ": " + props.count + " \u00b7 " + layer.cfg.title; }
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
      fillOpacity: 0.9, className: "place-marker place-" + cfg.id, placeId: f.properties.id
    });
    marker.bindPopup(function () { return placePopup(layer, f.properties); });
    marker.bindTooltip(function () { return el("span", f.properties.name); });
    return marker;
  }

  // Markers already on the map stay (with their open popup); only the difference changes.
  function drawPlaces(layer, data) {
    var wanted = {};
    data.features.forEach(function (f) { wanted[f.properties.id] = f; });
    var gone = [];
    Object.keys(layer.markers).forEach(function (id) {
      if (!wanted[id]) { gone.push(layer.markers[id]); delete layer.markers[id]; }
    });
    var added = [];
    data.features.forEach(function (f) {
      if (layer.markers[f.properties.id]) { return; }
      layer.markers[f.properties.id] = placeMarker(layer, f);
      added.push(layer.markers[f.properties.id]);
    });
    if (layer.group.addLayers) {
      layer.group.removeLayers(gone);
      layer.group.addLayers(added);
    } else {
      gone.forEach(function (m) { layer.group.removeLayer(m); });
      added.forEach(function (m) { layer.group.addLayer(m); });
    }
  }

  function drawCounts(layer, data) {
    var max = 0;
    data.features.forEach(function (f) { max = Math.max(max, f.properties.count); });
    layer.max = max;
    L.geoJSON(data, {
      style: function (f) {
        return { color: layer.cfg.color, weight: 1, fillColor: layer.cfg.color,
                 fillOpacity: countOpacity(f.properties.count, max), className: "region-count" };
      },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(function () { return regionTooltip(layer, f.properties); }, { sticky: true });
      }
    }).eachLayer(function (shape) { layer.group.addLayer(shape); });
  }

  function drawLines(layer, data) {
    L.geoJSON(data, {
      style: function (f) {
        return { color: colourOf(f.properties.programme_code), weight: layer.cfg.weight + 1,
                 opacity: 0.8, className: "partnership-line" };
      },
      onEachFeature: function (f, line) {
        line.bindPopup(function () { return partnershipPopup(layer, f.properties); });
      }
    }).eachLayer(function (line) { layer.group.addLayer(line); });
  }

  function drawRegions(layer, data) {
    L.geoJSON(data, {
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

  function draw(layer, data) {
    var points = layer.cfg.source === "places" && !data.aggregated;
    if (!points || layer.shape !== "points") {
      layer.group.clearLayers();
      layer.markers = {};
    }
    layer.shape = points ? "points" : "shapes";
    layer.data = data;
    layer.max = 0;
    if (layer.cfg.source === "partnerships") { drawLines(layer, data); }
    else if (layer.cfg.source === "regions") { drawRegions(layer, data); }
    else if (layer.cfg.source === "region_statuses") { drawStatuses(layer, data); }
    else if (data.aggregated) { drawCounts(layer, data); }
    else { drawPlaces(layer, data); }
  }

  function bboxParam() {
    var b = map.getBounds();
    function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)).toFixed(5); }
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
            clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
  }

  function dataUrl(layer) {
    var params = new URLSearchParams();
    params.set("bbox", bboxParam());
    params.set("zoom", String(map.getZoom()));
    params.set("lang", config.lang);
    layer.cfg.filters.forEach(function (name) {
      if (config.filters[name]) { params.set(name, config.filters[name]); }
    });
    return config.dataUrl.replace("LAYER", encodeURIComponent(layer.cfg.id)) + "?" + params;
  }

  function load(layer) {
    if (layer.request) { layer.request.abort(); }
    var request = new AbortController();
    layer.request = request;
    return fetch(dataUrl(layer), { signal: request.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.url); }
        return response.json();
      })
      .then(function (data) { if (layer.request === request) { draw(layer, data); } });
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
    layers.forEach(function (layer) {
      if (!layer.data || layer.cfg.source !== "places" || !map.hasLayer(layer.group)) { return; }
      if (layer.data.aggregated) { counts.push(layer); return; }
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
          listEl.appendChild(el("li", f.properties.name + ": " + f.properties.count + " \u00b7 " +
            layer.cfg.title, "region-count-item"));
        });
    });
    var message = items.length + " " + words.places;
    if (!items.length && !counts.length) { message = words.empty; }
    if (truncated || items.length > LIST_MAX) { message += ". " + words.more; }
    if (counts.length) { message = words.counts + ". " + words.more; }
    layers.forEach(function (layer) {
      if (layer.data && layer.data.too_many && map.hasLayer(layer.group)) {
        message += " " + words.tooManyLines.replace("%(count)s", String(layer.data.too_many));
      }
    });
    statusEl.textContent = message;
    updateLegend(counts);
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
    });
  }

  function refresh() {
    document.body.dataset.mapState = "loading";
    var active = layers.filter(function (layer) { return map.hasLayer(layer.group); });
    Promise.all(active.map(load)).then(function () {
      updateList();
      document.body.dataset.mapState = "ready";
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      statusEl.textContent = words.failed;
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

  function restoreView() {
    var parts = location.hash.slice(1).split("/").map(Number);
    if (parts.length === 3 && parts.every(isFinite)) { map.setView([parts[1], parts[2]], parts[0]); }
  }

  var timer = null;
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 150); }

  // Filters apply at once: the form's GET puts each one in the URL, so a view can be shared.
  var form = document.getElementById("filters");
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") { form.requestSubmit(); }
  });

  // Colours set through the DOM: a strict Content-Security-Policy blocks style attributes.
  document.querySelectorAll(".legend .swatch[data-color]").forEach(function (swatch) {
    swatch.style.background = swatch.dataset.color;
  });
  restoreView();
  map.on("moveend", soon);
  map.on("overlayadd", soon);
  map.on("overlayremove", function () { updateList(); });
  refresh();
}());
