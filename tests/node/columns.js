'use strict';
// The eleven columns a checker derives from each event as stored (docs/verification.md,
// "What a checker of its own can derive from the events"), held to an export's rows.
const json = require('./json.js');
const { COLUMNS, dumps } = require('./texts.js');
const { utcTime } = require('./times.js');

const MANDATE_KIND = { board_resolution: 'board', delegated_authority: 'delegation' };

function text(value) {
  return value === null || value === undefined ? '' : value;
}

function derive(position, event) {
  const state = json.parse(event.state.toString('utf8'));
  const decision = state.get('decision').get('_data_');
  const topic = event.topic.toString('utf8');
  const mandate = decision.get('mandate') ?? null;
  let detail = '';
  if (mandate !== null) {
    const data = new Map(mandate.get('_data_'));
    data.set('kind', MANDATE_KIND[mandate.get('_type_')] ?? mandate.get('_type_'));
    detail = dumps(data, true);
  }
  return {
    position: String(position),
    version: String(event.version),
    event_type: topic.slice(topic.lastIndexOf(':') + 1),
    recorded_at: utcTime(state.get('timestamp').get('_data_')).text,
    effective_date: decision.get('effective_date').get('_data_'),
    actor: text(decision.get('actor')),
    role: text(decision.get('role')),
    authority: text(decision.get('authority')),
    rationale: text(decision.get('rationale')),
    refs: dumps(decision.get('references'), true),
    authority_detail: detail,
  };
}

function holdRows(ledger, rows) {
  for (const { line, texts } of rows) {
    const position = Number(texts[0]);
    const event = ledger.tables.events.get(position);
    if (!event) throw new Error(`line ${line}: no event at position ${position}`);
    const derived = derive(position, event);
    for (const [column, value] of Object.entries(derived)) {
      const cell = texts[COLUMNS.indexOf(column)];
      if (cell !== value) {
        throw new Error(`line ${line}: ${column} is ${JSON.stringify(cell)};`
          + ` the event at position ${position} gives ${JSON.stringify(value)}`);
      }
    }
  }
}

module.exports = { derive, holdRows };
