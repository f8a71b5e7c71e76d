import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstCDifference, outputLines, sameOutputLine } from '../../src/labs/reference/native-c-reference';

describe('comparing a C lab run with its native reference', () => {
  it("reads a terminal's output as a pipe's: CR LF as LF, no empty lines; a printed line equal to a typed one is kept", () => {
    assert.deepEqual(outputLines('client: connected\r\ndata1\r\nclient: sent "data1"\r\n\r\n'), [
      'client: connected',
      'data1',
      'client: sent "data1"',
    ]);
  });

  it('names the first line that differs, and a different end', () => {
    const reference = {
      server: { lines: ['server: listening', 'server: received "data2"'], end: { code: null, signal: 'SIGPIPE' } },
    };
    assert.equal(firstCDifference(reference, reference), null);
    assert.equal(
      firstCDifference(reference, { server: { lines: ['server: listening'], end: { code: null, signal: 'SIGPIPE' } } }),
      'server, line 2: native Linux: "server: received \\"data2\\""; this run: "(no line)"',
    );
    assert.equal(
      firstCDifference(reference, { server: { lines: reference.server.lines, end: { code: 1, signal: null } } }),
      'server: native Linux: killed by SIGPIPE; this run: exited with code 1',
    );
    assert.equal(firstCDifference(reference, {}), 'server: did not run');
  });
});

describe('durations in a line', () => {
  it("are the clock's, so not compared; everything else in the line is", () => {
    const line = (ms: number) => `signal: read() returned 4 bytes after ${ms} ms`;
    assert.equal(sameOutputLine(line(600), line(600)), true);
    assert.equal(sameOutputLine(line(600), line(905)), true);
    assert.equal(sameOutputLine(line(600), 'signal: read() returned -1, errno EINTR, after 200 ms'), false);
    assert.equal(sameOutputLine(line(600), 'signal: read() returned 0 bytes after 600 ms'), false);
    assert.equal(sameOutputLine('write() returned 3', 'write() returned 4'), false, 'other numbers are compared');
    const run = (ms: number) => ({ p: { lines: [line(ms)], end: { code: 0, signal: null } } });
    assert.equal(firstCDifference(run(600), run(905)), null);
    assert.match(firstCDifference(run(600), { p: { lines: [], end: null } }) ?? '', /p, line 1/);
  });
});
