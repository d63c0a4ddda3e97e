/* Automation Ops Desk: what runs in the reader's browser.
 *
 * - Checklists: ticks are kept in localStorage (per page, checklist and item) and
 *   restored on load; each checklist gets Reset and "Copy as Markdown" buttons, built
 *   here (the HTML carries only their labels: they only work with JavaScript).
 * - Tools: each `[data-tool]` section placed by `<!-- tool: ID -->` is wired up here.
 *
 * Every word written here is the page's: a label of site.yml, in a data-*-label attribute
 * of the checklist's or tool's section (their templates print them), with its
 * {placeholders} filled in by `fill` (tests/test_theme_boundary.py checks that no
 * sentence of this file reaches the page).
 *
 * Everything works on the page as built: no request leaves the reader's browser.
 * Without JavaScript the checklists stay plain lists and the tools show their
 * <noscript> note, so nothing here may be needed to read a page.
 */
(function () {
  "use strict";

  var STORE_PREFIX = "opsdesk.checklist:";

  // A label with each {name} replaced by values[name], in one pass (a value is never read
  // for placeholders); {{ and }} are literal braces, as in site.yml's other labels.
  function fill(label, values) {
    return (label || "").replace(/\{\{|\}\}|\{(\w+)\}/g, function (found, name) {
      if (found === "{{") return "{";
      if (found === "}}") return "}";
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : found;
    });
  }

  // One of a label's two forms by ``count``: data-NAME-one-label for 1, else
  // data-NAME-other-label, with {count} filled in.
  function counted(element, name, count) {
    var form = count === 1 ? "One" : "Other";
    return fill(element.dataset[name + form + "Label"], { count: count });
  }

  /* -- Checklists ---------------------------------------------------------------- */

  // One key per page and checklist; the value lists the ticked item keys. An item's key
  // is a hash of its text, so an item whose text changed starts clear.
  function storeKey(section) {
    return STORE_PREFIX + location.pathname + "#" + section.dataset.checklist;
  }

  function readTicks(section) {
    try {
      var value = JSON.parse(localStorage.getItem(storeKey(section)) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];  // storage disabled or a corrupt value: start clear rather than fail
    }
  }

  function writeTicks(section) {
    var ticked = boxes(section).filter(function (box) { return box.checked; })
      .map(function (box) { return box.dataset.item; });
    try {
      if (ticked.length) {
        localStorage.setItem(storeKey(section), JSON.stringify(ticked));
      } else {
        localStorage.removeItem(storeKey(section));
      }
    } catch (error) {
      // Private modes may refuse storage; the ticks still work for this visit.
    }
  }

  function boxes(section) {
    return Array.prototype.slice.call(section.querySelectorAll("input[data-item]"));
  }

  function say(section, message) {
    var status = section.querySelector(".opsdesk-checklist__status");
    if (status) status.textContent = message;
  }

  function oneLine(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // Text as Markdown reads it back: each character that could start emphasis, code, a
  // link or HTML is escaped.
  function markdownText(text) {
    return text.replace(/[\\`*_[\]<]/g, "\\$&");
  }

  // Code as a Markdown code span: a fence of one more backtick than the longest run inside,
  // and a space on each side when the code starts or ends with a backtick.
  function markdownCode(code) {
    var runs = code.match(/`+/g) || [];
    var longest = runs.reduce(function (most, run) { return Math.max(most, run.length); }, 0);
    var fence = new Array(longest + 2).join("`");
    var pad = /^`|`$/.test(code) ? " " : "";
    return fence + pad + code + pad + fence;
  }

  // An item's inline HTML (what markup.inline made of the author's Markdown) back to
  // Markdown: emphasis, strong, code and links survive; a link gets its absolute address
  // (a.href), so it still leads somewhere once pasted; other elements give their text.
  function inlineMarkdown(node) {
    if (node.nodeType === Node.TEXT_NODE) return markdownText(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE || node.matches("input")) return "";
    var inner = function () {
      return Array.prototype.map.call(node.childNodes, inlineMarkdown).join("");
    };
    switch (node.localName) {
      case "em": case "i": return "*" + inner() + "*";
      case "strong": case "b": return "**" + inner() + "**";
      case "code": return markdownCode(node.textContent);
      case "a":
        if (!node.href) return inner();
        return "[" + inner() + "](" + node.href.replace(/[()]/g, encodeURIComponent) + ")";
      case "br": return " ";
      case "img": return markdownText(node.alt || "");
      default: return inner();
    }
  }

  // The Markdown of a checklist, ready to paste into a review note.
  function checklistMarkdown(section) {
    var heading = section.querySelector("h1, h2, h3, h4");
    var page = section.dataset.pageTitle || document.title;
    var title = heading ? page + ": " + oneLine(heading.textContent) : page;
    var url = location.href.split("#")[0] + "#" + section.id;
    var lines = boxes(section).map(function (box) {
      var label = box.closest("label");
      return "- [" + (box.checked ? "x" : " ") + "] " + oneLine(label ? inlineMarkdown(label) : "");
    });
    return ["## " + title, "", url, ""].concat(lines).join("\n") + "\n";
  }

  // Copying without the Clipboard API (an old browser, or a page opened from a file):
  // select the text in a textarea and ask the browser to copy the selection.
  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  // When no way of copying works, show the text so the reader can copy it by hand.
  function showForManualCopy(section, text) {
    var area = section.querySelector(".opsdesk-checklist__manual");
    if (!area) {
      area = document.createElement("textarea");
      area.className = "opsdesk-checklist__manual";
      area.setAttribute("readonly", "");
      area.setAttribute("aria-label", section.dataset.manualLabel || "");
      area.rows = 6;
      section.appendChild(area);
    }
    area.value = text;
    area.focus();
    area.select();
  }

  function copyChecklist(section) {
    var text = checklistMarkdown(section);
    var count = boxes(section).length;
    var done = counted(section, "copied", count);
    var fallback = function () {
      if (copyBySelection(text)) {
        say(section, done);
      } else {
        showForManualCopy(section, text);
        say(section, section.dataset.blockedLabel || "");
      }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say(section, done); }, fallback);
    } else {
      fallback();
    }
  }

  function actionButton(action, label) {
    var element = document.createElement("button");
    element.setAttribute("type", "button");
    element.setAttribute("class", "md-button");
    element.setAttribute("data-action", action);
    element.textContent = label;
    return element;
  }

  // The paragraph of the Reset and Copy buttons and the status line, in the words of the
  // section's data-reset-label and data-copy-label (site.yml's labels).
  function actionsFor(section) {
    var actions = document.createElement("p");
    actions.setAttribute("class", "opsdesk-checklist__actions");
    actions.appendChild(actionButton("reset", section.dataset.resetLabel));
    actions.appendChild(actionButton("copy", section.dataset.copyLabel));
    var status = document.createElement("span");
    status.setAttribute("class", "opsdesk-checklist__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    actions.appendChild(status);
    return actions;
  }

  function setUpChecklist(section) {
    var ticks = readTicks(section);
    boxes(section).forEach(function (box) {
      box.checked = ticks.indexOf(box.dataset.item) !== -1;
      box.addEventListener("change", function () {
        writeTicks(section);
        say(section, "");
      });
    });
    var actions = section.querySelector(".opsdesk-checklist__actions");
    if (actions) {
      actions.hidden = false;  // a site's own checklist.html that still carries them
    } else if (section.dataset.resetLabel && section.dataset.copyLabel) {
      section.appendChild(actionsFor(section));
    }  // else a checklist.html of a site's own without the labels: a plain list, no buttons
    section.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      if (button.dataset.action === "reset") {
        boxes(section).forEach(function (box) { box.checked = false; });
        writeTicks(section);
        say(section, section.dataset.clearedLabel || "");
      } else if (button.dataset.action === "copy") {
        copyChecklist(section);
      }
    });
  }

  /* -- Tool: retry budget ----------------------------------------------------------- */

  // Each wait grows by the multiplier and never exceeds the maximum delay. Returns the
  // waits and the time of each retry, in seconds from the original failure.
  function retrySchedule(firstDelay, multiplier, maxDelay, attempts) {
    var schedule = [];
    var at = 0;
    for (var index = 0; index < attempts; index++) {
      var wait = Math.min(firstDelay * Math.pow(multiplier, index), maxDelay);
      at += wait;
      schedule.push({ wait: wait, at: at });
    }
    return schedule;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // A span in hours, minutes and seconds, to the millisecond: a wait under a second is
  // still a wait ("0.25 s", never "0 s").
  function parts(seconds) {
    var ms = Math.round(seconds * 1000);
    return { hours: Math.floor(ms / 3600000), minutes: Math.floor((ms % 3600000) / 60000),
             seconds: (ms % 60000) / 1000 };
  }

  // 30 → "30"; 7.5 → "7.5"; 0.125 → "0.125": the seconds, without trailing zeros.
  function secondsText(seconds) {
    return seconds.toFixed(3).replace(/\.?0+$/, "");
  }

  // 930 → "15:30"; 5400 → "1:30:00"; 0.25 → "0:00.25": the clock style of the page's
  // worked example.
  function clock(seconds) {
    var split = parts(seconds);
    var rest = (split.seconds < 10 ? "0" : "") + secondsText(split.seconds);
    return split.hours ? split.hours + ":" + pad(split.minutes) + ":" + rest
                       : split.minutes + ":" + rest;
  }

  // 930 → "15 min 30 s": the same span in words (the tool's labels), for the summary.
  function span(tool, seconds) {
    var split = parts(seconds);
    var labels = tool.dataset;
    var words = [];
    if (split.hours) words.push(fill(labels.hoursLabel, { count: split.hours }));
    if (split.minutes) words.push(fill(labels.minutesLabel, { count: split.minutes }));
    if (split.seconds || !words.length) {
      words.push(fill(labels.secondsLabel, { count: secondsText(split.seconds) }));
    }
    return words.join(" ");
  }

  // The fields are text fields (inputmode="decimal"), read here: a number field reads
  // "1,5" as 15 in some browsers, and answers letters or an empty field in the browser's
  // words ("Please fill out this field"). Each field gives its range (data-min, data-max)
  // and data-whole when it takes whole numbers only. Returns {number} (null for an
  // optional field left empty) or {problem}, a sentence for the reader in the words of
  // the tool's labels (``labels``: the tool section's dataset).
  function readNumber(field, labels) {
    var text = field.value.trim();
    var min = Number(field.dataset.min);
    var max = Number(field.dataset.max);
    var whole = field.hasAttribute("data-whole");
    var range = fill(whole ? labels.rangeWholeLabel : labels.rangeLabel, { min: min, max: max });
    if (text === "") return field.required ? { problem: range } : { number: null };
    // "3,600": thousands or decimals? The reader knows; the calculator does not guess.
    if (/^[-+]?[1-9]\d{0,2},\d{3}$/.test(text)) {
      return { problem: fill(labels.ambiguousLabel, { value: text,
        thousands: Number(text.replace(",", "")), decimal: Number(text.replace(",", ".")) }) };
    }
    // Digits, with one decimal point or comma ("1,5" is 1.5, as many keyboards type it),
    // and an exponent if need be ("1e3").
    if (!/^[-+]?(\d+[.,]?\d*|[.,]\d+)(e[-+]?\d+)?$/i.test(text)) {
      return { problem: fill(labels.notANumberLabel, { value: text, range: range }) };
    }
    var number = Number(text.replace(",", "."));
    if (number < min || number > max || (whole && number % 1 !== 0)) return { problem: range };
    return { number: number };
  }

  function fieldName(field) {
    var label = field.labels && field.labels[0];
    return label ? oneLine(label.textContent) : field.name;
  }

  // Every field's number by name, or the problems in order, each marked on its field.
  function readForm(form, labels) {
    var numbers = {};
    var problems = [];
    Array.prototype.forEach.call(form.querySelectorAll("input[data-min]"), function (field) {
      var read = readNumber(field, labels);
      field.setCustomValidity(read.problem || "");
      if ("problem" in read) {
        field.setAttribute("aria-invalid", "true");
        problems.push(fill(labels.checkLabel, { field: fieldName(field), problem: read.problem }));
      } else {
        field.removeAttribute("aria-invalid");
        numbers[field.name] = read.number;
      }
    });
    return { numbers: numbers, problems: problems };
  }

  // ArrowUp and ArrowDown step a field by its data-step (1 unless told), within its
  // range, as a number field's arrows would.
  function stepField(event) {
    var field = event.target;
    if ((event.key !== "ArrowUp" && event.key !== "ArrowDown") ||
        !field.matches("input[data-min]")) return;
    var read = readNumber(field, field.closest("[data-tool]").dataset);
    if ("problem" in read && field.value.trim() !== "") return;
    var min = Number(field.dataset.min);
    var max = Number(field.dataset.max);
    var size = Number(field.dataset.step || 1) * (event.key === "ArrowUp" ? 1 : -1);
    var next = read.number === null || read.number === undefined ? min : read.number + size;
    field.value = String(Math.round(Math.min(Math.max(next, min), max) * 1e6) / 1e6);
    event.preventDefault();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function renderRetryBudget(tool) {
    var form = tool.querySelector("form");
    var list = tool.querySelector("[data-output=schedule]");
    var windowOut = tool.querySelector("[data-output=window]");
    var callsOut = tool.querySelector("[data-output=calls]");
    var problem = tool.querySelector("[data-output=problem]");
    var labels = tool.dataset;
    list.textContent = "";
    var read = readForm(form, labels);
    if (read.problems.length) {
      problem.textContent = read.problems.join(" ");
      problem.hidden = false;
      windowOut.textContent = "–";
      callsOut.textContent = "–";
      return;
    }
    problem.hidden = true;
    var numbers = read.numbers;
    var attempts = numbers.attempts;
    var schedule = retrySchedule(numbers["first-delay"], numbers.multiplier,
                                 numbers["max-delay"], attempts);
    schedule.forEach(function (retry, index) {
      var item = document.createElement("li");
      item.textContent = fill(labels.stepLabel, { number: index + 1, time: clock(retry.at),
                                                  wait: span(tool, retry.wait) });
      list.appendChild(item);
    });
    if (!schedule.length) {
      var none = document.createElement("li");
      none.textContent = labels.noneLabel || "";
      list.appendChild(none);
    }
    var total = schedule.length ? schedule[schedule.length - 1].at : 0;
    windowOut.textContent = fill(labels.totalLabel, { time: clock(total), span: span(tool, total) });
    var runs = numbers["runs-per-hour"];
    var perRun = fill(labels.perRunLabel, { calls: counted(tool, "calls", attempts) });
    if (runs === null || runs === 0) {
      callsOut.textContent = fill(labels.noRunsLabel, { per_run: perRun });
    } else {
      // Every run that reaches the step during the window fails and retries in full.
      var failingRuns = Math.max(1, Math.ceil(runs * total / 3600 - 1e-9));
      callsOut.textContent = fill(labels.outageLabel, {
        calls: counted(tool, "calls", failingRuns * attempts),
        runs: counted(tool, "runs", failingRuns), attempts: attempts, per_run: perRun });
    }
  }

  function setUpRetryBudget(tool) {
    var form = tool.querySelector("form");
    if (!form) return;
    form.hidden = false;
    tool.querySelector("[data-output=results]").hidden = false;
    form.addEventListener("input", function () { renderRetryBudget(tool); });
    form.addEventListener("keydown", stepField);
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // the result is already on the page; never leave it
      renderRetryBudget(tool);
    });
    renderRetryBudget(tool);
  }

  var TOOLS = { "retry-budget": setUpRetryBudget };

  /* -- Start ------------------------------------------------------------------------- */

  function setUp() {
    var checklists = document.querySelectorAll("[data-checklist]:not([data-opsdesk-ready])");
    Array.prototype.forEach.call(checklists, function (section) {
      section.setAttribute("data-opsdesk-ready", "");
      setUpChecklist(section);
    });
    var tools = document.querySelectorAll("[data-tool]:not([data-opsdesk-ready])");
    Array.prototype.forEach.call(tools, function (tool) {
      var start = TOOLS[tool.dataset.tool];
      tool.setAttribute("data-opsdesk-ready", "");
      if (start) start(tool);
    });
  }

  // Material's `document$` emits on every page, instant navigation included.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
