'use strict';
// Text forms, row checksums and the two files' bytes, as docs/verification.md
// (Exports: Text forms, Row checksum, CSV, JSON Lines) defines them.
const crypto = require('crypto');

const COLUMNS = [
  'position', 'recorded_at', 'effective_date', 'subject', 'subject_kind', 'version',
  'event_type', 'event', 'actor', 'role', 'authority', 'rationale', 'summary', 'refs',
  'authority_detail', 'corrects', 'annuls', 'organisation', 'category', 'kind', 'stage',
  'rag', 'row_sha256',
];
const NUMBERS = new Set(['position', 'version', 'corrects', 'annuls']);
const NEUTRALISED = new Set([
  'subject', 'subject_kind', 'event_type', 'event', 'actor', 'role', 'authority',
  'rationale', 'summary', 'organisation', 'category', 'kind', 'stage', 'rag',
]);

// A JSON string as Python's json.dumps(ensure_ascii=False) writes it.
function pyString(text) {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

// Sorted by code point, not by UTF-16 unit as JavaScript's sort() does.
function byCodePoint(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

// JSON of a parsed value (json.js): sortKeys for canonical JSON.
function dumps(value, sortKeys) {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return '[' + value.map((v) => dumps(v, sortKeys)).join(',') + ']';
  if (value instanceof Map) {
    const keys = [...value.keys()];
    if (sortKeys) keys.sort(byCodePoint);
    return '{' + keys.map((k) => pyString(k) + ':' + dumps(value.get(k), sortKeys)).join(',') + '}';
  }
  return value.num;
}

// The text form of a JSON Lines value.
function textForm(value) {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return dumps(value, true);
}

function sha256hex(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

// row_sha256 over the texts of every column but the last.
function rowChecksum(texts) {
  return sha256hex(Buffer.from('[' + texts.map(pyString).join(',') + ']', 'utf8'));
}

// One JSON Lines line (without its LF) from the 23 texts and the parsed values.
function jsonlLine(values) {
  const body = COLUMNS.map((c, i) => pyString(c) + ':' + dumps(values[i], true)).join(',');
  return ('{' + body + '}').replace(/[\u0085\u2028\u2029]/g,
    (c) => '\\u' + c.codePointAt(0).toString(16).padStart(4, '0'));
}

// Python's str.isspace(), exactly (JavaScript's \s differs).
const SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
const FORMULA = new Set(['=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

function needsNeutralising(text) {
  if (text === '') return false;
  if ("'\t\r\n".includes(text[0])) return true;
  for (const ch of text) {
    if (!SPACE.has(ch.codePointAt(0))) return FORMULA.has(ch);
  }
  return false;
}

function csvCell(column, text) {
  const cell = NEUTRALISED.has(column) && needsNeutralising(text) ? "'" + text : text;
  return /[,;"\r\n]/.test(cell) ? '"' + cell.replaceAll('"', '""') + '"' : cell;
}

function csvRecord(texts) {
  return COLUMNS.map((c, i) => csvCell(c, texts[i])).join(',') + '\r\n';
}

module.exports = {
  COLUMNS, NUMBERS, NEUTRALISED, pyString, dumps, textForm, sha256hex, rowChecksum,
  jsonlLine, needsNeutralising, csvRecord, byCodePoint,
};
