// Draws the admin report's charts with vega-embed (vega.js beside this file, the course's
// bundle from vl-convert), from the Vega-Lite specs the report holds: SVG, no action menu,
// nothing fetched. A chart that cannot be drawn says why in its place.
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("conflict-charts").textContent);
  document.querySelectorAll(".conflict-report .vega-chart").forEach(function (element) {
    var spec = specs[element.dataset.spec];
    if (!spec) {
      element.parentElement.hidden = true;
      return;
    }
    window.vegaEmbed(element, spec, { actions: false, renderer: "svg" }).catch(function (error) {
      element.textContent = "This chart could not be drawn: " + error.message;
      console.error(error);
    });
  });
})();
