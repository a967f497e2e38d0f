'use strict';
// An export file's rows, read back as docs/verification.md (CSV; JSON Lines) says:
// each row as its 23 texts (and, for JSON Lines, its parsed values), with the line
// it starts on (lines counted at every line feed, from 1).
const json = require('./json.js');
const { COLUMNS, NUMBERS, NEUTRALISED, needsNeutralising, textForm } = require('./texts.js');
const { ExportError } = require('./manifest.js');

// ignoreBOM: keep a byte-order mark as U+FEFF (TextDecoder removes one by default).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(bytes) {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ExportError('the file is not UTF-8');
  }
}

// RFC 4180 records, each ending in CRLF; returns [{line, cells}].
function csvRecords(text) {
  const records = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const cells = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i += 1;
        for (;;) {
          if (i >= text.length) throw new ExportError(`line ${start}: cut short`);
          if (text[i] === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
          if (text[i] === '"') { i += 1; break; }
          if (text[i] === '\n') line += 1;
          cell += text[i];
          i += 1;
        }
      } else {
        while (i < text.length && !',\r\n"'.includes(text[i])) cell += text[i++];
        if (text[i] === '"') throw new ExportError(`line ${line}: a '"' inside a cell`);
      }
      cells.push(cell);
      if (text[i] === ',') { i += 1; continue; }
      if (i >= text.length) throw new ExportError(`line ${line}: cut short (no line end)`);
      if (text[i] === '\r' && text[i + 1] === '\n') { i += 2; line += 1; break; }
      throw new ExportError(`line ${line}: does not end in CRLF`);
    }
    records.push({ line: start, cells });
  }
  return records;
}

// A cell's text: one leading ' removed; refused where the rule would have put it.
function csvText(column, cell, line) {
  if (cell.startsWith("'")) return cell.slice(1);
  if (NEUTRALISED.has(column) && needsNeutralising(cell)) {
    throw new ExportError(`line ${line}: ${column} lacks its neutralising ' (a formula)`);
  }
  return cell;
}

function readCsv(bytes) {
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const jsonl = bytes[0] === 0x7b;
    throw new ExportError(jsonl ? 'the manifest is another export\'s (a JSON Lines file)'
      : 'line 1: no byte-order mark');
  }
  const text = utf8(bytes.subarray(3));
  if (text.startsWith('\ufeff')) throw new ExportError('line 1: a second byte-order mark');
  const [header, ...records] = csvRecords(text);
  if (!header || header.cells.join() !== COLUMNS.join()) {
    throw new ExportError('line 1: the header is not the columns');
  }
  return records.map(({ line, cells }) => {
    if (cells.length !== COLUMNS.length) throw new ExportError(`line ${line}: not 23 cells`);
    return { line, texts: cells.map((c, k) => csvText(COLUMNS[k], c, line)) };
  });
}

const KIND = {
  refs: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  authority_detail: (v) => v === null || v instanceof Map,
};

function typed(column, value) {
  if (column in KIND) return KIND[column](value);
  if (value === null) return column !== 'row_sha256';
  if (NUMBERS.has(column)) return json.whole(value) !== null;
  return typeof value === 'string';
}

function readJsonl(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const csv = bytes[3] === 0x70; // "position", the CSV header
    throw new ExportError(csv ? "the manifest is another export's (a CSV file)"
      : 'line 1: starts with a byte-order mark');
  }
  const text = utf8(bytes);
  if (text.length && !text.endsWith('\n')) {
    throw new ExportError(`line ${text.split('\n').length}: cut short (no line end)`);
  }
  return text.split('\n').slice(0, -1).map((source, k) => {
    const line = k + 1;
    if (source.endsWith('\r')) throw new ExportError(`line ${line}: ends in CRLF, not LF`);
    let record;
    try {
      record = json.parse(source);
    } catch (e) {
      throw new ExportError(`line ${line}: ${e.message}`);
    }
    if (!(record instanceof Map)) throw new ExportError(`line ${line}: not a JSON object`);
    const keys = [...record.keys()];
    const bad = COLUMNS.findIndex((c, i) => keys[i] !== c);
    if (bad >= 0 || keys.length !== COLUMNS.length) {
      const key = COLUMNS[bad] ?? keys[COLUMNS.length];
      throw new ExportError(`line ${line}: key ${key} out of place`);
    }
    const values = COLUMNS.map((c) => record.get(c));
    COLUMNS.forEach((c, i) => {
      if (!typed(c, values[i])) throw new ExportError(`line ${line}: ${c} is of another JSON type`);
    });
    return { line, texts: values.map(textForm), values };
  });
}

module.exports = { readCsv, readJsonl, utf8 };
