'use strict';
// The ledger's tables read through the sqlite3 or psql command-line client, in one
// read transaction, every value as hex or a number (docs/verification.md, The
// chain, exactly; The Merkle tree, exactly; Signing).
const { execFileSync } = require('child_process');

// The audit_trail columns the filters read (docs/verification.md), as text.
const TRAIL = ['subject', 'subject_kind', 'event', 'event_type', 'actor', 'effective_date',
  'organisation', 'category', 'kind', 'stage', 'rag'];

const SQLITE = `BEGIN;
SELECT 'E', id, lower(hex(originator_id)), originator_version, hex(topic), hex(state)
  FROM portfolio_ledger_events ORDER BY id;
SELECT 'C', position, lower(replace(originator_id, '-', '')), originator_version, hash
  FROM portfolio_ledger_chain ORDER BY position;
SELECT 'T', position, hex(hashes) FROM portfolio_ledger_tree ORDER BY position;
SELECT 'K', tree_size, hex(note), hex(key_id) FROM portfolio_ledger_checkpoints ORDER BY tree_size;
SELECT 'A', position, ${TRAIL.map((c) => `hex(coalesce(${c}, ''))`).join(', ')}
  FROM audit_trail ORDER BY position;
COMMIT;`;

const POSTGRES = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT 'E', id, replace(originator_id::text, '-', ''), originator_version,
  encode(convert_to(topic, 'UTF8'), 'hex'), encode(state, 'hex')
  FROM portfolio_ledger_events ORDER BY id;
SELECT 'C', position, replace(originator_id::text, '-', ''), originator_version, hash
  FROM portfolio_ledger_chain ORDER BY position;
SELECT 'T', position, encode(hashes, 'hex') FROM portfolio_ledger_tree ORDER BY position;
SELECT 'K', tree_size, encode(convert_to(note, 'UTF8'), 'hex'),
  encode(convert_to(key_id, 'UTF8'), 'hex')
  FROM portfolio_ledger_checkpoints ORDER BY tree_size;
SELECT 'A', position, ${TRAIL.map(
    (c) => `encode(convert_to(coalesce(${c}::text, ''), 'UTF8'), 'hex')`).join(', ')}
  FROM audit_trail ORDER BY position;
COMMIT;`;

function query(db) {
  const postgres = /^postgres(ql)?:\/\//.test(db);
  const [program, args] = postgres
    ? ['psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', db, '-f', '-']]
    : ['sqlite3', ['-bail', '-separator', '|', db]];
  return execFileSync(program, args, {
    input: postgres ? POSTGRES : SQLITE,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}

// {events, chain, tree, checkpoints}: Maps by position (checkpoints a list).
function readTables(db) {
  const tables = { events: new Map(), chain: new Map(), tree: new Map(), checkpoints: [],
    trail: [] };
  for (const line of query(db).split('\n')) {
    const f = line.split('|');
    const position = Number(f[1]);
    if (f[0] === 'E') {
      tables.events.set(position, {
        id: f[2], version: BigInt(f[3]), topic: Buffer.from(f[4], 'hex'),
        state: Buffer.from(f[5], 'hex'),
      });
    } else if (f[0] === 'C') {
      tables.chain.set(position, { id: f[2], version: BigInt(f[3]), hash: f[4] });
    } else if (f[0] === 'T') {
      tables.tree.set(position, Buffer.from(f[2], 'hex'));
    } else if (f[0] === 'A') {
      const texts = f.slice(2).map((hex) => Buffer.from(hex, 'hex').toString('utf8'));
      tables.trail.push(Object.fromEntries([['position', position],
        ...TRAIL.map((c, k) => [c, texts[k]])]));
    } else if (f[0] === 'K') {
      const [note, key] = [f[2], f[3]].map((hex) => Buffer.from(hex, 'hex').toString('utf8'));
      tables.checkpoints.push({ size: position, note, key });
    }
  }
  return tables;
}

module.exports = { readTables };
