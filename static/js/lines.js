// Forms of lines (a monthly report's chi đoàn / chi hội, a plan's activities, bases...):
// "Add a line" adds one at once, and a line not yet saved can be removed again. A form
// names its formset's prefix in data-lines-form; what a new line copies is the
// <template data-empty-line="prefix"> beside it. Without this script the report's button
// posts the form, which comes back with every line kept plus an empty one; a plan part's
// page shows empty lines to fill. Served from static/ under the CSP.
document.querySelectorAll("form[data-lines-form]").forEach(function (form) {
  "use strict";

  var prefix = form.getAttribute("data-lines-form");
  var template = document.querySelector("template[data-empty-line='" + prefix + "']");
  if (!template) return;
  var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var max = parseInt(form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']").value, 10);
  var list = form.querySelector("[data-lines]");
  var add = form.querySelector("[data-add-line]");
  var full = form.querySelector("[data-max-lines]");

  function lines() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-line]"));
  }

  // Lines are numbered as they stand on the page, whatever their index in the formset.
  function renumber() {
    lines().forEach(function (line, i) {
      var number = line.querySelector("[data-line-number]");
      if (number) number.textContent = String(i + 1);
    });
    var atMax = parseInt(total.value, 10) >= max;
    add.disabled = atMax;
    add.hidden = false;
    if (full) full.hidden = !atMax;
  }

  function enableRemoval(line) {
    var button = line.querySelector("[data-remove-line]");
    if (!button) return;
    var fallback = line.querySelector("[data-remove-fallback]");
    if (fallback) fallback.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () {
      // The formset skips an index whose fields are not posted; only the last index
      // can be given back, so that TOTAL_FORMS never points past a missing line.
      var index = parseInt(line.getAttribute("data-index"), 10);
      line.remove();
      if (index === parseInt(total.value, 10) - 1) total.value = String(index);
      renumber();
      add.focus();
    });
  }

  lines().forEach(function (line) {
    var idInput = line.querySelector("input[name$='-id']");
    if (idInput) {
      var match = idInput.name.match(/-(\d+)-id$/);
      if (match) line.setAttribute("data-index", match[1]);
    }
    enableRemoval(line);
  });

  add.addEventListener("click", function (event) {
    var index = parseInt(total.value, 10);
    if (!(index < max)) return; // the server says how many lines a report holds
    event.preventDefault();
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var line = holder.querySelector("[data-line]");
    line.setAttribute("data-index", String(index));
    list.appendChild(line);
    total.value = String(index + 1);
    enableRemoval(line);
    renumber();
    var first = line.querySelector("input:not([type='hidden']), select, textarea");
    if (first) first.focus();
  });

  renumber();
});
