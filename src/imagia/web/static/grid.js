/* The programme grid of a grid-plan job: move a programme to another slot (drag it, or press
   one programme then another to swap them) and the rules, quotas and expected audience are
   re-checked at once by the server's independent checker. */
(function () {
  "use strict";
  var root = document.querySelector("[data-grid-job]");
  if (!root) return;
  var job = root.getAttribute("data-grid-job");
  var status = root.querySelector("[data-grid-status]");
  var lang = document.documentElement.lang || "en";
  var fmt = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 0 });
  var picked = null;
  var dragged = null;

  function label(name) { return root.getAttribute("data-label-" + name) || ""; }

  function swap(a, b) {
    if (a === b) return;
    var cellA = a.closest("td"), cellB = b.closest("td");
    var pa = a.getAttribute("data-programme"), pb = b.getAttribute("data-programme");
    var ha = a.innerHTML, hb = b.innerHTML, ca = cellA.className, cb = cellB.className;
    a.setAttribute("data-programme", pb); b.setAttribute("data-programme", pa);
    a.innerHTML = hb; b.innerHTML = ha; cellA.className = cb; cellB.className = ca;
    check();
  }

  function grid() {
    var out = [];
    root.querySelectorAll("button[data-start]").forEach(function (b) {
      out.push({ start: b.getAttribute("data-start"), programme: b.getAttribute("data-programme") });
    });
    return out;
  }

  function check() {
    status.textContent = label("checking");
    var csrf = document.querySelector('meta[name="csrf-token"]');
    fetch("/api/broadcast/grid/check", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRF-Token": csrf ? csrf.getAttribute("content") : ""
      },
      body: JSON.stringify({ job: job, grid: grid() })
    }).then(function (resp) {
      return resp.json().then(function (data) {
        if (!resp.ok) throw new Error(data.message || resp.statusText);
        return data;
      });
    }).then(function (data) {
      var text = (data.ok ? label("ok") : data.findings.length + " " + label("broken")) +
        " — " + label("audience") + " " + fmt.format(data.audience_k) + " k";
      status.textContent = text;
      status.className = data.ok ? "grid-ok" : "warn";
      var list = root.querySelector("[data-grid-findings]");
      list.innerHTML = "";
      data.findings.slice(0, 20).forEach(function (f) {
        var li = document.createElement("li");
        var fr = lang === "fr";
        li.textContent = (fr ? f.rule_fr : f.rule_en) + " — " + f.when + " " + f.programme +
          (fr ? " : " : ": ") + (fr ? f.detail_fr : f.detail);
        list.appendChild(li);
      });
    }).catch(function (err) { status.textContent = String(err.message || err); status.className = "warn"; });
  }

  root.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-start]");
    if (!b) return;
    if (picked === null) { picked = b; b.setAttribute("aria-pressed", "true"); return; }
    picked.setAttribute("aria-pressed", "false");
    var first = picked; picked = null;
    swap(first, b);
  });
  root.addEventListener("dragstart", function (ev) {
    var b = ev.target.closest("button[data-start]");
    if (b) { dragged = b; ev.dataTransfer.setData("text/plain", b.getAttribute("data-programme")); }
  });
  root.addEventListener("dragover", function (ev) {
    if (dragged && ev.target.closest("button[data-start]")) ev.preventDefault();
  });
  root.addEventListener("drop", function (ev) {
    var b = ev.target.closest("button[data-start]");
    if (dragged && b) { ev.preventDefault(); swap(dragged, b); }
    dragged = null;
  });
})();
