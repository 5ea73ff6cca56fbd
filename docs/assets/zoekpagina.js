// The search page (docs/zoeken.md) over Pagefind's index of the whole site (hooks/zoeken.py).
// A small UI over Pagefind's JavaScript API rather than its ready-made one, which only searches once a
// word is typed: here the filters alone also list afspraken ("everything rood"), every control is a
// labelled form field, and the number of results is announced to screen readers.
// The header's search form on every page leads here with ?q=...; filters can be set in the address too
// (?stoplicht=rood). The version filter starts at "actueel": what each werkgebied shows first.
(function () {
  "use strict";
  var root = document.getElementById("pa-zoeken");
  if (!root) return;
  var FILTERS = [
    ["werkgebied", "Werkgebied"], ["versie", "Versie"], ["thema", "Thema"],
    ["partij", "Partij (trekker of betrokken)"], ["stoplicht", "Stoplicht (laatste monitoring)"], ["soort", "Soort"],
  ];
  var PER_KEER = 20;
  var params = new URLSearchParams(location.search);
  var bundel = new URL(root.dataset.paBundel, location.href);
  var site = new URL(root.dataset.paRoot, location.href);
  var pagefind = null;
  var gevonden = [];
  var getoond = 0;
  var zoekNummer = 0;

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  var form = element("form", {"class": "pa-zoeken__form", role: "search", "aria-label": "Zoeken in alle afspraken"});
  var veld = element("p", {"class": "pa-zoeken__veld"});
  veld.appendChild(element("label", {"for": "pa-zoekterm"}, "Zoekwoorden"));
  var invoer = element("input", {id: "pa-zoekterm", type: "search", name: "q", autocomplete: "off"});
  invoer.value = params.get("q") || "";
  veld.appendChild(invoer);
  form.appendChild(veld);
  var filterblok = element("div", {"class": "pa-zoeken__filters"});
  form.appendChild(filterblok);
  var status = element("p", {"class": "pa-zoeken__status", role: "status", "aria-live": "polite"});
  var lijst = element("ol", {"class": "pa-zoeken__resultaten"});
  var meer = element("button", {type: "button", "class": "md-button pa-zoeken__meer", hidden: ""}, "Meer resultaten");
  root.replaceChildren(form, status, lijst, meer);

  function gekozen() {
    var filters = {};
    filterblok.querySelectorAll("select").forEach(function (select) {
      if (select.value) filters[select.name] = select.value;
    });
    return filters;
  }

  function toonFilters(alle) {
    FILTERS.forEach(function (filter) {
      var naam = filter[0];
      var waarden = Object.keys(alle[naam] || {}).sort(function (a, b) { return a.localeCompare(b, "nl"); });
      if (!waarden.length) return;
      var p = element("p", {"class": "pa-zoeken__filter"});
      p.appendChild(element("label", {"for": "pa-filter-" + naam}, filter[1]));
      var select = element("select", {id: "pa-filter-" + naam, name: naam});
      select.appendChild(element("option", {value: ""}, "alle"));
      var gewenst = params.has(naam) ? params.get(naam) : (naam === "versie" ? "actueel" : "");
      waarden.forEach(function (waarde) {
        var optie = element("option", {value: waarde}, waarde);
        if (waarde === gewenst) optie.selected = true;
        select.appendChild(optie);
      });
      select.addEventListener("change", zoek);
      p.appendChild(select);
      filterblok.appendChild(p);
    });
  }

  // Pagefind's own excerpt is HTML made from the indexed text unescaped; this builds the same window of
  // words (its word positions count whitespace-separated words) with <mark> elements and text nodes.
  function uittreksel(content, locations) {
    var woorden = content.split(/[\r\n\s]+/g);
    var lengte = 30;
    var eerste = locations.length ? Math.min.apply(null, locations) : 0;
    var begin = Math.max(0, Math.min(eerste - Math.floor(lengte / 3), woorden.length - lengte));
    var gemarkeerd = new Set(locations);
    var p = element("p", {"class": "pa-zoeken__uittreksel"});
    if (begin > 0) p.appendChild(document.createTextNode("… "));
    woorden.slice(begin, begin + lengte).forEach(function (woord, i) {
      if (i > 0) p.appendChild(document.createTextNode(" "));
      p.appendChild(gemarkeerd.has(begin + i) ? element("mark", {}, woord) : document.createTextNode(woord));
    });
    if (begin + lengte < woorden.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function resultaat(data) {
    var li = element("li", {"class": "pa-zoeken__resultaat"});
    var kop = element("h2", {"class": "pa-zoeken__titel"});
    // Text from the afspraken is untrusted: titles and excerpts are set as text, never as HTML.
    // A result leads to its "adres" (hooks/zoeken.py), relative to the site's root.
    var adres = new URL((data.meta && data.meta.adres) || "", site);
    kop.appendChild(element("a", {href: adres.pathname + adres.hash}, (data.meta && data.meta.title) || adres.pathname));
    li.appendChild(kop);
    li.appendChild(uittreksel(data.content || "", data.locations || []));
    // Sections of a hand-written page that match, each linked to its heading.
    var subs = (data.sub_results || []).filter(function (sub) { return sub.anchor && sub.anchor.id; }).slice(0, 3);
    if (subs.length) {
      var ul = element("ul", {"class": "pa-zoeken__subs"});
      subs.forEach(function (sub) {
        var item = element("li");
        item.appendChild(element("a", {href: adres.pathname + "#" + encodeURIComponent(sub.anchor.id)}, sub.title));
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  async function toonMeer() {
    var nummer = zoekNummer;
    var deel = await Promise.all(gevonden.slice(getoond, getoond + PER_KEER).map(function (r) { return r.data(); }));
    if (nummer !== zoekNummer) return;
    deel.forEach(function (data) { lijst.appendChild(resultaat(data)); });
    getoond += deel.length;
    meer.hidden = getoond >= gevonden.length;
  }

  async function zoek(event) {
    if (event) event.preventDefault();
    var nummer = ++zoekNummer;
    var term = invoer.value.trim();
    var filters = gekozen();
    if (!term && !Object.keys(filters).some(function (naam) { return naam !== "versie"; })) {
      lijst.replaceChildren();
      meer.hidden = true;
      status.textContent = "Typ zoekwoorden of kies een filter.";
      return;
    }
    status.textContent = "Zoeken…";
    var antwoord = await pagefind.search(term || null, {filters: filters});
    if (nummer !== zoekNummer) return;
    gevonden = antwoord.results;
    getoond = 0;
    lijst.replaceChildren();
    var n = gevonden.length;
    status.textContent = (n === 0 ? "Niets gevonden" : n === 1 ? "1 resultaat" : n + " resultaten") +
      (term ? " voor \u201c" + term + "\u201d" : "") + ".";
    await toonMeer();
  }

  var wacht = null;
  invoer.addEventListener("input", function () {
    clearTimeout(wacht);
    wacht = setTimeout(zoek, 250);
  });
  form.addEventListener("submit", zoek);
  meer.addEventListener("click", toonMeer);

  import(new URL("pagefind.js", bundel).href).then(async function (module) {
    pagefind = module;
    await pagefind.options({baseUrl: site.pathname});
    await pagefind.init();
    toonFilters(await pagefind.filters());
    if (!invoer.value) invoer.focus();
    await zoek();
  }).catch(function () {
    status.textContent = "De zoekfunctie kon niet worden geladen.";
  });
})();
