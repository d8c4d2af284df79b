(function () {
  if (window.svkitReadouts) { return; }
  window.svkitReadouts = true;
  function fix() {
    document.querySelectorAll('.widget-slider .widget-readout, .jupyter-widget-slider .widget-readout').forEach(function (r) {
      if (r.getAttribute('tabindex') !== '-1') { r.setAttribute('tabindex', '-1'); }
    });
  }
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
