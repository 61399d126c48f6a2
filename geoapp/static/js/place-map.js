/* A place card's small map. Its configuration is JSON in #place-map-config (no user text in
   this code). When the card carries the move form, the marker can be dragged, or the map
   clicked, and the form's coordinates follow; typed coordinates move the marker. */
(function () {
  "use strict";
  var source = document.getElementById("place-map-config");
  var box = document.getElementById("place-map");
  if (!source || !box || !window.L) { return; }
  var config = JSON.parse(source.textContent);
  var map = L.map(box, { scrollWheelZoom: false }).setView([config.lat, config.lon], config.zoom);
  L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  var marker = L.marker([config.lat, config.lon],
                        { draggable: config.draggable, title: config.title, keyboard: true })
    .addTo(map);
  box.dataset.state = "ready";
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
