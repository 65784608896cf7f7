// Katalog search in the browser: no server, no build step, no inline code (CSP script-src 'self').
// It reads the static index that search/src/write.rs writes (search-index/<lang>/), fetching the
// manifest, then only the term shards and document chunks a query needs, and ranks exactly as
// search/src/query.rs does — same tokenizer, same Snowball Polish stemmer, integer scores — so the
// Rust tests predict what people see. Everything shown is built with textContent: content is
// untrusted. Without JavaScript the page says so and points to the portal's static facet lists.
(function () {
  'use strict';

  // ---- Tokenizer (search/src/tokenize.rs) ----------------------------------------------------
  const MAX_TERM_CHARS = 40;
  const STOPWORDS = new Set([
    'na', 'do', 'po', 'od', 'ze', 'we', 'za', 'dla', 'oraz', 'lub', 'jest', 'sa', 'to', 'sie', 'nie', 'jak', 'czy',
    'ten', 'ta', 'te', 'tym', 'przez', 'przy', 'jego', 'jej', 'ich', 'tak', 'tylko', 'jako',
    'the', 'an', 'of', 'in', 'on', 'for', 'and', 'or', 'is', 'are', 'be', 'by', 'with', 'as', 'at', 'this', 'that',
    'it', 'from', 'if', 'can', 'will', 'its', 'was', 'has', 'have', 'not',
  ]);
  const MARK = /\p{M}/u;
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  const NUMERIC = /\p{N}/u;
  const UPPER = /\p{Uppercase}/u;
  const LOWER = /\p{Lowercase}/u;
  const SPACE = /\p{White_Space}/u;

  const chars = (s) => Array.from(s);

  function fold(text) {
    let out = '';
    for (const c of text.normalize('NFD')) {
      if (MARK.test(c)) continue;
      out += c === 'ł' || c === 'Ł' ? 'l' : c.toLowerCase();
    }
    return out;
  }

  // Snowball's Polish stemmer (polish.sbl), as frostem's generated code runs it.
  const A_0 = [["byście",-1,1],["bym",-1,1],["by",-1,1],["byśmy",-1,1],["byś",-1,1]];
  const A_1 = [["ąc",-1,1],["ając",0,1],["sząc",0,2],["sz",-1,1],["iejsz",3,1]];
  const A_2 = [["a",-1,1,1],["ąca",0,1],["ająca",1,1],["sząca",1,2],["ia",0,1,1],["sza",0,1],["iejsza",5,1],["ała",0,1],["iała",7,1],["iła",0,1],["ąc",-1,1],["ając",10,1],["e",-1,1,1],["ące",12,1],["ające",13,1],["szące",13,2],["ie",12,1,1],["cie",16,1],["acie",17,1],["ecie",17,1],["icie",17,1],["ajcie",17,1],["liście",17,4],["aliście",22,1],["ieliście",22,1],["iliście",22,1],["łyście",17,4],["ałyście",26,1],["iałyście",27,1],["iłyście",26,1],["sze",12,1],["iejsze",30,1],["ach",-1,1,1],["iach",32,1,1],["ich",-1,5],["ych",-1,5],["i",-1,1,1],["ali",36,1],["ieli",36,1],["ili",36,1],["ami",36,1,1],["iami",40,1,1],["imi",36,5],["ymi",36,5],["owi",36,1,1],["iowi",44,1,1],["aj",-1,1],["ej",-1,5],["iej",47,5],["am",-1,1],["ałam",49,1],["iałam",50,1],["iłam",49,1],["em",-1,1,1],["iem",53,1,1],["ałem",53,1],["iałem",55,1],["iłem",53,1],["im",-1,5],["om",-1,1,1],["iom",59,1,1],["ym",-1,5],["o",-1,1,1],["ego",62,5],["iego",63,5],["ało",62,1],["iało",65,1],["iło",62,1],["u",-1,1,1],["iu",68,1,1],["emu",68,5],["iemu",70,5],["ów",-1,1,1],["y",-1,5],["amy",73,1],["emy",73,1],["imy",73,1],["liśmy",73,4],["aliśmy",77,1],["ieliśmy",77,1],["iliśmy",77,1],["łyśmy",73,4],["ałyśmy",81,1],["iałyśmy",82,1],["iłyśmy",81,1],["ały",73,1],["iały",85,1],["iły",73,1],["asz",-1,1],["esz",-1,1],["isz",-1,1],["ał",-1,1],["iał",91,1],["ił",-1,1],["ą",-1,1,1],["ącą",94,1],["ającą",95,1],["szącą",95,2],["ią",94,1,1],["ają",94,1],["szą",94,3],["iejszą",100,1],["ać",-1,1],["ieć",-1,1],["ić",-1,1],["ąć",-1,1],["aść",-1,1],["eść",-1,1],["ę",-1,1],["szę",108,2],["łaś",-1,4],["ałaś",110,1],["iałaś",111,1],["iłaś",110,1],["łeś",-1,4],["ałeś",114,1],["iałeś",115,1],["iłeś",114,1]];
  const A_3 = [["ń",-1,2],["ć",-1,1],["ś",-1,3],["ź",-1,4]];
  const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'ó', 'ą', 'ę']);

  function stemPolish(word) {
    // Positions are UTF-16 units; Polish letters are one unit each, as they are one char in Rust.
    const e = { s: word, cursor: 0, limit: word.length, lb: 0, bra: 0, ket: 0 };
    const sliceFrom = (t) => {
      const adj = t.length - (e.ket - e.bra);
      e.s = e.s.slice(0, e.bra) + t + e.s.slice(e.ket);
      e.limit += adj;
      if (e.cursor >= e.ket) e.cursor += adj; else if (e.cursor > e.bra) e.cursor = e.bra;
      e.ket = e.bra + t.length;
    };
    // The longest entry ending at the cursor (not before lb) whose condition holds.
    const findAmongB = (table, p1) => {
      const c = e.cursor;
      let best = -1;
      for (let i = 0; i < table.length; i++) {
        const w = table[i][0];
        if (c - w.length >= e.lb && e.s.slice(c - w.length, c) === w && (best < 0 || w.length > table[best][0].length)) best = i;
      }
      while (best >= 0) {
        const w = table[best];
        e.cursor = c - w[0].length;
        if (!w[3] || p1 <= e.cursor) return w[2];
        best = w[1];
      }
      return 0;
    };
    let p1 = e.limit;
    let i = 0;
    while (i < e.limit && !VOWELS.has(e.s[i])) i++;
    if (i < e.limit) {
      i++;
      while (i < e.limit && VOWELS.has(e.s[i])) i++;
      if (i < e.limit) p1 = i + 1;
    }
    if (e.limit >= 2) {
      e.lb = 2;
      e.cursor = e.limit;
      if (e.cursor >= p1) {
        const saved = e.lb;
        e.lb = p1;
        e.ket = e.cursor;
        if (findAmongB(A_0, p1) !== 0) {
          e.bra = e.cursor;
          e.lb = saved;
          sliceFrom('');
        } else {
          e.lb = saved;
        }
      }
      e.cursor = e.limit;
      e.ket = e.cursor;
      let v = findAmongB(A_2, p1);
      if (v !== 0) {
        e.bra = e.cursor;
        if (v === 1) sliceFrom('');
        else if (v === 2) sliceFrom('s');
        else if (v === 3) { if (p1 > e.cursor) sliceFrom('s'); else sliceFrom(''); }
        else if (v === 4) sliceFrom('ł');
        else if (v === 5) {
          sliceFrom('');
          const v6 = e.limit - e.cursor;
          e.ket = e.cursor;
          const prev = e.s[e.cursor - 1];
          if (e.cursor - 1 <= e.lb || (prev !== 'c' && prev !== 'z')) {
            e.cursor = e.limit - v6;
          } else {
            v = findAmongB(A_1, p1);
            if (v === 0) e.cursor = e.limit - v6;
            else {
              e.bra = e.cursor;
              if (v === 1) sliceFrom(''); else if (v === 2) sliceFrom('s');
            }
          }
        }
        e.ket = e.cursor;
        if (e.cursor - e.lb >= 1 && e.s[e.cursor - 1] === "'") {
          e.cursor -= 1;
          e.bra = e.cursor;
          sliceFrom('');
        }
        return e.s;
      }
    }
    e.cursor = e.limit;
    e.lb = 0;
    e.ket = e.cursor;
    const v = findAmongB(A_3, p1);
    if (v === 0) return e.s;
    e.bra = e.cursor;
    if (e.cursor <= e.lb) return e.s;
    sliceFrom(['', 'c', 'n', 's', 'z'][v]);
    return e.s;
  }

  function stemEnglishPlural(f) {
    if (!/^[\x00-\x7f]*$/.test(f) || f.length < 4 || !f.endsWith('s')) return null;
    if (f.endsWith('ies') && f.length - 3 >= 2) return f.slice(0, -3) + 'y';
    if (f.endsWith('sses') || f.endsWith('xes') || f.endsWith('ches') || f.endsWith('shes')) return f.slice(0, -2);
    if (f.endsWith('ss') || f.endsWith('us') || f.endsWith('is')) return null;
    return f.slice(0, -1);
  }

  function stemsOf(lower, folded) {
    const stems = [];
    if (chars(folded).length < 3 || NUMERIC.test(folded)) return stems;
    const add = (s) => { if (s && !stems.includes(s)) stems.push(s); };
    add(fold(stemPolish(lower)));
    add(fold(stemPolish(folded)));
    add(stemEnglishPlural(folded));
    return stems;
  }

  function queryStems(lower, folded) {
    const stems = stemsOf(lower, folded);
    if (lower === folded && chars(folded).length >= 5 && folded.endsWith('ow')) {
      const s = fold(stemPolish(folded.slice(0, -2) + 'ów'));
      if (s && !stems.includes(s)) stems.push(s);
    }
    return stems;
  }

  function splitCamel(word) {
    const cs = chars(word);
    const parts = [];
    let start = 0;
    for (let i = 1; i < cs.length; i++) {
      const prev = cs[i - 1], cur = cs[i];
      const nextLower = i + 1 < cs.length && LOWER.test(cs[i + 1]);
      if ((LOWER.test(prev) && UPPER.test(cur)) || (UPPER.test(prev) && UPPER.test(cur) && nextLower)) {
        parts.push(cs.slice(start, i).join(''));
        start = i;
      }
    }
    if (!parts.length) return [word];
    parts.push(cs.slice(start).join(''));
    return parts.some((p) => chars(p).length < 2) ? [word] : parts;
  }

  function keep(term) {
    const cs = chars(term);
    return cs.length >= 2 && cs.length <= MAX_TERM_CHARS && cs.every((c) => c.codePointAt(0) < 0x10000) && !STOPWORDS.has(term);
  }

  // Words of a text: runs of word characters, split at camelCase boundaries.
  function wordParts(chunk) {
    const parts = [];
    let word = '';
    for (const c of chunk) {
      if (WORD.test(c)) { word += c; continue; }
      if (word) parts.push(...splitCamel(word));
      word = '';
    }
    if (word) parts.push(...splitCamel(word));
    return parts;
  }

  function tokenizeQuery(text) {
    const out = [];
    for (const chunk of text.split(SPACE)) {
      if (!chunk) continue;
      const isPath = chunk.includes('/');
      const parts = wordParts(chunk);
      let whole = '';
      for (const part of parts) {
        const lower = part.toLowerCase();
        const folded = fold(lower);
        whole += folded;
        if (keep(folded)) out.push({ term: folded, stems: queryStems(lower, folded), part: true });
      }
      if (parts.length > 1 && parts.length <= 6 && !isPath && keep(whole)) out.push({ term: whole, stems: [], part: false });
    }
    return out;
  }

  // ---- Engine (search/src/query.rs) -----------------------------------------------------------
  const EXACT = 100, STEM = 90, PREFIX = 70, TYPO = 60;
  const MIN_PREFIX = 3, MIN_TYPO = 5, MAX_WORDS = 10;

  // First index i in [0, n) where pred(i) is false (pred true then false), like partition_point.
  function partition(n, pred) {
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (pred(mid)) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // Terms are in the Basic Multilingual Plane (tokenize.rs keeps no other), so a UTF-16 unit
  // is a character here, as a char is in Rust.
  function oneEdit(a, b) {
    const la = a.length, lb = b.length;
    if (la - lb > 1 || lb - la > 1) return false;
    let i = 0;
    while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (la === lb) {
      if (i === la) return false;
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  async function inflate(response) {
    const buf = new Uint8Array(await response.arrayBuffer());
    // A host may have sent it with Content-Encoding: gzip, and the browser inflated it already.
    if (buf[0] !== 0x1f || buf[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(buf));
    const stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
    return JSON.parse(await new Response(stream).text());
  }

  class Engine {
    constructor(base, manifest) {
      this.base = base;
      this.m = manifest;
      this.files = new Map();
      this.shards = new Map();
      this.chunks = new Map();
    }

    static async open(base) {
      const m = await inflate(await fetchOk(base + 'manifest.json.gz'));
      if (m.v !== 1) throw new Error('search index version ' + m.v);
      return new Engine(base, m);
    }

    load(file) {
      if (!this.files.has(file)) {
        const p = fetchOk(this.base + file).then(inflate);
        p.catch(() => this.files.delete(file));
        this.files.set(file, p);
      }
      return this.files.get(file);
    }

    locate(term) { return Math.max(0, partition(this.m.t.length, (i) => this.m.t[i] <= term) - 1); }

    shardsForPrefix(p) {
      const hi = p + '\uffff';
      const last = Math.max(0, partition(this.m.t.length, (i) => this.m.t[i] < hi) - 1);
      const out = [];
      for (let s = this.locate(p); s <= last; s++) out.push(s);
      return out;
    }

    async ensure(list) {
      await Promise.all(list.map(async (s) => {
        if (!this.shards.has(s)) this.shards.set(s, await this.load('t/' + s + '.json.gz'));
      }));
    }

    // Whether `stem` is one of the stems of term i of shard s (a number is a prefix length).
    hasStem(s, i, stem) {
      const sh = this.shards.get(s), term = sh.w[i], enc = sh.s[i];
      const one = (x) => (typeof x === 'number' ? x > 0 && x === stem.length && term.startsWith(stem) : x === stem);
      return Array.isArray(enc) ? enc.some(one) : one(enc);
    }

    range(p) {
      const out = [];
      for (const s of this.shardsForPrefix(p)) {
        const w = this.shards.get(s).w;
        for (let i = partition(w.length, (k) => w[k] < p); i < w.length && w[i].startsWith(p); i++) out.push([s, i]);
      }
      return out;
    }

    find(term) {
      const s = this.locate(term), w = this.shards.get(s).w;
      const i = partition(w.length, (k) => w[k] < term);
      return i < w.length && w[i] === term ? [s, i] : null;
    }

    static words(text) {
      const tokens = tokenizeQuery(text);
      let lastPart = -1;
      tokens.forEach((t, i) => { if (t.part) lastPart = i; });
      const last = tokens.length - 1;
      const words = [];
      tokens.forEach((t, i) => {
        if (words.some((w) => w.term === t.term)) return;
        const prefix = (t.part ? i === lastPart : i === last) && t.term.length >= MIN_PREFIX;
        words.push({ term: t.term, stems: t.stems, prefix, counts: t.part });
      });
      return words.slice(0, MAX_WORDS);
    }

    // The shards a word needs before matching (typos may need more, fetched after).
    needs(w) {
      const need = [this.locate(w.term)];
      for (const s of w.stems) {
        if (s.length < MIN_PREFIX) need.push(this.locate(s)); else need.push(...this.shardsForPrefix(s));
      }
      if (w.prefix) need.push(...this.shardsForPrefix(w.term));
      return need;
    }

    async matchWord(w) {
      const m = new Map();
      const put = (at, f) => { const k = at[0] + ':' + at[1]; if (!(m.get(k) >= f)) m.set(k, f); };
      const at = this.find(w.term);
      if (at) put(at, EXACT);
      for (const s of w.stems) {
        if (s.length < MIN_PREFIX) { const a = this.find(s); if (a) put(a, STEM); continue; }
        for (const a of this.range(s)) {
          if (this.shards.get(a[0]).w[a[1]] === s || this.hasStem(a[0], a[1], s)) put(a, STEM);
        }
      }
      if (w.prefix) for (const a of this.range(w.term)) put(a, PREFIX);
      if ([...m.values()].every((f) => f === PREFIX) && w.term.length >= MIN_TYPO && !NUMERIC.test(w.term)) {
        const head = w.term.slice(0, 2);
        await this.ensure(this.shardsForPrefix(head));
        for (const a of this.range(head)) {
          const t = this.shards.get(a[0]).w[a[1]];
          if (t.length >= MIN_TYPO - 1 && oneEdit(w.term, t)) put(a, TYPO);
        }
      }
      return m;
    }

    groupOf(doc) {
      const g = this.m.g;
      const i = partition(g.length, (k) => g[k][0] <= doc) - 1;
      return i >= 0 && doc < g[i][0] + g[i][1] ? i : -1;
    }

    passes(group, filters, skip) {
      return filters.every(([facet, chosen]) => facet === skip || (group >= 0 && this.m.g[group][2][facet].some((v) => chosen.includes(v))));
    }

    // filters: { facetName: [values] }. Returns { hits: [{doc, coverage, score}], matched, facets }.
    async search(text, filters = {}) {
      const words = Engine.words(text);
      await this.ensure(words.flatMap((w) => this.needs(w)));
      // Per document: words matched and score (typed arrays: posting lists of common words
      // are long). A word's best impact × factor per document is kept in `best`.
      const n = this.m.n;
      const coverage = new Uint8Array(n), score = new Float64Array(n), best = new Float64Array(n);
      const touched = [];
      const matched = new Set();
      for (const w of words) {
        const m = await this.matchWord(w);
        const docs = [];
        for (const [key, factor] of m) {
          const [s, i] = key.split(':').map(Number);
          const sh = this.shards.get(s);
          matched.add(sh.w[i]);
          const p = sh.p[i];
          let doc = 0;
          for (let k = 0; k + 1 < p.length; k += 2) {
            doc += p[k];
            const v = p[k + 1] * factor;
            if (best[doc] === 0) docs.push(doc);
            if (v > best[doc]) best[doc] = v;
          }
        }
        for (const doc of docs) {
          if (coverage[doc] === 0 && score[doc] === 0) touched.push(doc);
          if (w.counts) coverage[doc] += 1;
          score[doc] += best[doc];
          best[doc] = 0;
        }
      }
      const fl = [];
      this.m.f.forEach(([name, values], k) => {
        const chosen = filters[name];
        if (chosen && chosen.length) fl.push([k, values.map((v, i) => (chosen.includes(v[0]) ? i : -1)).filter((i) => i >= 0)]);
      });
      const hits = [];
      const counts = this.m.f.map(([, values]) => values.map(() => new Set()));
      for (const doc of touched) {
        if (coverage[doc] === 0) continue;
        const g = this.groupOf(doc);
        if (this.passes(g, fl, -1)) hits.push({ doc, coverage: coverage[doc], score: score[doc] });
        if (g >= 0) {
          counts.forEach((perValue, k) => {
            if (this.passes(g, fl, k)) for (const v of this.m.g[g][2][k]) perValue[v].add(g);
          });
        }
      }
      hits.sort((a, b) => b.coverage - a.coverage || b.score - a.score || a.doc - b.doc);
      const facets = this.m.f.map(([name, values], k) => [name, values
        .map(([value], i) => [value, counts[k][i].size, (filters[name] || []).includes(value)])
        .filter(([, n, picked]) => n > 0 || picked)
        .map(([value, n]) => [value, n])]);
      return { hits, matched: [...matched].sort(), facets };
    }

    async docs(list) {
      const d = this.m.d;
      const chunkOf = (doc) => Math.max(0, partition(d.length, (i) => d[i] <= doc) - 1);
      await Promise.all([...new Set(list.map(chunkOf))].map(async (c) => {
        if (!this.chunks.has(c)) this.chunks.set(c, await this.load('d/' + c + '.json.gz'));
      }));
      return list.map((doc) => { const c = chunkOf(doc); return this.chunks.get(c)[doc - d[c]]; });
    }

    label(facet, value) {
      const f = this.m.f.find(([n]) => n === facet);
      const v = f && f[1].find(([x]) => x === value);
      return v ? v[1] : value;
    }
  }

  async function fetchOk(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(url + ': ' + r.status);
    return r;
  }

  // ---- Presentation ---------------------------------------------------------------------------
  const FACETS = ['institution', 'category', 'status', 'access', 'auth'];
  const KINDS = ['api', 'operation', 'guide', 'institution', 'initiative'];
  const PAGE = 10, OPS_SHOWN = 3;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  // Text with the words matching the query marked; built from text nodes, never from HTML.
  function highlight(text, matched) {
    const frag = document.createDocumentFragment();
    if (!text) return frag;
    let plain = '';
    const flush = () => { if (plain) frag.append(plain); plain = ''; };
    const re = /[\p{Alphabetic}\p{N}\p{M}]+|[^\p{Alphabetic}\p{N}\p{M}]+/gu;
    for (const [piece] of text.matchAll(re)) {
      if (!WORD.test(piece)) { plain += piece; continue; }
      for (const part of splitCamel(piece)) {
        if (matched.has(fold(part.toLowerCase()))) { flush(); frag.append(el('mark', null, part)); } else plain += part;
      }
    }
    flush();
    return frag;
  }

  function labelsOf(node) {
    try { return JSON.parse((node && node.getAttribute('data-search-labels')) || '{}'); } catch { return {}; }
  }

  function fmt(labels, key, n) {
    const lang = document.documentElement.lang || 'pl';
    const form = new Intl.PluralRules(lang).select(n);
    const text = labels[key + '_' + form] || labels[key + '_other'] || labels[key] || '';
    return text.replace('{n}', String(n));
  }

  function indexBase() {
    const script = document.currentScript || document.querySelector('script[src$="search.js"]');
    const app = document.querySelector('[data-search-index]');
    if (app) return new URL(app.getAttribute('data-search-index'), location.href).href;
    const lang = document.documentElement.lang === 'en' ? 'en' : 'pl';
    return new URL('../search-index/' + lang + '/', script.src).href;
  }

  const BASE = indexBase();
  let enginePromise = null;
  function engine() {
    if (!enginePromise) {
      enginePromise = Engine.open(BASE);
      enginePromise.catch(() => { enginePromise = null; });
    }
    return enginePromise;
  }

  // Ranked hits as displayed: entries (an API group or a document without one) in order of their
  // best document; each group keeps its matching operations in rank order.
  function entries(eng, hits) {
    const out = [];
    const byGroup = new Map();
    for (const h of hits) {
      const g = eng.groupOf(h.doc);
      if (g < 0) { out.push({ group: -1, api: h.doc, ops: [], apiHit: true }); continue; }
      let e = byGroup.get(g);
      if (!e) { e = { group: g, api: eng.m.g[g][0], ops: [], apiHit: false }; byGroup.set(g, e); out.push(e); }
      if (h.doc === e.api) e.apiHit = true; else e.ops.push(h.doc);
    }
    return out;
  }

  function paramsState() {
    const p = new URLSearchParams(location.search);
    const filters = {};
    for (const f of FACETS) { const v = p.getAll(f).filter(Boolean); if (v.length) filters[f] = v; }
    return { q: p.get('q') || '', filters };
  }

  function writeState(q, filters) {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    for (const f of FACETS) for (const v of filters[f] || []) p.append(f, v);
    const qs = p.toString();
    history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  // Arrow keys move between the result links; Escape goes back to the field.
  function arrowKeys(container, input) {
    const links = () => [...container.querySelectorAll('a[href]')];
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown') { const l = links(); if (l.length) { ev.preventDefault(); l[0].focus(); } }
    });
    container.addEventListener('keydown', (ev) => {
      const l = links();
      const i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === 'ArrowDown' && i + 1 < l.length) { ev.preventDefault(); l[i + 1].focus(); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? l[i - 1] : input).focus(); }
      else if (ev.key === 'Escape') { ev.preventDefault(); input.focus(); }
      else if (ev.key === 'Home') { ev.preventDefault(); l[0].focus(); }
      else if (ev.key === 'End') { ev.preventDefault(); l[l.length - 1].focus(); }
    });
  }

  function methodBadge(m) {
    return el('span', { class: 'method method-' + m.toLowerCase() }, m);
  }

  // The search page: results grouped by API, facets with counts, state in the URL.
  function searchPage(app) {
    const labels = labelsOf(app);
    const form = document.querySelector('form[role="search"]') || app.querySelector('form');
    const input = form.querySelector('input[name="q"]');
    const status = app.querySelector('[data-search-status]');
    const list = app.querySelector('[data-search-results]');
    const facetBox = app.querySelector('[data-search-facets]');
    const aside = app.querySelector('[data-search-aside]');
    // On narrow screens the facets come first (above the results): folded there, so the
    // results are on screen; open beside the results on wide screens.
    const filters = app.querySelector('[data-search-filters]');
    const wide = window.matchMedia('(min-width: 60.01rem)');
    const unfold = () => { if (filters) filters.open = wide.matches; };
    unfold();
    wide.addEventListener('change', unfold);
    const more = app.querySelector('[data-search-more]');
    app.hidden = false;
    for (const n of document.querySelectorAll('[data-search-nojs]')) n.hidden = true;
    let state = paramsState();
    input.value = state.q;
    let shown = PAGE, run = 0, timer = 0, last = null;

    async function update(resetPage) {
      const my = ++run;
      if (resetPage) shown = PAGE;
      const q = input.value.trim();
      writeState(q, state.filters);
      if (!q) {
        list.replaceChildren();
        facetBox.replaceChildren();
        if (aside) aside.hidden = true;
        more.hidden = true;
        status.textContent = labels.prompt || '';
        return;
      }
      app.setAttribute('aria-busy', 'true');
      try {
        const eng = await engine();
        const res = await eng.search(q, state.filters);
        if (my !== run) return;
        const all = entries(eng, res.hits);
        const page = all.slice(0, shown);
        const need = [];
        for (const e of page) need.push(e.api, ...e.ops.slice(0, OPS_SHOWN));
        const recs = await eng.docs(need);
        if (my !== run) return;
        const rec = new Map(need.map((d, i) => [d, recs[i]]));
        render(eng, res, page, rec);
        more.hidden = all.length <= shown;
        const apis = all.filter((e) => e.group >= 0).length;
        status.textContent = res.hits.length ? fmt(labels, 'results', res.hits.length) + ' ' + fmt(labels, 'in_apis', apis) : (labels.none || '');
        last = res;
      } catch (err) {
        if (my === run) status.textContent = labels.error || String(err);
      } finally {
        if (my === run) { app.removeAttribute('aria-busy'); app.setAttribute('data-search-done', q); }
      }
    }

    function render(eng, res, page, rec) {
      const matched = new Set(res.matched);
      const items = page.map((e) => {
        const a = rec.get(e.api);
        const head = el('h2', { class: 'search-title' }, el('a', { href: a.u }, highlight(a.t, matched)));
        const kind = el('span', { class: 'search-kind' }, labels['kind_' + KINDS[a.k]] || KINDS[a.k]);
        const li = el('li', { class: 'search-entry search-' + KINDS[a.k] }, kind, head);
        if (a.x && (e.apiHit || !e.ops.length)) li.append(el('p', { class: 'search-excerpt' }, highlight(a.x, matched)));
        if (e.ops.length) {
          const ul = el('ul', { class: 'search-ops' });
          for (const d of e.ops.slice(0, OPS_SHOWN)) {
            const o = rec.get(d);
            const link = el('a', { href: o.u });
            if (o.m) link.append(methodBadge(o.m), ' ');
            if (o.p) link.append(el('code', { class: 'search-path' }, highlight(o.p, matched)), ' ');
            link.append(el('span', { class: 'search-op-title' }, highlight(o.t, matched)));
            const opLi = el('li', null, link);
            if (o.x) opLi.append(el('p', { class: 'search-excerpt' }, highlight(o.x, matched)));
            ul.append(opLi);
          }
          li.append(ul);
          if (e.ops.length > OPS_SHOWN) li.append(el('p', { class: 'search-more-ops' }, fmt(labels, 'more_ops', e.ops.length - OPS_SHOWN)));
        }
        return li;
      });
      list.replaceChildren(...items);
      renderFacets(eng, res);
    }

    function renderFacets(eng, res) {
      const groups = [];
      for (const [name, values] of res.facets) {
        if (!values.length) continue;
        const chosen = state.filters[name] || [];
        const ul = el('ul');
        for (const [value, n] of values) {
          const id = 'f-' + name + '-' + value.replace(/[^A-Za-z0-9_-]/g, '_');
          const box = el('input', { type: 'checkbox', id, name, value, checked: chosen.includes(value) });
          box.addEventListener('change', () => {
            const cur = new Set(state.filters[name] || []);
            if (box.checked) cur.add(value); else cur.delete(value);
            if (cur.size) state.filters[name] = [...cur]; else delete state.filters[name];
            update(true);
          });
          const text = labels[name + '_' + value] || eng.label(name, value);
          ul.append(el('li', null, box, el('label', { for: id }, text + ' ', el('span', { class: 'count' }, String(n)))));
        }
        groups.push(el('fieldset', { class: 'search-facet' }, el('legend', null, labels['facet_' + name] || name), ul));
      }
      facetBox.replaceChildren(...groups);
      if (aside) aside.hidden = !groups.length;
    }

    form.addEventListener('submit', (ev) => { ev.preventDefault(); update(true); });
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => update(true), 120); });
    more.addEventListener('click', () => { shown += PAGE; update(false); });
    window.addEventListener('popstate', () => { state = paramsState(); input.value = state.q; update(true); });
    arrowKeys(list, input);
    engine();
    update(true);
    return () => last;
  }

  // Any other page's search form: suggestions under the field as you type, as the ARIA
  // combobox pattern has it (a text field with role=combobox that controls a listbox; the
  // highlighted option is named by aria-activedescendant, focus stays in the field). Arrow keys
  // move through the options, Enter opens the highlighted one (otherwise the form is submitted
  // to the search page, as it is without JavaScript), Escape closes the list, then clears the
  // field. The index is fetched when the field is first focused, not on page load.
  const SUGGESTIONS = 6;

  function enhanceForm(form) {
    const input = form.querySelector('input[name="q"]');
    if (!input || !input.id) return;
    const labels = labelsOf(document.querySelector('[data-search-labels]'));
    const listId = input.id + '-list';
    const box = el('ul', { id: listId, role: 'listbox', class: 'search-suggest', hidden: true });
    if (labels.suggestions) box.setAttribute('aria-label', labels.suggestions);
    const live = el('div', { class: 'visually-hidden', role: 'status' });
    form.append(box, live);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    input.setAttribute('autocomplete', 'off');
    let active = -1, run = 0, timer = 0, urls = [], shownFor = null;
    const options = () => [...box.children];
    const open = () => {
      if (!box.children.length) return false;
      box.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      return true;
    };
    const close = () => {
      box.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      mark(-1);
    };
    function mark(i) {
      options().forEach((o, k) => o.setAttribute('aria-selected', k === i ? 'true' : 'false'));
      active = i;
      if (i >= 0) {
        const o = options()[i];
        input.setAttribute('aria-activedescendant', o.id);
        o.scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    }
    const go = (i) => { if (urls[i]) location.assign(urls[i]); };

    function option(i, r, api, matched) {
      const o = el('li', { id: listId + '-' + i, role: 'option', 'aria-selected': 'false', class: 'search-suggest-' + KINDS[r.k] });
      const main = el('span', { class: 'search-suggest-title' });
      if (r.m) main.append(methodBadge(r.m), ' ');
      main.append(highlight(r.t, matched));
      // Under the title: the path and API of an operation, the kind of anything else.
      const meta = el('span', { class: 'search-suggest-meta' });
      if (r.p) meta.append(el('code', null, highlight(r.p, matched)));
      else meta.append(labels['kind_' + KINDS[r.k]] || '');
      if (api && api !== r) meta.append(' · ', api.t);
      o.append(main, ' ', meta);
      // mousedown would take the focus from the field (and close the list) before the click.
      o.addEventListener('mousedown', (ev) => ev.preventDefault());
      o.addEventListener('click', () => go(i));
      return o;
    }

    async function suggest() {
      const my = ++run;
      const q = input.value.trim();
      if (!q) { urls = []; box.replaceChildren(); close(); live.textContent = ''; shownFor = null; return; }
      try {
        const eng = await engine();
        const res = await eng.search(q);
        const top = res.hits.slice(0, SUGGESTIONS).map((h) => h.doc);
        // Operations are shown with the name of their API (usually in the same chunk).
        const apiOf = top.map((d) => { const g = eng.groupOf(d); return g >= 0 ? eng.m.g[g][0] : d; });
        const recs = await eng.docs([...top, ...apiOf]);
        if (my !== run) return;
        const matched = new Set(res.matched);
        const items = top.map((d, i) => option(i, recs[i], apiOf[i] === d ? null : recs[top.length + i], matched));
        urls = recs.slice(0, top.length).map((r) => r.u);
        if (res.hits.length > items.length && labels.all_other) {
          const all = el('li', { id: listId + '-' + items.length, role: 'option', 'aria-selected': 'false', class: 'search-suggest-all' },
            fmt(labels, 'all', res.hits.length));
          all.addEventListener('mousedown', (ev) => ev.preventDefault());
          const at = items.length;
          all.addEventListener('click', () => go(at));
          items.push(all);
          urls.push(form.action + (form.action.includes('?') ? '&' : '?') + new URLSearchParams({ q }).toString());
        }
        box.replaceChildren(...items);
        mark(-1);
        shownFor = q;
        if (document.activeElement === input && items.length) open(); else close();
        live.textContent = res.hits.length ? fmt(labels, 'results', res.hits.length) : (labels.none || '');
      } catch (err) {
        if (my !== run) return;
        urls = [];
        box.replaceChildren();
        close();
        live.textContent = labels.error || '';
      } finally {
        if (my === run) form.setAttribute('data-search-done', q);
      }
    }

    // The index is fetched as soon as the field is used, not on every page view.
    input.addEventListener('focus', () => {
      engine();
      const q = input.value.trim();
      if (q && q === shownFor) open();
      else if (q) suggest(); // a value restored by the browser (back button)
    });
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 100); });
    input.addEventListener('keydown', (ev) => {
      const n = options().length;
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!n) return;
        ev.preventDefault();
        const wasOpen = !box.hidden;
        open();
        if (ev.altKey) return; // Alt+Down opens the list without choosing
        if (ev.key === 'ArrowDown') mark(wasOpen && active + 1 < n ? active + 1 : wasOpen && active + 1 >= n ? -1 : 0);
        else mark(wasOpen && active > 0 ? active - 1 : wasOpen && active === 0 ? -1 : n - 1);
      } else if (ev.key === 'Escape') {
        if (!box.hidden) { ev.preventDefault(); close(); }
        else if (input.value) { ev.preventDefault(); input.value = ''; suggest(); }
      } else if (ev.key === 'Enter') {
        if (!box.hidden && active >= 0) { ev.preventDefault(); go(active); }
      } else if (ev.key === 'Tab') {
        close();
      }
    });
    input.addEventListener('blur', close);
  }

  const api = { Engine, tokenizeQuery, stemPolish, fold, oneEdit, entries, open: (base) => Engine.open(base || BASE), engine };
  window.KatalogSearch = api;

  function start() {
    const app = document.querySelector('[data-search-app]');
    if (app) { api.page = searchPage(app); return; }
    for (const form of document.querySelectorAll('form[role="search"]')) enhanceForm(form);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
