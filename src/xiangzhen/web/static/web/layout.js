// Phone layout helpers, so that no page template has to know about small screens:
// - every data table gets its column header copied into data-label on each cell; site.css turns the rows
//   into labelled cards below 600 px (tables marked class="numeric" scroll in their own box instead);
// - every ECharts container follows its box's width, also when only the box (not the window) changes;
// - the menu button tells assistive technology whether the menu is open, and Escape closes it;
// - the menu's groups: on a phone every group is listed open behind the menu button; on a desktop each
//   group is a drop-down, one open at a time, closed by Escape or a click elsewhere.
// - a list's folded filters (details.filter-fold) open on screens wide enough to show them beside the list.
(() => {
  function columnLabels(table) {
    const headerRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!headerRow) return null;
    const labels = [];
    for (const cell of headerRow.cells) {
      for (let span = 0; span < cell.colSpan; span += 1) labels.push(cell.textContent.trim());
    }
    return labels.some(Boolean) ? labels : null;
  }

  function labelTable(table) {
    if (table.classList.contains("numeric")) return;
    const labels = columnLabels(table);
    if (!labels) return;
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          // A cell spanning the whole row ("nothing found") is a sentence, not a field: no label.
          if (!cell.hasAttribute("data-label") && cell.colSpan < labels.length) {
            cell.setAttribute("data-label", labels[column] || "");
          }
          column += cell.colSpan;
        }
      }
    }
    table.classList.add("stackable");
  }

  function labelTables(root) {
    for (const table of root.querySelectorAll("table")) labelTable(table);
  }

  function followWidth(root) {
    if (!window.ResizeObserver) return;
    for (const element of root.querySelectorAll(".chart")) {
      if (element.dataset.resizing) continue;
      element.dataset.resizing = "1";
      new ResizeObserver(() => {
        const chart = window.echarts && window.echarts.getInstanceByDom(element);
        if (chart) chart.resize();
      }).observe(element);
    }
  }

  function menu() {
    const toggle = document.getElementById("menu-toggle");
    if (!toggle) return;
    const sync = () => toggle.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", sync);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.checked) {
        toggle.checked = false;
        sync();
      }
    });
    sync();
  }

  // The header's search on a phone: opening it puts the cursor in the box, ready for a number.
  function searchBox() {
    const toggle = document.getElementById("search-toggle");
    if (!toggle) return;
    const sync = () => {
      toggle.setAttribute("aria-expanded", String(toggle.checked));
      if (toggle.checked) document.querySelector("#header-search input").focus();
    };
    toggle.addEventListener("change", sync);
    toggle.setAttribute("aria-expanded", String(toggle.checked));
  }

  function menuGroups() {
    const groups = [...document.querySelectorAll("header.top .nav-group, header.top .account")];
    if (!groups.length) return;
    const phone = window.matchMedia("(max-width: 959px)");
    const lay = () => {
      for (const group of groups) group.open = phone.matches;
    };
    lay();
    phone.addEventListener("change", lay);
    for (const group of groups) {
      group.addEventListener("toggle", () => {
        if (phone.matches || !group.open) return;
        for (const other of groups) if (other !== group) other.open = false;
      });
    }
    const closeAll = () => {
      if (phone.matches) return;
      for (const group of groups) group.open = false;
    };
    document.addEventListener("click", (event) => {
      if (!groups.some((group) => group.contains(event.target))) closeAll();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeAll();
    });
  }

  function filterFolds(root) {
    if (!window.matchMedia("(min-width: 601px)").matches) return;
    for (const fold of root.querySelectorAll("details.filter-fold")) fold.open = true;
  }

  document.addEventListener("DOMContentLoaded", () => {
    filterFolds(document);
    labelTables(document);
    followWidth(document);
    menu();
    searchBox();
    menuGroups();
  });
  // Rows htmx swaps in later are labelled like the rest.
  document.addEventListener("htmx:load", () => labelTables(document));
})();
