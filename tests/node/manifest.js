'use strict';
// An export's manifest and digest line, read as docs/verification.md (The
// manifest; The digest: the grammar) says, strictly.
const json = require('./json.js');
const note = require('./note.js');
const { COLUMNS } = require('./texts.js');

class ExportError extends Error {}

const DIGEST = new RegExp('^portfolio-ledger/v1 position=(0|[1-9][0-9]*) recorded=(\\S+)'
  + ' sha256=([0-9a-f]{64})$');

function readDigest(line) {
  const m = DIGEST.exec(line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
  if (!m || BigInt(m[1]) > 9223372036854775807n) throw new ExportError(`no digest: ${line}`);
  const [position, recorded, sha256] = [Number(m[1]), m[2], m[3]];
  if (position === 0 ? recorded !== '-' || !/^0{64}$/.test(sha256) : !note.realTime(recorded)) {
    throw new ExportError(`the digest's recorded time does not fit its position: ${line}`);
  }
  return { position, recorded: position === 0 ? null : recorded, sha256, line };
}

const KEYS = ['kind', 'manifest_version', 'file', 'format', 'encoding', 'columns', 'row_hash',
  'rows', 'first_position', 'last_position', 'size', 'sha256', 'filters', 'ledger_digest',
  'checkpoint', 'exported_at', 'tool'];
const FILTER_TEXTS = ['item', 'actor', 'type', 'from', 'to'];
const FILTER_LISTS = ['organisation', 'category', 'stage', 'rag', 'kind'];
const ENCODING = { csv: 'utf-8 with byte-order mark, CRLF', jsonl: 'utf-8, LF' };

function exactKeys(map, keys, where) {
  for (const key of map.keys()) {
    if (!keys.includes(key)) throw new ExportError(`${where}${key}: unknown`);
  }
  for (const key of keys) if (!map.has(key)) throw new ExportError(`${where}${key}: missing`);
}

function want(ok, key, form) {
  if (!ok) throw new ExportError(`the manifest's ${key} is not ${form}`);
}

function count(m, key, nullable) {
  const v = m.get(key);
  if (nullable && v === null) return null;
  const n = json.whole(v);
  want(n !== null && n >= 0, key, 'a whole number');
  return n;
}

function readFilters(f) {
  want(f instanceof Map, 'filters', 'an object');
  for (const key of FILTER_LISTS) if (!f.has(key)) f.set(key, []); // before 2026-11-30
  exactKeys(f, [...FILTER_TEXTS, 'clock', ...FILTER_LISTS], 'filters.');
  for (const key of FILTER_TEXTS) {
    want(f.get(key) === null || typeof f.get(key) === 'string', `filters.${key}`, 'text or null');
  }
  want(['recorded', 'effective'].includes(f.get('clock')), 'filters.clock', 'a clock');
  for (const key of FILTER_LISTS) {
    const list = f.get(key);
    want(Array.isArray(list) && list.every((v) => typeof v === 'string'),
      `filters.${key}`, 'a list of texts');
  }
  return Object.fromEntries(f);
}

function readLedgerDigest(d) {
  want(d instanceof Map, 'ledger_digest', 'an object');
  exactKeys(d, ['position', 'recorded', 'sha256', 'line'], 'ledger_digest.');
  want(typeof d.get('line') === 'string', 'ledger_digest.line', 'a text');
  const digest = readDigest(d.get('line'));
  const agrees = json.whole(d.get('position')) === digest.position
    && d.get('recorded') === digest.recorded && d.get('sha256') === digest.sha256;
  want(agrees, 'ledger_digest', 'what its line says');
  return digest;
}

function readManifest(text) {
  if (text.startsWith('\ufeff')) {
    throw new ExportError('the manifest starts with a byte-order mark');
  }
  const m = json.parse(text);
  want(m instanceof Map, 'text', 'a JSON object');
  if (!m.has('checkpoint')) m.set('checkpoint', null); // before 2026-11-30
  exactKeys(m, KEYS, 'manifest key ');
  want(m.get('kind') === 'portfolio-ledger audit export', 'kind', 'the export kind');
  want(json.whole(m.get('manifest_version')) === 1, 'manifest_version', '1');
  want(m.get('format') in ENCODING, 'format', 'csv or jsonl');
  want(m.get('encoding') === ENCODING[m.get('format')], 'encoding', "its format's");
  const columns = m.get('columns');
  want(Array.isArray(columns) && columns.join() === COLUMNS.join(), 'columns', 'the columns');
  want(typeof m.get('file') === 'string' && typeof m.get('row_hash') === 'string', 'file', 'text');
  want(/^[0-9a-f]{64}$/.test(m.get('sha256')), 'sha256', '64 hex digits');
  want(typeof m.get('exported_at') === 'string' && note.realTime(m.get('exported_at')),
    'exported_at', 'a time YYYY-MM-DDTHH:MM:SSZ');
  const tool = m.get('tool');
  want(tool instanceof Map && tool.size === 2 && tool.get('name') === 'portfolio-ledger'
    && typeof tool.get('version') === 'string', 'tool', '{name, version}');
  want(m.get('checkpoint') === null || typeof m.get('checkpoint') === 'string',
    'checkpoint', 'a signed note or null');
  const manifest = {
    format: m.get('format'), rows: count(m, 'rows'), size: count(m, 'size'),
    first: count(m, 'first_position', true), last: count(m, 'last_position', true),
    sha256: m.get('sha256'), filters: readFilters(m.get('filters')),
    digest: readLedgerDigest(m.get('ledger_digest')), checkpoint: m.get('checkpoint'),
  };
  return manifest;
}

module.exports = { ExportError, readDigest, readManifest };
