// Sorting and filtering of afspraken tables. Without JavaScript the tables are complete and readable;
// this only adds buttons in the headers and a filter box above overview tables.
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b) {
    var na = parseFloat(a), nb = parseFloat(b);
    if (!isNaN(na) && !isNaN(nb) && String(na) === a && String(nb) === b) return na - nb;
    return a.localeCompare(b, "nl", { numeric: true });
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
          var result = compare(cellKey(r1, index), cellKey(r2, index));
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
    wrapper.insertBefore(bar, table);
    var input = bar.querySelector("input");
    var count = bar.querySelector(".pa-filter__aantal");
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " van " + rows.length + " afspraken" : "";
    });
  }

  function init() {
    document.querySelectorAll("table.pa-sorteerbaar").forEach(makeSortable);
    document.querySelectorAll("[data-pa-overzicht]").forEach(addFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
