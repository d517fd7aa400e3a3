/* imagia: the cue editor of the subtitle views. Opened by its button, it loads the job's cues
   (GET /api/subtitles/<job>/cues), draws the media's waveform (GET .../waveform, peaks every
   10 ms) with the cues as boxes and the playhead, and lists every cue: text and in/out
   timecodes at the job's exact frame rate (drop-frame too), nudged a frame at a time, split at
   the caret and merged with the next. Each edit is checked by the project's QC rules on the
   server (POST /api/subtitles/qc) and the findings are shown at their cue in the page's
   language; "save" writes a new file beside the original (POST /api/subtitles/save). Times
   are integer milliseconds, converted to frames with the server's rounding. Loaded as a file
   (the CSP forbids inline scripts); no library. */
(function () {
  "use strict";

  var WINDOW_S = 12;  // seconds of waveform in view

  function Editor(panel) {
    this.panel = panel;
    this.job = panel.getAttribute("data-job");
    this.api = panel.getAttribute("data-api");
    this.lang = panel.getAttribute("data-lang") || document.documentElement.lang || "en";
    this.list = panel.querySelector("[data-se-cues]");
    this.canvas = panel.querySelector("[data-se-wave]");
    this.status = panel.querySelector("[data-se-status]");
    this.summary = panel.querySelector("[data-se-summary]");
    this.select = panel.querySelector("[data-se-version]");
    this.player = document.querySelector("[data-subtitles-player]");
    this.cues = [];
    this.findings = {};
    this.peaks = null;
    this.selected = 0;
    this.seq = 0;
    this.timer = null;
    this.stopAt = null;
    this.track = null;
  }

  Editor.prototype.label = function (key) {
    return this.panel.getAttribute("data-label-" + key) || key;
  };

  Editor.prototype.fill = function (key, values) {
    return this.label(key).replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  };

  Editor.prototype.number = function (n, digits) {
    try {
      return Number(n).toLocaleString(this.lang, { maximumFractionDigits: digits || 0 });
    } catch (e) { return String(n); }
  };

  /* -- time: frames at the exact rate num/den, rounded as imagia.media.timecode does -- */
  Editor.prototype.toFrames = function (ms) {
    var r = this.rate;
    return Math.floor((2 * ms * r.num + 1000 * r.den) / (2000 * r.den));
  };

  Editor.prototype.toMs = function (frames) {
    var r = this.rate;
    return Math.floor((2000 * frames * r.den + r.num) / (2 * r.num));
  };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  Editor.prototype.timecode = function (ms) {
    var r = this.rate;
    var fps = Math.round(r.num / r.den);
    var n = Math.max(this.toFrames(ms), 0);
    if (r.drop) {
      var d = fps === 30 ? 2 : 4;
      var per10 = fps * 600 - d * 9;
      var perMin = fps * 60 - d;
      var tens = Math.floor(n / per10);
      var rem = n % per10;
      n += d * 9 * tens;
      if (rem > d) n += d * Math.floor((rem - d) / perMin);
    }
    var s = Math.floor(n / fps);
    return pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60) +
      (r.drop ? ";" : ":") + pad(n % fps);
  };

  /* "HH:MM:SS:FF" (";FF" drop-frame) -> milliseconds on the frame grid, or null. */
  Editor.prototype.parse = function (text) {
    var m = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(String(text).trim());
    if (!m) return null;
    var r = this.rate;
    var fps = Math.round(r.num / r.den);
    var h = +m[1], mi = +m[2], s = +m[3], f = +m[5];
    if (mi > 59 || s > 59 || f >= fps) return null;
    var minutes = h * 60 + mi;
    var frames = (minutes * 60 + s) * fps + f;
    if (r.drop && (m[4] === ";" || m[4] === ",")) {
      var d = fps === 30 ? 2 : 4;
      if (s === 0 && f < d && mi % 10 !== 0) return null;
      frames -= d * (minutes - Math.floor(minutes / 10));
    }
    return this.toMs(frames);
  };

  Editor.prototype.cps = function (cue) {
    var frames = this.toFrames(cue.end) - this.toFrames(cue.start);
    var chars = cue.text.replace(/<[^>]+>|\{[^}]*\}/g, "").replace(/\n/g, "").length;
    return frames > 0 ? chars * this.rate.num / this.rate.den / frames : Infinity;
  };

  /* -- server -- */
  Editor.prototype.request = function (method, url, body) {
    var csrf = document.querySelector('meta[name="csrf-token"]');
    var init = { method: method, credentials: "same-origin", headers: { "Accept-Language": this.lang } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-CSRF-Token"] = csrf ? csrf.getAttribute("content") : "";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { var err = new Error(data.message || String(r.status)); err.data = data; throw err; }
        return data;
      });
    });
  };

  Editor.prototype.load = function (version) {
    var self = this;
    this.say(this.label("loading"));
    var url = this.api + "/" + encodeURIComponent(this.job) + "/cues?lang=" + this.lang +
      (version ? "&version=" + encodeURIComponent(version) : "");
    return this.request("GET", url).then(function (data) {
      self.rate = data.rate;
      self.profile = data.profile;
      self.version = data.version;
      self.cues = data.cues.map(function (c) { return { start: c.start, end: c.end, text: c.text, src: c.src }; });
      self.versions(data.versions);
      self.panel.querySelector("[data-se-rate]").textContent =
        self.number(Number(data.rate.fps), 3) + " " + self.label("rate") + " · " + data.profile.id;
      self.render();
      self.results(data.qc);
      self.updateTrack();
      self.dirty = false;
      self.say("");
      if (data.waveform && !self.peaks) {
        self.request("GET", data.waveform).then(function (w) {
          self.peaks = w.peaks;
          self.step = w.step_ms / 1000;
          self.draw();
        });
      }
      self.draw();
    }).catch(function (e) { self.say(e.message, true); });
  };

  Editor.prototype.payload = function () {
    return {
      job: this.job,
      version: this.version,
      lang: this.lang,
      cues: this.cues.map(function (c) { return { start: c.start, end: c.end, text: c.text, src: c.src }; })
    };
  };

  Editor.prototype.changed = function () {
    var self = this;
    this.dirty = true;
    this.say(this.label("unsaved"));
    this.draw();
    this.updateTrack();
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.check(); }, 150);
  };

  Editor.prototype.check = function () {
    var self = this;
    var seq = ++this.seq;
    this.panel.setAttribute("data-se-busy", "");
    return this.request("POST", this.api + "/qc", this.payload()).then(function (data) {
      if (seq !== self.seq) return;
      self.results(data);
      self.say(self.dirty ? self.label("unsaved") : "");
    }).catch(function (e) {
      if (seq !== self.seq) return;
      self.refused(e);
    }).then(function () {
      if (seq === self.seq) self.panel.removeAttribute("data-se-busy");
    });
  };

  Editor.prototype.refused = function (e) {
    this.say(e.message, true);
    var n = e.data && e.data.cue;
    if (n && this.list.children[n - 1]) {
      var ul = this.list.children[n - 1].querySelector("[data-se-findings]");
      ul.textContent = "";
      var li = document.createElement("li");
      li.className = "se-error";
      li.setAttribute("data-rule", "refused");
      li.textContent = e.message;
      ul.appendChild(li);
    }
  };

  Editor.prototype.save = function () {
    var self = this;
    this.say(this.label("saving"));
    return this.request("POST", this.api + "/save", this.payload()).then(function (data) {
      self.version = data.saved.name;
      self.cues.forEach(function (c, k) { c.src = k; });
      self.dirty = false;
      self.versions(data.versions);
      self.results(data.qc);
      self.status.textContent = self.label("saved") + " ";
      var code = document.createElement("code");
      code.textContent = data.saved.path;
      var a = document.createElement("a");
      a.href = data.saved.url;
      a.setAttribute("download", "");
      a.setAttribute("data-se-download", "");
      a.textContent = self.label("download");
      self.status.appendChild(code);
      self.status.appendChild(document.createTextNode(" · "));
      self.status.appendChild(a);
      self.status.classList.remove("se-error");
    }).catch(function (e) { self.refused(e); });
  };

  Editor.prototype.say = function (text, error) {
    this.status.textContent = text;
    this.status.classList.toggle("se-error", !!error);
  };

  Editor.prototype.versions = function (list) {
    var self = this;
    this.select.textContent = "";
    var opts = [{ name: "original", text: this.label("original") }].concat(
      list.map(function (v) { return { name: v.name, text: v.name }; }));
    opts.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o.name;
      opt.textContent = o.text;
      opt.selected = o.name === (self.version || "original");
      self.select.appendChild(opt);
    });
  };

  /* -- the cue list -- */
  Editor.prototype.button = function (text, attr, value, aria) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute(attr, value);
    if (aria) b.setAttribute("aria-label", aria);
    return b;
  };

  Editor.prototype.timeField = function (k, which) {
    var n = k + 1;
    var span = document.createElement("span");
    span.className = "se-time";
    var label = document.createElement("label");
    var name = this.label(which);
    label.appendChild(document.createTextNode(name + " "));
    var input = document.createElement("input");
    input.type = "text";
    input.size = 11;
    input.spellcheck = false;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("data-se-" + which, "");
    label.appendChild(input);
    span.appendChild(label);
    var cue = this.label("cue") + " " + n;
    span.appendChild(this.button("\u22121", "data-se-nudge", which + ":-1",
      name + " " + this.label("earlier") + " (" + cue + ")"));
    span.appendChild(this.button("+1", "data-se-nudge", which + ":1",
      name + " " + this.label("later") + " (" + cue + ")"));
    return span;
  };

  Editor.prototype.row = function (k) {
    var li = document.createElement("li");
    li.className = "se-cue";
    li.setAttribute("data-se-cue", String(k));
    var head = document.createElement("div");
    head.className = "se-head";
    var num = document.createElement("span");
    num.className = "se-n";
    num.textContent = "#" + (k + 1);
    head.appendChild(num);
    head.appendChild(this.timeField(k, "in"));
    head.appendChild(this.timeField(k, "out"));
    var cps = document.createElement("span");
    cps.className = "se-cps small";
    cps.setAttribute("data-se-cps", "");
    head.appendChild(cps);
    li.appendChild(head);
    var text = document.createElement("textarea");
    text.rows = 2;
    text.setAttribute("translate", "no");
    text.setAttribute("data-se-text", "");
    text.setAttribute("aria-label", this.label("text") + " " + (k + 1));
    li.appendChild(text);
    var actions = document.createElement("div");
    actions.className = "se-actions";
    var cue = " (" + this.label("cue") + " " + (k + 1) + ")";
    actions.appendChild(this.button(this.label("play"), "data-se-play", "", this.label("play") + cue));
    actions.appendChild(this.button(this.label("split"), "data-se-split", "", this.label("split") + cue));
    if (k + 1 < this.cues.length) {
      actions.appendChild(this.button(this.label("merge"), "data-se-merge", "", this.label("merge") + cue));
    }
    actions.appendChild(this.button(this.label("delete"), "data-se-delete", "", this.label("delete") + cue));
    li.appendChild(actions);
    var ul = document.createElement("ul");
    ul.className = "se-findings";
    ul.setAttribute("data-se-findings", "");
    li.appendChild(ul);
    this.fillRow(li, k);
    return li;
  };

  Editor.prototype.fillRow = function (li, k) {
    var c = this.cues[k];
    var inp = li.querySelector("[data-se-in]");
    var out = li.querySelector("[data-se-out]");
    inp.value = this.timecode(c.start);
    out.value = this.timecode(c.end);
    inp.removeAttribute("aria-invalid");
    out.removeAttribute("aria-invalid");
    var text = li.querySelector("[data-se-text]");
    if (text.value !== c.text) text.value = c.text;
    text.rows = Math.max(2, c.text.split("\n").length);
    this.showCps(li, k);
  };

  Editor.prototype.showCps = function (li, k) {
    var v = this.cps(this.cues[k]);
    var el = li.querySelector("[data-se-cps]");
    el.textContent = (isFinite(v) ? this.number(v, 1) : "\u2014") + " " + this.label("cps");
    el.classList.toggle("se-over", !(v <= this.profile.max_cps));
  };

  Editor.prototype.render = function () {
    var frag = document.createDocumentFragment();
    for (var k = 0; k < this.cues.length; k++) frag.appendChild(this.row(k));
    this.list.textContent = "";
    this.list.appendChild(frag);
    this.showFindings();
  };

  Editor.prototype.results = function (qc) {
    var by = {};
    qc.findings.forEach(function (f) { (by[f.event] = by[f.event] || []).push(f); });
    this.findings = by;
    this.showFindings();
    this.summary.textContent = this.fill("summary", {
      ok: this.number(qc.events_ok), n: this.number(qc.events), profile: qc.profile
    }) + " · " + this.fill("checked", { ms: this.number(qc.checked_ms) });
  };

  Editor.prototype.showFindings = function () {
    var self = this;
    Array.prototype.forEach.call(this.list.children, function (li, k) {
      var ul = li.querySelector("[data-se-findings]");
      ul.textContent = "";
      var found = self.findings[k + 1] || [];
      li.classList.toggle("se-flagged", found.length > 0);
      found.forEach(function (f) {
        var item = document.createElement("li");
        item.setAttribute("data-rule", f.rule);
        var b = document.createElement("strong");
        b.textContent = f.name;
        item.appendChild(b);
        item.appendChild(document.createTextNode(" \u2014 " + f.message));
        ul.appendChild(item);
      });
      if (!found.length) {
        var ok = document.createElement("li");
        ok.className = "se-ok";
        ok.textContent = "\u2713 " + self.label("ok");
        ul.appendChild(ok);
      }
    });
  };

  /* -- edits -- */
  Editor.prototype.index = function (el) {
    var li = el.closest("[data-se-cue]");
    return li ? Number(li.getAttribute("data-se-cue")) : -1;
  };

  Editor.prototype.setTime = function (k, which, ms) {
    var c = this.cues[k];
    if (which === "in") c.start = ms; else c.end = ms;
    this.fillRow(this.list.children[k], k);
    this.changed();
  };

  Editor.prototype.split = function (k) {
    var c = this.cues[k];
    var box = this.list.children[k].querySelector("[data-se-text]");
    var text = c.text;
    var at = box.selectionStart;
    if (!(at > 0 && at < text.length)) {  // no caret inside: the space nearest the middle
      var mid = text.length / 2, best = -1;
      for (var i = 0; i < text.length; i++) {
        if (/\s/.test(text[i]) && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
      }
      at = best > 0 ? best : Math.floor(text.length / 2);
    }
    var left = text.slice(0, at).trim(), right = text.slice(at).trim();
    var a = this.toFrames(c.start), b = this.toFrames(c.end);
    var total = left.length + right.length || 1;
    var cut = a + Math.round((b - a) * left.length / total);
    var gap = this.profile.min_gap_frames || 0;
    if (cut <= a || cut + gap >= b) { this.say(this.label("too-short"), true); return; }
    var first = { start: c.start, end: this.toMs(cut), text: left, src: c.src };
    var second = { start: this.toMs(cut + gap), end: c.end, text: right, src: c.src };
    this.cues.splice(k, 1, first, second);
    this.render();
    this.changed();
    this.focus(k + 1);
  };

  Editor.prototype.merge = function (k) {
    var a = this.cues[k], b = this.cues[k + 1];
    if (!b) return;
    var lines = a.text.split("\n").length + b.text.split("\n").length;
    var joint = lines <= this.profile.max_lines ? "\n" : " ";
    var text = (a.text + joint + b.text).trim();
    this.cues.splice(k, 2, { start: a.start, end: Math.max(a.end, b.end), text: text, src: a.src });
    this.render();
    this.changed();
    this.focus(k);
  };

  Editor.prototype.remove = function (k) {
    this.cues.splice(k, 1);
    this.render();
    this.changed();
    this.focus(Math.min(k, this.cues.length - 1));
  };

  Editor.prototype.focus = function (k) {
    var li = this.list.children[k];
    if (li) li.querySelector("[data-se-text]").focus();
  };

  Editor.prototype.play = function (k) {
    if (!this.player) return;
    var c = this.cues[k];
    this.player.currentTime = c.start / 1000 + 0.001;
    this.stopAt = c.end / 1000;
    var p = this.player.play();
    if (p && p.catch) p.catch(function () {});
  };

  /* -- the player's track of the edited cues -- */
  Editor.prototype.updateTrack = function () {
    var Cue = window.VTTCue;
    if (!this.player || !Cue || !this.player.addTextTrack) return;
    if (!this.track) {
      for (var i = 0; i < this.player.textTracks.length; i++) this.player.textTracks[i].mode = "disabled";
      this.track = this.player.addTextTrack("subtitles", this.label("track"), this.lang);
    }
    var t = this.track;
    t.mode = "hidden";
    while (t.cues && t.cues.length) t.removeCue(t.cues[0]);
    this.cues.forEach(function (c) {
      if (c.end > c.start) t.addCue(new Cue(c.start / 1000, c.end / 1000, c.text));
    });
    t.mode = "showing";
  };

  /* -- the waveform -- */
  Editor.prototype.now = function () {
    return this.player ? this.player.currentTime : 0;
  };

  Editor.prototype.view = function () {
    var duration = this.peaks ? this.peaks.length * this.step : 0;
    var last = this.cues.length ? this.cues[this.cues.length - 1].end / 1000 : 0;
    var total = Math.max(duration, last, 1);
    var span = Math.min(WINDOW_S, total);
    var focus = this.player && !this.player.paused ? this.now()
      : (this.cues[this.selected] ? this.cues[this.selected].start / 1000 : this.now());
    var start = Math.max(0, Math.min(focus - span / 3, total - span));
    return { start: start, span: span };
  };

  Editor.prototype.draw = function () {
    var c = this.canvas;
    if (!c || !this.rate || c.offsetParent === null) return;
    var ratio = window.devicePixelRatio || 1;
    var w = Math.max(c.clientWidth, 100), h = 110;
    if (c.width !== Math.round(w * ratio)) { c.width = Math.round(w * ratio); c.height = Math.round(h * ratio); }
    var g = c.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = "#10213d";
    g.fillRect(0, 0, w, h);
    var v = this.view();
    var x = function (t) { return (t - v.start) / v.span * w; };
    var self = this;
    this.cues.forEach(function (cue, k) {
      var a = x(cue.start / 1000), b = x(cue.end / 1000);
      if (b < 0 || a > w) return;
      var flagged = (self.findings[k + 1] || []).length > 0;
      g.fillStyle = k === self.selected ? "rgba(246, 196, 83, .45)" : flagged ? "rgba(240, 120, 80, .30)" : "rgba(120, 170, 255, .28)";
      g.fillRect(a, 14, Math.max(b - a, 1), h - 14);
      g.fillStyle = "#ffffff";
      g.font = "11px sans-serif";
      g.fillText("#" + (k + 1), a + 3, 11);
    });
    if (this.peaks) {
      g.strokeStyle = "#9ad0ff";
      g.beginPath();
      var mid = 14 + (h - 14) / 2, half = (h - 16) / 2;
      for (var px = 0; px < w; px++) {
        var t0 = v.start + px / w * v.span, t1 = v.start + (px + 1) / w * v.span;
        var i0 = Math.floor(t0 / this.step), i1 = Math.max(Math.ceil(t1 / this.step), i0 + 1);
        var top = 0;
        for (var i = i0; i < i1 && i < this.peaks.length; i++) if (this.peaks[i] > top) top = this.peaks[i];
        var y = top / 255 * half;
        g.moveTo(px + 0.5, mid - y);
        g.lineTo(px + 0.5, mid + y + 0.5);
      }
      g.stroke();
    }
    var p = x(this.now());
    g.fillStyle = "#ff5a5a";
    g.fillRect(p - 1, 0, 2, h);
    this.viewed = v;
  };

  Editor.prototype.seekAt = function (ev) {
    var v = this.viewed;
    if (!v) return;
    var rect = this.canvas.getBoundingClientRect();
    var t = v.start + (ev.clientX - rect.left) / rect.width * v.span;
    if (this.player) this.player.currentTime = Math.max(t, 0);
    for (var k = 0; k < this.cues.length; k++) {
      if (this.cues[k].start / 1000 <= t && t < this.cues[k].end / 1000) { this.selected = k; break; }
    }
    this.draw();
  };

  /* -- wiring -- */
  Editor.prototype.wire = function () {
    var self = this;
    this.list.addEventListener("input", function (ev) {
      var k = self.index(ev.target);
      if (k < 0 || !ev.target.hasAttribute("data-se-text")) return;
      self.cues[k].text = ev.target.value;
      self.showCps(self.list.children[k], k);
      self.changed();
    });
    this.list.addEventListener("change", function (ev) {
      var k = self.index(ev.target);
      var which = ev.target.hasAttribute("data-se-in") ? "in" : ev.target.hasAttribute("data-se-out") ? "out" : null;
      if (k < 0 || !which) return;
      var ms = self.parse(ev.target.value);
      if (ms === null) {
        ev.target.setAttribute("aria-invalid", "true");
        self.say(self.label("bad-tc") + " (" + self.label("cue") + " " + (k + 1) + ")", true);
        return;
      }
      self.setTime(k, which, ms);
    });
    this.list.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) return;
      var k = self.index(b);
      if (k < 0) return;
      self.selected = k;
      if (b.hasAttribute("data-se-nudge")) {
        var parts = b.getAttribute("data-se-nudge").split(":");
        var c = self.cues[k];
        var ms = parts[0] === "in" ? c.start : c.end;
        self.setTime(k, parts[0], self.toMs(Math.max(self.toFrames(ms) + Number(parts[1]), 0)));
      } else if (b.hasAttribute("data-se-split")) self.split(k);
      else if (b.hasAttribute("data-se-merge")) self.merge(k);
      else if (b.hasAttribute("data-se-delete")) self.remove(k);
      else if (b.hasAttribute("data-se-play")) self.play(k);
    });
    this.list.addEventListener("focusin", function (ev) {
      var k = self.index(ev.target);
      if (k >= 0 && k !== self.selected) { self.selected = k; self.draw(); }
    });
    this.canvas.addEventListener("click", function (ev) { self.seekAt(ev); });
    this.panel.querySelector("[data-se-save]").addEventListener("click", function () { self.save(); });
    this.select.addEventListener("change", function () { self.load(self.select.value); });
    if (this.player) {
      var tick = function () {
        if (self.stopAt !== null && self.player.currentTime >= self.stopAt) {
          self.player.pause();
          self.stopAt = null;
        }
        self.draw();
      };
      this.player.addEventListener("timeupdate", tick);
      this.player.addEventListener("seeked", tick);
    }
    window.addEventListener("resize", function () { self.draw(); });
  };

  function setup(panel) {
    if (!window.fetch) return;
    var editor = new Editor(panel);
    var open = panel.querySelector("[data-se-open]");
    var body = panel.querySelector(".se-body");
    panel.hidden = false;
    var started = false;
    open.addEventListener("click", function () {
      var show = body.hidden;
      body.hidden = !show;
      open.setAttribute("aria-expanded", show ? "true" : "false");
      open.textContent = editor.label(show ? "close" : "open");
      var table = document.querySelector("[data-subtitles-cues]");  // the read-only cue table
      var wrap = table ? table.closest(".table-wrap") || table : null;
      if (wrap) {
        wrap.hidden = show;
        var head = wrap.previousElementSibling;
        if (head && head.tagName === "H3") head.hidden = show;
      }
      if (show && !started) {
        started = true;
        editor.wire();
        editor.load(null).then(function () { panel.setAttribute("data-se-ready", ""); });
      } else if (show) editor.draw();
    });
  }

  function init() {
    document.querySelectorAll("[data-subtitle-editor]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
