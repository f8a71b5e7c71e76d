import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkGuestPath,
  commands,
  parseGuestLine,
  signalName,
  signalNumber,
} from '../../src/runtimes/linux/guest-protocol';
import {
  flagsLabel,
  parseProcAddress,
  TcpStateTracker,
  type TcpSnapshot,
} from '../../src/runtimes/linux/kernel-events';

describe('the guest agent protocol', () => {
  it('encodes arguments and file contents as hex, so spaces and UTF-8 survive one line', () => {
    assert.equal(commands.spawn(7, 2, '/root/lab', ['tcc', 'a b', 'é']), 'spawn 7 2 /root/lab 746363 612062 c3a9\n');
    assert.equal(
      commands.put(3, '/root/lab/x.c', 0, new TextEncoder().encode('hi\n')),
      'put 3 /root/lab/x.c 0 68690a\n',
    );
  });

  it('refuses guest paths that are relative, hold spaces, or climb with ..', () => {
    for (const bad of ['root/x', '/root/a b', '/root/../etc/passwd', '/root/x;rm']) {
      assert.throws(() => checkGuestPath(bad), /not a path the guest agent accepts/, bad);
    }
    assert.equal(checkGuestPath('/root/lab/server.c'), '/root/lab/server.c');
  });

  it("reads the agent's answers and exits, the kernel's death-by-signal included", () => {
    assert.deepEqual(parseGuestLine('@spawned 4 117\r'), { kind: 'spawned', req: 4, pid: 117 });
    assert.deepEqual(parseGuestLine('@exit 117 signal 13'), { kind: 'exit', pid: 117, code: null, signal: 13 });
    assert.deepEqual(parseGuestLine('@exit 118 code 0'), { kind: 'exit', pid: 118, code: 0, signal: null });
    assert.deepEqual(parseGuestLine('@err 5 open /x: Permission denied'), {
      kind: 'err',
      req: 5,
      message: 'open /x: Permission denied',
    });
    assert.equal(signalName(13), 'SIGPIPE');
    assert.equal(signalNumber('SIGKILL'), 9);
  });

  it('ignores kernel messages and garbled lines on the control port', () => {
    assert.equal(parseGuestLine('[   12.3] random: crng init done'), null);
    assert.equal(parseGuestLine('@exit 117 signal'), null);
    assert.equal(parseGuestLine('@exit abc code 1'), null);
    assert.equal(parseGuestLine('@tcp 5 2 0100007F:1388 00000000:0000'), null);
  });

  it('reads a segment from the sniffer', () => {
    const segment = parseGuestLine('@pkt 1500 127.0.0.1 40000 127.0.0.1 5000 FA 1001 2002 0 512');
    assert.deepEqual(segment, {
      kind: 'segment',
      timeUs: 1500,
      from: { address: '127.0.0.1', port: 40000 },
      to: { address: '127.0.0.1', port: 5000 },
      flags: { syn: false, fin: true, rst: false, psh: false, ack: true },
      seq: 1001,
      ack: 2002,
      length: 0,
      window: 512,
    });
    assert.equal(segment?.kind === 'segment' && flagsLabel(segment.flags), 'F.');
    assert.equal(flagsLabel({ syn: false, fin: false, rst: true, psh: false, ack: false }), 'R');
  });

  it("decodes /proc/net/tcp's little-endian addresses and state numbers", () => {
    assert.deepEqual(parseProcAddress('0100007F:1388'), { address: '127.0.0.1', port: 5000 });
    const snapshot = parseGuestLine('@tcp 9 2 0100007F:1388 00000000:0000 0A 0100007F:9C40 0100007F:1388 06');
    assert.deepEqual(snapshot, {
      kind: 'tcp-snapshot',
      timeUs: 9,
      sockets: [
        { local: { address: '127.0.0.1', port: 5000 }, remote: { address: '0.0.0.0', port: 0 }, state: 'LISTEN' },
        {
          local: { address: '127.0.0.1', port: 40000 },
          remote: { address: '127.0.0.1', port: 5000 },
          state: 'TIME_WAIT',
        },
      ],
    });
  });
});

describe('TCP state changes from /proc/net/tcp samples', () => {
  const lo = (port: number) => ({ address: '127.0.0.1', port });
  const snap = (timeUs: number, ...sockets: TcpSnapshot['sockets']): TcpSnapshot => ({
    kind: 'tcp-snapshot',
    timeUs,
    sockets,
  });

  it('reports a socket appearing, changing state, and going away', () => {
    const tracker = new TcpStateTracker();
    const client = (state: 'ESTABLISHED' | 'FIN_WAIT2' | 'TIME_WAIT') => ({
      local: lo(40000),
      remote: lo(5000),
      state,
    });
    assert.deepEqual(
      tracker.update(snap(1, client('ESTABLISHED'))).map((c) => [c.from, c.to]),
      [[null, 'ESTABLISHED']],
    );
    assert.deepEqual(tracker.update(snap(2, client('ESTABLISHED'))), []);
    assert.deepEqual(
      tracker.update(snap(3, client('FIN_WAIT2'))).map((c) => [c.timeUs, c.from, c.to]),
      [[3, 'ESTABLISHED', 'FIN_WAIT2']],
    );
    assert.deepEqual(
      tracker.update(snap(4)).map((c) => [c.local.port, c.from, c.to]),
      [[40000, 'FIN_WAIT2', null]],
    );
    assert.deepEqual(tracker.current(), []);
  });
});
