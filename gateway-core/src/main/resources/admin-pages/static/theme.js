// Light or dark: the system's choice unless the admin picked one with the toggle (kept in localStorage).
(function () {
  'use strict';
  var KEY = 'gb-theme';
  var root = document.documentElement;
  var saved = localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') {
    root.setAttribute('data-theme', saved);
  }
  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.getElementById('theme');
    if (!toggle) {
      return;
    }
    toggle.addEventListener('click', function () {
      var current = root.getAttribute('data-theme')
        || (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
      var next = current === 'dark' ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      localStorage.setItem(KEY, next);
    });
  });
})();
