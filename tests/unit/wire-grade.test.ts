import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  gradeWire,
  kindOf,
  observeWire,
  type ObservedWire,
  type PredictedSegment,
  type WireAnswer,
  type WireKind,
  type WireSide,
} from '../../src/components/WirePrediction/wire-grade';
import { gradeSummary, predictedMarkText, sentMarkText } from '../../src/components/WirePrediction/wire-words';
import type { KernelEvent, Segment } from '../../src/runtimes/linux/kernel-events';
import type { RecordedWireRun } from '../support/record-wire-events';

/**
 * The grader of "predict the wire" on kernel events recorded from the guest (the five C labs of
 * lessons 1, 2, 3, 4 and 7, and lesson 4's client edited: close() replaced by shutdown(SHUT_WR)),
 * recorded by tests/support/record-wire-events.ts with the index of the first kernel event after
 * each step, as the lab's recorder marks it.
 */
const runs = JSON.parse(
  readFileSync(path.resolve(__dirname, 'fixtures/wire-events.json'), 'utf8'),
) as RecordedWireRun[];
const run = (lab: string, scenario: string, edited = false) => {
  const found = runs.find((r) => r.lab === lab && r.scenario === scenario && r.edited === edited);
  assert.ok(found, `${lab}/${scenario} is recorded`);
  return found;
};
/** The window after the step whose text is `line` (as the lab's "fromInput" names it). */
const afterLine = (r: RecordedWireRun, line: string) => {
  const step = r.steps.indexOf(line);
  assert.ok(step >= 0, `${line} was typed`);
  return { connection: 1, fromEvent: r.kernelAt[step]! };
};
const kinds = (observed: ObservedWire) => observed.sent.map((s) => `${s.from} ${s.kind}`);
const meaningful = (observed: ObservedWire) => kinds(observed).filter((k) => !k.endsWith(' ACK'));
const seg = (from: WireSide, kind: WireKind): PredictedSegment => ({ from, kind });
const answer = (segments: PredictedSegment[], client?: string, server?: string): WireAnswer => ({
  segments,
  ends: {
    ...(client ? { client: client as WireAnswer['ends']['client'] } : {}),
    ...(server ? { server: server as WireAnswer['ends']['server'] } : {}),
  },
});
const sides = { client: 'client', server: 'server' };

describe('predict the wire: what the kernel sent', () => {
  it('names segments by what they carry; the ACK flag alone makes an "ACK only"', () => {
    const base: Segment = {
      kind: 'segment',
      timeUs: 0,
      from: { address: '127.0.0.1', port: 1 },
      to: { address: '127.0.0.1', port: 2 },
      flags: { syn: false, fin: false, rst: false, psh: false, ack: true },
      seq: 0,
      ack: 0,
      length: 0,
      window: 0,
    };
    const f = (flags: Partial<Segment['flags']>, length = 0) =>
      kindOf({ ...base, flags: { ...base.flags, ...flags }, length });
    assert.equal(f({}), 'ACK');
    assert.equal(f({ psh: true }, 4), 'data');
    assert.equal(f({ fin: true }), 'FIN');
    assert.equal(f({ fin: true }, 3), 'data+FIN');
    assert.equal(f({ rst: true, ack: false }), 'RST');
    assert.equal(f({ syn: true, ack: false }), 'SYN');
  });

  it("lesson 1: after 'shutdown', the client's FIN, both replies and the server's FIN; the client ends in TIME-WAIT", () => {
    const r = run('c-half-close', 'half-close');
    const observed = observeWire(r.kernel, afterLine(r, 'shutdown'));
    assert.deepEqual(meaningful(observed), ['client FIN', 'server data', 'server data', 'server FIN']);
    assert.ok(kinds(observed).includes('client ACK'), 'the client acknowledges the replies');
    assert.deepEqual(observed.ends, { client: 'TIME_WAIT', server: 'CLOSED' });
  });

  it('lesson 2: the second connection (data left unread) after its handshake: the data, then an RST; both sockets gone', () => {
    const r = run('c-close-unread-rst', 'run');
    const observed = observeWire(r.kernel, { connection: 2, fromEvent: null });
    assert.deepEqual(meaningful(observed), ['client data', 'server RST']);
    assert.deepEqual(observed.ends, { client: 'CLOSED', server: 'CLOSED' });
    // The first connection, whose data was read, ends with FINs and the closer in TIME-WAIT.
    const first = observeWire(r.kernel, { connection: 1, fromEvent: null });
    assert.deepEqual(meaningful(first), ['client data', 'server FIN', 'client FIN']);
    assert.deepEqual(first.ends, { client: 'CLOSED', server: 'TIME_WAIT' });
    assert.equal(observeWire(r.kernel, { connection: 6, fromEvent: null }).found, false);
  });

  it("lesson 3: SHUT_RD sends nothing; after SHUT_WR the peer's late data draws an RST", () => {
    const r = run('c-shut-rd', 'run');
    const observed = observeWire(r.kernel, { connection: 1, fromEvent: null });
    assert.deepEqual(meaningful(observed), ['client data', 'client data', 'server FIN', 'client data', 'server RST']);
    assert.equal(
      observed.sent[0]!.segment.length,
      6,
      'the handshake is left out: the first graded segment is "before"',
    );
    assert.deepEqual(observed.ends, { client: 'CLOSED', server: 'CLOSED' });
  });

  it("lesson 4: after 'close', the client's FIN, the reply, the client's RST; after 'shutdown', a FIN each way", () => {
    const close = run('c-close-vs-shutdown', 'close');
    const closed = observeWire(close.kernel, afterLine(close, 'close'));
    assert.deepEqual(meaningful(closed), ['client FIN', 'server data', 'client RST']);
    assert.deepEqual(closed.ends, { client: 'CLOSED', server: 'CLOSED' });
    const shutdown = run('c-close-vs-shutdown', 'shutdown');
    const shut = observeWire(shutdown.kernel, afterLine(shutdown, 'shutdown'));
    assert.deepEqual(meaningful(shut), ['client FIN', 'server data', 'server data', 'server FIN']);
    assert.deepEqual(shut.ends, { client: 'TIME_WAIT', server: 'CLOSED' });
    // The lines typed before the window are not in it.
    const all = observeWire(close.kernel, { connection: 1, fromEvent: null });
    assert.deepEqual(meaningful(all).slice(0, 2), ['client data', 'client data']);
  });

  it('no segment of the recorded runs is taken for a copy of an earlier one', () => {
    for (const r of runs) {
      for (let connection = 1; ; connection++) {
        const observed = observeWire(r.kernel, { connection, fromEvent: null });
        if (!observed.found) break;
        assert.deepEqual(
          observed.sent.filter((x) => x.again),
          [],
          `${r.lab}/${r.scenario}, connection ${connection}`,
        );
      }
    }
  });

  it('lesson 7: the first connection sends one RST after its handshake, and no socket is left', () => {
    const r = run('c-linger-zero', 'run');
    const observed = observeWire(r.kernel, { connection: 1, fromEvent: null });
    assert.deepEqual(kinds(observed), ['server RST']);
    assert.deepEqual(observed.ends, { client: 'CLOSED', server: 'CLOSED' });
  });
});

describe('predict the wire: the grade', () => {
  const close = run('c-close-vs-shutdown', 'close');
  const closed = observeWire(close.kernel, afterLine(close, 'close'));

  it('a right prediction of the close run: every segment seen in order, the ACK not required, both ends right', () => {
    const grade = gradeWire(
      answer([seg('client', 'FIN'), seg('server', 'data'), seg('client', 'RST')], 'CLOSED', 'CLOSED'),
      closed,
    );
    assert.equal(grade.right, true);
    assert.deepEqual(
      grade.predicted.map((p) => p.mark.kind),
      ['seen', 'seen', 'seen'],
    );
    assert.deepEqual(
      grade.sent.map((s) => s.mark.kind),
      ['predicted', 'optional-ack', 'predicted', 'predicted'],
    );
    assert.match(gradeSummary(grade, sides, true), /^Your prediction is right/);
  });

  it('listing the ACK is right too; an ACK from the wrong side is never sent', () => {
    const withAck = [seg('client', 'FIN'), seg('server', 'ACK'), seg('server', 'data'), seg('client', 'RST')];
    assert.equal(gradeWire(answer(withAck, 'CLOSED', 'CLOSED'), closed).right, true);
    const wrongAck = gradeWire(
      answer(
        [seg('client', 'FIN'), seg('client', 'ACK'), seg('server', 'data'), seg('client', 'RST')],
        'CLOSED',
        'CLOSED',
      ),
      closed,
    );
    assert.equal(wrongAck.right, false);
    assert.deepEqual(wrongAck.predicted[1]!.mark, { kind: 'never-sent', times: 0 });
  });

  it('a wrong prediction (the textbook FIN each way): what was seen, what never was, what was not predicted, and the ends', () => {
    const grade = gradeWire(
      answer([seg('client', 'FIN'), seg('server', 'FIN'), seg('server', 'data')], 'TIME_WAIT', 'CLOSED'),
      closed,
    );
    assert.equal(grade.right, false);
    assert.deepEqual(
      grade.predicted.map((p) => p.mark),
      [
        { kind: 'seen', at: 0 },
        { kind: 'never-sent', times: 0 },
        { kind: 'seen', at: 2 },
      ],
    );
    assert.deepEqual(grade.sent[3]!.mark, { kind: 'unpredicted' }, "the client's RST");
    assert.deepEqual(grade.ends.client, { predicted: 'TIME_WAIT', real: 'CLOSED', right: false });
    assert.equal(grade.ends.server.right, true);
    assert.equal(
      gradeSummary(grade, sides, true),
      'Your prediction differs from what the kernel did: 2 of 3 predicted segments seen in order, 1 never sent; ' +
        '1 segment with data, FIN or RST not in your prediction; client ended CLOSED, not TIME-WAIT.',
    );
    assert.equal(predictedMarkText(grade.predicted[1]!.mark), 'never sent');
    assert.equal(sentMarkText(grade.sent[3]!.mark), 'not in your prediction');
  });

  it('the right segments in the wrong order: the earlier predicted one kept in order, the other elsewhere', () => {
    const grade = gradeWire(
      answer([seg('server', 'data'), seg('client', 'FIN'), seg('client', 'RST')], 'CLOSED', 'CLOSED'),
      closed,
    );
    assert.equal(grade.right, false);
    assert.deepEqual(
      grade.predicted.map((p) => p.mark.kind),
      ['seen', 'elsewhere', 'seen'],
    );
    assert.equal(grade.counts.unpredicted, 0);
    assert.equal(predictedMarkText(grade.predicted[1]!.mark), 'seen, but elsewhere in the order (1. sent)');
    assert.equal(sentMarkText(grade.sent[0]!.mark), 'you predicted it elsewhere in the order (your 2.)');
  });

  it('a data, FIN or RST outweighs any number of ACKs when lining up', () => {
    // Predicted: ACKs from the server first, then the client's FIN; only the FIN is sent before the ACK.
    const grade = gradeWire(answer([seg('server', 'ACK'), seg('client', 'FIN')], 'CLOSED', 'CLOSED'), {
      ...closed,
      sent: closed.sent.slice(0, 2),
    });
    assert.deepEqual(
      grade.predicted.map((p) => p.mark.kind),
      ['elsewhere', 'seen'],
    );
  });

  it('listing a segment more often than it was sent: the extra one is never sent, saying how many were', () => {
    const grade = gradeWire(answer([seg('client', 'FIN'), seg('client', 'FIN')], 'CLOSED', 'CLOSED'), closed);
    assert.deepEqual(grade.predicted[1]!.mark, { kind: 'never-sent', times: 1 });
    assert.match(predictedMarkText(grade.predicted[1]!.mark), /sent 1 of these, fewer than you listed/);
  });

  it('an end state not chosen is not right', () => {
    const grade = gradeWire(answer([seg('client', 'FIN'), seg('server', 'data'), seg('client', 'RST')]), closed);
    assert.equal(grade.right, false);
    assert.match(gradeSummary(grade, sides, true), /client's end state not chosen \(it was CLOSED\)/);
  });

  it('an empty prediction: everything sent is unpredicted but the ACKs', () => {
    const grade = gradeWire(answer([]), closed);
    assert.equal(grade.counts.unpredicted, 3);
    assert.match(gradeSummary(grade, sides, false), /You predicted nothing/);
  });

  it("an edited program is graded on what it sent: lesson 4's client with shutdown() for close()", () => {
    const edited = run('c-close-vs-shutdown', 'close', true);
    const observed = observeWire(edited.kernel, afterLine(edited, 'close'));
    assert.deepEqual(meaningful(observed), ['client FIN', 'server data', 'server data', 'server FIN']);
    // The lesson's answer for the unedited close run is wrong for this program...
    const lessons = gradeWire(
      answer([seg('client', 'FIN'), seg('server', 'data'), seg('client', 'RST')], 'CLOSED', 'CLOSED'),
      observed,
    );
    assert.equal(lessons.right, false);
    assert.deepEqual(lessons.predicted[2]!.mark, { kind: 'never-sent', times: 0 });
    assert.equal(lessons.counts.unpredicted, 2);
    assert.equal(lessons.ends.client.real, 'TIME_WAIT');
    // ...and what it really sent is right.
    const its = gradeWire(
      answer(
        [seg('client', 'FIN'), seg('server', 'data'), seg('server', 'data'), seg('server', 'FIN')],
        'TIME_WAIT',
        'CLOSED',
      ),
      observed,
    );
    assert.equal(its.right, true);
  });

  it('a segment sent again (its ACK came late) is a copy: optional, like an ACK, and never an unpredicted FIN', () => {
    // The client's FIN sent twice, as the guest does when the page is slow and the RTO fires first.
    const fin = close.kernel.findIndex(
      (e, i) => i >= afterLine(close, 'close').fromEvent && e.kind === 'segment' && e.flags.fin,
    );
    const kernel = [...close.kernel.slice(0, fin + 1), close.kernel[fin]!, ...close.kernel.slice(fin + 1)];
    const observed = observeWire(kernel, afterLine(close, 'close'));
    assert.deepEqual(
      observed.sent.map((x) => `${x.from} ${x.kind}${x.again ? ' again' : ''}`),
      ['client FIN', 'client FIN again', 'server ACK', 'server data', 'client RST'],
    );
    const grade = gradeWire(
      answer([seg('client', 'FIN'), seg('server', 'data'), seg('client', 'RST')], 'CLOSED', 'CLOSED'),
      observed,
    );
    assert.equal(grade.right, true);
    assert.equal(sentMarkText(grade.sent[1]!.mark), 'sent again (the ACK was late): listing it was optional');
    // Listing it twice is not wrong either; the first FIN is the one in order.
    const twice = gradeWire(
      answer(
        [seg('client', 'FIN'), seg('client', 'FIN'), seg('server', 'data'), seg('client', 'RST')],
        'CLOSED',
        'CLOSED',
      ),
      observed,
    );
    assert.equal(twice.right, true);
    // Data before the window sent again after it is a copy too.
    const data = close.kernel.findIndex((e) => e.kind === 'segment' && e.length === 6);
    const late = [...close.kernel, { ...(close.kernel[data] as Segment), timeUs: 0 }];
    const copy = observeWire(late, afterLine(close, 'close')).sent.at(-1)!;
    assert.deepEqual([copy.kind, copy.again], ['data', true]);
  });

  it('a run without the connection grades every predicted segment as never sent', () => {
    const observed = observeWire([] as KernelEvent[], { connection: 1, fromEvent: null });
    const grade = gradeWire(answer([seg('client', 'FIN')], 'CLOSED', 'CLOSED'), observed);
    assert.equal(grade.right, false);
    assert.deepEqual(grade.predicted[0]!.mark, { kind: 'never-sent', times: 0 });
    assert.equal(grade.ends.client.real, null);
  });
});
