/* Less motion for those who ask their system for it (prefers-reduced-motion): the page's
   maps are made without zoom, fade and marker animations and without inertia after a drag,
   and their clusters open and close without animating. Loaded after Leaflet (and the
   cluster plugin, where the page has clusters) and before the page makes its maps. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    return;
  }
  L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false,
                       markerZoomAnimation: false, inertia: false });
  if (L.MarkerClusterGroup) { L.MarkerClusterGroup.mergeOptions({ animate: false }); }
}());
