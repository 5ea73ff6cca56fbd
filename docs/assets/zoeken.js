// Material downloads one search index for the whole site, which grows with every werkgebied. Each page
// names the smaller index of its own scope (a <meta> written by hooks/build.py, see afspraken.zoekindex);
// this script, loaded in <head> before Material's bundle, makes the bundle's request fetch that one.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="afspraken-zoekbereik"]');
  if (!meta || !window.XMLHttpRequest || !window.URL) return;
  var bereik = meta.getAttribute("content");
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var adres = new URL(String(url), document.baseURI);
    if (/\/search\/search_index\.json$/.test(adres.pathname)) {
      // The scope is relative to the folder of the whole-site index: search/<slug>/<label>.json.
      args[1] = new URL(bereik, adres).href;
    }
    return open.apply(this, args);
  };
})();
