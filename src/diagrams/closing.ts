import type { Step } from '../components/SequenceDiagram';

/** Lesson 1: the four-way close. Each direction is closed by its own FIN and ACK. */
export const fourWayClose: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { act: 'close() or shutdown(SHUT_WR)', lane: 0 },
  { send: 'FIN', from: 0, tone: 'control' },
  { states: ['FIN-WAIT-1', null] },
  {
    send: 'ACK',
    from: 1,
    tone: 'control',
    note: '(delayed ~40 ms; if the program closes sooner, it rides on the FIN)',
  },
  { states: ['FIN-WAIT-2', 'CLOSE-WAIT'] },
  { act: 'read() returns 0; may still write', lane: 1 },
  { act: 'close()', lane: 1 },
  { send: 'FIN', from: 1, tone: 'control' },
  { states: [null, 'LAST-ACK'] },
  { send: 'ACK', from: 0, tone: 'control' },
  { states: ['TIME-WAIT', 'CLOSED'] },
  { pause: '… a fixed 60 s on Linux …' },
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

/** Lesson 2: close() while the reply is still being sent, and the peer sends one more line. */
export const closeLosesReply: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { send: 'request', from: 0 },
  { act: 'write(big reply): the kernel takes it all; close()', lane: 1 },
  { send: 'reply, first part', from: 1 },
  { states: [null, 'FIN-WAIT-1 (no descriptor: nobody can read)'] },
  { send: 'one more line', from: 0 },
  { send: 'RST', from: 1, tone: 'rst', note: '(the unsent rest of the reply, and the FIN behind it, are discarded)' },
  { states: ['CLOSED', 'CLOSED'] },
  { act: 'reads the first part; the rest of the reply never comes', lane: 0, error: true },
];

/** Lesson 3: the lingering close keeps the whole reply. */
export const lingeringClose: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { send: 'request', from: 0 },
  { act: 'write(big reply); shutdown(SHUT_WR)', lane: 1 },
  { send: 'reply …', from: 1 },
  { send: 'one more line', from: 0 },
  { act: 'read(): the line (discarded)', lane: 1 },
  { send: '… rest of the reply, FIN', from: 1 },
  { states: ['CLOSE-WAIT', 'FIN-WAIT-2'] },
  { act: 'read() returns 0; close()', lane: 0 },
  { send: 'FIN', from: 0, tone: 'control' },
  { act: 'read() returns 0; now close()', lane: 1 },
  { states: ['CLOSED', 'TIME-WAIT'] },
];

/** Lesson 7: an abortive close with SO_LINGER {on, 0}. */
export const lingerZero: readonly Step[] = [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { act: 'SO_LINGER {1, 0}; close()', lane: 0 },
  { send: 'RST', from: 0, tone: 'rst', note: '(instead of a FIN)' },
  { states: ['CLOSED (no TIME-WAIT)', 'CLOSED'] },
  { act: 'read(): -1 ECONNRESET once, then 0', lane: 1, error: true },
];
