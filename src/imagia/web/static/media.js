/* imagia media search: a clicked moment plays in the page's one <video> player from its start,
   and the player shows where it is as a timecode at the asset's frame rate. Without this script
   each result still links to the original media at the moment (#t=START). */
(function () {
  "use strict";

  /* "25", "24000/1001", "29.97" -> frames per second as a number */
  function parseRate(text) {
    var parts = String(text || "25").split("/");
    var rate = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
    return isFinite(rate) && rate > 0 ? rate : 25;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* Seconds -> HH:MM:SS:FF (HH:MM:SS;FF drop-frame at 29.97 and 59.94), as the server does. */
  function timecode(seconds, rateText) {
    var rate = parseRate(rateText);
    var fps = Math.round(rate);
    var drop = Math.abs(rate - fps * 1000 / 1001) < 1e-6 && (fps === 30 || fps === 60);
    var n = Math.max(0, Math.floor(seconds * rate + 0.001));
    if (drop) {
      var d = fps === 30 ? 2 : 4;
      var per10 = fps * 600 - d * 9;
      var perMin = fps * 60 - d;
      var tens = Math.floor(n / per10);
      var rem = n % per10;
      n += d * 9 * tens;
      if (rem > d) n += d * Math.floor((rem - d) / perMin);
    }
    var ff = n % fps;
    var total = Math.floor(n / fps);
    return pad(Math.floor(total / 3600)) + ":" + pad(Math.floor(total / 60) % 60) + ":" +
      pad(total % 60) + (drop ? ";" : ":") + pad(ff);
  }

  function setup(video) {
    var tc = document.getElementById("player-tc");
    var assetLabel = document.getElementById("player-asset");
    var empty = document.getElementById("player-empty");
    var rate = "25";
    var current = null;

    function showTime() {
      if (tc) tc.textContent = timecode(video.currentTime || 0, rate);
    }

    function seek(start) {
      if (Math.abs(video.currentTime - start) > 0.001) video.currentTime = start;
      showTime();
    }

    function play(link) {
      var media = link.getAttribute("data-media");
      var start = Number(link.getAttribute("data-start")) || 0;
      if (!media) return false;
      rate = link.getAttribute("data-fps") || "25";
      if (current) current.removeAttribute("aria-current");
      current = link;
      link.setAttribute("aria-current", "true");
      video.hidden = false;
      if (empty) empty.hidden = true;
      if (assetLabel) assetLabel.textContent = link.getAttribute("data-asset") || "";
      if (video.getAttribute("data-media") === media && video.readyState >= 1) {
        seek(start);
      } else {
        video.setAttribute("data-media", media);
        video.addEventListener("loadedmetadata", function once() {
          video.removeEventListener("loadedmetadata", once);
          seek(start);
        });
        video.src = media + "#t=" + start;
        video.load();
      }
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () { /* needs a user gesture */ });
      return true;
    }

    ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) {
      video.addEventListener(name, showTime);
    });
    document.querySelectorAll("a.moment-link[data-media]").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button === 1) return;  // new tab
        if (play(link)) {
          ev.preventDefault();
          video.focus({ preventScroll: true });
          video.scrollIntoView({ block: "nearest" });
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var video = document.getElementById("player");
    if (video) setup(video);
  });
})();
