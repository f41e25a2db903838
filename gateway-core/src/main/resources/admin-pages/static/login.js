// Shows the login error that POST /auth signals with ?error=1.
(function () {
  'use strict';
  if (new URLSearchParams(window.location.search).has('error')) {
    document.getElementById('error').hidden = false;
  }
})();
