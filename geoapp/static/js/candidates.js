/* Draws a place and its partner candidates on the Folium-built map of /candidates.
   The places come as JSON data; every name goes into the page with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("candidates-data").textContent);
  var map = window[data.map];

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function popup(candidate) {
    var box = el("div");
    box.className = "candidate-popup";
    box.appendChild(el("strong", candidate.rank + ". " + candidate.name));
    box.appendChild(el("div", candidate.distance_km.toFixed(2) + " km, " +
      candidate.bearing_deg + "\u00b0"));
    var link = el("a", candidate.id);
    link.setAttribute("href", candidate.url);
    link.setAttribute("target", "_top");
    box.appendChild(link);
    return box;
  }

  data.candidates.forEach(function (candidate) {
    L.polyline(candidate.line, { color: data.colors.candidate, weight: 2, opacity: 0.6,
                                 className: "candidate-line" }).addTo(map);
  });
  data.candidates.forEach(function (candidate) {
    L.circleMarker([candidate.lat, candidate.lon], {
      radius: 7, color: data.colors.candidate, fill: true, fillOpacity: 0.8,
      className: "candidate-marker"
    }).bindTooltip(function () { return el("span", candidate.rank + ". " + candidate.name); })
      .bindPopup(function () { return popup(candidate); }, { maxWidth: 300 })
      .addTo(map);
  });
  var place = data.place;
  L.circleMarker([place.lat, place.lon], {
    radius: 10, color: data.colors.place, fill: true, fillOpacity: 0.9, className: "chosen-place"
  }).bindTooltip(function () { return el("span", place.name); }).addTo(map);
}());
