// Live reload for `katalog serve`: the server sends an event after each rebuild.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = (script && script.dataset.base) || '/';
  if (!window.EventSource) return;
  var source = new EventSource(base + '__livereload');
  source.onmessage = function () { window.location.reload(); };
  window.addEventListener('pagehide', function () { source.close(); });
})();
