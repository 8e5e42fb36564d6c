(function () {
  "use strict";
  // Keyboard triage over the server-rendered page. Decisions are POSTed with the run's
  // token; the server saves each one at once through the reviews module.
  var tokenMeta = document.querySelector("meta[name=factcheck-token]");
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
  var toast = document.getElementById("toast");
  var undoButton = document.getElementById("undo");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var current = -1;
  var toastTimer = null;

  function say(text, isError) {
    if (!toast) { return; }
    toast.textContent = text;
    toast.className = isError ? "error" : "";
    toast.hidden = false;
    if (toastTimer) { clearTimeout(toastTimer); }
    toastTimer = setTimeout(function () { toast.hidden = true; }, isError ? 6000 : 3000);
  }

  function select(index, quiet) {
    if (!cards.length) { return; }
    index = Math.max(0, Math.min(cards.length - 1, index));
    if (current >= 0 && cards[current]) { cards[current].classList.remove("current"); }
    current = index;
    var card = cards[current];
    card.classList.add("current");
    card.focus({ preventScroll: true });
    if (!quiet) { card.scrollIntoView({ block: "start", behavior: "instant" }); }
    if (!quiet && history.replaceState) {
      history.replaceState(null, "", location.pathname + location.search + "#c-" + card.dataset.id);
    }
  }

  function go(rel) {
    var link = document.querySelector(".pager a[rel=" + rel + "]");
    if (link) { location.href = link.getAttribute("href") + (rel === "prev" ? "#last" : ""); }
    return Boolean(link);
  }

  function move(step) {
    if (!cards.length) { return; }
    var next = current + step;
    if (next >= cards.length) { if (!go("next")) { select(cards.length - 1); } return; }
    if (next < 0) { if (!go("prev")) { select(0); } return; }
    select(next);
  }

  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    body.append("token", token);
    return fetch(url, {
      method: "POST",
      headers: { "Accept": "application/json", "X-Factcheck-Token": token },
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "HTTP " + response.status };
      });
    });
  }

  function tally(counts) {
    // The header counts follow each decision and undo, with no reload.
    if (!counts) { return; }
    Object.keys(counts).forEach(function (status) {
      var cell = document.getElementById("count-" + status);
      if (cell) { cell.textContent = String(counts[status]); }
    });
  }

  function show(card, data) {
    tally(data.counts);
    if (!card) { return; }
    card.dataset.status = data.status;
    var badge = card.querySelector(".badge.status");
    badge.textContent = data.status;
    badge.className = "badge status " + data.status;
    var line = card.querySelector(".review");
    line.textContent = "";
    if (data.status === "new") {
      line.textContent = "not reviewed yet";
    } else {
      var strong = document.createElement("strong");
      strong.textContent = data.status;
      line.appendChild(strong);
      var rest = (data.reviewer ? " by " + data.reviewer : "") + (data.date ? " on " + data.date : "") +
        (data.note ? ": " + data.note : "");
      line.appendChild(document.createTextNode(rest));
    }
    card.querySelector("textarea[name=note]").value = data.note || "";
    card.classList.toggle("decided", data.status !== "new");
  }

  function decide(card, status) {
    var note = card.querySelector("textarea[name=note]").value;
    post("/decide", { fingerprint: card.dataset.id, status: status, note: note }).then(function (data) {
      if (!data.ok) { say(data.error || "not saved", true); return; }
      show(card, data);
      if (undoButton) { undoButton.disabled = false; }
      say(data.status + " " + data.fingerprint.slice(0, 8) + " saved · u to undo");
      // Move on, but never off the page: the next page of "new" shifts once this is saved.
      if (cards.indexOf(card) === current && current < cards.length - 1) { select(current + 1); }
    }, function () { say("could not reach factcheck serve: is it still running?", true); });
  }

  function undo() {
    post("/undo", {}).then(function (data) {
      if (!data.ok) { say(data.error || "nothing undone", true); return; }
      var card = document.getElementById("c-" + data.fingerprint);
      show(card, data);
      if (card) { select(cards.indexOf(card)); }
      if (undoButton) { undoButton.disabled = !data.can_undo; }
      say("undone: " + data.fingerprint.slice(0, 8) + " is " + data.status + " again");
    }, function () { say("could not reach factcheck serve", true); });
  }

  function explain(card) {
    var area = card.querySelector("textarea[name=note]");
    if (area.value.trim()) { decide(card, "explained"); return; }
    area.focus();
    area.dataset.pending = "explained";
    say("type the explanation, then Enter to save (Esc cancels)");
  }

  cards.forEach(function (card, i) {
    card.addEventListener("click", function () { if (current !== i) { select(i); } });
    var form = card.querySelector("form.decide");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = event.submitter ? event.submitter.value : "dismissed";
      select(i);
      decide(card, status);
    });
    var area = card.querySelector("textarea[name=note]");
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        decide(card, area.dataset.pending || "explained");
        delete area.dataset.pending;
        area.blur();
      } else if (event.key === "Escape") {
        delete area.dataset.pending;
        area.blur();
        card.focus({ preventScroll: true });
      }
    });
  });

  var undoForm = document.querySelector("form.undo");
  if (undoForm) {
    undoForm.addEventListener("submit", function (event) { event.preventDefault(); undo(); });
  }

  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("change", function () { filters.submit(); });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "textarea" || tag === "input" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var card = cards[current];
    switch (event.key) {
      case "j": case "ArrowDown": case "ArrowRight": move(1); break;
      case "k": case "ArrowUp": case "ArrowLeft": move(-1); break;
      case "c": if (card) { decide(card, "confirmed"); } break;
      case "d": if (card) { decide(card, "dismissed"); } break;
      case "e": if (card) { explain(card); } break;
      case "u": case "z": undo(); break;
      case "o": if (card) { var open = card.querySelector("a.open"); if (open) { location.href = open.href; } } break;
      case "]": go("next"); break;
      case "[": go("prev"); break;
      default: return;
    }
    event.preventDefault();
  });

  if (cards.length) {
    var wanted = location.hash === "#last" ? cards.length - 1 : 0;
    var match = /^#c-(.+)$/.exec(location.hash);
    if (match) {
      var found = document.getElementById("c-" + match[1]);
      if (found) { wanted = cards.indexOf(found); }
    }
    select(wanted, wanted === 0 && !match);
  }
}());
