// Roadmap and allocation grids: move between cells with the keyboard, see totals as you type.
// Served from static/ (no inline script), so it runs under the Content-Security-Policy.
(function () {
  "use strict";

  function parse(text) {
    var cleaned = (text || "").replace(/\s/g, "").replace(",", ".");
    if (cleaned === "") return null;
    var value = Number(cleaned);
    return isFinite(value) ? value : NaN;
  }

  function show(value) {
    return (Math.round(value * 100) / 100).toString().replace(".", ",");
  }

  // Keyboard: arrows, Enter (down) and Shift+Enter (up) walk the grid like a spreadsheet.
  function enableKeyboard(form) {
    var rows = Array.prototype.slice.call(form.querySelectorAll("table.grid tbody tr"));
    var matrix = rows.map(function (row) {
      return Array.prototype.slice.call(row.querySelectorAll("td.cell input"));
    });
    function focus(r, c) {
      if (r < 0 || r >= matrix.length) return;
      var row = matrix[r];
      var input = row[Math.min(c, row.length - 1)];
      if (input) { input.focus(); input.select(); }
    }
    matrix.forEach(function (row, r) {
      row.forEach(function (input, c) {
        input.addEventListener("keydown", function (event) {
          var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
          var atEnd = input.selectionStart === input.value.length;
          if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) {
            event.preventDefault(); focus(r + 1, c);
          } else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) {
            event.preventDefault(); focus(r - 1, c);
          } else if (event.key === "ArrowRight" && atEnd && c + 1 < row.length) {
            event.preventDefault(); focus(r, c + 1);
          } else if (event.key === "ArrowLeft" && atStart && c > 0) {
            event.preventDefault(); focus(r, c - 1);
          }
        });
      });
    });
  }

  function markInvalidNumbers(form) {
    form.querySelectorAll("td.cell input").forEach(function (input) {
      var value = parse(input.value);
      var bad = value !== null && (isNaN(value) || value < 0);
      input.parentNode.classList.toggle("typing-error", bad);
    });
  }

  // Roadmap: the quarters of each row against its year; own + child units against the total.
  function updateRoadmap(form) {
    markInvalidNumbers(form);
    form.querySelectorAll("fieldset.metric-group").forEach(function (group) {
      var additive = group.getAttribute("data-additive") === "1";
      var warnings = [];
      var byLevel = {};
      group.querySelectorAll("tbody tr").forEach(function (row) {
        var level = row.getAttribute("data-level");
        var label = row.querySelector("th").textContent.trim();
        var quarters = 0, anyQuarter = false, year = null;
        byLevel[level] = {};
        row.querySelectorAll("td.cell input").forEach(function (input) {
          var value = parse(input.value);
          byLevel[level][input.getAttribute("data-period")] = value;
          if (value === null || isNaN(value)) return;
          if (input.getAttribute("data-kind") === "quarter") { quarters += value; anyQuarter = true; }
          if (input.getAttribute("data-kind") === "year") { year = value; }
        });
        var sumCell = row.querySelector("[data-sum]");
        sumCell.textContent = anyQuarter && additive ? show(quarters) : "";
        var mismatch = additive && anyQuarter && year !== null && Math.abs(quarters - year) > 0.001;
        sumCell.classList.toggle("mismatch", mismatch);
        if (mismatch) {
          warnings.push(label + ": Σ " + show(quarters) + " ≠ " + show(year));
        }
      });
      if (additive && byLevel.total) {
        Object.keys(byLevel.total).forEach(function (period) {
          var total = byLevel.total[period];
          var own = byLevel.own ? byLevel.own[period] : null;
          var children = byLevel.children ? byLevel.children[period] : null;
          var input = group.querySelector('tr[data-level="total"] input[data-period="' + period + '"]');
          var mismatch = total !== null && !isNaN(total) && (own !== null || children !== null) &&
            Math.abs((own || 0) + (children || 0) - total) > 0.001;
          input.parentNode.classList.toggle("mismatch", mismatch);
          if (mismatch) {
            var head = group.querySelectorAll("thead th")[
              Array.prototype.indexOf.call(input.parentNode.parentNode.children, input.parentNode)];
            warnings.push((head ? head.textContent.trim() : period) + ": " +
              show(own || 0) + " + " + show(children || 0) + " ≠ " + show(total));
          }
        });
      }
      var box = group.querySelector("[data-warnings]");
      box.textContent = warnings.length ? "⚠ " + warnings.join(" · ") : "";
    });
  }

  // Allocations: column totals, and copying a column's first number down.
  function updateAllocations(form) {
    markInvalidNumbers(form);
    form.querySelectorAll("[data-column-total]").forEach(function (cell) {
      var column = cell.getAttribute("data-column-total");
      var total = 0;
      form.querySelectorAll('input[data-column="' + column + '"]').forEach(function (input) {
        var value = parse(input.value);
        if (value !== null && !isNaN(value)) total += value;
      });
      cell.textContent = show(total);
    });
  }

  function enableFill(form) {
    form.querySelectorAll("[data-fill-column]").forEach(function (button) {
      button.addEventListener("click", function () {
        var inputs = form.querySelectorAll('input[data-column="' + button.getAttribute("data-fill-column") + '"]');
        if (!inputs.length) return;
        inputs.forEach(function (input) { input.value = inputs[0].value; });
        updateAllocations(form);
      });
    });
  }

  document.querySelectorAll("form[data-roadmap-grid]").forEach(function (form) {
    enableKeyboard(form);
    form.addEventListener("input", function () { updateRoadmap(form); });
    updateRoadmap(form);
  });
  document.querySelectorAll("form[data-allocation-grid]").forEach(function (form) {
    enableKeyboard(form);
    enableFill(form);
    form.addEventListener("input", function () { updateAllocations(form); });
    updateAllocations(form);
  });
})();
