/* imagia subtitles results: the job's subtitles shown over the picture, and the cue table tied
   to the player. The page's <video>/<audio> carries a <track> of the job's WebVTT output when
   there is one; otherwise this script builds the text track from the cue table (each row's
   data-start/data-end and text). A click (or Enter) on a cue row seeks the player to its in-cue;
   the row of the cue on screen is marked aria-current and its text written under the player.
   Without this script the page still lists every cue and links every file. */
(function () {
  "use strict";

  function rowText(row) {
    var cell = row.querySelector("[data-cue-text]");
    if (!cell) return "";
    var lines = [];
    var current = "";
    cell.childNodes.forEach(function (node) {
      if (node.nodeName === "BR") { lines.push(current); current = ""; }
      else current += node.textContent;
    });
    lines.push(current);
    return lines.map(function (l) { return l.trim(); }).join("\n");
  }

  function buildTrack(player, rows) {
    var Cue = window.VTTCue || window.TextTrackCue;
    if (!Cue || !player.addTextTrack) return null;
    var track = player.addTextTrack("subtitles", player.getAttribute("data-label") || "",
                                    player.getAttribute("data-srclang") || "");
    rows.forEach(function (row) {
      var start = Number(row.getAttribute("data-start"));
      var end = Number(row.getAttribute("data-end"));
      if (isFinite(start) && isFinite(end) && end > start) {
        var cue = new Cue(start, end, rowText(row));
        cue.id = row.cells.length ? row.cells[0].textContent.trim() : "";
        track.addCue(cue);
      }
    });
    return track;
  }

  /* The cue on screen: its row marked aria-current, its text written under the player (the
     only place an <audio> element shows it). */
  function mark(rows, track, now) {
    var active = track.activeCues;
    var starts = {};
    var texts = [];
    for (var i = 0; active && i < active.length; i++) {
      starts[active[i].startTime.toFixed(3)] = 1;
      texts.push(active[i].text.replace(/\n/g, " / "));
    }
    if (now) now.textContent = texts.join(" · ");
    rows.forEach(function (row) {
      var on = starts[Number(row.getAttribute("data-start")).toFixed(3)] === 1;
      if (on) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    });
  }

  function setup(player) {
    var table = document.querySelector("[data-subtitles-cues]");
    var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tr[data-cue]")) : [];
    var track;
    var element = player.querySelector("track");
    if (element) {
      track = element.track;
    } else if (rows.length) {
      track = buildTrack(player, rows);
    }
    if (!track) return;
    track.mode = "showing";
    var figure = player.closest("figure");
    var now = figure ? figure.querySelector("[data-subtitles-now]") : null;
    track.addEventListener("cuechange", function () { mark(rows, track, now); });
    rows.forEach(function (row) {
      row.tabIndex = 0;
      function seek() {
        var start = Number(row.getAttribute("data-start"));
        if (isFinite(start)) player.currentTime = start + 0.001;
      }
      row.addEventListener("click", seek);
      row.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); seek(); }
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-subtitles-player]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
