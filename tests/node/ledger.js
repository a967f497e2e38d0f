'use strict';
// Verifying a ledger's tables (docs/verification.md, Verifying): the hash chain,
// the Merkle tree's rows, recorded times, kept checkpoints; then a digest, a
// checkpoint's root and an export's rows held to the events.
const json = require('./json.js');
const merkle = require('./merkle.js');
const note = require('./note.js');
const { utcTime } = require('./times.js');

class LedgerError extends Error {
  constructor(position, kind, detail) {
    super(`FAILED at position ${position}: ${kind}. ${detail}`);
    Object.assign(this, { position, kind });
  }
}

function u64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function record(p, e) {
  const topicLength = Buffer.alloc(4);
  topicLength.writeUInt32BE(e.topic.length);
  return Buffer.concat([u64(p), Buffer.from(e.id, 'hex'), u64(e.version), topicLength, e.topic,
    u64(e.state.length), e.state]);
}

function recordedTime(state) {
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const ts = json.parse(decoder.decode(state)).get('timestamp');
    return utcTime(ts.get('_data_'));
  } catch {
    return null;
  }
}

// Row p's hashes: leaf_hash(p), then each complete subtree ending at p, smallest first.
function treeRow(stack, leaf) {
  const row = [leaf];
  stack.push({ size: 1, hash: leaf });
  while (stack.length > 1 && stack.at(-1).size === stack.at(-2).size) {
    const right = stack.pop();
    const left = stack.pop();
    stack.push({ size: left.size * 2, hash: merkle.nodeHash(left.hash, right.hash) });
    row.push(stack.at(-1).hash);
  }
  return Buffer.concat(row);
}

function linkedElsewhere(chain, e, p) {
  for (const [q, c] of chain) if (q !== p && c.id === e.id && c.version === e.version) return true;
  return false;
}

function checkPosition(t, p, state) {
  const e = t.events.get(p);
  const c = t.chain.get(p);
  if (!e) throw new LedgerError(p, 'missing', 'no event at this position');
  if (!c) throw new LedgerError(p, 'inserted', 'an event the chain has no record of');
  if (c.id !== e.id || c.version !== e.version) {
    const kind = linkedElsewhere(t.chain, e, p) ? 'out of order' : 'changed';
    throw new LedgerError(p, kind, 'the chain linked another event here');
  }
  const rec = record(p, e);
  state.link = merkle.sha256(state.link, rec);
  if (state.link.toString('hex') !== c.hash) {
    throw new LedgerError(p, 'changed', 'its stored bytes do not give its link');
  }
  const time = recordedTime(e.state);
  if (time === null) throw new LedgerError(p, 'no recorded time', 'no readable timestamp');
  if (state.time !== null && time.micro < state.time.micro) {
    throw new LedgerError(p, 'recorded out of order', `${time.text} before ${state.time.text}`);
  }
  state.time = time;
  state.links.push(state.link.toString('hex'));
  state.times.push(time);
  const leaf = merkle.leafHash(rec);
  state.leaves.push(leaf);
  const row = treeRow(state.stack, leaf);
  if (t.tree.size === 0) return;
  if (!t.tree.has(p)) throw new LedgerError(p, 'not in the tree', 'no tree row here');
  if (!t.tree.get(p).equals(row)) throw new LedgerError(p, 'tree altered', 'its tree row');
}

// The chain, recorded times and tree rows (no checkpoint yet: holdKept); with upTo,
// only positions 1 to upTo (an export's check: what came after its digest is not its).
function verifyLedger(t, upTo = Infinity) {
  const positions = [...t.events.keys(), ...t.chain.keys(), ...t.tree.keys()];
  const low = Math.min(1, ...positions);
  if (low < 1) {
    const kind = t.events.has(low) || t.chain.has(low) ? 'inserted' : 'tree altered';
    throw new LedgerError(low, kind, 'nothing may be stored below position 1');
  }
  const last = Math.min(upTo, Math.max(0, ...t.events.keys()));
  const state = { link: Buffer.alloc(32), time: null, links: [], times: [], leaves: [], stack: [] };
  for (let p = 1; p <= last; p += 1) checkPosition(t, p, state);
  if (upTo !== Infinity) return new Ledger(t, state);
  const strayChain = [...t.chain.keys()].find((p) => p > last);
  if (strayChain !== undefined) {
    const detail = `a chain record at ${strayChain} after the last event`;
    throw new LedgerError(last + 1, 'missing', detail);
  }
  const strayTree = [...t.tree.keys()].find((p) => p > last);
  if (strayTree !== undefined) throw new LedgerError(strayTree, 'tree altered', 'after the events');
  const ledger = new Ledger(t, state);
  if (t.tree.size === 0 && t.checkpoints.length > 0) {
    throw new LedgerError(1, 'not in the tree', 'a checkpoint signs a tree that has no rows');
  }
  return ledger;
}

class Ledger {
  constructor(tables, state) {
    Object.assign(this, { tables, links: state.links, times: state.times, leaves: state.leaves });
  }

  get head() {
    const n = this.links.length;
    const link = n ? this.links[n - 1] : '0'.repeat(64);
    const recorded = n ? this.times[n - 1].second : '-';
    return `portfolio-ledger/v1 position=${n} recorded=${recorded} sha256=${link}`;
  }

  holdDigest(d) {
    const n = this.links.length;
    if (d.position > n) throw new LedgerError(d.position, 'missing', `the ledger ends at ${n}`);
    if (d.position === 0) return;
    if (this.links[d.position - 1] !== d.sha256) {
      throw new LedgerError(d.position, 'rewritten', 'the events no longer give its link');
    }
    if (this.times[d.position - 1].second !== d.recorded) {
      throw new LedgerError(d.position, 'digest altered', 'its recorded time is not the event\'s');
    }
  }

  holdRoot(cp) {
    if (cp.size > this.leaves.length) throw new LedgerError(cp.size, 'missing', 'past the events');
    if (!merkle.rootOf(this.leaves, 0, cp.size).equals(cp.root)) {
      const detail = `the events no longer give the root of ${cp.size}`;
      throw new LedgerError(cp.size, 'rewritten', detail);
    }
    if (cp.recorded !== null && cp.size > 0 && this.times[cp.size - 1].second !== cp.recorded) {
      throw new LedgerError(cp.size, 'checkpoint time altered', 'its recorded line');
    }
  }

  // A checkpoint the ledger kept: its root, and with the key, its signature if it is
  // filed under that key (key_id, <name>+<key hash>); one filed under another key is
  // held to its root alone.
  holdKept(kept, verifier) {
    const mine = verifier && kept.key === `${verifier.name}+${verifier.hash}`;
    let cp;
    try {
      cp = mine ? note.openNote(kept.note, verifier) : note.readNote(kept.note);
    } catch (e) {
      throw new LedgerError(kept.size, 'forged checkpoint', e.message);
    }
    if (cp.size !== kept.size) throw new LedgerError(kept.size, 'forged checkpoint', 'its size');
    this.holdRoot(cp);
  }

  holdRows(rows) {
    require('./columns.js').holdRows(this, rows);
  }
}

module.exports = { LedgerError, verifyLedger, record };
