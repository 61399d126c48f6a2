/* The embed builder: keeps the snippet and the preview in step with the form, and copies.
   The same URL is built by the server when the form is submitted without JavaScript. */
(function () {
  "use strict";
  var form = document.getElementById("builder");
  var snippet = document.getElementById("snippet");
  var preview = document.getElementById("preview");
  var copied = document.getElementById("copied");
  var words = JSON.parse(document.getElementById("builder-words").textContent);
  var BUILDER_ONLY = ["width", "height", "title", "map_lang", "lang"];
  var SIZE = /^\d{1,4}%?$/;

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function embedUrl(data) {
    var params = new URLSearchParams();
    var layers = data.getAll("layers");
    data.forEach(function (value, name) {
      if (value && name !== "layers" && BUILDER_ONLY.indexOf(name) < 0) { params.set(name, value); }
    });
    if (layers.length) { params.set("layers", layers.join(",")); }
    params.set("lang", data.get("map_lang"));
    return form.dataset.embedUrl + "?" + params.toString();
  }

  function size(data, name, fallback) {
    var value = (data.get(name) || "").trim();
    return SIZE.test(value) ? value : fallback;
  }

  var timer = null;
  function update() {
    var data = new FormData(form);
    var src = embedUrl(data);
    var title = (data.get("title") || "").trim() || preview.title;
    var width = size(data, "width", "100%");
    var height = size(data, "height", "500");
    snippet.value = '<iframe src="' + escapeHtml(src) + '" title="' + escapeHtml(title) +
      '" width="' + width + '" height="' + height + '" loading="lazy" allowfullscreen></iframe>';
    copied.textContent = "";
    clearTimeout(timer);
    timer = setTimeout(function () {
      preview.title = title;
      preview.width = width;
      preview.height = height;
      if (preview.src !== src) { preview.src = src; }
      var query = new URLSearchParams(data);
      history.replaceState(null, "", location.pathname + "?" + query.toString());
    }, 300);
  }

  function copy() {
    snippet.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(snippet.value).then(function () {
        copied.textContent = words.copied;
      }, function () { copied.textContent = words.select; });
    } else {
      copied.textContent = words.select;
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  document.getElementById("copy").addEventListener("click", copy);
}());
