/* imagia: the stripboard editor of the schedule views. Without it the stripboard reads as a
   table; with it each strip can be dragged onto another day (HTML5 drag and drop) or sent there
   with its "move to day" list (keyboard), and after each move the server's independent checker
   (POST /api/schedule/evaluate) gives the new cost, the difference and the broken constraints.
   Loaded as a file (the CSP forbids inline scripts); no library. */
(function () {
  "use strict";

  function Board(panel, table) {
    this.panel = panel;
    this.table = table;
    this.body = table.querySelector("tbody[data-stripboard]");
    this.job = panel.getAttribute("data-job");
    this.lang = document.documentElement.lang || "en";
    this.seq = 0;
    this.strips = {};   // scene id -> row
    this.ends = {};     // date -> end-of-day row
    this.dates = [];    // calendar dates, in order
    this.assign = {};   // date -> scene ids in order
    var self = this;
    this.body.querySelectorAll("tr.strip-end").forEach(function (row) {
      var day = row.getAttribute("data-day");
      self.dates.push(day);
      self.ends[day] = row;
      self.assign[day] = [];
    });
    this.body.querySelectorAll("tr.strip").forEach(function (row) {
      var sid = row.getAttribute("data-scene");
      self.strips[sid] = row;
      self.assign[row.getAttribute("data-date")].push(sid);
    });
    this.initial = this.copy(this.assign);
  }

  Board.prototype.label = function (key) {
    return this.panel.getAttribute("data-label-" + key) || key;
  };

  Board.prototype.copy = function (assign) {
    var out = {};
    for (var k in assign) out[k] = assign[k].slice();
    return out;
  };

  Board.prototype.dateOf = function (sid) {
    for (var i = 0; i < this.dates.length; i++) {
      if (this.assign[this.dates[i]].indexOf(sid) >= 0) return this.dates[i];
    }
    return null;
  };

  Board.prototype.number = function (n) {
    try { return Number(n).toLocaleString(this.lang); } catch (e) { return String(n); }
  };

  Board.prototype.signed = function (n) {
    return (n > 0 ? "+" : n < 0 ? "\u2212" : "") + this.number(Math.abs(n));
  };

  /* Add the "move to day" lists and make the strips draggable. */
  Board.prototype.setup = function () {
    var self = this;
    var th = document.createElement("th");
    th.scope = "col";
    th.textContent = this.label("move");
    this.table.querySelector("thead tr").appendChild(th);
    this.dates.forEach(function (day) {
      self.ends[day].appendChild(document.createElement("td"));
      self.ends[day].hidden = false;  // empty days become drop targets
    });
    Object.keys(this.strips).forEach(function (sid) {
      var row = self.strips[sid];
      var cell = document.createElement("td");
      var select = document.createElement("select");
      select.setAttribute("data-sb-move", sid);
      select.setAttribute("aria-label", self.label("move") + " (" + self.label("scene") + " " + sid + ")");
      self.dates.forEach(function (day) {
        var opt = document.createElement("option");
        opt.value = day;
        opt.textContent = day + " " + (self.ends[day].getAttribute("data-weekday") || "");
        select.appendChild(opt);
      });
      select.addEventListener("change", function () {
        self.move(sid, select.value, null);
      });
      cell.appendChild(select);
      row.appendChild(cell);
      row.draggable = true;
      row.addEventListener("dragstart", function (ev) {
        ev.dataTransfer.setData("text/plain", sid);
        ev.dataTransfer.effectAllowed = "move";
        row.classList.add("dragging");
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("dragging");
        self.clearTarget();
      });
    });
    this.body.addEventListener("dragover", function (ev) {
      var row = ev.target.closest && ev.target.closest("tr.strip, tr.strip-end");
      if (!row) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
      if (!row.classList.contains("drop-target")) {
        self.clearTarget();
        row.classList.add("drop-target");
      }
    });
    this.body.addEventListener("drop", function (ev) {
      var row = ev.target.closest && ev.target.closest("tr.strip, tr.strip-end");
      if (!row) return;
      ev.preventDefault();
      self.clearTarget();
      var sid = ev.dataTransfer.getData("text/plain");
      if (!self.strips[sid]) return;
      if (row.classList.contains("strip-end")) {
        self.move(sid, row.getAttribute("data-day"), null);
      } else {
        var other = row.getAttribute("data-scene");
        if (other !== sid) self.move(sid, self.dateOf(other), other);
      }
    });
    this.panel.querySelector("[data-sb-reset]").addEventListener("click", function () {
      self.assign = self.copy(self.initial);
      self.render();
      self.evaluate(null);
    });
    this.panel.querySelector("[data-sb-save]").addEventListener("click", function () {
      self.save();
    });
    var cost = this.panel.querySelector("[data-sb-cost]");
    cost.textContent = this.number(parseInt(cost.textContent, 10) || 0);
    this.panel.hidden = false;
    this.render();
  };

  Board.prototype.clearTarget = function () {
    this.body.querySelectorAll(".drop-target").forEach(function (r) { r.classList.remove("drop-target"); });
  };

  /* Move a strip to ``day``, before the strip ``before`` (or last). */
  Board.prototype.move = function (sid, day, before) {
    if (!day || !this.assign[day]) return;
    var from = this.dateOf(sid);
    if (from) this.assign[from].splice(this.assign[from].indexOf(sid), 1);
    var list = this.assign[day];
    var at = before ? list.indexOf(before) : -1;
    if (at < 0) list.push(sid); else list.splice(at, 0, sid);
    this.render();
    this.evaluate(sid);
  };

  /* Set a text or an attribute only when it changes: an unchanged write still invalidates the
     row's style, and at 200 strips a full rewrite after each move cost seconds of layout. */
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  /* Put the rows in the order of ``assign``; number the shooting days. Only the rows out of
     place move (a drag moves one strip: one insertion, not 260). */
  Board.prototype.render = function (days) {
    var self = this;
    var focused = document.activeElement;  // moving a row blurs it: give the focus back
    var used = 0;
    var info = {};
    var order = [];
    (days || []).forEach(function (d) { info[d.date] = d; });
    this.dates.forEach(function (day) {
      var ids = self.assign[day];
      if (ids.length) used += 1;
      ids.forEach(function (sid) {
        var row = self.strips[sid];
        setAttr(row, "data-date", day);
        setText(row.querySelector("[data-day-num]"), String(used));
        var select = row.querySelector("select[data-sb-move]");
        if (select.value !== day) select.value = day;
        var moved = self.initial[day].indexOf(sid) < 0;
        if (row.classList.contains("moved") !== moved) row.classList.toggle("moved", moved);
        order.push(row);
      });
      var end = self.ends[day];
      if (end.classList.contains("strip-empty") !== !ids.length) {
        end.classList.toggle("strip-empty", !ids.length);
      }
      setText(end.querySelector("[data-day-label]"),
        (ids.length ? self.label("end") + " " + used : self.label("empty")) + " \u2014 " + day);
      if (info[day]) {
        setText(end.querySelector("[data-day-pages]"), String(info[day].pages));
        setText(end.querySelector("[data-day-locations]"), info[day].locations.join(", "));
      }
      order.push(end);
    });
    order.forEach(function (row, i) { row.sbIndex = i; });
    var at = this.body.firstElementChild;
    order.forEach(function (row, i) {
      if (row === at) {
        at = at.nextElementSibling;
      } else if (at && at.nextElementSibling === row && at.sbIndex > i) {
        at = row.nextElementSibling;  // ``at`` belongs further down: it moves when its turn comes
      } else {
        self.body.insertBefore(row, at);
      }
    });
    if (focused && focused !== document.activeElement && this.body.contains(focused)) {
      focused.focus();
    }
  };

  Board.prototype.request = function (url) {
    var self = this;
    var body = {
      job: this.job,
      days: this.dates.map(function (day) { return { date: day, scenes: self.assign[day] }; })
    };
    var csrf = document.querySelector('meta[name="csrf-token"]');
    return fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
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
  };

  Board.prototype.status = function (text, link) {
    var box = this.panel.querySelector("[data-sb-status]");
    box.textContent = text;
    if (link) {
      box.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = link.url;
      a.textContent = link.path;
      a.setAttribute("download", "");
      box.appendChild(a);
    }
  };

  Board.prototype.evaluate = function (sid) {
    var self = this;
    var seq = ++this.seq;
    this.panel.setAttribute("aria-busy", "true");
    this.panel.querySelector("[data-sb-save]").disabled = true;
    this.request(this.panel.getAttribute("data-evaluate")).then(function (data) {
      if (seq !== self.seq) return;  // a later move is on its way
      self.show(data);
      if (sid) {
        var cur = self.panel.getAttribute("data-currency");
        self.status(self.label("scene") + " " + sid + " " + self.label("moved") + " " +
                    self.dateOf(sid) + ": " + self.number(data.costs.total) + " " + cur +
                    " (" + self.signed(data.delta.total) + ")");
      } else {
        self.status("");
      }
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.status(self.label("error") + ": " + err.message);
    }).then(function () {
      if (seq === self.seq) self.panel.removeAttribute("aria-busy");
    });
  };

  Board.prototype.show = function (data) {
    var p = this.panel;
    var total = data.delta.total;
    p.querySelector("[data-sb-cost]").textContent = this.number(data.costs.total);
    var delta = p.querySelector("[data-sb-delta]");
    delta.textContent = this.signed(total);
    delta.className = "value " + (total > 0 ? "delta-up" : total < 0 ? "delta-down" : "delta-zero");
    p.querySelector("[data-sb-moved]").textContent = String(data.moved.length);
    var parts = [];
    for (var k in data.costs) {
      if (k === "total") continue;
      var d = data.delta[k] || 0;
      var name = this.panel.getAttribute("data-label-cost-" + k.replace(/_/g, "-"));
      parts.push((name || k.replace(/_/g, " ")) + " " + this.number(data.costs[k]) +
                 (d ? " (" + this.signed(d) + ")" : ""));
    }
    p.querySelector("[data-sb-breakdown]").textContent = parts.join(" \u00b7 ");
    var box = p.querySelector("[data-sb-violations]");
    box.textContent = "";
    if (data.violations.length) {
      var ul = document.createElement("ul");
      data.violations.forEach(function (v) {
        var li = document.createElement("li");
        li.textContent = v;
        ul.appendChild(li);
      });
      box.appendChild(ul);
    } else {
      var ok = document.createElement("p");
      ok.className = "ok";
      ok.textContent = this.label("ok");
      box.appendChild(ok);
    }
    p.querySelector("[data-sb-reset]").disabled = data.moved.length === 0;
    p.querySelector("[data-sb-save]").disabled = !(data.ok && data.moved.length);
    this.render(data.days);
  };

  Board.prototype.save = function () {
    var self = this;
    var button = this.panel.querySelector("[data-sb-save]");
    button.disabled = true;
    this.request(this.panel.getAttribute("data-save")).then(function (data) {
      self.status(self.label("saved") + ":", data.saved);
    }).catch(function (err) {
      self.status(self.label("error") + ": " + err.message);
      button.disabled = false;
    });
  };

  function start() {
    var panel = document.getElementById("stripboard-edit");
    var table = document.querySelector("table.stripboard[data-job]");
    if (!panel || !table || !window.fetch) return;
    new Board(panel, table).setup();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
