// Two questions a reader can ask on a werkgebied page, answered in the browser from files the site
// already publishes, so the site needs no page per pair of versions (342 werkgebieden x n versions):
//   - "Vergelijk twee versies": the per-version afspraken.json of both versions, matched through ids.json
//     (each afspraak's persistent id per version, so a renumbered afspraak is one afspraak);
//   - "Welke afspraken golden op een datum?": the version vastgesteld last on or before that date, from the
//     data attributes of the versions table.
// Text from the data is only ever set as textContent, never as HTML. Without JavaScript the forms stay
// hidden and the page lists every version and every comparison page as before.
(function () {
  "use strict";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // --- a value as a reader sees it -------------------------------------------------------------------
  function tekst(value) {
    if (value === undefined || value === null || value === "") return "(leeg)";
    if (Array.isArray(value)) {
      if (!value.length) return "(geen)";
      return value.map(tekst).join(value.every(function (v) { return typeof v !== "object"; }) ? ", " : "; ");
    }
    if (typeof value === "object") {
      return Object.keys(value).map(function (key) { return key + ": " + tekst(value[key]); }).join(", ");
    }
    return String(value);
  }

  var NIET_VERGELEKEN = { nr: true, vorig_nr: true };

  function velden(oud, nieuw) {
    var keys = [];
    Object.keys(oud).concat(Object.keys(nieuw)).forEach(function (key) {
      if (!NIET_VERGELEKEN[key] && keys.indexOf(key) < 0) keys.push(key);
    });
    return keys.filter(function (key) { return JSON.stringify(oud[key]) !== JSON.stringify(nieuw[key]); });
  }

  // --- the comparison --------------------------------------------------------------------------------
  function vergelijk(ids, van, tot, afsprakenVan, afsprakenTot) {
    function perId(label, afspraken) {
      var map = {}, order = [];
      afspraken.forEach(function (a) {
        var id = (ids.versies[label] || {})[a.nr] || label + ":" + a.nr;
        map[id] = a;
        order.push(id);
      });
      return { map: map, order: order };
    }
    var oud = perId(van, afsprakenVan), nieuw = perId(tot, afsprakenTot);
    var uitkomst = { toegevoegd: [], vervallen: [], gewijzigd: [], ongewijzigd: [] };
    nieuw.order.forEach(function (id) {
      var a = nieuw.map[id], b = oud.map[id];
      if (!b) { uitkomst.toegevoegd.push(a); return; }
      var changed = velden(b, a);
      if (changed.length || a.nr !== b.nr) uitkomst.gewijzigd.push({ van: b, tot: a, velden: changed });
      else uitkomst.ongewijzigd.push(a);
    });
    oud.order.forEach(function (id) { if (!nieuw.map[id]) uitkomst.vervallen.push(oud.map[id]); });
    return uitkomst;
  }

  function kort(value) {
    var t = tekst(value).replace(/\s+/g, " ");
    return t.length > 120 ? t.slice(0, 119) + "…" : t;
  }

  function toon(doel, naamVan, naamTot, uitkomst, pagina) {
    doel.textContent = "";
    doel.appendChild(el("h3", naamVan + " → " + naamTot));
    var hernummerd = uitkomst.gewijzigd.filter(function (w) { return w.van.nr !== w.tot.nr; }).length;
    doel.appendChild(el("p", uitkomst.toegevoegd.length + " toegevoegd, " + uitkomst.vervallen.length +
      " vervallen, " + uitkomst.gewijzigd.length + " gewijzigd (waarvan " + hernummerd + " hernummerd), " +
      uitkomst.ongewijzigd.length + " ongewijzigd.", "pa-vergelijking__telling"));
    if (pagina) {
      var p = el("p");
      var link = el("a", "Alle wijzigingen per woord op de pagina " + naamVan + " → " + naamTot);
      link.href = pagina;
      p.appendChild(link);
      doel.appendChild(p);
    }
    function lijst(kop, items, render) {
      if (!items.length) return;
      doel.appendChild(el("h4", kop + " (" + items.length + ")"));
      var ul = el("ul", null, "pa-vergelijking__lijst");
      items.forEach(function (item) { ul.appendChild(render(item)); });
      doel.appendChild(ul);
    }
    lijst("Toegevoegd", uitkomst.toegevoegd, function (a) { return el("li", "+ " + a.nr + ": " + kort(a.inhoud)); });
    lijst("Vervallen", uitkomst.vervallen, function (a) { return el("li", "− " + a.nr + ": " + kort(a.inhoud)); });
    lijst("Gewijzigd", uitkomst.gewijzigd, function (w) {
      var li = el("li");
      var kop = w.tot.nr + (w.van.nr !== w.tot.nr ? " (was " + w.van.nr + ")" : "") + ": " +
        (w.velden.length ? w.velden.join(", ") : "alleen hernummerd");
      li.appendChild(el("strong", kop));
      if (w.velden.length) {
        var dl = el("dl", null, "pa-vergelijking__velden");
        w.velden.forEach(function (veld) {
          dl.appendChild(el("dt", veld));
          var was = el("dd");
          was.appendChild(el("span", "was: ", "pa-vergelijking__teken"));
          was.appendChild(el("del", tekst(w.van[veld])));
          var nu = el("dd");
          nu.appendChild(el("span", "nu: ", "pa-vergelijking__teken"));
          nu.appendChild(el("ins", tekst(w.tot[veld])));
          dl.appendChild(was);
          dl.appendChild(nu);
        });
        li.appendChild(dl);
      }
      return li;
    });
  }

  function initVergelijken(form) {
    var van = form.querySelector("select[name=van]"), tot = form.querySelector("select[name=tot]");
    var doel = document.getElementById(form.getAttribute("data-uitkomst"));
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = van.options[van.selectedIndex], b = tot.options[tot.selectedIndex];
      if (a.value === b.value) {
        doel.textContent = "Kies twee verschillende versies.";
        return;
      }
      doel.textContent = "Bezig met vergelijken…";
      var pagina = form.querySelector('a[data-van="' + CSS.escape(a.value) + '"][data-tot="' + CSS.escape(b.value) + '"]');
      Promise.all([getJson(form.getAttribute("data-ids")), getJson(a.getAttribute("data-json")),
                   getJson(b.getAttribute("data-json"))])
        .then(function (data) {
          var uitkomst = vergelijk(data[0], a.value, b.value, data[1].afspraken, data[2].afspraken);
          toon(doel, a.textContent, b.textContent, uitkomst, pagina ? pagina.href : "");
        })
        .catch(function () {
          doel.textContent = "De vergelijking kon niet worden geladen. Probeer het later opnieuw.";
        });
    });
  }

  // --- in force on a date ----------------------------------------------------------------------------
  function datumTekst(iso) {
    var d = new Date(iso + (iso.length === 7 ? "-01" : "") + "T12:00:00");
    if (isNaN(d)) return iso;
    var opties = iso.length === 7 ? { year: "numeric", month: "long" } : { year: "numeric", month: "long", day: "numeric" };
    return d.toLocaleDateString("nl-NL", opties);
  }

  function initGeldend(form) {
    var input = form.querySelector("input[type=date]");
    var doel = document.getElementById(form.getAttribute("data-uitkomst"));
    var rijen = Array.prototype.slice.call(document.querySelectorAll(form.getAttribute("data-versies")));
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var datum = input.value;
      doel.textContent = "";
      if (!datum) { doel.textContent = "Kies een datum."; return; }
      var geldend = null, eerste = null;
      rijen.forEach(function (rij) {
        var op = rij.getAttribute("data-vastgesteld-op");
        if (!op || rij.getAttribute("data-status") !== "vastgesteld") return;
        if (!eerste || op < eerste.getAttribute("data-vastgesteld-op")) eerste = rij;
        // A version signed on the date is in force that day; YYYY-MM counts from the first of the month.
        var vanaf = op.length === 7 ? op + "-01" : op;
        if (vanaf <= datum && (!geldend || op >= geldend.getAttribute("data-vastgesteld-op"))) geldend = rij;
      });
      var p = el("p");
      if (!geldend) {
        p.textContent = "Op " + datumTekst(datum) + " was er nog geen vastgestelde versie" +
          (eerste ? "; de eerste is vastgesteld op " + datumTekst(eerste.getAttribute("data-vastgesteld-op")) + "." : ".");
      } else {
        var link = el("a", "versie " + geldend.getAttribute("data-versie"));
        link.href = geldend.getAttribute("data-url");
        p.appendChild(document.createTextNode("Op " + datumTekst(datum) + " golden de afspraken van "));
        p.appendChild(link);
        p.appendChild(document.createTextNode(", vastgesteld op " +
          datumTekst(geldend.getAttribute("data-vastgesteld-op")) + "."));
      }
      doel.appendChild(p);
    });
  }

  function init() {
    document.querySelectorAll(".pa-versiehulp").forEach(function (hulp) { hulp.hidden = false; });
    document.querySelectorAll("form.pa-vergelijken").forEach(initVergelijken);
    document.querySelectorAll("form.pa-geldend-op").forEach(initGeldend);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
