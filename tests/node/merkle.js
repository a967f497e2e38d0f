'use strict';
// RFC 6962 / RFC 9162 section 2.1 hashes, inclusion and consistency proofs.
const crypto = require('crypto');

function sha256(...parts) {
  const h = crypto.createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
}

const leafHash = (data) => sha256(Buffer.of(0), data);
const nodeHash = (left, right) => sha256(Buffer.of(1), left, right);

// The Merkle tree hash of a list of leaf hashes (the root of that many leaves).
function rootOf(leaves, from = 0, to = leaves.length) {
  const n = to - from;
  if (n === 0) return sha256(Buffer.alloc(0));
  if (n === 1) return leaves[from];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(rootOf(leaves, from, from + k), rootOf(leaves, from + k, to));
}

// RFC 9162 2.1.3.2: does the proof lead from the leaf hash at index to root?
function verifyInclusion(index, size, leaf, proof, root) {
  if (index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

// RFC 9162 2.1.4.2: does the proof show the tree of size m (oldRoot) is the
// first m leaves of the tree of size n (newRoot)?
function verifyConsistency(m, n, oldRoot, newRoot, proof) {
  if (m < 1 || m > n) return false;
  if (m === n) return proof.length === 0 && oldRoot.equals(newRoot);
  if (proof.length === 0) return false;
  let path = proof;
  if ((m & (m - 1)) === 0) path = [oldRoot, ...proof];
  let fn = BigInt(m - 1);
  let sn = BigInt(n - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr.equals(oldRoot) && sr.equals(newRoot) && sn === 0n;
}

module.exports = { sha256, leafHash, nodeHash, rootOf, verifyInclusion, verifyConsistency };
