/* A place card's small map: the place and its partners, joined by lines. Its configuration
   is JSON in #place-map-config (no user text in this code); names reach the page through
   textContent. When the card carries the move form, the marker can be dragged, or the map
   clicked, and the form's coordinates follow; typed coordinates move the marker. */
(function () {
  "use strict";
  var source = document.getElementById("place-map-config");
  var box = document.getElementById("place-map");
  if (!source || !box || !window.L) { return; }
  var config = JSON.parse(source.textContent);
  var map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: config.words.zoomIn, zoomOutTitle: config.words.zoomOut })
    .addTo(map);
  L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  var here = [config.lat, config.lon];
  var points = [here];
  config.partners.forEach(function (partner) {
    var there = [partner.lat, partner.lon];
    points.push(there);
    L.polyline([here, there], { color: "#e6550d", weight: 2, opacity: 0.8,
                                className: "partner-line" }).addTo(map);
    var marker = L.circleMarker(there, { radius: 6, color: "#fff", weight: 1,
                                         fillColor: "#3182bd", fillOpacity: 0.9,
                                         className: "partner-marker" }).addTo(map);
    marker.bindTooltip(label(partner.name));
    marker.on("click", function () { window.location.href = partner.url; });
  });
  var marker = L.marker(here, { draggable: config.draggable, title: config.title,
                                keyboard: true }).addTo(map);
  marker.bindTooltip(label(config.title), { permanent: true, direction: "top" });
  if (points.length > 1 && !config.draggable) {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 12 });
  } else {
    map.setView(here, config.zoom);
  }
  box.dataset.state = "ready";
  document.body.dataset.placeMap = "ready";
  if (!config.draggable) { return; }

  var lon = document.getElementById(config.inputs.lon);
  var lat = document.getElementById(config.inputs.lat);
  var precision = document.getElementById(config.inputs.precision);

  function fill(position) {
    lat.value = position.lat.toFixed(6);
    lon.value = position.lng.toFixed(6);
    // A point placed by hand is where the writer saw the place: an exact position.
    precision.value = "exact";
    box.dataset.moved = "true";
  }

  function follow() {
    var y = parseFloat(lat.value), x = parseFloat(lon.value);
    if (isFinite(x) && isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90) {
      marker.setLatLng([y, x]);
      map.panTo([y, x]);
    }
  }

  marker.on("dragend", function () { fill(marker.getLatLng()); });
  map.on("click", function (event) { marker.setLatLng(event.latlng); fill(event.latlng); });
  lon.addEventListener("change", follow);
  lat.addEventListener("change", follow);
})();
