'use strict';
// Verifier keys and signed checkpoints (C2SP signed-note and tlog-checkpoint), as
// docs/verification.md (Signed checkpoints) describes them; Ed25519 by node's crypto.
const crypto = require('crypto');

class NoteError extends Error {}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Standard base64 with padding, canonical (it decodes and encodes back the same).
function b64(text, what) {
  const bytes = Buffer.from(text, 'base64');
  if (!B64.test(text) || bytes.toString('base64') !== text) {
    throw new NoteError(`${what} is not canonical base64`);
  }
  return bytes;
}

// A file's text as the checks read it: without a byte-order mark, CRLF as LF.
function fileText(bytes) {
  let text = bytes.toString('utf8');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  return text.replaceAll('\r\n', '\n');
}

function keyHash(name, publicKey) {
  const h = crypto.createHash('sha256');
  h.update(Buffer.from(name + '\n', 'utf8')).update(Buffer.of(1)).update(publicKey);
  return h.digest().subarray(0, 4);
}

// <name>+<key hash>+<base64 of 0x01 || public key>, split at its first two '+'.
function readVerifierKey(text) {
  const line = text.trim();
  const first = line.indexOf('+');
  const second = line.indexOf('+', first + 1);
  if (first < 1 || second < 0) throw new NoteError('the verifier key is not name+hash+key');
  const name = line.slice(0, first);
  const hash = line.slice(first + 1, second);
  const raw = b64(line.slice(second + 1), 'the verifier key');
  if (raw.length !== 33 || raw[0] !== 1) throw new NoteError('the verifier key is no Ed25519 key');
  const publicKey = raw.subarray(1);
  if (!/^[0-9a-f]{8}$/.test(hash) || keyHash(name, publicKey).toString('hex') !== hash) {
    throw new NoteError("the verifier key's hash is not its name's and key's");
  }
  const key = crypto.createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
    format: 'jwk',
  });
  return { name, hash, id: Buffer.from(hash, 'hex'), key };
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

// A real time in UTC to the second (no 30 February, no hour 24, no second 60).
function realTime(text) {
  const m = TIME.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
    && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
}

// The checkpoint's text: origin, size, root, recorded line; and its signatures.
function readNote(note) {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('a control character');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('no signed note');
  const text = note.slice(0, split + 1);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('a checkpoint has an origin, a size and a root');
  const [origin, sizeText, rootText] = lines;
  if (!/^(0|[1-9][0-9]{0,18})$/.test(sizeText)) throw new NoteError('the size is no number');
  const root = b64(rootText, 'the root hash');
  if (root.length !== 32) throw new NoteError('the root hash is not 32 bytes');
  const recorded = lines.slice(3).filter((l) => l.split(' ')[0] === 'recorded');
  if (recorded.length > 1) throw new NoteError('two recorded lines');
  let time = null;
  if (recorded.length === 1) {
    time = recorded[0].slice('recorded '.length);
    if (!recorded[0].startsWith('recorded ') || !realTime(time)) {
      throw new NoteError('the recorded line is no real time');
    }
  }
  const signatures = note.slice(split + 2, -1).split('\n').map(readSignature);
  return { text, origin, size: Number(sizeText), root, recorded: time, signatures };
}

function readSignature(line) {
  const m = /^\u2014 (\S+) (\S+)$/.exec(line);
  if (!m) throw new NoteError('a signature line is not "\u2014 NAME BASE64"');
  const raw = b64(m[2], 'a signature');
  if (raw.length < 5) throw new NoteError('a signature is too short');
  return { name: m[1], id: raw.subarray(0, 4), signature: raw.subarray(4) };
}

// The checkpoint, its signature verified with the key (whose name is its origin).
function openNote(noteText, verifier) {
  const note = readNote(noteText);
  if (note.origin !== verifier.name) {
    throw new NoteError(`the checkpoint's origin ${note.origin} is not the key's name`);
  }
  const sig = note.signatures.find((s) => s.name === verifier.name && s.id.equals(verifier.id));
  if (!sig) throw new NoteError('no signature by the verifier key');
  if (!crypto.verify(null, Buffer.from(note.text, 'utf8'), verifier.key, sig.signature)) {
    throw new NoteError("the checkpoint's signature does not verify");
  }
  return note;
}

module.exports = { NoteError, b64, fileText, readVerifierKey, readNote, openNote, realTime };
