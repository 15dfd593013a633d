/**
 * The HTML report's one inline script (its hash is in the page's Content-Security-Policy): filters,
 * sorting and expanding of the problems table, and saving the embedded findings.json.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var groups = Array.prototype.slice.call(table.querySelectorAll('tbody.finding'));
  var controls = ['f-severity', 'f-status', 'f-check', 'f-cluster', 'f-text'].map(function (id) {
    return document.getElementById(id);
  });
  var count = document.getElementById('f-count');
  function matches(group) {
    var d = group.dataset;
    var severity = controls[0].value, status = controls[1].value, check = controls[2].value;
    var cluster = controls[3].value, text = controls[4].value.trim().toLowerCase();
    if (severity && d.severity !== severity) return false;
    if (status === 'open' ? d.open !== 'true' : status === 'suppressed' ? d.suppressed !== 'true' : status && d.status !== status) return false;
    if (check && d.check !== check) return false;
    if (cluster && d.cluster !== cluster) return false;
    if (text && group.textContent.toLowerCase().indexOf(text) < 0) return false;
    return true;
  }
  function apply() {
    var shown = 0;
    groups.forEach(function (group) {
      var ok = matches(group);
      group.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + groups.length + ' findings shown';
  }
  controls.forEach(function (control) {
    control.addEventListener('input', apply);
    control.addEventListener('change', apply);
  });
  table.addEventListener('click', function (event) {
    var button = event.target.closest('button.expand');
    if (!button) return;
    var detail = button.closest('tbody').querySelector('tr.detail');
    var opening = detail.hidden;
    detail.hidden = !opening;
    button.setAttribute('aria-expanded', String(opening));
    button.textContent = opening ? '\\u2212' : '+';
  });
  var headers = Array.prototype.slice.call(table.querySelectorAll('th[data-sort]'));
  headers.forEach(function (header) {
    header.addEventListener('click', function () {
      var key = header.dataset.sort;
      var ascending = header.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var numeric = key === 'rank';
      groups.sort(function (a, b) {
        var x = a.dataset[key] || '', y = b.dataset[key] || '';
        var order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      groups.forEach(function (group) { table.appendChild(group); });
    });
  });
  var download = document.getElementById('download-json');
  if (download) {
    download.addEventListener('click', function () {
      var text = document.getElementById('result-data').textContent;
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = 'findings.json';
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    });
  }
  apply();
})();
`;
