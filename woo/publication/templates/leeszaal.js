// Client-side search of the reading room: filters the list that is already on the page (it works without
// JavaScript too, then showing everything). Reads and writes the query in the address, so a search can be shared.
(function () {
  "use strict";
  var form = document.getElementById("zoekformulier");
  var list = document.getElementById("resultaten");
  var count = document.getElementById("aantal");
  if (!form || !list || !count) { return; }
  var fields = ["q", "van", "tot", "categorie", "besluit"];
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-nummer]"));

  function plain(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function values() {
    var v = {};
    fields.forEach(function (name) { v[name] = (form.elements[name] && form.elements[name].value || "").trim(); });
    return v;
  }

  function matches(li, v) {
    var words = plain(v.q).split(/\s+/).filter(Boolean);
    var hay = plain(li.getAttribute("data-nummer") + " " + li.getAttribute("data-onderwerp"));
    for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) === -1) { return false; } }
    var day = li.getAttribute("data-datum");
    if (v.van && day < v.van) { return false; }
    if (v.tot && day > v.tot) { return false; }
    if (v.categorie && li.getAttribute("data-categorie") !== v.categorie) { return false; }
    if (v.besluit && li.getAttribute("data-besluit") !== v.besluit) { return false; }
    return true;
  }

  function apply(updateAddress) {
    var v = values();
    var shown = 0;
    items.forEach(function (li) {
      var ok = matches(li, v);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === 1 ? "1 verzoek gevonden" : shown + " verzoeken gevonden";
    if (updateAddress && window.history && window.history.replaceState) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (v[name]) { params.set(name, v[name]); } });
      var query = params.toString();
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    }
  }

  var start = new URLSearchParams(window.location.search);
  fields.forEach(function (name) { if (start.get(name) && form.elements[name]) { form.elements[name].value = start.get(name); } });
  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); count.focus(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
  apply(false);
}());
