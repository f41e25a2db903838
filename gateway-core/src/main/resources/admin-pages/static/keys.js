// The key status page: reads GET /api/keys with the session cookie and renders every value with
// textContent only. Keys show as fingerprints; whole keys are fetched (?reveal=true) only to copy.
(function () {
  'use strict';

  var GROUPS = ['valid', 'cooling', 'invalid'];
  var status = document.getElementById('status');
  var shown = [];

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? 'status bad' : 'status';
  }

  // Same shape as the gateway's Secret.mask: first 6 and last 4 characters.
  function mask(key) {
    if (key.length < 16) {
      return '*'.repeat(Math.min(key.length, 8));
    }
    return key.slice(0, 6) + '...' + key.slice(-4);
  }

  function request(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      if (response.status === 401) {
        window.location.assign('/');
        throw new Error('The session has ended');
      }
      return response.json().then(function (json) {
        if (!response.ok) {
          throw new Error((json.error && json.error.message) || ('HTTP ' + response.status));
        }
        return json;
      });
    });
  }

  function future(untilByModel, now) {
    return Object.keys(untilByModel).filter(function (model) {
      return Date.parse(untilByModel[model]) > now;
    });
  }

  // Dead or failing keys are out of rotation; active keys cooling for some model are "cooling".
  function groupOf(entry, now) {
    if (entry.health !== 'active') {
      return 'invalid';
    }
    var cooling = future(entry.cooling_until, now).length + future(entry.exhausted_until, now).length;
    return cooling > 0 ? 'cooling' : 'valid';
  }

  function row(entry, index, now) {
    var node = document.getElementById('key-row').content.firstElementChild.cloneNode(true);
    node.querySelector('.fingerprint').textContent = entry.key;
    var health = node.querySelector('.health');
    health.textContent = entry.health;
    health.classList.add(entry.health);
    node.querySelector('.fails').textContent = 'fails: ' + entry.failure_count;
    node.querySelector('.reason').textContent = entry.last_error ? 'last error: ' + entry.last_error : '';
    var cooldowns = node.querySelector('.cooldowns');
    [['cooling', entry.cooling_until], ['quota exhausted', entry.exhausted_until]].forEach(function (pair) {
      future(pair[1], now).forEach(function (model) {
        var item = document.createElement('li');
        item.textContent = model + ': ' + pair[0] + ' until ' + new Date(pair[1][model]).toLocaleString();
        cooldowns.appendChild(item);
      });
    });
    node.querySelector('.verify').addEventListener('click', function (event) { verify(entry, node, event.target); });
    node.querySelector('.reset').addEventListener('click', function (event) { reset(entry, event.target); });
    node.querySelector('.show').addEventListener('click', function (event) {
      toggleShown(index, node.querySelector('.fingerprint'), event.target);
    });
    node.querySelector('.copy').addEventListener('click', function () {
      reveal([index]).then(function (keys) { return copy(keys[0], 'Key copied'); }).catch(fail);
    });
    return node;
  }

  function render(states) {
    var now = Date.now();
    shown = states.keys;
    var byGroup = { valid: [], cooling: [], invalid: [] };
    states.keys.forEach(function (entry, index) {
      entry.group = groupOf(entry, now);
      byGroup[entry.group].push(row(entry, index, now));
    });
    GROUPS.forEach(function (group) {
      var details = document.querySelector('details[data-group="' + group + '"]');
      var list = details.querySelector('.keys');
      details.querySelector('.count').textContent = '(' + byGroup[group].length + ')';
      list.replaceChildren.apply(list, byGroup[group]);
    });
    document.getElementById('summary').textContent = states.total + ' keys · as of '
      + new Date(states.taken_at).toLocaleTimeString();
  }

  function refresh() {
    return request('GET', '/api/keys').then(render).catch(fail);
  }

  // Whole keys for the given positions, checked against the fingerprints on screen.
  function reveal(indexes) {
    return request('GET', '/api/keys?reveal=true').then(function (states) {
      return indexes.map(function (index) {
        var whole = states.keys[index] && states.keys[index].key;
        if (!whole || mask(whole) !== shown[index].key) {
          throw new Error('The key list changed: refresh and try again');
        }
        return whole;
      });
    });
  }

  // Shows one whole key in place of its fingerprint, until asked to hide it again.
  function toggleShown(index, field, button) {
    if (button.textContent === 'Hide') {
      field.textContent = shown[index].key;
      button.textContent = 'Show';
      return;
    }
    reveal([index]).then(function (keys) {
      field.textContent = keys[0];
      button.textContent = 'Hide';
    }).catch(fail);
  }

  function copy(text, done) {
    var written = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text)
      : new Promise(function (resolve, reject) {
        var area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.appendChild(area);
        area.select();
        var ok = document.execCommand('copy');
        area.remove();
        if (ok) { resolve(); } else { reject(new Error('The browser refused to copy')); }
      });
    return written.then(function () { say(done, false); });
  }

  function busy(button, promise) {
    button.disabled = true;
    return promise.finally(function () { button.disabled = false; });
  }

  function flash(button, good) {
    button.classList.add(good ? 'good' : 'bad');
    setTimeout(function () { button.classList.remove('good', 'bad'); }, 3000);
  }

  function verify(entry, node, button) {
    busy(button, request('POST', '/api/keys/verify', { keys: [entry.key] })).then(function (answer) {
      var result = answer.results[0];
      node.querySelector('.result').textContent = result
        ? 'verified: ' + result.class + ' (' + result.reason + ')' : 'not verified: unknown key';
      flash(button, result && result.class === 'ok');
      say('Verified ' + entry.key, false);
      setTimeout(refresh, 1500);
    }).catch(function (error) { flash(button, false); fail(error); });
  }

  function reset(entry, button) {
    busy(button, request('POST', '/api/keys/reset', { keys: [entry.key] })).then(function () {
      say('Reset ' + entry.key, false);
      return refresh();
    }).catch(fail);
  }

  function fail(error) {
    say(error.message, true);
  }

  document.querySelectorAll('.copy-group').forEach(function (button) {
    button.addEventListener('click', function () {
      var group = button.closest('details').getAttribute('data-group');
      var indexes = [];
      shown.forEach(function (entry, index) {
        if (entry.group === group) {
          indexes.push(index);
        }
      });
      reveal(indexes).then(function (keys) {
        return copy(JSON.stringify(keys, null, 2), 'Copied ' + keys.length + ' keys as a JSON array');
      }).catch(fail);
    });
  });
  document.getElementById('refresh').addEventListener('click', function () {
    say('', false);
    refresh();
  });
  refresh();
})();
