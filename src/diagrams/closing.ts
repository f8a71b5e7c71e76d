import type { Step } from '../components/SequenceDiagram';

/** Lesson 1: the four-way close. Each direction is closed by its own FIN and ACK. */
export const fourWayClose: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { act: 'close() or shutdown(SHUT_WR)', lane: 0 },
  { send: 'FIN', from: 0, tone: 'control' },
  { states: ['FIN-WAIT-1', null] },
  { send: 'ACK', from: 1, tone: 'control' },
  { states: ['FIN-WAIT-2', 'CLOSE-WAIT'] },
  { act: 'read() returns 0; may still write', lane: 1 },
  { act: 'close()', lane: 1 },
  { send: 'FIN', from: 1, tone: 'control' },
  { states: [null, 'LAST-ACK'] },
  { send: 'ACK', from: 0, tone: 'control' },
  { states: ['TIME-WAIT', 'CLOSED'] },
  { pause: '… 60 s on Linux (2 × MSL) …' },
  { states: ['CLOSED', null] },
];

/** Lesson 1 and 3: a half-close. One direction ends; the other keeps carrying data. */
export const halfClose: readonly Step[] = [
  { send: 'request', from: 0 },
  { act: 'shutdown(fd, SHUT_WR): "that is all"', lane: 0 },
  { send: 'FIN', from: 0, tone: 'control' },
  { send: 'ACK', from: 1, tone: 'control' },
  { states: ['FIN-WAIT-2', 'CLOSE-WAIT'] },
  { act: 'reads request, then read() returns 0', lane: 1 },
  { send: 'answer, part 1', from: 1 },
  { send: 'answer, part 2', from: 1 },
  { send: 'ACK', from: 0, tone: 'control' },
  { act: 'close()', lane: 1 },
  { send: 'FIN', from: 1, tone: 'control' },
  { send: 'ACK', from: 0, tone: 'control' },
  { states: ['TIME-WAIT', 'CLOSED'] },
];

/** Lesson 2: close() with unread data in the receive buffer sends an RST, not a FIN. */
export const closeWithUnreadData: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { send: 'request', from: 0 },
  { send: 'ACK', from: 1, tone: 'control', note: '(by the kernel)' },
  { act: 'close() without reading "request"', lane: 1 },
  { send: 'RST', from: 1, tone: 'rst', note: '(unread data is discarded)' },
  { states: ['CLOSED', 'CLOSED (no TIME-WAIT)'] },
  { act: 'read() returns -1 ECONNRESET, then 0', lane: 0, error: true },
];

/** Lesson 7: an abortive close with SO_LINGER {on, 0}. */
export const lingerZero: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { act: 'SO_LINGER {1, 0}; close()', lane: 0 },
  { send: 'RST', from: 0, tone: 'rst', note: '(instead of a FIN)' },
  { states: ['CLOSED (no TIME-WAIT)', 'CLOSED'] },
  { act: 'read(): -1 ECONNRESET once, then 0', lane: 1, error: true },
];
