/* cchc-analysis: make every table.searchable searchable and sortable (DataTables, bundled above).
   Static: no data of the report is in this script; DataTables works on the table's own nodes.
   No paging, so every row stays in the page (and in print); the controls are hidden in print.
   Sorting keeps a parent row and its sub-rows (tr.sub) together, and never mixes units: in a table
   with a unit column (th.unit) rows are ordered within their unit, the units in table order.
   Rows that carry data-domain / data-severity get a select box per attribute above the table. */
(function () {
  "use strict";
  if (typeof window.DataTable !== "function") { return; }
  var DataTable = window.DataTable;
  var words = {
    search: "Tìm trong bảng:", info: "_TOTAL_ dòng", infoEmpty: "Không có dòng nào",
    infoFiltered: "(lọc từ _MAX_ dòng)", zeroRecords: "Không có dòng nào khớp",
    emptyTable: "Bảng không có dòng nào", thousands: ".", decimal: ",",
    aria: { sortAscending: ": sắp xếp tăng dần", sortDescending: ": sắp xếp giảm dần" }
  };
  var filters = [
    { key: "domain", label: "Lĩnh vực:", all: "Tất cả lĩnh vực", names: null },
    { key: "severity", label: "Mức độ phát hiện:", all: "Tất cả các dòng",
      names: { error: "Có lỗi", warning: "Có cảnh báo", info: "Có lưu ý" } }
  ];
  var chosen = [];  // per table: { table, values: { domain: "", severity: "" } }

  function text(cell) { return cell ? cell.textContent.replace(/\s+/g, " ").trim() : ""; }

  /* A cell's sort value: its data-order when a number, else its text; null when blank ("–"). */
  function valueOf(cell) {
    var order = cell && cell.getAttribute("data-order");
    if (order !== null && order !== "" && !isNaN(Number(order))) { return Number(order); }
    var shown = text(cell);
    return shown === "" || shown === "–" ? null : shown;
  }

  /* Each row's group (a parent row and the sub-rows under it) and the group's unit, ranked in
     table order: the parent's unit, or its first sub-row's when the parent has none. */
  function groups(settings) {
    if (settings._cchcGroups) { return settings._cchcGroups; }
    var head = settings.nTable.tHead, ranks = {}, next = 0, out = [], group = null, unitCol = -1;
    var heads = head && head.rows.length ? head.rows[head.rows.length - 1].cells : [];
    for (var c = 0; c < heads.length; c++) {
      if (heads[c].classList.contains("unit")) { unitCol = c; }
    }
    settings.aoData.forEach(function (data, i) {
      if (!group || !data.nTr.classList.contains("sub")) { group = { parent: i, rows: [], unit: "" }; }
      group.rows.push(i);
      if (!group.unit && unitCol >= 0) { group.unit = text(data.anCells[unitCol]).toLowerCase(); }
      out.push(group);
    });
    out.forEach(function (g) {
      if (!(g.unit in ranks)) { ranks[g.unit] = next++; }
      g.rank = ranks[g.unit];
    });
    settings._cchcGroups = out;
    return out;
  }

  /* The key a row sorts by in a column: its group's unit, then the group's value there (the
     parent's, or its first sub-row's with one); a code column keeps the table's own order. */
  DataTable.ext.order.cchc = function (settings, col) {
    return groups(settings).map(function (g) {
      var value = null;
      for (var i = 0; i < g.rows.length && value === null; i++) {
        var cell = settings.aoData[g.rows[i]].anCells[col];
        value = cell && cell.classList.contains("stt") ? g.parent : valueOf(cell);
      }
      return { unit: g.rank, value: value };
    });
  };
  function compare(dir) {
    return function (a, b) {
      if (a.unit !== b.unit) { return a.unit - b.unit; }  // units keep their place either way
      if (a.value === b.value) { return 0; }
      if (a.value === null) { return 1; }  // blanks last either way
      if (b.value === null) { return -1; }
      var n = typeof a.value === "number" && typeof b.value === "number"
        ? a.value - b.value : String(a.value).localeCompare(String(b.value), "vi");
      return dir === "asc" ? n : -n;
    };
  }
  DataTable.ext.type.order["cchc-asc"] = compare("asc");
  DataTable.ext.type.order["cchc-desc"] = compare("desc");

  /* Rows hidden by a table's select boxes (a row shows when it has every value chosen). */
  DataTable.ext.search.push(function (settings, data, index) {
    for (var i = 0; i < chosen.length; i++) {
      if (chosen[i].table !== settings.nTable) { continue; }
      var row = settings.aoData[index].nTr;
      for (var k in chosen[i].values) {
        var want = chosen[i].values[k];
        var has = (row.getAttribute("data-" + k) || "").split(" ");
        if (want && k === "domain" && row.getAttribute("data-domain") !== want) { return false; }
        if (want && k !== "domain" && has.indexOf(want) < 0) { return false; }
      }
    }
    return true;
  });

  /* The select boxes of a table: one per attribute its rows carry with two values or more. */
  DataTable.feature.register("cchcFilters", function (settings) {
    var box = document.createElement("div"), table = settings.nTable, state = { table: table, values: {} };
    box.className = "dt-filters";
    filters.forEach(function (f) {
      var seen = [], without = 0, rows = table.tBodies[0] ? table.tBodies[0].rows : [];
      for (var i = 0; i < rows.length; i++) {
        var v = rows[i].getAttribute("data-" + f.key);
        var values = v ? (f.key === "domain" ? [v] : v.split(" ")) : [];
        if (!values.length) { without++; }
        values.forEach(function (x) { if (x && seen.indexOf(x) < 0) { seen.push(x); } });
      }
      if (!seen.length || (seen.length < 2 && !without)) { return; }  // it would hide nothing
      var label = document.createElement("label"), select = document.createElement("select");
      label.appendChild(document.createTextNode(f.label + " "));
      [""].concat(f.names ? Object.keys(f.names).filter(function (x) { return seen.indexOf(x) >= 0; }) : seen)
        .forEach(function (x) {
          var option = document.createElement("option");
          option.value = x;
          option.textContent = x ? (f.names ? f.names[x] : x) : f.all;
          select.appendChild(option);
        });
      select.addEventListener("change", function () {
        state.values[f.key] = select.value;
        new DataTable.Api(settings).draw();
      });
      state.values[f.key] = "";
      label.appendChild(select);
      box.appendChild(label);
    });
    chosen.push(state);
    return box;
  });

  var tables = document.querySelectorAll("table.searchable");
  for (var i = 0; i < tables.length; i++) {
    var grouped = tables[i].querySelector("thead th.unit, tbody tr.sub") !== null;
    new DataTable(tables[i], {
      paging: false, order: [], autoWidth: false, language: words, orderDescReverse: false,
      columnDefs: grouped ? [{ targets: "_all", type: "cchc", orderDataType: "cchc" }] : [],
      layout: { topStart: "cchcFilters", topEnd: "search", bottomStart: "info", bottomEnd: null }
    });
  }
})();
