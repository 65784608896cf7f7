// The try-it console: enhances the operation page's empty <section id="try-it"> (the page is
// complete without it). It reads the published spec, builds fields for the parameters and the
// body (prefilled from examples), a server picker (the declared servers through /try/, and the
// sandbox), inputs for each security scheme, then sends, shows status, headers and body, and
// copies the call as curl. Plain JS, no build step, no inline code (CSP script-src 'self';
// connect-src 'self': identity providers are reached through the server's /try/…/auth/ routes).
// Credentials live in sessionStorage only (this tab), never in the URL or the page. Everything
// shown is built with textContent: specs and responses are untrusted.
(function () {
  'use strict';
  const script = document.currentScript;
  const root = document.getElementById('try-it');
  if (!script || !root || !window.fetch || !root.dataset.api) return;

  const L = Object.assign({
    title: 'Try it', intro: 'Send a request to the sandbox or to a server of the API. Credentials stay in this browser tab.',
    server: 'Server', sandbox: 'Sandbox (synthetic data)', no_server: 'The console needs the Katalog server (katalog proxy); this copy of the portal has none.',
    parameters: 'Parameters', required: 'required', body: 'Request body', content_type: 'Content type', prefer: 'Sandbox preferences (Prefer)',
    auth: 'Authentication', api_key: 'API key', username: 'User name', password: 'Password', token: 'Access token',
    client_id: 'Client ID', client_secret: 'Client secret', scopes: 'Scopes', get_token: 'Get a token (client credentials)',
    authorize: 'Sign in (authorization code with PKCE)', token_ok: 'Token saved in this tab.', clear: 'Forget credentials',
    cookie_unsupported: 'A key sent as a cookie cannot be set from the browser.', send: 'Send', sending: 'Sending…',
    copy_curl: 'Copy as curl', copied: 'Copied.', response: 'Response', status: 'Status', headers: 'Headers', time: 'Time',
    empty_body: '(empty body)', redirect: 'Redirects to', network_error: 'The request failed.', spec_error: 'The specification could not be read.',
    invalid_json: 'The body is not valid JSON.',
  }, parseJson(script.getAttribute('data-labels')) || {});

  const base = new URL('..', script.src).pathname; // the script lives at <base>static/tryit.js
  const api = root.dataset.api;
  const version = root.dataset.version;
  const method = (root.dataset.method || 'get').toUpperCase();
  const opPath = root.dataset.path || '/';
  const KEY = 'katalog-tryit:' + api + ':' + version + ':';
  const store = {
    get: (k) => { try { return sessionStorage.getItem(KEY + k) || ''; } catch { return ''; } },
    set: (k, v) => { try { v ? sessionStorage.setItem(KEY + k, v) : sessionStorage.removeItem(KEY + k); } catch { /* private mode */ } },
    clear: () => { try { Object.keys(sessionStorage).filter((k) => k.startsWith(KEY)).forEach((k) => sessionStorage.removeItem(k)); } catch { /* ignore */ } },
  };
  let uid = 0;
  const id = (name) => 'tryit-' + name.replace(/[^A-Za-z0-9_-]/g, '_') + '-' + (++uid);

  function parseJson(s) { try { return s ? JSON.parse(s) : null; } catch { return null; } }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }

  // ---- the spec ------------------------------------------------------------------------------
  const specCache = new Map();
  function loadSpec() {
    const url = base + 'specs/' + encodeURIComponent(api) + '/' + encodeURIComponent(version) + '/openapi.json';
    if (!specCache.has(url)) specCache.set(url, fetch(url, { cache: 'force-cache' }).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); }));
    return specCache.get(url);
  }

  function resolver(doc) {
    return function resolve(node) {
      let n = node;
      for (let i = 0; n && typeof n === 'object' && typeof n.$ref === 'string' && i < 20; i++) {
        if (!n.$ref.startsWith('#/')) return {};
        n = n.$ref.slice(2).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, t) => (o ? o[t] : undefined), doc);
      }
      return n;
    };
  }

  // An example value for a schema: its example, default or first enum value, else a placeholder.
  function sample(schema, resolve, depth) {
    const s = resolve(schema);
    if (!s || typeof s !== 'object' || depth > 6) return null;
    if ('example' in s) return s.example;
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    if ('default' in s) return s.default;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
    if (Array.isArray(s.allOf)) {
      const parts = s.allOf.map((x) => sample(x, resolve, depth + 1));
      if (parts.every((p) => p && typeof p === 'object' && !Array.isArray(p))) return Object.assign({}, ...parts, s.properties ? sample(Object.assign({}, s, { allOf: undefined }), resolve, depth + 1) : {});
      return parts.find((p) => p !== null) ?? null;
    }
    const alt = s.oneOf || s.anyOf;
    if (Array.isArray(alt) && alt.length) return sample(alt[0], resolve, depth + 1);
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type || (s.properties ? 'object' : s.items ? 'array' : 'string');
    switch (type) {
      case 'object': {
        const out = {};
        for (const [k, v] of Object.entries(s.properties || {})) {
          const p = resolve(v);
          if (p && p.readOnly) continue;
          out[k] = sample(v, resolve, depth + 1);
        }
        return out;
      }
      case 'array': return s.items ? [sample(s.items, resolve, depth + 1)] : [];
      case 'integer': case 'number': return typeof s.minimum === 'number' ? s.minimum : 0;
      case 'boolean': return true;
      default: return ({ date: '2024-01-31', 'date-time': '2024-01-31T12:00:00Z', email: 'jan.kowalski@poczta.example', uuid: '123e4567-e89b-12d3-a456-426614174000', uri: 'https://przyklad.example/' })[s.format] || '';
    }
  }

  function operationOf(doc) {
    const resolve = resolver(doc);
    const item = resolve((doc.paths || {})[opPath]) || {};
    const op = resolve(item[method.toLowerCase()]);
    if (!op) return null;
    const params = new Map();
    for (const p of [].concat(item.parameters || [], op.parameters || []).map((x) => resolve(x)).filter(Boolean)) params.set(p.in + ':' + p.name, p);
    const swagger2 = doc.swagger === '2.0';
    let body = null;
    if (swagger2) {
      const bp = [...params.values()].find((p) => p.in === 'body');
      const consumes = op.consumes || doc.consumes || ['application/json'];
      if (bp) body = { required: !!bp.required, media: consumes.map((m) => ({ type: m, example: sample(bp.schema, resolve, 0) })) };
      const form = [...params.values()].filter((p) => p.in === 'formData');
      if (form.length) body = { required: form.some((p) => p.required), media: [{ type: 'application/x-www-form-urlencoded', example: new URLSearchParams(form.map((p) => [p.name, String(sample(p, resolve, 0) ?? '')])).toString() }] };
    } else if (op.requestBody) {
      const rb = resolve(op.requestBody) || {};
      body = {
        required: !!rb.required,
        media: Object.entries(rb.content || {}).map(([type, mt]) => {
          const m = resolve(mt) || {};
          const named = m.examples && Object.values(m.examples).map((e) => resolve(e)).find((e) => e && 'value' in e);
          return { type, example: 'example' in m ? m.example : named ? named.value : sample(m.schema, resolve, 0) };
        }),
      };
    }
    const schemes = (doc.components && doc.components.securitySchemes) || doc.securityDefinitions || {};
    const reqs = op.security || doc.security || [];
    const keys = [...new Set(reqs.flatMap((r) => Object.keys(r)))];
    return {
      params: [...params.values()].filter((p) => ['path', 'query', 'header'].includes(p.in)),
      body,
      security: keys.map((k) => ({ key: k, scheme: resolve(schemes[k]) || {} })).filter((x) => x.scheme.type),
      resolve,
    };
  }

  function paramExample(p, resolve) {
    if ('example' in p) return p.example;
    if (p.examples) { const e = Object.values(p.examples).map((x) => resolve(x)).find((x) => x && 'value' in x); if (e) return e.value; }
    return sample(p.schema || p, resolve, 0);
  }

  // ---- the form ------------------------------------------------------------------------------
  function field(label, input, hint) {
    const fid = input.id;
    return el('div', { class: 'tryit-field' }, el('label', { for: fid, text: hint ? label + ' — ' + hint : label }), ' ', input);
  }

  function paramInput(p, resolve) {
    const s = resolve(p.schema || p) || {};
    const value = paramExample(p, resolve);
    const fid = id(p.in + '-' + p.name);
    let input;
    if (Array.isArray(s.enum) && s.enum.length) {
      input = el('select', { id: fid }, (p.required ? [] : [el('option', { value: '', text: '—' })]).concat(s.enum.map((v) => el('option', { value: String(v), text: String(v), selected: value !== null && String(v) === String(value) }))));
    } else {
      input = el('input', { id: fid, type: 'text', value: value === null || value === undefined ? '' : Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value), required: !!p.required, 'aria-required': p.required ? 'true' : false });
    }
    input.dataset.in = p.in;
    input.dataset.name = p.name;
    const where = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : 'header';
    return field(p.name + ' (' + where + ')', input, p.required ? L.required : '');
  }

  function authFieldset(sec, send) {
    const { key, scheme } = sec;
    const fs = el('fieldset', { class: 'tryit-auth' }, el('legend', { text: key + ' — ' + scheme.type + (scheme.scheme ? ' ' + scheme.scheme : '') }));
    const input = (name, label, type) => {
      const i = el('input', { id: id(key + '-' + name), type: type || 'text', autocomplete: 'off', value: store.get(key + '.' + name), spellcheck: 'false' });
      i.addEventListener('input', () => store.set(key + '.' + name, i.value));
      fs.append(field(label, i));
      return i;
    };
    const note = el('p', { class: 'tryit-note', role: 'status' });
    const t = scheme.type;
    const httpScheme = (scheme.scheme || '').toLowerCase();
    if (t === 'apiKey') {
      input('value', L.api_key + ' (' + scheme.name + ', ' + scheme.in + ')', 'password');
      if (scheme.in === 'cookie') fs.append(el('p', { class: 'tryit-note', text: L.cookie_unsupported }));
    } else if (t === 'basic' || (t === 'http' && httpScheme === 'basic')) {
      input('user', L.username);
      input('password', L.password, 'password');
    } else if (t === 'http' || t === 'oauth2' || t === 'openIdConnect') {
      const token = input('token', L.token, 'password');
      const flows = t === 'oauth2' ? (scheme.flows || (scheme.flow ? { [scheme.flow]: scheme } : {})) : {};
      const cc = flows.clientCredentials || flows.application;
      const ac = flows.authorizationCode || flows.accessCode;
      if (t === 'oauth2' || t === 'openIdConnect') {
        const clientId = input('client_id', L.client_id);
        const secret = cc || t === 'openIdConnect' ? input('client_secret', L.client_secret, 'password') : null;
        const scopes = input('scopes', L.scopes);
        if (!scopes.value) scopes.value = Object.keys((cc || ac || {}).scopes || {}).join(' ') || (t === 'openIdConnect' ? 'openid' : '');
        const authBase = base + 'try/' + encodeURIComponent(api) + '/' + encodeURIComponent(version) + '/auth/' + encodeURIComponent(key);
        if (cc || t === 'openIdConnect') {
          fs.append(el('button', { type: 'button', text: L.get_token, onclick: async () => {
            note.textContent = L.sending;
            const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId.value });
            if (scopes.value) form.set('scope', scopes.value);
            const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
            if (secret && secret.value) headers.authorization = 'Basic ' + b64(clientId.value + ':' + secret.value);
            note.textContent = await tokenRequest(authBase + '/token?flow=client_credentials', headers, form, token);
          } }));
        }
        if (ac || t === 'openIdConnect') {
          fs.append(el('button', { type: 'button', text: L.authorize, onclick: () => startPkce(key, t, ac, clientId.value, scopes.value, authBase).catch((e) => { note.textContent = String(e.message || e); }) }));
        }
      }
    }
    fs.append(note);
    send.auth.push({ key, scheme, httpScheme });
    return fs;
  }

  function b64(s) { return btoa(String.fromCharCode(...new TextEncoder().encode(s))); }
  function b64url(bytes) { return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''); }

  async function tokenRequest(url, headers, form, tokenInput) {
    try {
      const r = await fetch(url, { method: 'POST', headers, body: form.toString(), credentials: 'omit' });
      const j = await r.json().catch(() => ({}));
      if (r.ok && j.access_token) {
        tokenInput.value = j.access_token;
        tokenInput.dispatchEvent(new Event('input'));
        return L.token_ok;
      }
      return r.status + ' ' + (j.error_description || j.error || j.detail || j.title || '');
    } catch { return L.network_error; }
  }

  async function startPkce(key, type, flow, clientId, scopes, authBase) {
    let authorize = flow && (flow.authorizationUrl || '');
    if (type === 'openIdConnect') {
      const d = await fetch(authBase + '/discovery', { credentials: 'omit' }).then((r) => r.json());
      authorize = d.authorization_endpoint;
    }
    if (!authorize) throw new Error(L.network_error);
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
    const redirect = location.origin + location.pathname;
    sessionStorage.setItem('katalog-tryit:pkce', JSON.stringify({ api, version, key, verifier, state, redirect, clientId, authBase, flow: type === 'openIdConnect' ? '' : 'authorization_code' }));
    const u = new URL(authorize, location.href);
    Object.entries({ response_type: 'code', client_id: clientId, redirect_uri: redirect, scope: scopes, state, code_challenge: challenge, code_challenge_method: 'S256' })
      .forEach(([k, v]) => v && u.searchParams.set(k, v));
    location.assign(u.toString());
  }

  // Back from the identity provider: exchange the code for a token, then clean the address bar.
  async function finishPkce() {
    const q = new URLSearchParams(location.search);
    const saved = parseJson(sessionStorage.getItem('katalog-tryit:pkce'));
    if (!q.get('code') || !saved || saved.api !== api || saved.version !== version || q.get('state') !== saved.state) return;
    sessionStorage.removeItem('katalog-tryit:pkce');
    history.replaceState(null, '', location.pathname + location.hash);
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: saved.redirect, client_id: saved.clientId, code_verifier: saved.verifier });
    const sink = { value: '', dispatchEvent: () => {} };
    await tokenRequest(saved.authBase + '/token' + (saved.flow ? '?flow=' + saved.flow : ''), { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, form, sink);
    if (sink.value) store.set(saved.key + '.token', sink.value);
  }

  // ---- sending -------------------------------------------------------------------------------
  function buildRequest(form, state) {
    const target = state.serverSelect.value;
    let path = opPath;
    const query = new URLSearchParams();
    const headers = {};
    for (const input of form.querySelectorAll('[data-in]')) {
      const v = input.value;
      if (v === '') continue;
      if (input.dataset.in === 'path') path = path.split('{' + input.dataset.name + '}').join(encodeURIComponent(v));
      else if (input.dataset.in === 'query') query.append(input.dataset.name, v);
      else headers[input.dataset.name] = v;
    }
    for (const a of state.auth) {
      const t = a.scheme.type;
      if (t === 'apiKey') {
        const v = store.get(a.key + '.value');
        if (!v) continue;
        if (a.scheme.in === 'header') headers[a.scheme.name] = v;
        else if (a.scheme.in === 'query') query.append(a.scheme.name, v);
      } else if (t === 'basic' || a.httpScheme === 'basic') {
        const u = store.get(a.key + '.user');
        if (u) headers.Authorization = 'Basic ' + b64(u + ':' + store.get(a.key + '.password'));
      } else {
        const tok = store.get(a.key + '.token');
        if (tok) headers.Authorization = (a.httpScheme && a.httpScheme !== 'bearer' ? a.scheme.scheme : 'Bearer') + ' ' + tok;
      }
    }
    let body;
    if (state.bodyArea && state.bodyArea.value.trim() !== '') {
      body = state.bodyArea.value;
      headers['Content-Type'] = state.mediaSelect ? state.mediaSelect.value : 'application/json';
    }
    const qs = query.toString();
    const sandbox = target === 'sandbox';
    if (sandbox && state.prefer.value.trim()) headers.Prefer = state.prefer.value.trim();
    const prefix = sandbox ? base + 'sandbox/' + api + '/' + version : base + 'try/' + api + '/' + version + '/' + target;
    const real = sandbox ? location.origin + prefix : state.servers[Number(target)].url;
    return { url: prefix + path + (qs ? '?' + qs : ''), realUrl: real + path + (qs ? '?' + qs : ''), headers, body, sandbox };
  }

  function curlOf(req) {
    const q = (s) => "'" + String(s).replace(/'/g, "'\\''") + "'";
    const parts = ['curl', '-X', method, q(req.realUrl)];
    for (const [k, v] of Object.entries(req.headers)) parts.push('-H', q(k + ': ' + v));
    if (req.body !== undefined) parts.push('--data-raw', q(req.body));
    return parts.join(' ');
  }

  function highlightJson(text) {
    const code = el('code');
    const re = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    let last = 0;
    for (const m of text.matchAll(re)) {
      code.append(text.slice(last, m.index));
      const cls = m[1] ? (m[2] ? 'hl-a' : 'hl-s') : 'hl-n'; // generator/src/highlight.rs, Token
      code.append(el('span', { class: cls, text: m[1] || m[0] }));
      if (m[2]) code.append(m[2]);
      last = m.index + m[0].length;
    }
    code.append(text.slice(last));
    return code;
  }

  async function send(form, state, out) {
    const req = buildRequest(form, state);
    if (req.body !== undefined && /json/i.test(req.headers['Content-Type'] || '') && parseJson(req.body) === null && req.body.trim() !== 'null') {
      out.replaceChildren(el('p', { role: 'alert', text: L.invalid_json }));
      return;
    }
    if (!req.sandbox) req.headers['Katalog-Redirect'] = 'expose';
    out.replaceChildren(el('p', { text: L.sending }));
    const started = performance.now();
    let r;
    try {
      r = await fetch(req.url, { method, headers: req.headers, body: req.body, credentials: 'omit', redirect: 'manual', cache: 'no-store' });
    } catch {
      out.replaceChildren(el('p', { role: 'alert', text: L.network_error }));
      return;
    }
    const ms = Math.round(performance.now() - started);
    const text = await r.text();
    const heading = el('h3', { tabindex: '-1', text: L.response });
    const headers = el('dl', { class: 'tryit-headers' });
    r.headers.forEach((v, k) => headers.append(el('dt', { text: k }), el('dd', { text: v })));
    const json = parseJson(text);
    const bodyView = text === '' ? el('p', { text: L.empty_body })
      : el('pre', { class: 'hl-code', tabindex: '0' }, json !== null ? highlightJson(JSON.stringify(json, null, 2)) : el('code', { text: text }));
    const location2 = r.headers.get('katalog-location');
    out.replaceChildren(...[
      heading,
      el('p', {}, el('strong', { text: L.status + ': ' }), String(r.status) + ' ' + r.statusText, ' · ' + L.time + ': ' + ms + ' ms'),
      location2 ? el('p', { text: L.redirect + ': ' + location2 }) : null,
      el('details', {}, el('summary', { text: L.headers }), headers),
      bodyView,
    ].filter(Boolean));
    heading.focus();
  }

  // ---- assembling ----------------------------------------------------------------------------
  async function build() {
    await finishPkce().catch(() => {});
    let doc, listing;
    try { doc = await loadSpec(); } catch { root.replaceChildren(el('p', { text: L.spec_error })); root.hidden = false; return; }
    try {
      const r = await fetch(base + 'try/' + encodeURIComponent(api) + '/' + encodeURIComponent(version) + '/', { credentials: 'omit' });
      listing = r.ok ? await r.json() : null;
    } catch { listing = null; }
    const op = operationOf(doc);
    if (!op) return;
    const headingId = id('title');
    const state = { auth: [], servers: (listing && listing.servers) || [] };
    const form = el('form', { class: 'tryit-form', novalidate: true });
    const out = el('div', { class: 'tryit-result', 'aria-live': 'polite' });

    const serverSelect = el('select', { id: id('server') });
    if (listing && listing.sandbox) serverSelect.append(el('option', { value: 'sandbox', text: L.sandbox }));
    state.servers.forEach((s) => serverSelect.append(el('option', { value: String(s.index), text: s.url + (s.description ? ' — ' + s.description : '') })));
    state.serverSelect = serverSelect;
    if (!serverSelect.options.length) {
      root.replaceChildren(el('h2', { id: headingId, text: L.title }), el('p', { text: L.no_server }));
      root.hidden = false;
      return;
    }
    const saved = store.get('server');
    if (saved && [...serverSelect.options].some((o) => o.value === saved)) serverSelect.value = saved;
    serverSelect.addEventListener('change', () => { store.set('server', serverSelect.value); preferField.hidden = serverSelect.value !== 'sandbox'; });
    form.append(field(L.server, serverSelect));
    state.prefer = el('input', { id: id('prefer'), type: 'text', placeholder: 'code=200, example=…, dynamic=true', spellcheck: 'false' });
    const preferField = field(L.prefer, state.prefer);
    preferField.hidden = serverSelect.value !== 'sandbox';
    form.append(preferField);

    if (op.params.length) form.append(el('fieldset', {}, el('legend', { text: L.parameters }), op.params.map((p) => paramInput(p, op.resolve))));
    if (op.body && op.body.media.length) {
      const fs = el('fieldset', {}, el('legend', { text: L.body + (op.body.required ? ' (' + L.required + ')' : '') }));
      const area = el('textarea', { id: id('body'), rows: '10', spellcheck: 'false', class: 'tryit-body' });
      const show = (m) => { area.value = m.example === null || m.example === undefined ? '' : typeof m.example === 'string' ? m.example : JSON.stringify(m.example, null, 2); };
      if (op.body.media.length > 1) {
        state.mediaSelect = el('select', { id: id('media') }, op.body.media.map((m) => el('option', { value: m.type, text: m.type })));
        state.mediaSelect.addEventListener('change', () => show(op.body.media.find((m) => m.type === state.mediaSelect.value)));
        fs.append(field(L.content_type, state.mediaSelect));
      } else {
        state.mediaSelect = { value: op.body.media[0].type };
      }
      show(op.body.media[0]);
      fs.append(field(L.body, area));
      state.bodyArea = area;
      form.append(fs);
    }
    if (op.security.length) {
      const fs = el('fieldset', {}, el('legend', { text: L.auth }), op.security.map((s) => authFieldset(s, state)));
      fs.append(el('button', { type: 'button', text: L.clear, onclick: () => { store.clear(); fs.querySelectorAll('input').forEach((i) => { i.value = ''; }); } }));
      form.append(fs);
    }
    const copyNote = el('span', { role: 'status', class: 'tryit-note' });
    form.append(el('div', { class: 'tryit-actions' },
      el('button', { type: 'submit', text: L.send }),
      el('button', { type: 'button', text: L.copy_curl, onclick: async () => {
        const text = curlOf(buildRequest(form, state));
        try { await navigator.clipboard.writeText(text); copyNote.textContent = L.copied; } catch { copyNote.textContent = text; }
      } }),
      copyNote));
    form.addEventListener('submit', (e) => { e.preventDefault(); send(form, state, out); });
    root.replaceChildren(el('h2', { id: headingId, text: L.title }), el('p', { text: L.intro }), form, out);
    root.setAttribute('aria-labelledby', headingId);
    root.hidden = false;
  }

  build();
})();
