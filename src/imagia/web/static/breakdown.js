/* The editable breakdown: remove an element, move it to another category, add one to a scene.
   Each change is posted to /api/script/breakdown/<job>/edits (JSON, with the page's CSRF
   token) and the scene is drawn again from the answer. Words come from the page (data-l-*). */
(function () {
  "use strict";
  var table = document.querySelector("table[data-bd-edit]");
  if (!table || !window.fetch) return;
  var api = table.getAttribute("data-bd-edit");
  var status = document.querySelector("[data-bd-status]");
  var count = document.querySelector("[data-bd-n]");
  var tpl = document.getElementById("bd-options");
  var names = {};
  if (tpl) {
    Array.prototype.forEach.call(tpl.content.querySelectorAll("option"), function (o) {
      names[o.value] = o.textContent;
    });
  }
  function word(key) { return table.getAttribute("data-l-" + key) || ""; }
  function say(text, bad) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("error-box", !!bad);
  }

  function post(body) {
    var csrf = document.querySelector('meta[name="csrf-token"]');
    return fetch(api, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Accept-Language": document.documentElement.lang || "en",
        "X-CSRF-Token": csrf ? csrf.getAttribute("content") : ""
      },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().then(function (data) {
        if (!resp.ok) throw new Error(data.message || resp.statusText);
        return data;
      });
    });
  }

  function options(selected) {
    var sel = document.createElement("select");
    Object.keys(names).forEach(function (id) {
      var o = document.createElement("option");
      o.value = id;
      o.textContent = names[id];
      if (id === selected) o.selected = true;
      sel.appendChild(o);
    });
    return sel;
  }

  function tag(item) {
    var span = document.createElement("span");
    var known = Object.prototype.hasOwnProperty.call(names, item.category);
    span.className = "bd-tag bd-" + (known ? item.category : "other");
    span.setAttribute("translate", "no");  // the screenplay's words, not the interface's
    span.setAttribute("data-name", item.name);
    span.setAttribute("data-category", item.category);
    var how = item.method === "user" ? word("user")
      : word("confidence") + " " + Math.round(item.confidence * 100) + " %";
    span.title = (names[item.category] || item.category) + " · " + how;
    var label = document.createElement("span");
    label.className = "bd-name";
    label.textContent = item.name + (item.count ? " ×" + item.count : "");
    span.appendChild(label);
    return span;
  }

  function controls(span) {
    var name = span.getAttribute("data-name");
    var category = span.getAttribute("data-category");
    var row = span.closest("tr[data-scene]");
    var scene = parseInt(row.getAttribute("data-scene"), 10);
    var sel = options(category);
    sel.className = "bd-cat";
    sel.setAttribute("aria-label", word("category") + " " + name);
    sel.addEventListener("change", function () {
      edit(row, { scene: scene, op: "recategorise", name: name, category: sel.value, previous: category })
        .then(function (ok) { if (!ok) sel.value = category; });
    });
    var rm = document.createElement("button");
    rm.type = "button";
    rm.className = "bd-remove";
    rm.textContent = "×";
    rm.setAttribute("aria-label", word("remove") + " " + name);
    rm.addEventListener("click", function () {
      edit(row, { scene: scene, op: "remove", name: name, category: category });
    });
    span.appendChild(sel);
    span.appendChild(rm);
  }

  function draw(row, scene) {
    var box = row.querySelector(".bd-items");
    while (box.firstChild) box.removeChild(box.firstChild);
    scene.items.forEach(function (item) {
      var span = tag(item);
      box.appendChild(span);
      controls(span);
    });
  }

  function edit(row, body) {
    say("");
    return post(body).then(function (data) {
      draw(row, data.scene);
      if (count) count.textContent = String(data.edits);
      say(word("saved"));
      return true;
    }).catch(function (err) {
      say(err.message, true);
      return false;
    });
  }

  Array.prototype.forEach.call(table.querySelectorAll(".bd-tag"), controls);
  Array.prototype.forEach.call(table.querySelectorAll("form.bd-add"), function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var row = form.closest("tr[data-scene]");
      var input = form.querySelector("input[name=name]");
      var body = {
        scene: parseInt(form.getAttribute("data-scene"), 10),
        op: "add",
        name: input.value.trim(),
        category: form.querySelector("select[name=category]").value
      };
      if (!body.name) return;
      edit(row, body).then(function (ok) { if (ok) input.value = ""; });
    });
  });
})();
