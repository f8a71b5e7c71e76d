// A Node process started ahead of time, waiting to become a lab program: `node starter.cjs`,
// with the go message's pipe on file descriptor 4 (see prestarted-node.ts).
//
// It blocks in one read of that pipe (no event loop work, no CPU) until the runner writes one
// JSON message and closes it: { cwd, file, env, args, trace?: { name, module } }. Then it becomes the
// program as `node [--require trace] -- ./file [args…]` would have started it: same working folder,
// environment, process.argv and require.main, the trace module loaded before the program, and
// the program run by Node's own entry point (Module.runMain), so errors and stack traces read
// as they do for a program started directly. Nothing of this file stays on the stack.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const GO_FD = 4;
const TRACE_FD = 3;
const MAX_MESSAGE_BYTES = 64 * 1024;

/** Waits a few milliseconds without spinning (only if the pipe was left non-blocking). */
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function readGoMessage() {
  const chunks = [];
  let total = 0;
  const buffer = Buffer.alloc(8192);
  for (;;) {
    let read;
    try {
      read = fs.readSync(GO_FD, buffer);
    } catch (err) {
      if (err && err.code === 'EAGAIN') {
        pause(5);
        continue;
      }
      throw err;
    }
    if (read === 0) break;
    total += read;
    if (total > MAX_MESSAGE_BYTES) process.exit(70);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  fs.closeSync(GO_FD);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

let go;
try {
  go = readGoMessage();
} catch {
  // The runner went away before telling us what to run: nothing to do.
  process.exit(70);
}

process.chdir(go.cwd);
Object.assign(process.env, go.env);
const script = path.resolve(go.file);
process.argv.splice(1, process.argv.length - 1, script, ...go.args);
if (go.trace) {
  process.env.LAB_TRACE_FD = String(TRACE_FD);
  process.env.LAB_TRACE_NAME = go.trace.name;
  require(go.trace.module);
} else {
  fs.closeSync(TRACE_FD);
}
// From the tick queue, so that the program's stack ends in Node's own frames, not in this file
// (bound, so that the frame reads "Function.executeUserEntryPoint [as runMain]" as in a direct start).
process.nextTick(Module.runMain.bind(Module));
