// Draws every chart of the page with vega-embed (assets/vega.js, from vl-convert), from
// the Vega-Lite spec stored beside it: SVG, no action menu, nothing fetched. A chart's
// slider goes in the element before it, so that it comes first on screen and by keyboard.
(function () {
  "use strict";
  document.querySelectorAll(".vega-chart").forEach(function (element) {
    var spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    var options = { actions: false, renderer: "svg", bind: element.previousElementSibling };
    window.vegaEmbed(element, spec, options).catch(function (error) {
      element.textContent = document.body.dataset.chartError + " " + error.message;
      console.error(error);
    });
  });
})();
