(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var counter = document.getElementById("shown");
  function checked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function apply() {
    var kinds = checked("kind"), sev = checked("severity"), status = checked("status");
    var minConf = parseFloat(form.querySelector("input[name=confidence]").value || "0");
    var shown = 0;
    cards.forEach(function (card) {
      var ok = kinds[card.dataset.kind] !== false && sev[card.dataset.severity] !== false &&
        status[card.dataset.status] !== false && parseFloat(card.dataset.confidence) >= minConf;
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    counter.textContent = String(shown);
    document.getElementById("confidence-value").textContent = minConf.toFixed(2);
  }
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();
}());
