// llm-choice: sorting, filtering and pages for the tables marked data-interactive. Inlined in
// the page and allowed by the Content-Security-Policy by its hash; it fetches nothing and
// reads only the page. Without it every row is shown, in the order the renderer chose.
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table[data-interactive]")) enhance(table);
});

function enhance(table) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const size = Number(table.dataset.page || 0);
  const noun = table.dataset.noun || "rows";
  const heads = Array.from(table.tHead.rows[0].cells);
  const state = { text: "", filters: {}, sort: null, page: 0, texts: null, touched: false };
  const bar = document.createElement("div");
  bar.className = "table-tools";
  const search = element("input", { type: "search", placeholder: "Filter" });
  search.setAttribute("aria-label", "Filter " + noun + " by any text");
  bar.append(labelled("Filter", search));
  heads.forEach((th, column) => {
    if (th.dataset.filter !== undefined) {
      const select = element("select", {});
      select.setAttribute("aria-label", noun + " by " + th.textContent.trim());
      select.append(new Option("all", ""));
      const values = new Set(rows.map((row) => cell(row, column)));
      for (const value of Array.from(values).sort()) select.append(new Option(value, value));
      select.addEventListener("change", () => {
        state.filters[column] = select.value;
        update(0);
      });
      bar.append(labelled(th.textContent.trim(), select));
    }
    if (th.dataset.sort !== undefined) {
      const button = element("button", { type: "button" });
      button.textContent = th.textContent;
      th.textContent = "";
      th.append(button);
      button.addEventListener("click", () => {
        const ascending = !(state.sort && state.sort.column === column && state.sort.up);
        state.sort = { column, up: ascending, numeric: th.classList.contains("num") };
        heads.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        update(0);
      });
    }
  });
  search.addEventListener("input", () => {
    state.text = search.value.trim().toLowerCase();
    update(0);
  });
  const count = element("p", { className: "table-count" });
  count.setAttribute("role", "status");
  const pager = element("div", { className: "table-pager" });
  const previous = element("button", { type: "button" });
  const next = element("button", { type: "button" });
  previous.textContent = "Previous";
  next.textContent = "Next";
  previous.addEventListener("click", () => update(state.page - 1));
  next.addEventListener("click", () => update(state.page + 1));
  pager.append(previous, next);
  const wrap = table.closest(".scroll") || table;
  wrap.before(bar);
  bar.append(count);
  wrap.after(pager);
  let shown = rows;
  update(0);

  function update(page) {
    if (page === 0 && (state.text || state.sort || Object.values(state.filters).some(Boolean))) {
      shown = rows.filter(matches);
      if (state.sort) shown.sort(compare);
      body.append(...shown);
      for (const row of rows) row.hidden = true;
      for (const row of shown) row.hidden = false;
      state.touched = true;
    } else if (page === 0 && state.touched) {
      shown = rows;
      body.append(...rows);
      for (const row of rows) row.hidden = false;
    }
    const pages = size ? Math.max(1, Math.ceil(shown.length / size)) : 1;
    state.page = Math.min(Math.max(page, 0), pages - 1);
    const first = state.page * size;
    // until a reader turns a page, sorts or filters, the stylesheet shows the first page
    // (nothing to do for 10,000 rows while the page opens); from then on, this does
    if (size && (state.touched || state.page > 0 || table.classList.contains("touched"))) {
      table.classList.add("touched");
      shown.forEach((row, index) => {
        const off = index < first || index >= first + size;
        if (off !== row.hasAttribute("data-off")) row.toggleAttribute("data-off", off);
      });
    }
    const last = size ? Math.min(first + size, shown.length) : shown.length;
    const of = shown.length === rows.length ? "" : " (of " + rows.length.toLocaleString("en") + ")";
    count.textContent = shown.length
      ? "Showing " + (first + 1).toLocaleString("en") + "\u2013" + last.toLocaleString("en") +
        " of " + shown.length.toLocaleString("en") + " " + noun + of
      : "No " + noun + " match" + of;
    pager.hidden = pages < 2;
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  function matches(row) {
    for (const [column, value] of Object.entries(state.filters)) {
      if (value && cell(row, column) !== value) return false;
    }
    if (!state.text) return true;
    if (!state.texts) state.texts = new Map(rows.map((r) => [r, r.textContent.toLowerCase()]));
    return state.texts.get(row).includes(state.text);
  }

  function compare(a, b) {
    const { column, up, numeric } = state.sort;
    const x = key(a, column, numeric);
    const y = key(b, column, numeric);
    const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return up || x === null || y === null ? order : -order;
  }
}

function cell(row, column) {
  const td = row.cells[column];
  return td ? (td.dataset.value || td.textContent).trim() : "";
}

function key(row, column, numeric) {
  const text = cell(row, column);
  if (!text || text === "\u2013") return null;
  if (!numeric) return text.toLowerCase();
  const number = parseFloat(text.replace(/,/g, ""));
  return Number.isNaN(number) ? null : number;
}

function element(tag, properties) {
  return Object.assign(document.createElement(tag), properties);
}

function labelled(text, control) {
  const label = element("label", {});
  label.append(text + " ", control);
  return label;
}
