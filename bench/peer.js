#!/usr/bin/env node
// bench/peer.js: the staleness audit of SPEC "The staleness rules", written
// the short way a Node user would, with gray-matter (js-yaml underneath).
//
//     node peer.js DIR AS_OF
//
// Prints {"as_of", "clients": [{id, state, last_contact, next_due, flags}]}
// with every audited client in the audit's order (notebook(1), Order), the subset of
// `notebook status --json` that bench/run.sh compares.
'use strict';

const fs = require('fs');
const path = require('path');
const matter = require('gray-matter');

const DAY_MS = 86400000;
// One scale for states and flags, most urgent first.
const STATE_URGENCY = { stale: 0, overdue: 1, never: 3, due: 6, snoozed: 9, ok: 10 };
const FLAG_URGENCY = {
  'promise-overdue': 2, trust: 4, 'satisfaction-low': 5, fit: 7, 'thanks-missing': 8,
};
const TASK = /^[ \t]{0,3}[-*+][ \t]+\[([ xX])\][ \t]+(.*)$/gm;
const DUE = /(?:^|\s)due:(\d{4})-(\d{2})-(\d{2})(?=\s|$)/;

function duration(s) {
  const m = /^(\d+)([dwmy])$/.exec(String(s));
  if (!m) throw new Error(`bad duration '${s}'`);
  return { n: Number(m[1]), unit: m[2] };
}

// Days since 1970-01-01.
function dayOfYmd(y, m, d) {
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function iso(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
  if (!m) throw new Error(`bad date '${s}'`);
  return dayOfYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

// day + times x dur; months clamp to the month's end.
function dateAdd(day, dur, times = 1) {
  if (dur.unit === 'd') return day + dur.n * times;
  if (dur.unit === 'w') return day + 7 * dur.n * times;
  const months = dur.n * times * (dur.unit === 'y' ? 12 : 1);
  const d = new Date(day * DAY_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS;
}

// The notebook's timezone: the day of an instant, the start of a day.
function makeZone(name) {
  if (!name || name === 'UTC') {
    return {
      dayOf: (ms) => Math.floor(ms / DAY_MS),
      start: (day) => day * DAY_MS,
    };
  }
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const local = (ms) => {
    const p = {};
    for (const part of fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  };
  return {
    dayOf: (ms) => Math.floor(local(ms) / DAY_MS),
    start: (day) => {
      // Local midnight: step back by the offset, twice to settle across a change.
      let ms = day * DAY_MS;
      ms -= local(ms) - ms;
      ms -= local(ms) - day * DAY_MS;
      return ms;
    },
  };
}

// A front-matter value as a day: js-yaml turns bare dates into Dates at UTC midnight.
function dayValue(v) {
  if (v instanceof Date) return Math.floor(v.getTime() / DAY_MS);
  return parseDay(v);
}

function promises(body) {
  const out = [];
  TASK.lastIndex = 0;
  let m;
  while ((m = TASK.exec(body)) !== null) {
    const due = DUE.exec(m[2]);
    out.push({ open: m[1] === ' ', due: due ? dayOfYmd(+due[1], +due[2], +due[3]) : null });
  }
  return out;
}

function walk(dir, out) {
  for (const de of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, de.name);
    if (de.isDirectory()) walk(p, out);
    else if (de.isFile() && de.name.endsWith('.md')) out.push(p);
  }
  return out;
}

function readDoc(file) {
  // Options given, so gray-matter does not keep every file in its cache.
  const doc = matter(fs.readFileSync(file, 'utf8'), {});
  if (!doc.data || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    throw new Error('front matter is not a mapping');
  }
  return doc;
}

// [file, doc] of each file under dir; a file that does not read is said and skipped.
function* docs(dir) {
  for (const file of walk(dir, [])) {
    let doc;
    try {
      doc = readDoc(file);
    } catch (e) {
      process.stderr.write(`peer.js: skipping ${file}: ${e.message}\n`);
      continue;
    }
    yield [file, doc];
  }
}

function byteCmp(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function main() {
  const [root, asOf] = process.argv.slice(2);
  const T = parseDay(asOf);

  const nb = matter(`---\n${fs.readFileSync(path.join(root, 'notebook.yaml'), 'utf8')}\n---\n`, {}).data;
  const tierCadence = { key: duration('14d'), regular: duration('30d'), occasional: duration('90d') };
  for (const [k, v] of Object.entries(nb.cadence || {})) tierCadence[k] = duration(v);
  const tagCadence = {};
  for (const [k, v] of Object.entries(nb['tag-cadence'] || {})) tagCadence[k] = duration(v);
  const dueSoon = duration(nb['due-soon'] || '3d');
  const gratitude = duration(nb.gratitude || '90d');
  const repair = duration(nb['repair-checkin'] || '7d');
  const zone = makeZone(nb.timezone || process.env.TZ);

  const clients = new Map();
  for (const [file, doc] of docs(path.join(root, 'clients'))) {
    const id = path.basename(file, '.md');
    clients.set(id, { id, data: doc.data, promises: promises(doc.content), entries: [] });
  }

  for (const [file, doc] of docs(path.join(root, 'journal'))) {
    const d = doc.data;
    let day, instant;
    if (d.date instanceof Date) {
      // A bare date and a date-time at UTC midnight give the same Date: the text tells.
      const ms = d.date.getTime();
      const bare = ms % DAY_MS === 0 && /^date:\s*['"]?\d{4}-\d{2}-\d{2}['"]?\s*(#.*)?$/m.test(doc.matter);
      day = bare ? ms / DAY_MS : zone.dayOf(ms);
      instant = bare ? zone.start(day) : ms;
    } else {
      day = parseDay(d.date);
      instant = zone.start(day);
    }
    if (day > T) continue;
    const entry = {
      instant,
      path: path.relative(root, file),
      day,
      kind: d.kind,
      trust: d.trust == null ? null : d.trust,
      satisfaction: d.satisfaction == null ? null : d.satisfaction,
      promises: promises(doc.content),
    };
    const ids = d.clients !== undefined ? d.clients : [d.client];
    for (const id of new Set(ids)) {
      const c = clients.get(id);
      if (c) c.entries.push(entry);
    }
  }

  const out = [];
  for (const c of clients.values()) {
    const d = c.data;
    if (!['active', 'prospect'].includes(d.status || 'active')) continue;
    const entries = c.entries.sort((a, b) =>
      a.instant - b.instant || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const since = d.since != null ? dayValue(d.since) : null;

    // 1. last contact
    let L = null;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].kind !== 'note') { L = entries[i].day; break; }
    }
    if (L === null) L = since;

    let trust = d.trust || 'healthy';
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].trust !== null) { trust = entries[i].trust; break; }
    }

    // 2. cadence
    const base = L !== null ? L : T;
    let C = null;
    if (d.cadence != null) {
      C = duration(d.cadence);
    } else {
      for (const tag of d.tags || []) {
        const tc = tagCadence[String(tag)];
        if (tc && (C === null || dateAdd(base, tc) < dateAdd(base, C))) C = tc;
      }
      if (C === null) C = tierCadence[d.tier || 'regular'];
    }
    if ((trust === 'strained' || trust === 'repairing') && dateAdd(base, repair) < dateAdd(base, C)) {
      C = repair;
    }

    // 3. state
    const snooze = d.snooze != null ? dayValue(d.snooze) : null;
    let state, N = null, overdue = 0;
    if (L === null) {
      state = 'never';
    } else {
      N = dateAdd(L, C);
      overdue = T - N;
      if (T < dateAdd(N, dueSoon, -1)) state = 'ok';
      else if (T <= N) state = 'due';
      else if (T < dateAdd(L, C, 2)) state = 'overdue';
      else state = 'stale';
      if (state !== 'ok' && snooze !== null && snooze > T) state = 'snoozed';
    }

    // 4. flags
    const flags = [];
    const late = (p) => p.open && p.due !== null && p.due < T;
    if (c.promises.some(late) || entries.some((e) => e.promises.some(late))) {
      flags.push('promise-overdue');
    }
    if (trust !== 'healthy') flags.push(`trust:${trust}`);
    const start = since !== null ? since : entries.length ? entries[0].day : null;
    const window = dateAdd(T, gratitude, -1);
    if (start !== null && start <= window &&
        !entries.some((e) => e.kind === 'thanks' && e.day > window)) {
      flags.push('thanks-missing');
    }
    const fit = d.fit || 'good';
    if (fit !== 'good') flags.push(`fit:${fit}`);
    const scores = entries.filter((e) => e.satisfaction !== null).map((e) => e.satisfaction);
    const n = scores.length;
    if (n && (scores[n - 1] <= 2 || (n > 1 && scores[n - 2] - scores[n - 1] >= 2))) {
      flags.push('satisfaction-low');
    }

    // the urgency of the most urgent reason (notebook(1), Order)
    const rank = Math.min(STATE_URGENCY[state], ...flags.map((f) => FLAG_URGENCY[f.split(':')[0]]));
    let oldest = 0;
    if (rank === FLAG_URGENCY['promise-overdue']) {
      const dues = c.promises.filter(late).map((p) => p.due);
      for (const e of entries) dues.push(...e.promises.filter(late).map((p) => p.due));
      oldest = Math.min(...dues);
    }
    out.push({
      rank, oldest, overdue, nflags: flags.length, name: String(d.name),
      result: {
        id: c.id,
        state,
        last_contact: L !== null ? iso(L) : null,
        next_due: N !== null ? iso(N) : null,
        flags,
      },
    });
  }

  out.sort((a, b) => a.rank - b.rank || a.oldest - b.oldest || b.overdue - a.overdue || b.nflags - a.nflags ||
    byteCmp(a.name, b.name) || byteCmp(a.result.id, b.result.id));
  process.stdout.write(JSON.stringify({ as_of: asOf, clients: out.map((a) => a.result) }, null, 1) + '\n');
}

main();
