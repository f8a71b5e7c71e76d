import '../support/dom';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { cleanup, render, screen } from '@testing-library/react';
import KernelView, { connectionViews, segmentLabel, stateLabel } from '../../src/components/KernelView';
import type { KernelEvent, Segment } from '../../src/runtimes/linux/kernel-events';

afterEach(cleanup);

/**
 * Kernel events the guest really sent in the C echo experiment (close and shutdown runs, server
 * in SIGPIPE's default mode), recorded with tests/support/linux-guest.ts.
 */
const recorded = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'kernel-events-echo.json'), 'utf8'),
) as Record<'close' | 'shutdown', KernelEvent[]>;

const sends = (steps: ReturnType<typeof connectionViews>[number]['steps']) =>
  steps.flatMap((s) => ('send' in s ? [`${s.from}:${s.send}`] : []));
const statesOf = (steps: ReturnType<typeof connectionViews>[number]['steps']) =>
  steps.flatMap((s) => ('states' in s ? [s.states] : []));
/** The diagram's steps in words: "0:SYN" (sent by lane 0), "ESTABLISHED/-" (the lanes' new states). */
const walk = (steps: ReturnType<typeof connectionViews>[number]['steps']) =>
  steps.map((s) =>
    'send' in s ? `${s.from}:${s.send}` : 'states' in s ? s.states.map((x) => x ?? '-').join('/') : '?',
  );
/** The handshake as it must read: each side ESTABLISHED after the segment that made it so. */
const handshake = ['0:SYN', '1:SYN-ACK', 'ESTABLISHED/-', '0:ACK', '-/ESTABLISHED'];

describe('the kernel view of a lab run', () => {
  it('names states and segments as the lessons do', () => {
    assert.equal(stateLabel('FIN_WAIT1'), 'FIN-WAIT-1');
    assert.equal(stateLabel('TIME_WAIT'), 'TIME-WAIT');
    assert.equal(stateLabel(null), 'CLOSED');
    const segment = (flags: Partial<Segment['flags']>, length = 0) =>
      segmentLabel({
        kind: 'segment',
        timeUs: 0,
        from: { address: '127.0.0.1', port: 1 },
        to: { address: '127.0.0.1', port: 2 },
        flags: { syn: false, fin: false, rst: false, psh: false, ack: false, ...flags },
        seq: 0,
        ack: 0,
        length,
        window: 0,
      });
    assert.equal(segment({ syn: true }), 'SYN');
    assert.equal(segment({ syn: true, ack: true }), 'SYN-ACK');
    assert.equal(segment({ ack: true }), 'ACK');
    assert.equal(segment({ psh: true, ack: true }, 10), 'data (10 bytes)');
    assert.equal(segment({ fin: true, ack: true }, 3), 'data (3 bytes) + FIN');
    assert.equal(segment({ rst: true }), 'RST');
  });

  it('close run: the handshake, two messages, the client’s FIN, the late reply, and the RST it caused', () => {
    const [connection, ...others] = connectionViews(recorded.close);
    assert.equal(others.length, 0);
    assert.match(connection!.title, /^client :\d+ ↔ server :\d+$/);
    const seen = sends(connection!.steps);
    assert.deepEqual(seen.slice(0, 3), ['0:SYN', '1:SYN-ACK', '0:ACK']);
    assert.equal(seen.filter((s) => s === '0:data (6 bytes)').length, 2, seen.join(' '));
    const fin = seen.indexOf('0:FIN');
    const reply = seen.indexOf('1:data (10 bytes)');
    const rst = seen.indexOf('0:RST');
    assert.ok(fin > 0 && reply > fin && rst > reply, seen.join(' '));
    const rstStep = connection!.steps.find((s) => 'send' in s && s.send === 'RST');
    assert.ok(rstStep && 'send' in rstStep && rstStep.tone === 'rst');
    assert.deepEqual(walk(connection!.steps).slice(0, 5), handshake);
    assert.ok(connection!.entries.some((e) => /^client :\d+ → server :\d+: RST, \[R\] seq \d+$/.test(e.text)));
  });

  it('shutdown run: FIN from each side, no RST, the client ends in TIME-WAIT', () => {
    const [connection] = connectionViews(recorded.shutdown);
    const seen = sends(connection!.steps);
    assert.ok(seen.includes('0:FIN') && seen.includes('1:FIN'), seen.join(' '));
    assert.ok(!seen.some((s) => s.endsWith('RST')));
    const clientStates = statesOf(connection!.steps)
      .map(([client]) => client)
      .filter(Boolean);
    assert.equal(clientStates.at(-1), 'TIME-WAIT', clientStates.join(' '));
    assert.ok(clientStates.includes('FIN-WAIT-2') || clientStates.includes('FIN-WAIT-1'), clientStates.join(' '));
    // Read as the lesson's diagram reads: each state after the segment that caused it.
    assert.deepEqual(walk(connection!.steps).slice(9), [
      'FIN-WAIT-1/-',
      '0:FIN',
      '-/CLOSE-WAIT',
      '1:ACK',
      'FIN-WAIT-2/-',
      '1:data (10 bytes)',
      '0:ACK',
      '1:data (10 bytes)',
      '0:ACK',
      '-/LAST-ACK',
      '1:FIN',
      'TIME-WAIT/-',
      '0:ACK',
      '-/CLOSED',
    ]);
    const handshake = connection!.entries.find((e) => e.text.includes(': SYN-ACK'));
    assert.match(handshake!.text, /\[S\.\] seq 0 ack 1$/, 'sequence numbers are relative, as tcpdump shows them');
  });

  it('keeps the handshake in causal order when the state clock runs a little ahead of the segments’', () => {
    // Segment times come from the packet socket, state times from the tracepoint's clock: make
    // the states 2 ms early, as a skew between the two clocks would.
    const skewed = recorded.close.map((e) => (e.kind === 'tcp-state' ? { ...e, timeUs: e.timeUs - 2000 } : e));
    const [connection] = connectionViews(skewed);
    const steps = walk(connection!.steps);
    assert.deepEqual(steps.slice(0, 5), handshake);
    // The server is in CLOSE-WAIT only once the client's FIN has arrived.
    const closeWait = steps.findIndex((x) => x.endsWith('/CLOSE-WAIT'));
    assert.ok(closeWait > steps.indexOf('0:FIN'), steps.join(' '));
    // Shutdown run: the server's LAST-ACK ends (CLOSED) on the client's ACK of the server's FIN.
    const shutdown = walk(
      connectionViews(
        recorded.shutdown.map((e) => (e.kind === 'tcp-state' ? { ...e, timeUs: e.timeUs - 2000 } : e)),
      )[0]!.steps,
    );
    const serverFin = shutdown.indexOf('1:FIN');
    const lastAckEnds = shutdown.findIndex((x) => x.endsWith('/CLOSED'));
    assert.ok(serverFin > 0 && lastAckEnds > shutdown.indexOf('0:ACK', serverFin), shutdown.join(' '));
    // Each such state says which segment made it, and is shown at that segment's time: the list
    // reads in time order, with no state before the SYN that opened its connection.
    const established = connection!.entries.find((e) => /client :\d+ is now ESTABLISHED/.test(e.text))!;
    const synAck = connection!.entries.find((e) => e.text.includes(': SYN-ACK'))!;
    assert.match(established.text, /\(was SYN-SENT\), on receiving the SYN-ACK$/);
    assert.equal(established.at, synAck.at);
    const times = connection!.entries.map((e) => e.at);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      connection!.entries.map((e) => `${e.at} ${e.text}`).join('\n'),
    );
    assert.ok(times[0]! >= 0);
  });

  it('keeps a state change at its own time when it is after the segment that made it', () => {
    // The tracepoint's clock 2 ms behind: every state is after its segment already.
    const late = recorded.close.map((e) => (e.kind === 'tcp-state' ? { ...e, timeUs: e.timeUs + 2000 } : e));
    const [connection] = connectionViews(late);
    const entries = connection!.entries;
    const closeWait = entries.find((e) => /server :\d+ is now CLOSE-WAIT/.test(e.text))!;
    const fin = entries.find((e) => /client :\d+ → server :\d+: FIN/.test(e.text))!;
    assert.match(closeWait.text, /\(was ESTABLISHED\), on receiving the FIN$/);
    assert.ok(closeWait.at > fin.at, `${closeWait.at} ≤ ${fin.at}`);
  });

  it('marks a copy of data TCP already sent (a retransmission that arrived twice) as sent again, not an ACK', () => {
    const base = { kind: 'segment', window: 65495 } as const;
    const ep = (port: number) => ({ address: '127.0.0.1', port });
    const flags = (f: Partial<Segment['flags']>) => ({
      syn: false,
      fin: false,
      rst: false,
      psh: false,
      ack: true,
      ...f,
    });
    const events: KernelEvent[] = [
      {
        ...base,
        timeUs: 0,
        from: ep(40000),
        to: ep(7000),
        flags: flags({ syn: true, ack: false }),
        seq: 100,
        ack: 0,
        length: 0,
      },
      { ...base, timeUs: 1, from: ep(7000), to: ep(40000), flags: flags({ syn: true }), seq: 500, ack: 101, length: 0 },
      { ...base, timeUs: 2, from: ep(40000), to: ep(7000), flags: flags({}), seq: 101, ack: 501, length: 0 },
      { ...base, timeUs: 3, from: ep(40000), to: ep(7000), flags: flags({ psh: true }), seq: 101, ack: 501, length: 6 },
      {
        ...base,
        timeUs: 200_000,
        from: ep(40000),
        to: ep(7000),
        flags: flags({ psh: true }),
        seq: 101,
        ack: 501,
        length: 6,
      },
      { ...base, timeUs: 200_001, from: ep(7000), to: ep(40000), flags: flags({}), seq: 501, ack: 107, length: 0 },
      { ...base, timeUs: 200_002, from: ep(7000), to: ep(40000), flags: flags({}), seq: 501, ack: 107, length: 0 },
    ];
    const [view] = connectionViews(events);
    assert.deepEqual(sends(view!.steps), [
      '0:SYN',
      '1:SYN-ACK',
      '0:ACK',
      '0:data (6 bytes)',
      '0:data (6 bytes), sent again',
      '1:ACK',
      '1:ACK',
    ]);
  });

  it('shows each connection as a diagram and as a list in words', () => {
    render(<KernelView events={recorded.close} />);
    // Drawn for a wide panel and for a narrow one (CSS shows one of them; jsdom applies no CSS).
    const drawings = screen.getAllByRole('img', { name: /^Segments on loopback, client :\d+ ↔ server :\d+/ });
    assert.deepEqual(
      drawings.map((svg) => svg.getAttribute('viewBox')?.split(' ')[2]),
      ['680', '360'],
    );
    const list = screen.getByRole('list', { name: /^client :\d+ ↔ server :\d+, oldest first$/ });
    assert.match(list.textContent ?? '', /client :\d+ → server :\d+: RST/);
    assert.match(list.textContent ?? '', /is now ESTABLISHED/);
  });

  it('says so when there is nothing to show yet', () => {
    render(<KernelView events={[]} />);
    screen.getByText('No TCP connection on loopback yet.');
  });

  it("keeps the connections of earlier runs apart, folded, and shows this run's first", () => {
    const firstSyn = connectionViews(recorded.close)[0]!.syn;
    render(
      <KernelView
        events={[...recorded.close, ...recorded.shutdown]}
        isEarlier={(syn) => syn.timeUs === firstSyn.timeUs}
      />,
    );
    const earlier = screen.getByText('Earlier runs: 1 connection').closest('details')!;
    assert.equal(earlier.open, false);
    const lists = screen.getAllByRole('list', { hidden: true });
    assert.equal(lists.length, 2);
    // The open part shows the shutdown run (no RST); the folded part holds the close run (its RST).
    assert.ok(!earlier.contains(lists[0]!));
    assert.doesNotMatch(lists[0]!.textContent ?? '', /RST/);
    assert.ok(earlier.contains(lists[1]!));
    assert.match(lists[1]!.textContent ?? '', /RST/);
  });
});
