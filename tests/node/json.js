'use strict';
// Strict JSON, as docs/verification.md asks of every document it reads: a key
// given twice, NaN or Infinity, a number of more than 100 digits, a lone UTF-16
// surrogate, or anything after the value is refused. Objects come back as Maps
// (key order kept, so a JSON Lines record's key order can be checked); numbers
// as {num: text} so that 13 and 13.0 stay apart; strings as JS strings.

class JsonError extends Error {}

function parse(text) {
  const p = { s: text, i: 0 };
  skip(p);
  const value = readValue(p);
  skip(p);
  if (p.i !== p.s.length) fail(p, 'text after the value');
  return value;
}

function fail(p, why) {
  throw new JsonError(`${why} at character ${p.i + 1}`);
}

function skip(p) {
  while (p.i < p.s.length && ' \t\n\r'.includes(p.s[p.i])) p.i += 1;
}

function readValue(p) {
  const c = p.s[p.i];
  if (c === '{') return readObject(p);
  if (c === '[') return readArray(p);
  if (c === '"') return readString(p);
  for (const [word, value] of [['true', true], ['false', false], ['null', null]]) {
    if (p.s.startsWith(word, p.i)) {
      p.i += word.length;
      return value;
    }
  }
  return readNumber(p);
}

function readObject(p) {
  const map = new Map();
  p.i += 1;
  skip(p);
  if (p.s[p.i] === '}') {
    p.i += 1;
    return map;
  }
  for (;;) {
    skip(p);
    if (p.s[p.i] !== '"') fail(p, 'a key expected');
    const key = readString(p);
    if (map.has(key)) throw new JsonError(`the key "${key}" is given twice`);
    skip(p);
    if (p.s[p.i] !== ':') fail(p, "':' expected");
    p.i += 1;
    skip(p);
    map.set(key, readValue(p));
    skip(p);
    const c = p.s[p.i++];
    if (c === '}') return map;
    if (c !== ',') fail(p, "',' or '}' expected");
  }
}

function readArray(p) {
  const list = [];
  p.i += 1;
  skip(p);
  if (p.s[p.i] === ']') {
    p.i += 1;
    return list;
  }
  for (;;) {
    skip(p);
    list.push(readValue(p));
    skip(p);
    const c = p.s[p.i++];
    if (c === ']') return list;
    if (c !== ',') fail(p, "',' or ']' expected");
  }
}

const SHORT = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(p) {
  let out = '';
  p.i += 1;
  for (;;) {
    if (p.i >= p.s.length) fail(p, 'a string not ended');
    const c = p.s[p.i];
    if (c === '"') break;
    if (c < ' ') fail(p, 'a control character in a string');
    if (c !== '\\') {
      out += c;
      p.i += 1;
      continue;
    }
    const e = p.s[p.i + 1];
    if (e === 'u') {
      const hex = p.s.slice(p.i + 2, p.i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(p, 'a bad \\u escape');
      out += String.fromCharCode(parseInt(hex, 16));
      p.i += 6;
    } else if (e in SHORT) {
      out += SHORT[e];
      p.i += 2;
    } else {
      fail(p, 'a bad escape');
    }
  }
  p.i += 1;
  if (!out.isWellFormed()) throw new JsonError('half of a UTF-16 surrogate pair');
  return out;
}

function readNumber(p) {
  const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(p.s.slice(p.i, p.i + 200));
  if (!m || m[0].length === 0) fail(p, 'no JSON value (NaN and Infinity are none)');
  // Digits written in full: 1e999999 has a million.
  const [mantissa, exponent] = m[0].split(/[eE]/);
  const digits = mantissa.replace(/[^0-9]/g, '').length + Math.max(0, Number(exponent ?? 0));
  if (digits > 100) fail(p, 'a number of more than 100 digits written in full');
  p.i += m[0].length;
  return { num: m[0] };
}

// A whole number (no fraction, no exponent, not true): its value, else null.
function whole(value) {
  if (value === null || typeof value !== 'object' || !('num' in value)) return null;
  return /^-?(0|[1-9][0-9]*)$/.test(value.num) ? Number(value.num) : null;
}

module.exports = { parse, whole, JsonError };
