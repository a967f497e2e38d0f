'use strict';
// Receipts and consistency proofs (docs/verification.md, "The files, exactly").
const json = require('./json.js');
const note = require('./note.js');
const merkle = require('./merkle.js');

class ProofError extends Error {}

const RECEIPT = ['format', 'origin', 'position', 'leaf_index', 'tree_size', 'leaf_data',
  'inclusion_proof', 'checkpoint'];
const CONSISTENCY = ['format', 'old_checkpoint', 'new_checkpoint', 'consistency_proof'];

// record(p): u64 position, 16-byte id, u64 version, u32 + topic, u64 + state.
function readRecord(bytes) {
  if (bytes.length < 44) throw new ProofError('the leaf data is too short for a chain record');
  const topicLength = bytes.readUInt32BE(32);
  const stateAt = 36 + topicLength;
  if (bytes.length < stateAt + 8) throw new ProofError("the leaf data's lengths do not add up");
  const stateLength = bytes.readBigUInt64BE(stateAt);
  if (BigInt(bytes.length) !== BigInt(stateAt + 8) + stateLength) {
    throw new ProofError("the leaf data's lengths do not add up to its length");
  }
  let topic;
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    topic = decoder.decode(bytes.subarray(36, stateAt));
  } catch {
    throw new ProofError("the leaf data's topic is not UTF-8");
  }
  return {
    position: bytes.readBigUInt64BE(0),
    id: bytes.subarray(8, 24).toString('hex'),
    version: bytes.readBigUInt64BE(24),
    topic,
    state: bytes.subarray(stateAt + 8),
  };
}

function readDocument(text, format, keys) {
  const doc = json.parse(text);
  if (!(doc instanceof Map)) throw new ProofError('not a JSON object');
  if (doc.get('format') !== format) {
    throw new ProofError(`its format is ${JSON.stringify(doc.get('format'))}, not ${format}`);
  }
  for (const key of doc.keys()) if (!keys.includes(key)) throw new ProofError(`unknown ${key}`);
  for (const key of keys) if (!doc.has(key)) throw new ProofError(`no ${key}`);
  return doc;
}

function hashes(list, what) {
  if (!Array.isArray(list)) throw new ProofError(`${what} is not a list`);
  return list.map((h) => {
    if (typeof h !== 'string') throw new ProofError(`${what} holds a value not a text`);
    const bytes = note.b64(h, `a hash of ${what}`);
    if (bytes.length !== 32) throw new ProofError(`a hash of ${what} is not 32 bytes`);
    return bytes;
  });
}

function number(doc, key) {
  const n = json.whole(doc.get(key));
  if (n === null || n < 0) throw new ProofError(`${key} is not a whole number`);
  return n;
}

function text(doc, key) {
  if (typeof doc.get(key) !== 'string') throw new ProofError(`${key} is not a text`);
  return doc.get(key);
}

function verifyReceipt(fileText, verifier) {
  const doc = readDocument(fileText, 'portfolio-ledger/receipt/v1', RECEIPT);
  const [position, index, size] = ['position', 'leaf_index', 'tree_size'].map(
    (k) => number(doc, k));
  const checkpoint = note.openNote(text(doc, 'checkpoint'), verifier);
  if (text(doc, 'origin') !== checkpoint.origin || size !== checkpoint.size) {
    throw new ProofError("the receipt's origin or tree_size is not its checkpoint's");
  }
  if (index !== position - 1 || index >= size) {
    throw new ProofError('leaf_index is not position - 1, below tree_size');
  }
  const leaf = note.b64(text(doc, 'leaf_data'), 'leaf_data');
  const record = readRecord(leaf);
  if (record.position !== BigInt(position)) {
    throw new ProofError("the leaf data is not the record of the receipt's position");
  }
  const proof = hashes(doc.get('inclusion_proof'), 'inclusion_proof');
  if (!merkle.verifyInclusion(index, size, merkle.leafHash(leaf), proof, checkpoint.root)) {
    throw new ProofError("the inclusion proof does not lead to the checkpoint's root");
  }
  return { position, size, record, checkpoint };
}

function verifyConsistencyProof(fileText, verifier) {
  const doc = readDocument(fileText, 'portfolio-ledger/consistency/v1', CONSISTENCY);
  const old = note.openNote(text(doc, 'old_checkpoint'), verifier);
  const now = note.openNote(text(doc, 'new_checkpoint'), verifier);
  if (old.size < 1 || old.size > now.size) {
    throw new ProofError('the older checkpoint is not of 1 to the newer size events');
  }
  if (old.recorded !== null && now.recorded !== null) {
    const bad = old.size === now.size ? old.recorded !== now.recorded
      : now.recorded < old.recorded;
    if (bad) throw new ProofError("the checkpoints' recorded lines do not fit their sizes");
  }
  const proof = hashes(doc.get('consistency_proof'), 'consistency_proof');
  if (!merkle.verifyConsistency(old.size, now.size, old.root, now.root, proof)) {
    throw new ProofError('the consistency proof does not lead from the old root to the new');
  }
  return { old, now };
}

module.exports = { ProofError, readRecord, verifyReceipt, verifyConsistencyProof };
