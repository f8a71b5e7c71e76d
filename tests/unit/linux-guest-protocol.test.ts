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
  type TcpStateName,
  type TcpTransition,
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

  it('asks for a build (flags as hex, file names checked) and the limits; reads a reused build and limits reached', () => {
    assert.equal(
      commands.build(3, 0, '/lab/echo', 'server.c', 'server', ['-Wall']),
      'build 3 0 /lab/echo server.c server 2d57616c6c\n',
    );
    assert.throws(() => commands.build(3, 1, '/lab/echo', '../x.c', 'x', []), /not a file name/);
    assert.equal(
      commands.limits(4, {
        processes: 64,
        fileBytes: 8 << 20,
        cpuSeconds: 120,
        memoryBytes: 96 << 20,
        terminalMemoryBytes: 48 << 20,
      }),
      'limits 4 64 8388608 120 100663296 50331648\n',
    );
    assert.deepEqual(parseGuestLine('@oom 2 311 40960 49152 hog'), {
      kind: 'oom',
      tty: 2,
      pid: 311,
      kib: 40960,
      capKib: 49152,
      command: 'hog',
    });
    assert.deepEqual(parseGuestLine('@cached 3'), { kind: 'cached', req: 3 });
    assert.deepEqual(parseGuestLine('@ok 2 tracepoint'), { kind: 'ok', req: 2, detail: 'tracepoint' });
    assert.deepEqual(parseGuestLine('@limit 117 procs 60'), { kind: 'limit-procs', pid: 117, count: 60 });
    assert.deepEqual(parseGuestLine('@limit 0 disk /lab'), { kind: 'limit-disk', path: '/lab' });
    assert.equal(parseGuestLine('@limit 0 memory'), null);
  });

  it("reads a state change from the kernel's tracepoint", () => {
    assert.deepEqual(parseGuestLine('@state 2500 127.0.0.1 5000 127.0.0.1 40000 8 9'), {
      kind: 'tcp-transition',
      timeUs: 2500,
      local: { address: '127.0.0.1', port: 5000 },
      remote: { address: '127.0.0.1', port: 40000 },
      from: 'CLOSE_WAIT',
      to: 'LAST_ACK',
    });
    assert.equal(parseGuestLine('@state 2500 127.0.0.1 5000 127.0.0.1 40000 8 13'), null);
  });

  it('asks for an aimed fault and reads each segment it took, and its end', () => {
    assert.equal(commands.aim(3, { kind: 'last-ack', count: 1 }), 'aim 3 last-ack 1\n');
    assert.equal(commands.aim(4, null), 'aim 4 off 0\n');
    assert.throws(() => commands.aim(5, { kind: 'fin', count: 0 }), /not an aim/);
    assert.deepEqual(parseGuestLine('@lost 2500 last-ack 127.0.0.1 40000 127.0.0.1 7000'), {
      kind: 'lost',
      timeUs: 2500,
      aim: 'last-ack',
      from: { address: '127.0.0.1', port: 40000 },
      to: { address: '127.0.0.1', port: 7000 },
    });
    assert.deepEqual(parseGuestLine('@lost 2600 fin - 0 - 0'), {
      kind: 'lost',
      timeUs: 2600,
      aim: 'fin',
      from: null,
      to: null,
    });
    assert.equal(parseGuestLine('@lost 2600 syn - 0 - 0'), null);
    assert.deepEqual(parseGuestLine('@aim off'), { kind: 'aim-spent' });
    assert.equal(parseGuestLine('@aim on'), null);
  });

  it('ignores kernel messages and garbled lines on the control port', () => {
    assert.equal(parseGuestLine('[   12.3] random: crng init done'), null);
    assert.equal(parseGuestLine('@exit 117 signal'), null);
    assert.equal(parseGuestLine('@exit abc code 1'), null);
    assert.equal(parseGuestLine('@tcp 5 2 0100007F:1388 00000000:0000'), null);
  });

  it('reads a segment from the sniffer, with the packet as captured', () => {
    const ip = '4500003400004000400600007f0000017f000001';
    const withPacket = parseGuestLine(`@pkt 1500 127.0.0.1 40000 127.0.0.1 5000 FA 1001 2002 0 512 52 ${ip}`);
    assert.deepEqual(withPacket?.kind === 'segment' && withPacket.packet, { size: 52, hex: ip });
    assert.equal(
      (parseGuestLine('@pkt 1500 127.0.0.1 40000 127.0.0.1 5000 FA 1001 2002 0 512 52 4g') as { packet?: unknown })
        .packet,
      undefined,
      'a packet that is not hex is left out',
    );
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

describe("TCP state changes from the kernel's tracepoint and /proc/net/tcp samples", () => {
  const lo = (port: number) => ({ address: '127.0.0.1', port });
  const any = { address: '0.0.0.0', port: 0 };
  const moved = (
    timeUs: number,
    local: number,
    remote: number,
    from: TcpStateName,
    to: TcpStateName,
  ): TcpTransition => ({
    kind: 'tcp-transition',
    timeUs,
    local: lo(local),
    remote: lo(remote),
    from,
    to,
  });
  const snap = (timeUs: number, ...sockets: TcpSnapshot['sockets']): TcpSnapshot => ({
    kind: 'tcp-snapshot',
    timeUs,
    sockets,
  });
  const show = (changes: { timeUs: number; local: { port: number }; from: unknown; to: unknown; seenIn?: string }[]) =>
    changes.map((c) => [c.timeUs, c.local.port, c.from, c.to, c.seenIn]);

  it('passes on each change as the tracepoint reports it, LAST-ACK included, and a closed socket as gone', () => {
    const tracker = new TcpStateTracker();
    tracker.traced = true;
    assert.deepEqual(show(tracker.transition(moved(1, 5000, 40000, 'ESTABLISHED', 'CLOSE_WAIT'))), [
      [1, 5000, 'ESTABLISHED', 'CLOSE_WAIT', 'tracepoint'],
    ]);
    assert.deepEqual(show(tracker.transition(moved(2, 5000, 40000, 'CLOSE_WAIT', 'LAST_ACK'))), [
      [2, 5000, 'CLOSE_WAIT', 'LAST_ACK', 'tracepoint'],
    ]);
    // Closed: whether a TIME-WAIT socket takes its place, the next sample read after it says.
    assert.deepEqual(tracker.transition(moved(3, 5000, 40000, 'LAST_ACK', 'CLOSE')), []);
    assert.deepEqual(show(tracker.update(snap(4))), [[3, 5000, 'LAST_ACK', null, 'tracepoint']]);
    assert.deepEqual(tracker.current(), []);
  });

  it("shows the TIME-WAIT socket that takes a closed one's place at the moment of the close", () => {
    const tracker = new TcpStateTracker();
    tracker.traced = true;
    tracker.transition(moved(1, 40000, 5000, 'FIN_WAIT1', 'FIN_WAIT2'));
    assert.deepEqual(tracker.transition(moved(5, 40000, 5000, 'FIN_WAIT2', 'CLOSE')), []);
    // A sample read before the close still lists the old socket: it decides nothing.
    assert.deepEqual(tracker.update(snap(4, { local: lo(40000), remote: lo(5000), state: 'FIN_WAIT2' })), []);
    assert.deepEqual(show(tracker.update(snap(6, { local: lo(40000), remote: lo(5000), state: 'TIME_WAIT' }))), [
      [5, 40000, 'FIN_WAIT2', 'TIME_WAIT', 'tracepoint'],
    ]);
    // TIME-WAIT ends without a tracepoint report: samples show it going.
    assert.deepEqual(show(tracker.update(snap(60_000_000))), [[60_000_000, 40000, 'TIME_WAIT', null, 'sample']]);
  });

  it("skips the reports made before a socket's addresses are set (a listener's clone, a connect() before its port)", () => {
    const tracker = new TcpStateTracker();
    tracker.traced = true;
    const clone: TcpTransition = { ...moved(1, 5000, 0, 'LISTEN', 'SYN_RECV'), remote: any };
    assert.deepEqual(tracker.transition(clone), []);
    const connecting: TcpTransition = { ...moved(1, 0, 5000, 'CLOSE', 'SYN_SENT') };
    assert.deepEqual(tracker.transition(connecting), []);
    assert.deepEqual(show(tracker.transition(moved(2, 40000, 5000, 'SYN_SENT', 'ESTABLISHED'))), [
      [2, 40000, 'SYN_SENT', 'ESTABLISHED', 'tracepoint'],
    ]);
    // A socket in another state that a sample lists before its tracepoint report came waits for that report.
    assert.deepEqual(tracker.update(snap(3, { local: lo(40001), remote: lo(5000), state: 'ESTABLISHED' })), []);
  });
});
