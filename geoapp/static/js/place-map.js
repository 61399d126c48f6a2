/* The place card's small map: the place and its partners, joined by lines.
   Names are set with textContent (tooltips get DOM nodes), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("place-map-data").textContent);
  var box = document.getElementById("place-map");
  var map = L.map(box, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: data.words.zoomIn, zoomOutTitle: data.words.zoomOut }).addTo(map);
  L.tileLayer(data.tiles, { attribution: data.attribution }).addTo(map);

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  var here = [data.place.lat, data.place.lon];
  var points = [here];
  data.partners.forEach(function (partner) {
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
  L.circleMarker(here, { radius: 8, color: "#fff", weight: 2, fillColor: "#d62728",
                         fillOpacity: 1, className: "place-marker" })
    .bindTooltip(label(data.place.name), { permanent: true, direction: "top" }).addTo(map);
  if (points.length > 1) { map.fitBounds(points, { padding: [24, 24], maxZoom: 12 }); }
  else { map.setView(here, 12); }
  document.body.dataset.placeMap = "ready";
}());
