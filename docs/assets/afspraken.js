// Sorting and filtering of afspraken tables. Without JavaScript the tables are complete and readable;
// this only adds buttons in the headers and a filter box above overview tables.
(function () {
  "use strict";

  // A cell sorts by its data-sort key when it has one (built so that plain text order is right,
  // e.g. A2 before A10), otherwise by its text in Dutch order with numbers compared as numbers.
  function compareCells(r1, r2, index) {
    var c1 = r1.cells[index], c2 = r2.cells[index];
    if (!c1 || !c2) return 0;
    if (c1.hasAttribute("data-sort") && c2.hasAttribute("data-sort")) {
      var k1 = c1.getAttribute("data-sort"), k2 = c2.getAttribute("data-sort");
      return k1 < k2 ? -1 : k1 > k2 ? 1 : 0;
    }
    return c1.textContent.trim().localeCompare(c2.textContent.trim(), "nl", { numeric: true });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compareCells(r1, r2, index);
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  var counter = 0;
  function addFilter(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table) return;
    counter += 1;
    var id = "pa-filter-" + counter;
    var bar = document.createElement("div");
    bar.className = "pa-filter";
    bar.innerHTML =
      '<label for="' + id + '">Filter afspraken</label>' +
      '<input type="search" id="' + id + '" placeholder="nummer, woord, partij of status">' +
      '<span class="pa-filter__aantal" aria-live="polite"></span>';
    wrapper.insertBefore(bar, wrapper.firstChild);
    var input = bar.querySelector("input");
    var count = bar.querySelector(".pa-filter__aantal");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        // A party shows by its abbreviation; its full name (the abbr's title) matches too.
        var names = Array.prototype.map.call(row.querySelectorAll("abbr[title]"), function (abbr) { return abbr.title; });
        var text = (row.textContent + " " + names.join(" ")).toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " van " + rows.length + " afspraken" : "";
    });
  }

  // A table wider than the screen scrolls sideways inside its region. Such a region takes keyboard focus
  // (axe: scrollable-region-focusable) and carries data-pa-schuift, which shows a visible hint; a region
  // that fits loses its tab stop, so a page of twenty small tables is not twenty extra tab stops. The
  // templates' regions (.pa-scroll) come focusable and named; Material wraps Markdown tables (the field
  // reference, tables in an intro) in .md-typeset__scrollwrap, which gets a role and a name here.
  var REGIONS = ".pa-scroll, .md-typeset__scrollwrap";

  function regionName(region) {
    var caption = region.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = region.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return "Tabel: " + el.textContent.trim();
    }
    return "Tabel";
  }

  function updateRegion(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-pa-schuift", "");
    } else {
      region.removeAttribute("tabindex");
      region.removeAttribute("data-pa-schuift");
    }
  }

  function markScrollRegions() {
    var regions = document.querySelectorAll(REGIONS);
    var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { updateRegion(entry.target); });
    }) : null;
    Array.prototype.forEach.call(regions, function (region) {
      if (!region.hasAttribute("role")) region.setAttribute("role", "region");
      if (!region.hasAttribute("aria-label")) region.setAttribute("aria-label", regionName(region));
      updateRegion(region);
      if (observer) observer.observe(region);
    });
  }

  // The werkgebied's navigation (templates/partials/navigatie.html): the page being read is marked here,
  // since many pages share its HTML.
  function page(url) { return url.split("#")[0].split("?")[0].replace(/index\.html$/, ""); }

  function setUpNavigation() {
    var here = page(location.href);
    document.querySelectorAll(".pa-navigatie").forEach(function (nav) {
      nav.querySelectorAll("a[href]").forEach(function (link) {
        if (page(link.href) === here) link.setAttribute("aria-current", "page");
      });
    });
  }

  // Material's search dialog has no accessible name of its own (axe: aria-dialog-name).
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Zoeken");
  }

  function init() {
    nameSearchDialog();
    setUpNavigation();
    document.querySelectorAll("table.pa-sorteerbaar").forEach(makeSortable);
    document.querySelectorAll("[data-pa-overzicht]").forEach(addFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // Material wraps Markdown tables when its document$ emits (its own subscription comes first).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(markScrollRegions);
  else markScrollRegions();
})();
