// assist-ask result page: another question, the answer shown token by token as it streams
// (POST /api/assist/ask answers with server-sent events), then the scenes it cited.
(function () {
  "use strict";
  var form = document.getElementById("assist-ask");
  if (!form) return;
  var answer = document.getElementById("assist-answer");
  var cited = document.getElementById("assist-cited");
  var button = form.querySelector("button");

  function show(event, data) {
    if (event === "done") {
      var parts = (data.cited || []).map(function (c) { return "[" + c.scene + "] " + c.heading; });
      cited.textContent = parts.length ? form.dataset.cited + " : " + parts.join(" ; ") : form.dataset.none;
      if (data.stopped !== "stop") cited.textContent += " " + form.dataset.cut;
      form.dataset.state = "done";
    } else if (event === "error") {
      cited.textContent = form.dataset.failed + " : " + data.error;
      form.dataset.state = "failed";
    } else if (data.token) {
      answer.textContent += data.token;
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var question = form.elements.question.value.trim();
    if (!question) return;
    answer.textContent = "";
    cited.textContent = "";
    form.dataset.state = "asking";
    button.disabled = true;
    var csrf = document.querySelector('meta[name="csrf-token"]');
    fetch("/api/assist/ask", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-CSRF-Token": csrf ? csrf.getAttribute("content") : ""
      },
      body: JSON.stringify({ job: form.dataset.job, question: question })
    }).then(function (resp) {
      if (!resp.ok) {
        return resp.json().then(function (j) { show("error", { error: j.message || j.error || resp.status }); });
      }
      var reader = resp.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) return;
          buffer += decoder.decode(r.value, { stream: true });
          var blocks = buffer.split("\n\n");
          buffer = blocks.pop();
          blocks.forEach(function (block) {
            var event = null, data = "";
            block.split("\n").forEach(function (line) {
              if (line.indexOf("event: ") === 0) event = line.slice(7);
              else if (line.indexOf("data: ") === 0) data += line.slice(6);
            });
            if (data) show(event, JSON.parse(data));
          });
          return pump();
        });
      }
      return pump();
    }).catch(function (err) {
      show("error", { error: String(err) });
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
