/* The small map of the API's HTML pages: the features of the page, framed. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("api-map-data").textContent);
  var map = L.map("api-map", { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.words.zoomIn, zoomOutTitle: data.words.zoomOut }).addTo(map);
  L.tileLayer(data.tiles, { attribution: data.attribution }).addTo(map);
  var shapes = L.geoJSON(data.features, {
    pointToLayer: function (feature, at) {
      return L.circleMarker(at, { radius: 6, color: "#fff", weight: 1, fillColor: "#3182bd",
                                  fillOpacity: 0.9, className: "api-feature" });
    },
    style: { color: "#e6550d", weight: 2, className: "api-feature" }
  }).addTo(map);
  var bounds = shapes.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 }); }
  else { map.setView([48.5, 31.5], 5); }
  document.body.dataset.apiMap = "ready";
}());
