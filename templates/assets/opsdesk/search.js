/* The site's search: a small result list over Pagefind's JavaScript API.
 *
 * Nothing of Pagefind loads with the page: pagefind/pagefind.js (and, through it, its
 * worker, WebAssembly and index chunks) is imported the first time the reader opens
 * search. `/`, `s` and `f` open it (as Material's search did), Esc closes it (the
 * dialog's own cancel), arrows move between the box and the results, Enter opens one.
 *
 * Every text from the index (titles, lanes, dates, section titles) is set as text; an
 * excerpt keeps only its <mark> elements (parsed in an inert <template>), so a page
 * title like `<img src=x onerror=...>` shows as written and never runs.
 *
 * Search remembers: the query and the chosen filters and sort are kept in the page's
 * address (`?q=…&q-lane=…&q-tag=…&q-sort=…`, replaced as the reader types, never a new
 * history entry), so Back from a result returns to the same search, open, with its
 * results. And shows: a result's link carries the searched words (`?highlight=…`), and
 * the page it opens marks them with Pagefind's own highlighting script
 * (pagefind/pagefind-highlight.js, loaded only on such a visit), at the matching
 * section's anchor.
 *
 * Every word written here is the page's: the dialog's data-* attributes (partials/
 * search.html) give Material's translations (lang.t: the statuses) and the site's labels
 * (site.yml: "no results for", "did you mean", the failure), their {placeholders}
 * filled in by `fill` (tests/test_theme_boundary.py checks that no sentence of this file
 * reaches the page).
 *
 * Under `mkdocs serve`, a large site's index comes in parts (search/parts.py), which the
 * dialog names (data-parts; a built page has none): each is merged into the first with
 * Pagefind's mergeIndex. Pagefind sorts each part on its own, so a sorted search over
 * parts is put in order here, a day at a time (`inDateOrder`).
 */
(function () {
  "use strict";

  var HIGHLIGHT = "highlight";
  var REMEMBERED = { q: "q", lane: "q-lane", tag: "q-tag", sort: "q-sort" };
  var SORT = "updated";            // the sort of "Newest first" (data-pagefind-sort)
  var BY_DAY = "sort-" + SORT;     // the same value as a filter, in a parts' index only

  // A page opened from a result: mark the searched words in its text (not in what
  // search leaves out, data-pagefind-ignore). The anchor of the section already
  // scrolled the page there; without one, the first mark is brought into view.
  var highlighted = new URLSearchParams(location.search).getAll(HIGHLIGHT);
  if (highlighted.length) {
    import(new URL("pagefind/pagefind-highlight.js", base()).href).then(function (module) {
      new module.default({ highlightParam: HIGHLIGHT, addStyles: false });
      var first = document.querySelector("mark.pagefind-highlight");
      if (first && !location.hash) first.scrollIntoView({ block: "center" });
    }, function () { /* the page reads the same without the marks */ });
  }

  var dialog = document.getElementById("opsdesk-search");
  var openers = document.querySelectorAll("[data-opsdesk-search-open]");
  var opener = openers[0];
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  var input = dialog.querySelector(".opsdesk-search__input");
  var status = dialog.querySelector(".opsdesk-search__status");
  var list = dialog.querySelector(".opsdesk-search__results");
  var more = dialog.querySelector("[data-opsdesk-search-more]");
  var sortSelect = dialog.querySelector("[data-opsdesk-sort]");
  var filterSelects = dialog.querySelectorAll("[data-opsdesk-filter]");
  var suggestion = dialog.querySelector("[data-opsdesk-search-suggestion]");
  var PAGE = 10;
  var DEBOUNCE = 200;

  var pagefind = null;   // the module, once loaded and the totals of its filters shown
  var loading = null;    // the promise of loading it
  var merged = {};       // the other parts of the index merged into the first (serve)
  var totals = {};       // filter -> value -> pages, over the whole index
  var results = listOf([]);  // the results of the current search (`listOf`)
  var shown = 0;
  var generation = 0;    // the latest search; older ones drop their answers
  var lastAsked = null;  // what it asked: query, filters and sort
  var returnFocus = null;

  // The header's button, and any other (the "not found" page's): each opens search.
  Array.prototype.forEach.call(openers, function (each) {
    each.setAttribute("role", "button");
    each.addEventListener("click", function (event) {
      event.preventDefault();
      open();
    });
  });

  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
    var target = event.target;
    if (target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });

  dialog.querySelector("[data-opsdesk-search-close]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    remember({ q: "", lane: "", tag: "", sort: "" });  // closed: nothing to come back to
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", function (event) {
    if (event.target !== dialog) return;
    var box = dialog.getBoundingClientRect();
    if (event.clientX < box.left || event.clientX > box.right ||
        event.clientY < box.top || event.clientY > box.bottom) dialog.close();
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });

  // Each keystroke waits DEBOUNCE ms for the next: only the words the reader stopped at
  // load their index chunks (Pagefind's debouncedSearch loads those of every prefix).
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE);
  });
  sortSelect.addEventListener("change", search);
  suggestion.addEventListener("click", function () {
    input.value = suggestion.dataset.query;
    input.focus();
    search();
  });
  filterSelects.forEach(function (select) { select.addEventListener("change", search); });
  more.addEventListener("click", function () {
    var focusAt = shown;
    showMore(generation).then(function () {
      var links = list.querySelectorAll("a");
      if (links[focusAt]) links[focusAt].focus();
    });
  });

  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {  // the search box alone would only clear itself
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var stops = [input].concat(links);
    var at = stops.indexOf(document.activeElement);
    if (at < 0 || stops.length < 2) return;
    event.preventDefault();
    var next = (at + (event.key === "ArrowDown" ? 1 : -1) + stops.length) % stops.length;
    stops[next].focus();
  });

  // The page's address says a search (Back from a result, or a shared link): open it.
  var asked = remembered();
  if (asked.q || asked.lane || asked.tag || asked.sort) {
    input.value = asked.q;
    open(asked);
  }

  // `restore`: the filters and sort to choose once the index has filled their options.
  function open(restore) {
    returnFocus = document.activeElement;
    dialog.showModal();
    input.focus();
    input.select();
    load().then(function () {
      if (restore) {
        filterSelects.forEach(function (select) {
          select.value = restore[select.dataset.opsdeskFilter] || "";
        });
        sortSelect.value = restore.sort || "";
      }
      search();
    }, function () {
      setStatus(dialog.dataset.failed);
    });
  }

  // What the page's address remembers of a search.
  function remembered() {
    var params = new URLSearchParams(location.search);
    var found = {};
    Object.keys(REMEMBERED).forEach(function (key) {
      found[key] = params.get(REMEMBERED[key]) || "";
    });
    return found;
  }

  // Keep `search` in the page's address, in place of the current entry (no new one).
  function remember(search) {
    var url = new URL(location.href);
    Object.keys(REMEMBERED).forEach(function (key) {
      if (search[key]) url.searchParams.set(REMEMBERED[key], search[key]);
      else url.searchParams.delete(REMEMBERED[key]);
    });
    if (url.href !== location.href) history.replaceState(history.state, "", url.href);
  }

  function base() {
    var config = document.getElementById("__config");
    var root = config ? JSON.parse(config.textContent).base : ".";
    return new URL(root.replace(/\/?$/, "/"), location.href);
  }

  function load() {
    if (!loading) {
      setStatus(dialog.dataset.loading);
      var root = base();
      var options = { baseUrl: root.pathname, excerptLength: 24 };
      var index = null;
      // `pagefind` is set last: a search typed meanwhile waits for `open`'s, after the
      // totals (shown before it, they would replace the counts of its results).
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        index = module;
        return index.options(options);
      }).then(function () {
        index.init();
        return mergeParts(index, root, options);
      }).then(function () {
        return index.filters();
      }).then(function (filters) {
        totals = filters || {};
        fillFilters(totals);
        pagefind = index;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // The other parts of the index (under serve; none on a built page), each merged into
  // the first once its entry file is read and lists a language: Pagefind fails every
  // search over a part it cannot load, and a part of no page (all of its pages deleted
  // since the server started) has no language. Each part once, on a second load too
  // (after one that failed): a part merged twice would give each result twice.
  function mergeParts(index, root, options) {
    var parts = (dialog.dataset.parts || "").split(" ").filter(Boolean);
    return Promise.all(parts.map(function (part) {
      var path = new URL(part, root).pathname;
      if (merged[path]) return;
      return fetch(path + "pagefind-entry.json", { cache: "no-store" }).then(function (answer) {
        return answer.ok ? answer.json() : null;
      }).then(function (entry) {
        if (merged[path] || !entry || !Object.keys(entry.languages || {}).length) return;
        merged[path] = true;
        return index.mergeIndex(path, options);
      });
    }));
  }

  // A list of results to show, taken a few at a time (`take` resolves to Pagefind's
  // results from `from` to `to`, `count` is how many there are).
  function listOf(found) {
    return {
      count: found.length,
      take: function (from, to) { return Promise.resolve(found.slice(from, to)); }
    };
  }

  // A sorted search over parts: Pagefind's merged results are sorted by each result's
  // rank in its own part, not by date. The parts' index also files each page under its
  // date (BY_DAY, the filter search/staging.py adds), so the results are taken a day at
  // a time, newest or oldest first, each day by one more search with that filter (its
  // chunks are loaded already); `counts`: the results of each day.
  function inDateOrder(query, filters, direction, counts) {
    var days = Object.keys(counts).filter(function (day) { return counts[day] > 0; }).sort();
    if (direction === "desc") days.reverse();
    var taken = [];
    var next = 0;
    var pending = Promise.resolve();  // one day's search at a time, in order
    function upTo(count) {
      if (taken.length >= count || next >= days.length) return Promise.resolve();
      var withDay = {};
      Object.keys(filters).forEach(function (key) { withDay[key] = filters[key]; });
      withDay[BY_DAY] = days[next++];
      return pagefind.search(query || null, { filters: withDay }).then(function (found) {
        taken = taken.concat(found.results);
        return upTo(count);
      });
    }
    return {
      count: days.reduce(function (sum, day) { return sum + counts[day]; }, 0),
      take: function (from, to) {
        pending = pending.then(function () { return upTo(to); });
        return pending.then(function () { return taken.slice(from, to); });
      }
    };
  }

  function search() {
    if (!pagefind) return;
    var query = input.value.trim();
    var filters = {};
    filterSelects.forEach(function (select) {
      if (select.value) filters[select.dataset.opsdeskFilter] = select.value;
    });
    var options = { filters: filters };
    if (sortSelect.value) {
      options.sort = {};
      options.sort[SORT] = sortSelect.value;
    }
    remember({ q: query, lane: filters.lane, tag: filters.tag, sort: sortSelect.value });
    // A last word of one letter would load every chunk of words with that letter: wait
    // for the next one (a one-letter word alone is no search either).
    if (/(^|\s)\S$/.test(query)) query = query.replace(/\s*\S$/, "");
    // The search shown (or under way) already: not again (opening search while the
    // reader types would run it twice, and the list would be made anew under a click).
    var key = JSON.stringify([query, filters, sortSelect.value]);
    if (key === lastAsked) return;
    lastAsked = key;
    var current = ++generation;
    suggestion.parentNode.hidden = true;
    if (!query && !Object.keys(filters).length) {
      results = listOf([]);
      shown = 0;
      list.replaceChildren();
      delete list.dataset.query;
      more.hidden = true;
      fillFilters(totals);
      setStatus(dialog.dataset.placeholder);
      return;
    }
    // over parts, sorted a day at a time (`inDateOrder`): this search counts the days
    var byDay = Object.keys(merged).length && sortSelect.value;
    pagefind.search(query || null, byDay ? { filters: filters } : options).then(function (found) {
      if (current !== generation) return;  // a newer search runs
      results = byDay ? inDateOrder(query, filters, sortSelect.value,
                                    (found.filters || {})[BY_DAY] || {})
        : listOf(found.results);
      shown = 0;
      list.replaceChildren();
      list.dataset.query = query;  // what the list answers (benchmarks/reader.py waits for it)
      fillFilters(found.filters || {});
      choiceCounts(query, filters, found.filters || {}, current);
      var count = results.count;
      // none: the words searched for, so the reader sees what found nothing
      var none = query && dialog.dataset.noneFor
        ? fill(dialog.dataset.noneFor, { query: query }) : dialog.dataset.none;
      setStatus(count === 0 ? none : count === 1 ? dialog.dataset.one
        : dialog.dataset.other.replace("#", String(count)));
      if (count === 0 && query) didYouMean(query, options, current);
      return showMore(current).then(function (pages) {
        // Pagefind answers a word it lacks with words that begin like it ("webhoks":
        // "we"): when the first results mark none of a word's kind, offer better ones.
        if (!pages || !query || !count) return;
        var marks = [];
        pages.forEach(function (page) { marks = marks.concat(markedWords(page)); });
        var unknown = query.toLowerCase().split(/\s+/).some(function (word) {
          return word.length >= 3 && !known(word, marks);
        });
        if (unknown) didYouMean(query, options, current);
      });
    });
  }

  // Each choice of a filter shows how many results it would give. Pagefind counts, for
  // each value, the results of this search with that value added to the chosen
  // filters: right for a filter not chosen yet; for a chosen one (a choice replaces
  // it), the counts come from the same search without it. Its index chunks are loaded.
  function choiceCounts(query, filters, counts, current) {
    var chosen = Object.keys(filters);
    if (!chosen.length) return;
    Promise.all(chosen.map(function (key) {
      var others = {};
      chosen.forEach(function (other) { if (other !== key) others[other] = filters[other]; });
      return pagefind.search(query || null, { filters: others }).then(function (found) {
        return [key, (found.filters || {})[key] || {}];
      });
    })).then(function (pairs) {
      if (current !== generation) return;
      var all = {};
      Object.keys(counts).forEach(function (key) { all[key] = counts[key]; });
      pairs.forEach(function (pair) { all[pair[0]] = pair[1]; });
      fillFilters(all);
    });
  }

  // A search that finds nothing: some of its words are likely misspelt. For each word,
  // the words the first results mark (words of the site) are read, for the word and
  // then for shorter and shorter beginnings of it (down to 3 letters): a word the site
  // has stays; otherwise the closest marked word (edit distance at most a third of the
  // word, at least 2) takes its place. When the words so found find pages, they are
  // offered: "Did you mean “rollback thinking”?", one click away. The index chunks these
  // searches load are those of the same letters, and they run only when nothing is found.
  function didYouMean(query, options, current) {
    var words = query.split(/\s+/);
    var fixed = words.slice();
    function fromWord(at) {
      if (at >= words.length) return Promise.resolve();
      var word = words[at].toLowerCase();
      return closest(word, word.length).then(function (better) {
        if (better && better !== word) fixed[at] = better;
        return fromWord(at + 1);
      });
    }
    fromWord(0).then(function () {
      var better = fixed.join(" ");
      if (better.toLowerCase() === query.toLowerCase() || current !== generation) return;
      return pagefind.search(better, options).then(function (found) {
        if (!found.results.length || current !== generation) return;
        suggestion.dataset.query = better;
        suggestion.textContent = fill(suggestion.dataset.label, { query: better });
        suggestion.parentNode.hidden = false;
      });
    });
  }

  // The word of the site closest to ``word``: ``word`` itself when the site has it;
  // else the closest of the words the first results mark for its first letters, all
  // but up to 4 of them (then fewer, down to 3 letters, until one is close enough);
  // null when none is.
  function closest(word, length, candidates) {
    candidates = candidates || [];
    if (length < 3) return Promise.resolve(nearest(word, candidates));
    return pagefind.search(word.slice(0, length)).then(function (found) {
      return Promise.all(found.results.slice(0, 3).map(function (result) {
        return result.data();
      }));
    }).then(function (pages) {
      var marks = [];
      pages.forEach(function (page) { marks = marks.concat(markedWords(page)); });
      if (length === word.length && known(word, marks)) return word;
      candidates = candidates.concat(marks);
      var best = length <= word.length - 4 ? nearest(word, candidates) : null;
      return best || closest(word, length - 1, candidates);
    });
  }

  // The candidate closest to ``word``: an edit distance at most a third of the word's
  // length, and at least 2; null when none is that close.
  function nearest(word, candidates) {
    var best = null;
    var bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    candidates.forEach(function (candidate) {
      var d = distance(word, candidate);
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    });
    return best;
  }

  // Whether the site has ``word`` among ``marks``: a marked word begins as it does, but
  // for its last two letters (Pagefind finds "rollbacks" for "rollback").
  function known(word, marks) {
    var stem = word.slice(0, Math.max(3, word.length - 2));
    return marks.some(function (mark) { return mark.indexOf(stem) === 0; });
  }

  // The words an excerpt marks (a page's, and its sections'), lower case, letters only.
  function markedWords(page) {
    var found = [];
    [page].concat(page.sub_results || []).forEach(function (part) {
      var template = document.createElement("template");
      template.innerHTML = part.excerpt || "";  // inert: nothing in a template runs
      template.content.querySelectorAll("mark").forEach(function (mark) {
        var word = mark.textContent.toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, "");
        if (word) found.push(word);
      });
    });
    return found;
  }

  // Levenshtein's distance, a transposition counting as one edit.
  function distance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(value);
      }
    }
    return rows[a.length][b.length];
  }

  function showMore(current) {
    var from = shown;
    shown = Math.min(shown + PAGE, results.count);
    return results.take(from, shown).then(function (batch) {
      return Promise.all(batch.map(function (result) { return result.data(); }));
    }).then(function (pages) {
      if (current !== generation) return;
      pages.forEach(function (page) {
        var li = item(page);
        if (li) list.appendChild(li);
      });
      more.hidden = shown >= results.count;
      return pages;
    });
  }

  // A result links only to a page of this site: its URL must be a path under the site's
  // base path (no scheme, no "//" host, no backslash or control a browser would read
  // as one), and a section's link is that URL with the section's anchor, never the
  // sub-result's own URL. Pagefind takes a result's URL from the page's HTML
  // (data-pagefind-meta="url"), which the build refuses in a page's body; a result
  // that names another address anyway is skipped.
  function ownUrl(url) {
    if (typeof url !== "string" || /[\x00-\x20\\]/.test(url)) return null;
    if (url.indexOf(base().pathname) !== 0 || url.indexOf("//") !== -1) return null;
    var resolved = new URL(url, location.href);
    return resolved.origin === location.origin ? url : null;
  }

  function item(page) {
    var meta = page.meta || {};
    var url = ownUrl(page.url);
    if (!url || ("url" in meta && meta.url !== page.url)) return null;
    url = url.replace(/#.*$/, "");
    var best = bestSection(page);
    var id = best && best.anchor && best.anchor.id;
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "opsdesk-search__result";
    link.href = highlightUrl(url, list.dataset.query || "") +
      (id ? "#" + encodeURIComponent(id) : "");
    var top = span("opsdesk-search__meta", "");
    if (meta.lane) top.appendChild(span("opsdesk-search__lane", meta.lane));
    if (meta.date) top.appendChild(span("opsdesk-search__date", meta.date));
    if (top.childNodes.length) link.appendChild(top);
    link.appendChild(span("opsdesk-search__title", meta.title || url));
    if (id && best.title && best.title !== meta.title) {
      link.appendChild(span("opsdesk-search__section", best.title));
    }
    var excerpt = document.createElement("p");
    excerpt.className = "opsdesk-search__excerpt";
    appendExcerpt(excerpt, best && best.excerpt ? best.excerpt : page.excerpt);
    link.appendChild(excerpt);
    li.appendChild(link);
    return li;
  }

  // The section with the most matches (Pagefind's sub-results follow the page's
  // headings that carry an id), so the link opens the page where the words are.
  function bestSection(page) {
    var best = null;
    (page.sub_results || []).forEach(function (sub) {
      var hits = (sub.locations || []).length;
      if (!best || hits > (best.locations || []).length) best = sub;
    });
    return best;
  }

  // ``url`` with each searched word as a `highlight` parameter, for the page to mark.
  function highlightUrl(url, query) {
    var words = query.split(/\s+/).filter(Boolean);
    if (!words.length) return url;
    var params = new URLSearchParams();
    words.forEach(function (word) { params.append(HIGHLIGHT, word); });
    return url + (url.indexOf("?") < 0 ? "?" : "&") + params.toString();
  }

  function appendExcerpt(target, html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";  // inert: nothing in a template loads or runs
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function fillFilters(counts) {
    filterSelects.forEach(function (select) {
      var key = select.dataset.opsdeskFilter;
      var values = totals[key] || {};
      var here = counts[key] || {};
      var chosen = select.value;
      var first = select.options[0];
      select.replaceChildren(first);
      Object.keys(values).sort(function (a, b) {
        return a.localeCompare(b);
      }).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        var n = value in here ? here[value] : 0;
        option.textContent = value + " (" + n + ")";
        select.appendChild(option);
      });
      select.value = chosen;
    });
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function setStatus(text) {
    status.textContent = text || "";
  }

  // A label with each {name} replaced by values[name], in one pass (a query that holds
  // "{query}" stays as typed); {{ and }} are literal braces, as in site.yml's labels.
  function fill(label, values) {
    return (label || "").replace(/\{\{|\}\}|\{(\w+)\}/g, function (found, name) {
      if (found === "{{") return "{";
      if (found === "}}") return "}";
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : found;
    });
  }
})();
