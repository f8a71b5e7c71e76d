// Socket-event trace for the course's labs, loaded with `node --require trace.cjs`.
//
// It records what the program's sockets do (connect, accept, writes and their results, data
// received, end of stream, end()/destroy()/resetAndDestroy() calls, errors, close) without
// changing what they do: it wraps methods and watches emitted events, and adds no listener,
// so an unhandled 'error' still ends the program exactly as before. Events are JSON objects,
// one per line, written to:
// - file descriptor LAB_TRACE_FD, where the runtime gives the process one of its own (the
//   local runner: fd 3); nothing then goes to stdout or stderr;
// - else, where LAB_TRACE_MARKER is set, standard output, each event as MARKER + JSON + "\n",
//   for a runtime that has only the output stream (WebContainer); the runtime takes these
//   lines out again before the learner sees the output.
'use strict';

const fs = require('node:fs');
const net = require('node:net');

const traceFd = Number(process.env.LAB_TRACE_FD);
const marker = process.env.LAB_TRACE_MARKER || '';
const proc = process.env.LAB_TRACE_NAME || 'process';
delete process.env.LAB_TRACE_FD; // not passed on to anything the program starts
delete process.env.LAB_TRACE_MARKER;
delete process.env.LAB_TRACE_NAME;

const toOwnFd = Number.isInteger(traceFd) && traceFd > 2;
if (toOwnFd || marker.length >= 8) {
  const fd = toOwnFd ? traceFd : 1;
  const prefix = toOwnFd ? '' : marker;
  hideFromStackTraces();
  const ids = new WeakMap();
  let nextId = 1;
  const idOf = (socket) => {
    if (!ids.has(socket)) ids.set(socket, nextId++);
    return ids.get(socket);
  };
  const preview = (chunk) => {
    const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  const now = () => performance.timeOrigin + performance.now(); // comparable across processes
  // The program's own stdin/stdout/stderr can be net.Sockets too (pipes): not part of the lab.
  const isStdio = (socket) => typeof socket.fd === 'number' && socket.fd <= 2;
  const record = (socket, kind, detail, t = now()) => {
    if (socket && isStdio(socket)) return;
    const event = { t, proc, socket: socket ? idOf(socket) : 0, kind, ...detail };
    try {
      fs.writeSync(fd, `${prefix}${JSON.stringify(event)}\n`);
    } catch {
      // The runtime stopped listening; the program carries on.
    }
  };

  const Socket = net.Socket.prototype;

  const emit = Socket.emit;
  Socket.emit = function (name, ...args) {
    switch (name) {
      case 'connect':
        record(this, 'connect', { remote: `${this.remoteAddress}:${this.remotePort}` });
        break;
      case 'data':
        record(this, 'data', { bytes: Buffer.byteLength(args[0]), text: preview(args[0]) });
        break;
      case 'end':
        record(this, 'end', {});
        break;
      case 'error':
        record(this, 'error', {
          code: args[0] && (args[0].code || args[0].message),
          syscall: args[0] && args[0].syscall,
        });
        break;
      case 'close':
        record(this, 'close', { hadError: Boolean(args[0]) });
        break;
      case 'timeout':
        record(this, 'timeout', {});
        break;
    }
    return emit.call(this, name, ...args);
  };

  const write = Socket.write;
  Socket.write = function (chunk, encoding, callback) {
    const cb = typeof encoding === 'function' ? encoding : callback;
    const text = typeof chunk === 'function' ? '' : preview(chunk);
    const calledAt = now();
    const done = (err) => {
      record(this, 'write', { text, result: err ? err.code || err.message : 'ok' }, calledAt);
      if (cb) return cb(err);
    };
    if (typeof encoding === 'function') return write.call(this, chunk, done);
    return write.call(this, chunk, encoding, done);
  };

  for (const method of ['end', 'destroy', 'resetAndDestroy']) {
    const original = Socket[method];
    if (typeof original !== 'function') continue;
    Socket[method] = function (...args) {
      if (this.destroyed) return original.apply(this, args);
      // end(data) writes the data through the stream's internals, not through write().
      const data =
        method === 'end' && args[0] != null && typeof args[0] !== 'function' ? { text: preview(args[0]) } : {};
      record(this, method === 'end' ? 'end()' : method, data);
      return original.apply(this, args);
    };
  }

  const serverEmit = net.Server.prototype.emit;
  net.Server.prototype.emit = function (name, ...args) {
    if (name === 'connection') record(args[0], 'accept', { remote: `${args[0].remoteAddress}:${args[0].remotePort}` });
    if (name === 'error') {
      record(null, 'error', {
        code: args[0] && (args[0].code || args[0].message),
        syscall: args[0] && args[0].syscall,
      });
    }
    if (name === 'listening') {
      const address = this.address();
      record(null, 'listen', { port: address && address.port });
    }
    return serverEmit.call(this, name, ...args);
  };
}

/**
 * The wrappers above sit between the program and Node in a few stacks (a failed write, an
 * 'error' event). So that a crash report reads exactly as it does without the trace, stack
 * traces leave out this file's frames and show as many frames as they otherwise would.
 */
function hideFromStackTraces() {
  // Node installs a formatter of its own; keep it and hand it the frames without ours.
  const format = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  if (typeof limit === 'number' && Number.isFinite(limit)) Error.stackTraceLimit = limit + 4;
  Error.prepareStackTrace = function prepareStackTrace(error, frames) {
    const kept = frames.filter((frame) => frame.getFileName() !== __filename).slice(0, limit);
    if (typeof format === 'function') return format(error, kept);
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = '<error>';
    }
    return kept.length > 0 ? `${head}\n    at ${kept.join('\n    at ')}` : head;
  };
}
