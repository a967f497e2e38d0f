'use strict';
// An event's recorded time (an ISO 8601 time with its zone, as Python's isoformat
// writes it) in UTC: to the microsecond with Z (the text form), and cut to the second.
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

function utcTime(text) {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  let offset = 0;
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    offset = sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offset * 60000;
  const fraction = (m[7] ?? '').padEnd(6, '0');
  const second = new Date(ms).toISOString().slice(0, 19);
  return {
    micro: BigInt(ms) * 1000n + BigInt(fraction),
    text: `${second}.${fraction}Z`,
    second: `${second}Z`,
  };
}

module.exports = { utcTime };
