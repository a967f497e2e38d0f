#!/usr/bin/env node
'use strict';
// An independent verifier for portfolio-ledger's files, written from
// docs/verification.md and docs/receipt-verifier.md alone, with node's built-in
// modules only. Prints OK ... (exit 0) or FAILED: ... (exit 1); bad usage, exit 2.
//
//   node plverify.js receipt KEY_FILE RECEIPT
//   node plverify.js consistency KEY_FILE PROOF
//   node plverify.js checkpoint KEY_FILE CHECKPOINT
//   node plverify.js ledger DB [--key KEY_FILE] [--checkpoint FILE] [--digest LINE]
//   node plverify.js export FILE [--manifest FILE] [--key KEY_FILE] [--checkpoint FILE]
//                    [--digest LINE] [--db DB]
//   node plverify.js batch < CHECKS   (one check's arguments a line, as a JSON array)
// DB is an SQLite file (read with the sqlite3 client) or a postgresql:// URL (psql).
const fs = require('fs');
const note = require('./note.js');
const proofs = require('./proofs.js');
const { checkExport } = require('./exports.js');
const { readTables } = require('./database.js');
const { verifyLedger, LedgerError } = require('./ledger.js');
const { readDigest } = require('./manifest.js');

const read = (path) => fs.readFileSync(path);
const key = (path) => note.readVerifierKey(note.fileText(read(path)));

function options(args) {
  const said = { rest: [] };
  for (let i = 0; i < args.length; i += 1) {
    if (args[i].startsWith('--')) said[args[i].slice(2)] = args[++i];
    else said.rest.push(args[i]);
  }
  return said;
}

function ledgerCheck(db, o) {
  const verifier = o.key ? key(o.key) : null;
  const tables = readTables(db);
  const ledger = verifyLedger(tables);
  if (o.digest) ledger.holdDigest(readDigest(o.digest));
  for (const kept of tables.checkpoints) ledger.holdKept(kept, verifier);
  if (o.checkpoint) {
    const given = note.fileText(read(o.checkpoint));
    const cp = verifier ? note.openNote(given, verifier) : note.readNote(given);
    ledger.holdRoot(cp);
    if (verifier) {
      const id = `${verifier.name}+${verifier.hash}`;
      const kept = tables.checkpoints.filter((k) => k.key === id).map((k) => k.size);
      const covered = Math.max(cp.size, ...kept);
      if (covered < ledger.leaves.length) {
        throw new LedgerError(covered + 1, 'not signed', `in no checkpoint signed by ${o.key}`);
      }
    }
  }
  return `OK ledger: ${ledger.head}`;
}

function exportCheck(file, o) {
  const manifest = fs.readFileSync(o.manifest ?? `${file}.manifest.json`, 'utf8');
  const tables = o.db ? readTables(o.db) : undefined;
  const said = checkExport(read(file), manifest, {
    verifier: o.key ? key(o.key) : undefined,
    checkpoint: o.checkpoint ? note.fileText(read(o.checkpoint)) : undefined,
    digest: o.digest,
    tables,
  });
  const rewritten = said.identical ? 'written again byte for byte' : 'written another way';
  const digest = said.digest ? `; digest given: ${said.digest}` : '';
  return `OK export: ${said.rows} rows (${rewritten}); ledger ${o.db ? 'checked' : 'not at hand'}`
    + digest;
}

const COMMANDS = {
  receipt: (o) => {
    const r = proofs.verifyReceipt(note.fileText(read(o.rest[1])), key(o.rest[0]));
    return `OK receipt: position ${r.position} is in ${r.checkpoint.origin} tree of ${r.size}`
      + ` leaves (recorded ${r.checkpoint.recorded})`;
  },
  consistency: (o) => {
    const c = proofs.verifyConsistencyProof(note.fileText(read(o.rest[1])), key(o.rest[0]));
    return `OK consistency: ${c.now.size} leaves extend ${c.old.size}`;
  },
  checkpoint: (o) => {
    const c = note.openNote(note.fileText(read(o.rest[1])), key(o.rest[0]));
    return `OK checkpoint: ${c.origin} tree of ${c.size} leaves, root ${c.root.toString('base64')}`;
  },
  ledger: (o) => ledgerCheck(o.rest[0], o),
  export: (o) => exportCheck(o.rest[0], o),
};

// One check: [exit status, the line it prints].
function check(argv) {
  const [command, ...args] = argv;
  if (!(command in COMMANDS)) {
    return [2, `usage: plverify.js ${Object.keys(COMMANDS).join('|')}|batch ...`];
  }
  try {
    return [0, COMMANDS[command](options(args))];
  } catch (e) {
    const said = e.message.startsWith('FAILED') ? e.message : `FAILED: ${e.message}`;
    return [1, said.split('\n')[0]];
  }
}

// batch: one check a line of standard input (a JSON array of its arguments), each
// answered with a line [status, said], in one process (for many checks at once).
function main(argv) {
  if (argv[0] !== 'batch') {
    const [status, said] = check(argv);
    (status === 2 ? process.stderr : process.stdout).write(said + '\n');
    return status;
  }
  const checks = fs.readFileSync(0, 'utf8').split('\n').filter((line) => line.trim());
  for (const line of checks) process.stdout.write(JSON.stringify(check(JSON.parse(line))) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
