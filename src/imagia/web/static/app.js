/* imagia: the only script of the web app. Pages read without it; it adds live job progress
   (server-sent events) and keeps the place when the language changes. */
(function () {
  "use strict";

  function follow(box) {
    if (!window.EventSource) return;
    var bar = box.querySelector("progress");
    var pct = box.querySelector("[data-pct]");
    var msg = box.querySelector("[data-message]");
    var state = box.querySelector("[data-status]");
    var source = new EventSource(box.getAttribute("data-job-events"));

    function show(ev) {
      var d = JSON.parse(ev.data);
      if (bar) bar.value = d.progress;
      if (pct) pct.textContent = Math.round(d.progress * 100) + " %";
      if (msg) msg.textContent = d.error || d.message || "";
      if (state) {
        state.className = "state state-" + d.status;
        state.textContent = state.getAttribute("data-label-" + d.status) || d.status;
      }
    }
    source.addEventListener("progress", show);
    source.addEventListener("end", function (ev) {
      show(ev);
      source.close();
      // The finished page carries the results view and the outputs.
      window.setTimeout(function () { window.location.reload(); }, 300);
    });
  }

  function keepPlace(link) {
    link.addEventListener("click", function () {
      try { sessionStorage.setItem("imagia-scroll", String(window.scrollY)); } catch (e) { /* private mode */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-job-events]");
    if (box) follow(box);
    document.querySelectorAll("a[data-lang]").forEach(keepPlace);
    try {
      var y = sessionStorage.getItem("imagia-scroll");
      if (y !== null) {
        sessionStorage.removeItem("imagia-scroll");
        window.scrollTo(0, parseInt(y, 10) || 0);
      }
    } catch (e) { /* private mode */ }
  });

  /* A table or code block wider than the page scrolls in its own box: a keyboard reaches it
     (tab to it, then arrow keys), as WCAG 2.1.1 asks of scrollable regions. */
  function scrollers() {
    var boxes = document.querySelectorAll("main table.data, main .table-wrap, main pre");
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroller", "");
      } else if (!wide && el.hasAttribute("data-scroller")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroller");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", scrollers);
  window.addEventListener("resize", scrollers);
})();

// Advisor: only the stages of the chosen sector can be picked (a cinema project has no
// "post-launch"); a stage of another sector is cleared when the sector changes.
(function () {
  var sector = document.getElementById("adv-sector");
  var stage = document.getElementById("adv-stage");
  if (!sector || !stage) return;
  function sync() {
    stage.querySelectorAll("optgroup[data-sector]").forEach(function (g) {
      var off = g.getAttribute("data-sector") !== sector.value;
      g.disabled = off;
      if (off && g.contains(stage.selectedOptions[0])) stage.value = "";
    });
  }
  sector.addEventListener("change", sync);
  sync();
})();

// Jobs page: rows follow the jobs live. One event stream (/jobs/events) sends each new or
// changed job as its row, drawn by the server in the page's language; a new job goes on top.
(function () {
  var table = document.querySelector("table[data-jobs-events]");
  if (!table || !window.EventSource) return;
  var body = table.tBodies[0];
  var none = document.getElementById("jobs-none");
  var source = new EventSource(table.getAttribute("data-jobs-events"));
  source.addEventListener("jobs", function (ev) {
    var rows = JSON.parse(ev.data).rows;
    rows.forEach(function (r) {
      var tpl = document.createElement("template");
      tpl.innerHTML = r.html.trim();
      var row = tpl.content.firstElementChild;
      if (!row) return;
      var old = body.querySelector('tr[data-job="' + r.id + '"]');
      if (old) body.replaceChild(row, old);
      else body.insertBefore(row, body.firstElementChild);
    });
    if (rows.length) {
      table.hidden = false;
      if (none) none.hidden = true;
    }
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();
