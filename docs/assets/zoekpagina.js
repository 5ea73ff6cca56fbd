// The search page (docs/zoeken.md) over Pagefind's index of the whole site (hooks/afspraken_mkdocs/zoeken.py).
// A small UI over Pagefind's JavaScript API rather than its ready-made one, which only searches once a
// word is typed: here the filters alone also list afspraken ("everything rood"), every control is a
// labelled form field, and the number of results is announced to screen readers.
// A result is a thema of one version (with its afspraken that match, each linking to #nr), a werkgebied
// or a page. The header's search form on every page leads here with ?q=...; filters can be set in the
// address too (?stoplicht=rood).
// What a first search downloads is kept small: the default bundle holds only the version each werkgebied
// shows first ("actueel"); the other versions are merged in (a bundle per version label) only when a
// reader picks one, or all. The filters' values come from a small JSON file, loaded when the filters are opened, never from
// Pagefind's filter index (which grows with the country).
(function () {
  "use strict";
  var root = document.getElementById("pa-zoeken");
  if (!root) return;
  var FILTERS = [
    ["werkgebied", "Werkgebied"], ["versie", "Versie"], ["thema", "Thema"],
    ["partij", "Partij (trekker of betrokken)"], ["stoplicht", "Stoplicht (laatste monitoring)"], ["soort", "Soort"],
  ];
  var PER_AFSPRAAK = ["stoplicht", "partij"];  // differ per afspraak: a thema's result is narrowed to them
  var ACTUEEL = "actueel";
  var PER_KEER = 20;
  var params = new URLSearchParams(location.search);
  var bundel = new URL(root.dataset.paBundel, location.href);
  var historie = new URL(root.dataset.paHistorie, location.href);
  var site = new URL(root.dataset.paRoot, location.href);
  var pagefind = null;
  var samengevoegd = new Set();  // the version labels whose bundle is merged in
  var waarden = null;  // the promise of filterwaarden.json
  var keuze = {versie: ACTUEEL};  // filter name -> chosen value ("" or absent: all)
  // A name in the address as the index spells it (zoeken._filterwaarden): Pagefind matches no value with
  // a double quote or backslash, and collapses whitespace.
  function alsFilterwaarde(waarde) {
    return waarde.replace(/"/g, "\u201d").replace(/\\/g, "/").split(/\s+/).filter(Boolean).join(" ");
  }
  FILTERS.forEach(function (filter) {
    if (params.has(filter[0])) keuze[filter[0]] = alsFilterwaarde(params.get(filter[0]));
  });
  var zoektocht = null;  // the search being shown: its results and how far they were shown
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
  var filterblok = element("details", {"class": "pa-zoeken__filterblok"});
  filterblok.appendChild(element("summary", {}, "Filters"));
  var filterrooster = element("div", {"class": "pa-zoeken__filters"});
  filterblok.appendChild(filterrooster);
  form.appendChild(filterblok);
  var status = element("p", {"class": "pa-zoeken__status", role: "status", "aria-live": "polite"});
  var lijst = element("ol", {"class": "pa-zoeken__resultaten"});
  var meer = element("button", {type: "button", "class": "md-button pa-zoeken__meer", hidden: ""}, "Meer resultaten");
  root.replaceChildren(form, status, lijst, meer);

  function filterwaarden() {
    if (!waarden) {
      waarden = fetch(new URL("filterwaarden.json", bundel)).then(function (antwoord) {
        if (!antwoord.ok) throw new Error(antwoord.status);
        return antwoord.json();
      });
      waarden.then(toonFilters).catch(function () {
        filterrooster.appendChild(element("p", {}, "De filters konden niet worden geladen."));
      });
    }
    return waarden;
  }

  function toonFilters(alle) {
    FILTERS.forEach(function (filter) {
      var naam = filter[0];
      var opties = alle.filters[naam] || [];
      if (!opties.length) return;
      var p = element("p", {"class": "pa-zoeken__filter"});
      p.appendChild(element("label", {"for": "pa-filter-" + naam}, filter[1]));
      var select = element("select", {id: "pa-filter-" + naam, name: naam});
      select.appendChild(element("option", {value: ""}, "alle"));
      opties.forEach(function (waarde) {
        var optie = element("option", {value: waarde}, waarde);
        if (waarde === keuze[naam]) optie.selected = true;
        select.appendChild(optie);
      });
      keuze[naam] = select.value;  // a value from the address that no record has: all
      select.addEventListener("change", function () {
        keuze[naam] = select.value;
        zoek();
      });
      p.appendChild(select);
      filterrooster.appendChild(p);
    });
  }

  filterblok.addEventListener("toggle", function () { if (filterblok.open) filterwaarden(); });

  // The filters to give Pagefind, after merging the bundles of the versions asked for ("": all).
  async function pagefindFilters() {
    var filters = {};
    Object.keys(keuze).forEach(function (naam) { if (keuze[naam]) filters[naam] = keuze[naam]; });
    if (keuze.versie !== ACTUEEL) {
      var labels = (await filterwaarden()).historie || [];
      for (var i = 0; i < labels.length; i++) {
        if ((!keuze.versie || keuze.versie === labels[i]) && !samengevoegd.has(labels[i])) {
          await pagefind.mergeIndex(new URL(encodeURIComponent(labels[i]) + "/", historie).href, {baseUrl: site.pathname});
          samengevoegd.add(labels[i]);
        }
      }
    } else if (!samengevoegd.size) {
      delete filters.versie;  // the default bundle holds only what each werkgebied shows first
    }
    return filters;
  }

  function woorden(content) { return content.split(/[\r\n\s]+/g); }

  // Pagefind's own excerpt is HTML made from the indexed text unescaped; this builds a window of words
  // (its word positions count whitespace-separated words) with <mark> elements and text nodes, within
  // [van, tot) of the content: a whole page, or the section of one afspraak.
  function uittreksel(alle, van, tot, locations) {
    var lengte = 30;
    var binnen = locations.filter(function (l) { return l >= van && l < tot; });
    var eerste = binnen.length ? Math.min.apply(null, binnen) : van;
    var begin = Math.max(van, Math.min(eerste - Math.floor(lengte / 3), tot - lengte));
    var eind = Math.min(tot, begin + lengte);
    var gemarkeerd = new Set(binnen);
    var p = element("p", {"class": "pa-zoeken__uittreksel"});
    if (begin > van) p.appendChild(document.createTextNode("… "));
    for (var i = begin; i < eind; i++) {
      if (i > begin) p.appendChild(document.createTextNode(" "));
      p.appendChild(gemarkeerd.has(i) ? element("mark", {}, alle[i]) : document.createTextNode(alle[i]));
    }
    if (eind < tot) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  // A thema's afspraken that this search shows: those the words matched (all, for filters alone, or when
  // the words matched only the thema's heading), narrowed to the chosen stoplicht and partij.
  function afsprakenVan(data, term, narrowing) {
    var perAfspraak = JSON.parse(data.meta.afspraken);
    var ankers = (data.anchors || []).filter(function (a) { return a.element === "h2" && perAfspraak[a.id]; })
      .sort(function (a, b) { return a.location - b.location; });
    var alle = woorden(data.content || "");
    var locaties = {};
    (data.sub_results || []).forEach(function (sub) {
      if (sub.anchor && perAfspraak[sub.anchor.id]) locaties[sub.anchor.id] = sub.locations || [];
    });
    var geraakt = term && Object.keys(locaties).length > 0;
    return ankers.filter(function (anker) {
      if (geraakt && !locaties[anker.id]) return false;
      return narrowing.every(function (naam) { return (perAfspraak[anker.id][naam] || []).indexOf(keuze[naam]) >= 0; });
    }).map(function (anker) {
      var volgende = (data.anchors || []).filter(function (a) { return a.location > anker.location; })
        .reduce(function (min, a) { return Math.min(min, a.location); }, alle.length);
      var kop = woorden((anker.text || "").trim()).length;
      return {id: anker.id, titel: anker.text || anker.id,
              uittreksel: uittreksel(alle, Math.min(anker.location + kop, volgende), volgende, locaties[anker.id] || [])};
    });
  }

  // The result's card, or null when narrowing left none of a thema's afspraken.
  function resultaat(data, term, narrowing) {
    var li = element("li", {"class": "pa-zoeken__resultaat"});
    var kop = element("h2", {"class": "pa-zoeken__titel"});
    // Text from the afspraken is untrusted: titles and excerpts are set as text, never as HTML.
    // A result leads to its "adres" (hooks/afspraken_mkdocs/zoeken.py), relative to the site's root.
    var meta = data.meta || {};
    var adres = new URL(meta.adres || "", site);
    kop.appendChild(element("a", {href: adres.pathname + adres.hash}, meta.title || adres.pathname));
    li.appendChild(kop);
    if (meta.afspraken) {
      var afspraken = afsprakenVan(data, term, narrowing);
      if (!afspraken.length && narrowing.length) return null;
      if (afspraken.length) {
        var ul = element("ul", {"class": "pa-zoeken__afspraken"});
        afspraken.forEach(function (afspraak) {
          var item = element("li");
          item.appendChild(element("a", {href: adres.pathname + "#" + encodeURIComponent(afspraak.id)}, afspraak.titel));
          item.appendChild(afspraak.uittreksel);
          ul.appendChild(item);
        });
        li.appendChild(ul);
      }
      return li;
    }
    var alle = woorden(data.content || "");
    li.appendChild(uittreksel(alle, 0, alle.length, data.locations || []));
    // Sections of a hand-written page that match, each linked to its heading.
    var subs = (data.sub_results || []).filter(function (sub) { return sub.anchor && sub.anchor.id; }).slice(0, 3);
    if (subs.length) {
      var lijstje = element("ul", {"class": "pa-zoeken__subs"});
      subs.forEach(function (sub) {
        var item = element("li");
        item.appendChild(element("a", {href: adres.pathname + "#" + encodeURIComponent(sub.anchor.id)}, sub.title));
        lijstje.appendChild(item);
      });
      li.appendChild(lijstje);
    }
    return li;
  }

  function aantal(n) {
    return n === 1 ? "1 thema of pagina" : n + " thema\u2019s en pagina\u2019s";
  }

  function meld() {
    var z = zoektocht;
    var klaar = z.bekeken >= z.results.length;
    var n = z.exact ? z.results.length : z.getoond;
    var voor = z.term ? " voor \u201c" + z.term + "\u201d" : "";
    if (n === 0 && klaar) status.textContent = "Niets gevonden" + voor + ".";
    else status.textContent = (z.exact || klaar ? "" : "Ten minste ") + aantal(n) + " gevonden" + voor + ".";
    meer.hidden = klaar;
  }

  // Shows the next results; where narrowing may drop a thema, loads on until PER_KEER are shown.
  async function toonMeer() {
    var nummer = zoekNummer;
    var z = zoektocht;
    var getoond = 0;
    while (getoond < PER_KEER && z.bekeken < z.results.length) {
      var deel = z.results.slice(z.bekeken, z.bekeken + PER_KEER - getoond);
      var data = await Promise.all(deel.map(function (r) { return r.data(); }));
      if (nummer !== zoekNummer) return;
      z.bekeken += deel.length;
      data.forEach(function (d) {
        var kaart = resultaat(d, z.term, z.narrowing);
        if (kaart) {
          lijst.appendChild(kaart);
          getoond += 1;
        }
      });
    }
    z.getoond += getoond;
    meld();
  }

  async function zoek(event) {
    if (event) event.preventDefault();
    var nummer = ++zoekNummer;
    var term = invoer.value.trim();
    var gekozen = Object.keys(keuze).filter(function (naam) { return keuze[naam] && naam !== "versie"; });
    if (!term && !gekozen.length) {
      lijst.replaceChildren();
      meer.hidden = true;
      status.textContent = "Typ zoekwoorden of kies een filter.";
      return;
    }
    status.textContent = "Zoeken…";
    var filters = await pagefindFilters();
    if (nummer !== zoekNummer) return;
    var antwoord = await pagefind.search(term || null, {filters: filters});
    if (nummer !== zoekNummer) return;
    var narrowing = PER_AFSPRAAK.filter(function (naam) { return keuze[naam]; });
    // A thema carries the union of its afspraken's stoplichten and partijen: with one of them and no
    // words, each thema found has a matching afspraak; otherwise some may have none, and are left out.
    zoektocht = {results: antwoord.results, term: term, narrowing: narrowing, bekeken: 0, getoond: 0,
                 exact: !narrowing.length || (!term && narrowing.length === 1)};
    lijst.replaceChildren();
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
    if (FILTERS.some(function (filter) { return params.has(filter[0]); })) {
      filterblok.open = true;  // the address chose filters: show them, with their values
      await filterwaarden();
    }
    if (!invoer.value) invoer.focus();
    await zoek();
  }).catch(function () {
    status.textContent = "De zoekfunctie kon niet worden geladen.";
  });
})();
