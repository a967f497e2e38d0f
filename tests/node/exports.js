'use strict';
// Checking an export against its manifest (docs/verification.md, Checking an
// export: on its own, --digest, --key), and against the ledger's events when given.
const crypto = require('crypto');
const note = require('./note.js');
const texts = require('./texts.js');
const { ExportError, readDigest, readManifest } = require('./manifest.js');
const { readCsv, readJsonl } = require('./rows.js');
const { selected } = require('./filters.js');
const { verifyLedger } = require('./ledger.js');

function checkRows(manifest, rows) {
  let last = 0;
  for (const { line, texts: t } of rows) {
    if (texts.rowChecksum(t.slice(0, -1)) !== t[22]) {
      throw new ExportError(`line ${line}: its row_sha256 is not its cells' (edited)`);
    }
    const position = Number(t[0]);
    if (!(position > last) || position > manifest.digest.position) {
      throw new ExportError(`line ${line}: position ${t[0]} out of order or past the digest`);
    }
    last = position;
  }
  const first = rows.length ? Number(rows[0].texts[0]) : null;
  const lastPosition = rows.length ? last : null;
  if (rows.length !== manifest.rows || first !== manifest.first || lastPosition !== manifest.last) {
    throw new ExportError(`the file holds ${rows.length} rows (last position ${lastPosition}),`
      + ` the manifest says ${manifest.rows} (last position ${manifest.last})`);
  }
  const item = manifest.filters.item;
  if (item !== null) {
    const names = new Set([item, item.toUpperCase(), item.toLowerCase()]);
    const subjects = new Set(rows.map((r) => r.texts[3]));
    const other = rows.find((r) => !names.has(r.texts[3]));
    if (other || subjects.size > 1) {
      const line = (other ?? rows[0]).line;
      throw new ExportError(`line ${line}: a row on another subject than ${item}`);
    }
  }
}

// The file written again from its rows' text forms by the documented rules.
function rewrite(format, rows) {
  if (format === 'csv') {
    const body = [texts.COLUMNS, ...rows.map((r) => r.texts)].map(texts.csvRecord).join('');
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
  }
  return Buffer.from(rows.map((r) => texts.jsonlLine(r.values) + '\n').join(''), 'utf8');
}

// The manifest's checkpoint held to its digest; with a key, its signature too.
function checkCheckpoint(manifest, verifier, given) {
  if (manifest.checkpoint === null) {
    if (verifier) throw new ExportError('the manifest holds no signed checkpoint');
    return null;
  }
  let cp;
  try {
    const text = manifest.checkpoint;
    cp = verifier ? note.openNote(text, verifier) : note.readNote(text);
  } catch (e) {
    throw new ExportError(`the manifest was edited: its checkpoint: ${e.message}`);
  }
  const d = manifest.digest;
  if (cp.size !== d.position || (cp.recorded !== null && cp.recorded !== d.recorded)) {
    throw new ExportError('the manifest was edited: its checkpoint is not of its digest');
  }
  if (given !== undefined && given !== manifest.checkpoint) {
    throw new ExportError("the manifest's checkpoint is not the one given");
  }
  return cp;
}

function checkGivenDigest(manifest, line, ledger) {
  const given = readDigest(line);
  const d = manifest.digest;
  if (d.position < given.position) {
    throw new ExportError(`the export was taken at position ${d.position},`
      + ` before the digest given (position ${given.position})`);
  }
  const other = d.sha256 !== given.sha256 || d.recorded !== given.recorded;
  if (d.position === given.position && other) {
    throw new ExportError('the export was taken at another digest of that position');
  }
  if (d.position > given.position && ledger) ledger.holdDigest(given);
  const unsettled = d.position > given.position && !ledger;
  return unsettled ? 'not checked: one history?' : 'taken at or after it';
}

// The export holds exactly the rows its filters select in the ledger, up to its digest
// (no filter: every position).
function holdSelection(manifest, rows, ledger) {
  const { trail, events } = ledger.tables;
  const wanted = selected(manifest.filters, trail, events, manifest.digest.position);
  const held = rows.map((r) => Number(r.texts[0]));
  const k = wanted.findIndex((p, i) => held[i] !== p);
  if (k < 0 && held.length === wanted.length) return;
  const at = k < 0 ? wanted.length : k;
  if (at < held.length && !wanted.includes(held[at])) {
    throw new ExportError(`line ${rows[at].line}: position ${held[at]}, a row its filters`
      + ' do not select in the ledger');
  }
  throw new ExportError(`position ${wanted[at]}: no row, though its filters select it`);
}

// options.tables: the ledger's (database.js), verified up to the manifest's digest.
function checkExport(fileBytes, manifestText, options = {}) {
  const manifest = readManifest(manifestText);
  if (options.tables) options.ledger = verifyLedger(options.tables, manifest.digest.position);
  const sha = crypto.createHash('sha256').update(fileBytes).digest('hex');
  const rows = manifest.format === 'csv' ? readCsv(fileBytes) : readJsonl(fileBytes);
  checkRows(manifest, rows);
  if (sha !== manifest.sha256 || fileBytes.length !== manifest.size) {
    throw new ExportError("the file's SHA-256 or size is not the manifest's");
  }
  const cp = checkCheckpoint(manifest, options.verifier, options.checkpoint);
  const said = { rows: rows.length, identical: rewrite(manifest.format, rows).equals(fileBytes) };
  if (options.digest) said.digest = checkGivenDigest(manifest, options.digest, options.ledger);
  if (options.ledger) {
    holdSelection(manifest, rows, options.ledger);
    options.ledger.holdDigest(manifest.digest);
    if (cp) options.ledger.holdRoot(cp);
    options.ledger.holdRows(rows);
  }
  return said;
}

module.exports = { checkExport };
