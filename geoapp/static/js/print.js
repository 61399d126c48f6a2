/* The printable shortlist: a button that opens the browser's print dialog. */
(function () {
  "use strict";
  var button = document.getElementById("print-now");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
}());
