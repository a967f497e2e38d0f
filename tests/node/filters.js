'use strict';
// The rows an export's filters select, read from the audit_trail table as
// docs/verification.md ("Which rows the filters select") says; the export must hold
// exactly those up to its digest. (Not the readings of --to by earlier versions.)
const { utcTime } = require('./times.js');

const VIEWS = {
  pipeline: ['proposed', 'appraised', 'deferred', 'approved', 'in delivery', 'paused'],
  catalogue: ['live'], retired: ['retired'], closed: ['rejected', 'cancelled'], left: ['left'],
};

// Python's str.casefold, nearly: upper then lower case folds ß to ss; a final
// sigma folds to σ. (Unicode's CaseFolding.txt C+F in full is more.)
const fold = (s) => s.toUpperCase().toLowerCase().replaceAll('\u03c2', '\u03c3');

function isoDay(text) {
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (m && (text.length === 8 || text.length === 10)) return Date.UTC(+m[1], +m[2] - 1, +m[3]);
  m = /^(\d{4})-?W(\d{2})(?:-?(\d))?$/.exec(text);
  if (!m) throw new Error(`no day: ${text}`);
  const jan4 = Date.UTC(+m[1], 0, 4);
  const monday = jan4 - (((new Date(jan4).getUTCDay() + 6) % 7) * 86400000);
  return monday + ((+m[2] - 1) * 7 + (+(m[3] ?? 1) - 1)) * 86400000;
}

// A day, then T, t or a space and a time of day as far as given, then a zone.
const TIME = new RegExp('^([^Tt ]+)(?:[Tt ](\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d+))?)?)?'
  + '\\s*(Z|z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2}(?:[.,]\\d+)?)?)?)?)?$');

// [first microsecond, last microsecond] a --from/--to text names, as BigInts (an
// instant finer than a microsecond: the microseconds after and before it).
function span(text) {
  const m = TIME.exec(text);
  if (!m) throw new Error(`no time: ${text}`);
  const day = BigInt(isoDay(m[1])) * 1000n;
  if (m[2] === undefined) return [day, day + 86400000000n - 1n];
  let offset = 0n;
  if (m[6] && !/^[Zz]$/.test(m[6])) {
    const sign = m[6][0] === '-' ? -1n : 1n;
    const [h, mi, se] = m[6].slice(1).replaceAll(':', '').match(/^\d\d|\d\d/g) ?? [];
    offset = sign * ((BigInt(h) * 60n + BigInt(mi ?? 0)) * 60n + BigInt(se ?? 0));
  }
  const units = [m[2], m[3], m[4]].map((u) => BigInt(u ?? 0));
  const start = day + ((units[0] * 60n + units[1]) * 60n + units[2] - offset) * 1000000n;
  if (m[5] !== undefined) {  // that instant: finer than a microsecond, between two
    const floor = start + BigInt(m[5].slice(0, 6).padEnd(6, '0'));
    return [floor + (/[1-9]/.test(m[5].slice(6)) ? 1n : 0n), floor];
  }
  const unit = m[4] !== undefined ? 1000000n : m[3] !== undefined ? 60000000n : 3600000000n;
  return [start, start + unit - 1n];
}

function parts(values, whole) {
  return new Set(values.flatMap((v) => [
    ...v.split(',').map((p) => fold(p.trim())), ...(whole ? [fold(v)] : [])]));
}

function selector(f, rows) {
  const tests = [];
  if (f.item !== null) {
    const spelt = [f.item, f.item.toUpperCase(), f.item.toLowerCase()];
    const held = spelt.filter((s) => rows.some((r) => r.subject === s));
    const name = held.includes(f.item) ? f.item : held[0];
    tests.push((r) => r.subject === name);
  }
  if (f.actor !== null) tests.push((r) => fold(r.actor) === fold(f.actor));
  if (f.type !== null) {
    const t = fold(f.type.replaceAll('-', ' '));
    tests.push((r) => fold(r.event) === t || fold(r.event_type) === fold(f.type));
  }
  const effective = f.clock === 'effective';
  const at = (r) => (effective ? BigInt(isoDay(r.effective_date)) * 1000n : r.micro);
  if (f.from !== null) tests.push((r) => at(r) >= span(f.from)[0]);
  if (f.to !== null) {
    const [start, end] = span(f.to);
    tests.push((r) => at(r) <= (effective ? start : end));
  }
  for (const [key, whole] of [['organisation', true], ['category', true], ['kind', false]]) {
    if (f[key].length) {
      const wanted = parts(f[key], whole);
      tests.push((r) => r.subject_kind === 'item' && wanted.has(fold(r[key])));
    }
  }
  if (f.stage.length) {
    const stages = new Set([...parts(f.stage, false)].flatMap(
      (s) => VIEWS[s] ?? [s.replaceAll('-', ' ')]));
    tests.push((r) => r.subject_kind === 'item' && stages.has(r.stage));
  }
  if (f.rag.length) {
    const rags = new Set([...parts(f.rag, false)].map(
      (s) => (s === 'not-reported' ? '' : s.replaceAll('-', ' '))));
    tests.push((r) => r.subject_kind === 'item' && rags.has(r.rag));
  }
  return (r) => tests.every((t) => t(r));
}

// The positions up to the digest that the filters select in the ledger's audit trail.
function selected(filters, trail, events, position) {
  const rows = trail.filter((r) => r.position <= position).map((r) => {
    const state = JSON.parse(events.get(r.position).state.toString('utf8'));
    return { ...r, micro: utcTime(state.timestamp._data_).micro };
  });
  return rows.filter(selector(filters, rows)).map((r) => r.position);
}

module.exports = { selected, fold, span };
