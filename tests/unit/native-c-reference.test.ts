import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstCDifference, outputLines } from '../../src/labs/reference/native-c-reference';

describe('comparing a C lab run with its native reference', () => {
  it("reads a terminal's output as a pipe's: CR LF as LF, no empty lines, no echo of the typed lines", () => {
    assert.deepEqual(outputLines('client: connected\r\ndata1\r\nclient: sent "data1"\r\n\r\n', ['data1']), [
      'client: connected',
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
