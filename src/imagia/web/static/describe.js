/* The audio description editor of a describe-slots job: a text per slot with a live
   "fits / too long" meter (words written against the words that fit at the script's rate, the
   same count as imagia's: pause marks left out), kept in this browser while writing, and the
   filled script (ADScript.1 JSON) downloaded for describe-mix. */
(function () {
  "use strict";
  var root = document.querySelector("[data-ad-editor]");
  if (!root) return;
  var key = "imagia-ad-" + root.getAttribute("data-ad-editor");
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
  var pause = /<break[^>]*>|\[pause[^\]]*\]/gi;

  function label(name) { return root.getAttribute("data-label-" + name) || ""; }
  function words(text) {
    var t = text.replace(pause, " ").replace(/<[^<>]*>/g, " ").replace(/[<>]/g, " ").trim();
    return t ? t.split(/\s+/).length : 0;
  }
  function meter(area) {
    var fit = parseInt(area.getAttribute("data-fit"), 10) || 0;
    var n = words(area.value);
    var out = root.querySelector("[data-ad-meter='" + area.getAttribute("data-n") + "']");
    var ok = n <= fit;
    out.textContent = n + " / " + fit + " " + label("words") + " — " + (n === 0 ? label("empty") : ok ? label("fits") : label("too-long"));
    out.className = "verdict " + (n === 0 ? "" : ok ? "ok" : "ko");
  }
  root.querySelectorAll("textarea[data-n]").forEach(function (area) {
    var n = area.getAttribute("data-n");
    if (saved[n] && !area.value) area.value = saved[n];
    meter(area);
    area.addEventListener("input", function () {
      saved[n] = area.value;
      try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private mode */ }
      meter(area);
    });
  });
  var button = root.querySelector("[data-ad-download]");
  if (!button) return;
  button.addEventListener("click", function () {
    fetch(root.getAttribute("data-script-url")).then(function (r) { return r.json(); }).then(function (script) {
      delete script.provenance;
      script.lines.forEach(function (line) {
        var area = root.querySelector("textarea[data-n='" + line.n + "']");
        if (area) line.text = area.value.trim();
      });
      var blob = new Blob([JSON.stringify(script, null, 2)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = root.getAttribute("data-script-name") || "ad-script.json";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  });
})();
