import type { Step } from '../components/SequenceDiagram';

/** Both runs start alike: two messages, then the client ends its sending side with `how`. */
const opening = (how: string): Step[] => [
  { states: ['ESTABLISHED', 'ESTABLISHED'] },
  { send: 'data1', from: 0 },
  { send: 'data2', from: 0 },
  { send: 'ACK', from: 1, tone: 'control', note: '(by the kernel, at once)' },
  { act: how, lane: 0 },
  { send: 'FIN', from: 0, tone: 'control' },
  { send: 'ACK', from: 1, tone: 'control' },
  { states: ['FIN-WAIT-2', 'CLOSE-WAIT'] },
  { act: 'reads data1, data2, then EOF', lane: 1 },
  { pause: '… 5 s of "work" …' },
];

/** Lesson 4: the client closes the whole socket while the server still has replies to send. */
export const closeRun: readonly Step[] = [
  ...opening('close(fd) / destroy()'),
  { act: 'write #1 "Hi, data1": succeeds', lane: 1 },
  { send: 'Hi, data1', from: 1 },
  { send: 'RST', from: 0, tone: 'rst', note: '(no program can read it)' },
  { states: ['CLOSED', 'CLOSED'] },
  { pause: '… 5 s of "work" …' },
  { act: 'write #2: EPIPE', lane: 1, error: true },
];

/** Lesson 4: the client half-closes and keeps reading; both replies arrive. */
export const shutdownRun: readonly Step[] = [
  ...opening('shutdown(fd, SHUT_WR) / end()'),
  { send: 'Hi, data1', from: 1 },
  { send: 'ACK', from: 0, tone: 'control' },
  { pause: '… 5 s of "work" …' },
  { send: 'Hi, data2', from: 1 },
  { send: 'ACK', from: 0, tone: 'control' },
  { act: 'all replies written: close / end()', lane: 1 },
  { send: 'FIN', from: 1, tone: 'control' },
  { states: [null, 'LAST-ACK'] },
  { send: 'ACK', from: 0, tone: 'control' },
  { states: ['TIME-WAIT', 'CLOSED'] },
  { act: 'read() returns 0: the server is done', lane: 0 },
];
