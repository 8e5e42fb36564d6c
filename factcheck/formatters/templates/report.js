(function () {
  "use strict";
  // Filters live in the URL fragment (#kind=quantity&status=new) so a view can be shared.
  var form = document.getElementById("filters");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var counter = document.getElementById("shown");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var source = form.querySelector("select[name=source]");
  var range = form.querySelector("input[name=confidence]");
  function checked(name) {
    var out = {};
    boxes.forEach(function (box) { if (box.name === name) { out[box.value] = box.checked; } });
    return out;
  }
  function articlesOf(card) {
    return Array.prototype.map.call(card.querySelectorAll(".ev[data-article]"), function (ev) {
      return ev.getAttribute("data-article");
    });
  }
  function toHash() {
    var parts = [];
    ["kind", "severity", "status"].forEach(function (name) {
      var on = checked(name), all = true, chosen = [];
      Object.keys(on).forEach(function (k) { if (on[k]) { chosen.push(k); } else { all = false; } });
      if (!all) { parts.push(name + "=" + encodeURIComponent(chosen.join(",")));}
    });
    if (source && source.value) { parts.push("source=" + encodeURIComponent(source.value)); }
    if (parseFloat(range.value) > 0) { parts.push("confidence=" + range.value); }
    var hash = parts.join("&");
    if (hash !== location.hash.replace(/^#/, "")) {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }
  }
  function fromHash() {
    var text = location.hash.replace(/^#/, "");
    if (!text || text.indexOf("=") < 0) { return; }
    text.split("&").forEach(function (pair) {
      var at = pair.indexOf("="), name = pair.slice(0, at);
      var value = decodeURIComponent(pair.slice(at + 1));
      if (name === "source" && source) { source.value = value; }
      else if (name === "confidence") { range.value = value; }
      else {
        var wanted = value ? value.split(",") : [];
        boxes.forEach(function (box) {
          if (box.name === name) { box.checked = wanted.indexOf(box.value) >= 0; }
        });
      }
    });
  }
  function apply() {
    var kinds = checked("kind"), sev = checked("severity"), status = checked("status");
    var minConf = parseFloat(range.value || "0");
    var wantedSource = source ? source.value : "";
    var shown = 0;
    cards.forEach(function (card) {
      var ok = kinds[card.dataset.kind] !== false && sev[card.dataset.severity] !== false &&
        status[card.dataset.status] !== false && parseFloat(card.dataset.confidence) >= minConf &&
        (!wantedSource || articlesOf(card).indexOf(wantedSource) >= 0);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = String(shown);
    document.getElementById("confidence-value").textContent = minConf.toFixed(2);
  }
  function changed() { apply(); toHash(); }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
}());
