/* cxmaps in-page filters: the action items, pain points (and any list marked up the same
   way) narrowed by owner, status, priority, journey, phase, persona, severity, evidence…,
   with counts that follow, and a choice of views (the action items' board and tables).

   The page says everything; this script only reads it:
   - `.cx-filter[data-cx-filter="owner status …"]` (hidden) is where the controls go: one
     select per facet, in that order, for each facet that some item carries and that can
     narrow the list. Its `ul[data-cx-labels=<facet>] > li[data-value]` name the ids.
   - Every item carries `data-cx-item="<key>"` and `data-<facet>="<id> <id>…"`; the same
     item may appear in several views (same key), and is counted once.
   - `[data-cx-group]` sections count their own items: `[data-cx-heading]` gets
     "Open (3 of 22)", `[data-cx-none]` shows when none is left, `.cx-list` hides then.
   - `[data-cx-view]` elements are views of the same items; a switch shows one at a
     time (`data-cx-default` marks the one shown first).
   The state lives in the query string (`?owner=web-team&status=open&view=table`), so a
   filtered view can be shared and survives a reload. Without this script the mark stays
   hidden and every list stays whole. Every page is set up as cxmaps-start.js says (again
   after each of Material's instant navigations). */
(() => {
  "use strict";
  const FACETS = {
    owner: "Owner", status: "Status", priority: "Priority", journey: "Journey",
    phase: "Phase", persona: "Persona", severity: "Severity", evidence: "Evidence",
    overdue: "Overdue", addressed: "Addressed", impact: "Impact", effort: "Effort",
  };
  const LEVELS = ["high", "medium", "low"];
  const ORDER = {
    status: ["open", "in-progress", "done", "dropped"], priority: LEVELS, severity: LEVELS,
    impact: LEVELS, effort: ["low", "medium", "high"],
  };
  const YES_NO = {
    evidence: ["With evidence", "Without evidence"], overdue: ["Overdue", "Not overdue"],
    addressed: ["Addressed by an action", "Not addressed"],
  };
  const VIEW = "view";

  const words = (text) => (text || "").split(/\s+/).filter(Boolean);
  const pretty = (id) => {
    const text = id.replace(/-/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const make = (tag, props = {}, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  };

  /* The options of one facet: [id, name] in the order a reader expects. */
  const optionsOf = (mark, facet, ids) => {
    const named = new Map([...mark.querySelectorAll(`ul[data-cx-labels="${facet}"] > li`)]
      .map((li) => [li.dataset.value, li.textContent]));
    if (YES_NO[facet]) named.set("yes", YES_NO[facet][0]).set("no", YES_NO[facet][1]);
    const order = ORDER[facet] || (YES_NO[facet] ? ["yes", "no"] : [...named.keys()]);
    const rank = (id) => (order.includes(id) ? order.indexOf(id) : order.length);
    const name = (id) => named.get(id) || pretty(id);
    return [...ids]
      .sort((a, b) => rank(a) - rank(b) || name(a).localeCompare(name(b)))
      .map((id) => [id, name(id)]);
  };

  const setUpOne = (mark) => {
    mark.dataset.cxReady = "";
    const scope = mark.closest("article") || document.body;
    const items = [...scope.querySelectorAll("[data-cx-item]")];
    const records = new Map(); // key → {facet: [ids]}, one per item however often shown
    const facets = words(mark.dataset.cxFilter);
    for (const item of items) {
      if (records.has(item.dataset.cxItem)) continue;
      records.set(item.dataset.cxItem, Object.fromEntries(
        facets.map((f) => [f, words(item.getAttribute(`data-${f}`))])));
    }
    const all = [...records.values()];
    const shown = facets.filter((f) => {
      const ids = new Set(all.flatMap((r) => r[f]));
      return ids.size > 1 || (ids.size === 1 && all.some((r) => !r[f].length));
    });
    const views = [...scope.querySelectorAll("[data-cx-view]")];
    const groups = [...scope.querySelectorAll("[data-cx-group]")];
    const nouns = mark.dataset.cxNouns || "items";
    const state = {};
    const params = new URLSearchParams(location.search);

    const form = make("form", { className: "cx-filter-form", role: "search" });
    form.setAttribute("aria-label", `Filter the ${nouns}`);
    form.addEventListener("submit", (event) => event.preventDefault());
    const fields = make("div", { className: "cx-filter-fields" });
    const selects = {};
    for (const facet of shown) {
      const options = optionsOf(mark, facet, new Set(all.flatMap((r) => r[facet])));
      const select = make("select", { name: facet, id: `cx-filter-${facet}` },
        make("option", { value: "" }, "All"),
        ...options.map(([id, name]) => make("option", { value: id }, name)));
      for (const option of select.options) option.dataset.name = option.textContent;
      const wanted = params.get(facet);
      if (options.some(([id]) => id === wanted)) state[facet] = wanted;
      select.value = state[facet] || "";
      select.addEventListener("change", () => {
        if (select.value) state[facet] = select.value;
        else delete state[facet];
        update();
      });
      selects[facet] = select;
      fields.append(make("div", { className: "cx-filter-field" },
        make("label", { htmlFor: select.id }, FACETS[facet] || pretty(facet)), select));
    }
    const clear = make("button", { type: "button", className: "cx-filter-clear" },
      "Clear filters");
    clear.addEventListener("click", () => {
      for (const facet of Object.keys(state)) delete state[facet];
      update();
      fields.querySelector("select")?.focus();
    });
    const status = make("p", { className: "cx-filter-status", role: "status" });
    status.setAttribute("aria-live", "polite");
    const bar = make("div", { className: "cx-filter-bar" }, status);

    /* The view switch: one pressed button per view. A link to an anchor in another
       view (the dashboard's "open action items" to #open) opens that view. */
    let view = null;
    let initial = null;
    const switches = {};
    if (views.length > 1) {
      const names = views.map((v) => v.dataset.cxView);
      let target = null;
      try {
        target = location.hash && document.getElementById(
          decodeURIComponent(location.hash.slice(1)));
      } catch {
        /* a malformed fragment points nowhere */
      }
      const holding = target && views.find((v) => v.contains(target));
      const fallback = views.find((v) => v.hasAttribute("data-cx-default")) || views[0];
      initial = fallback.dataset.cxView;
      view = names.includes(params.get(VIEW)) ? params.get(VIEW)
        : (holding || fallback).dataset.cxView;
      const group = make("div", { className: "cx-filter-views", role: "group" });
      group.setAttribute("aria-label", "Show as");
      for (const v of views) {
        const button = make("button", { type: "button" },
          v.dataset.cxViewLabel || pretty(v.dataset.cxView));
        button.addEventListener("click", () => { view = v.dataset.cxView; update(); });
        switches[v.dataset.cxView] = button;
        group.append(button);
      }
      bar.prepend(group);
    }
    bar.append(clear);
    form.append(fields, bar);

    const matches = (record, except) => shown.every(
      (f) => f === except || !state[f] || record[f].includes(state[f]));

    const update = () => {
      const active = Object.keys(state).length > 0;
      for (const item of items) item.hidden = !matches(records.get(item.dataset.cxItem));
      for (const group of groups) {
        const keys = new Set();
        const visible = new Set();
        for (const item of group.querySelectorAll("[data-cx-item]")) {
          keys.add(item.dataset.cxItem);
          if (!item.hidden) visible.add(item.dataset.cxItem);
        }
        const heading = group.querySelector("[data-cx-heading]");
        if (heading) {
          heading.textContent = `${heading.dataset.cxHeading} (${active
            ? `${visible.size} of ${keys.size}` : keys.size})`;
        }
        const none = group.querySelector("[data-cx-none]");
        if (none) none.hidden = keys.size > 0 && visible.size > 0;
        for (const list of group.querySelectorAll(".cx-list")) list.hidden = !visible.size;
      }
      for (const [facet, select] of Object.entries(selects)) {
        const counts = new Map();
        let any = 0;
        for (const record of all) {
          if (!matches(record, facet)) continue;
          any += 1;
          for (const id of record[facet]) counts.set(id, (counts.get(id) || 0) + 1);
        }
        for (const option of select.options) {
          const n = option.value ? counts.get(option.value) || 0 : any;
          option.textContent = `${option.dataset.name} (${n})`;
          option.disabled = n === 0 && option.value !== state[facet];
        }
        select.value = state[facet] || "";
      }
      const count = all.filter((r) => matches(r)).length;
      status.textContent = active
        ? `Showing ${count} of ${all.length} ${nouns}`
        : `Showing all ${all.length} ${nouns}`;
      clear.disabled = !active;
      for (const v of views) v.hidden = view !== null && v.dataset.cxView !== view;
      for (const [name, button] of Object.entries(switches)) {
        button.setAttribute("aria-pressed", String(name === view));
      }
      const query = new URLSearchParams(location.search);
      for (const facet of shown) {
        if (state[facet]) query.set(facet, state[facet]);
        else query.delete(facet);
      }
      if (view !== null && view !== initial) query.set(VIEW, view);
      else query.delete(VIEW);
      const search = query.toString();
      const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
      if (url !== `${location.pathname}${location.search}${location.hash}`) {
        history.replaceState(history.state, "", url);
      }
    };

    mark.replaceChildren(form);
    mark.hidden = false;
    update();
  };

  const setUp = () => {
    for (const mark of document.querySelectorAll(".cx-filter:not([data-cx-ready])")) {
      setUpOne(mark);
    }
  };

  (window.cxmapsSetUp = window.cxmapsSetUp || []).push(setUp); // on every page: cxmaps-start.js
})();
