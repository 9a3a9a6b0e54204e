/* cchc-analysis: make every table.searchable searchable and sortable (DataTables, bundled above).
   Static: no data of the report is in this script; DataTables works on the table's own nodes.
   No paging, so every row stays in the page (and in print); the controls are hidden in print. */
(function () {
  "use strict";
  if (typeof window.DataTable !== "function") { return; }
  var words = {
    search: "Tìm trong bảng:", info: "_TOTAL_ dòng", infoEmpty: "Không có dòng nào",
    infoFiltered: "(lọc từ _MAX_ dòng)", zeroRecords: "Không có dòng nào khớp",
    emptyTable: "Bảng không có dòng nào", thousands: ".", decimal: ",",
    aria: { sortAscending: ": sắp xếp tăng dần", sortDescending: ": sắp xếp giảm dần" }
  };
  var tables = document.querySelectorAll("table.searchable");
  for (var i = 0; i < tables.length; i++) {
    new window.DataTable(tables[i], {
      paging: false, order: [], autoWidth: false, language: words,
      layout: { topStart: null, topEnd: "search", bottomStart: "info", bottomEnd: null }
    });
  }
})();
