import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'node:net';
import { openJsonSession, openRawSession, SITE_ORIGIN, wsFrame } from '../support/runner-client';

// The runner's memory stays under 150 MiB whatever its sessions send or their programs print
// (issue 11). The runner runs as `npm start` runs it (its own process, default limits) while
// every session attacks at once; its resident size is sampled all along.

const MiB = 1024 * 1024;
const BUDGET = 150 * MiB;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const b64 = (text: string) => Buffer.from(text).toString('base64');

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** The runner as `npm start` starts it (scripts/start.mjs). */
const RUNNER_COMMAND = JSON.parse(readFileSync('runner/node-args.json', 'utf8')) as string[];

let runner: ReturnType<typeof spawn>;
let url = '';

before(async () => {
  runner = spawn(process.execPath, RUNNER_COMMAND, {
    env: {
      ...process.env,
      LOCAL_RUNNER_PORT: '0',
      RUNNER_ALLOWED_ORIGINS: SITE_ORIGIN,
      TMPDIR: mkdtempSync(path.join(tmpdir(), 'runner-memory-')),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  runner.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !/watchdog pid/.test(out); i++) await sleep(50);
  url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
});
after(() => {
  runner.kill('SIGTERM');
});

// Every stream at once, no newlines: stdout, stderr and the trace pipe.
const flood = [
  "const fs = require('fs');",
  "const s = 'x'.repeat(65536);",
  'for (;;) { process.stdout.write(s); process.stderr.write(s); try { fs.writeSync(3, s); } catch {} }',
].join('\n');

describe('runner memory', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('stays under 150 MiB while every session floods, stalls or oversends', async () => {
    const pid = runner.pid!;
    let peak = rssOf(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
    const sessions = await Promise.all(Array.from({ length: 8 }, () => openJsonSession(url)));
    for (const s of sessions) {
      await s.request({ op: 'clear', dir: 'lab' });
      await s.request({ op: 'write', dir: 'lab', path: 'flood.js', base64: b64(flood) });
      await s.request({ op: 'write', dir: 'lab', path: 'deaf.js', base64: b64('setInterval(() => {}, 1000)') });
    }
    const until = Date.now() + 8000;
    const attacks: Promise<unknown>[] = [];

    // Pages that never read what the runner sends them, with programs flooding every stream.
    for (const s of sessions.slice(0, 3)) {
      for (let i = 0; i < 2; i++) await s.request({ op: 'spawn', dir: 'lab', file: 'flood.js', env: {}, trace: 'f' });
      (s.ws as unknown as { _socket: Socket })._socket.pause();
    }
    // Pages that restart flooding programs as fast as the caps allow.
    for (const s of sessions.slice(3, 5)) {
      attacks.push(
        (async () => {
          while (Date.now() < until) {
            await s.request({ op: 'spawn', dir: 'lab', file: 'flood.js', env: {}, trace: 'f' });
            await sleep(100);
          }
        })(),
      );
    }
    // Input for a program that never reads it: the largest legal input messages, without end.
    const deaf = sessions[5]!;
    const deafPid = ((await deaf.request({ op: 'spawn', dir: 'lab', file: 'deaf.js', env: {} })) as { value: number })
      .value;
    attacks.push(
      (async () => {
        const text = 'i'.repeat(16 * 1024);
        while (Date.now() < until) {
          for (let i = 0; i < 20; i++) deaf.send({ type: 'input', pid: deafPid, text });
          await sleep(20);
        }
      })(),
    );
    // The largest legal lab, mounted again and again in two sessions.
    for (const s of sessions.slice(6, 8)) {
      attacks.push(
        (async () => {
          // 40 files of 480 KiB, each in pieces of 48 KiB as the page sends them.
          const piece = Buffer.alloc(48 * 1024, 1).toString('base64');
          const writeFile = async (name: string) => {
            await s.request({ op: 'write', dir: 'big', path: name, base64: piece });
            for (let i = 1; i < 10; i++) {
              await s.request({ op: 'write', dir: 'big', path: name, base64: piece, append: true });
            }
          };
          while (Date.now() < until) {
            await s.request({ op: 'clear', dir: 'big' });
            await Promise.all(Array.from({ length: 40 }, (_, i) => writeFile(`f${i}.js`)));
          }
        })(),
      );
    }
    // Oversize messages on raw connections: a 50 MiB one announced and streamed.
    attacks.push(
      (async () => {
        while (Date.now() < until) {
          // The last raw session may still be closing (8 sessions + it + this one is over the cap
          // of 10): the runner's 503 then is right, and this attack just tries again.
          const raw = await openRawSession(url).catch((err: Error) => {
            if (/answered 503/.test(err.message)) return null;
            throw err;
          });
          if (!raw) {
            await sleep(100);
            continue;
          }
          const { socket, closeFrame } = raw;
          socket.write(wsFrame({ opcode: 1, announcedLength: 50 * MiB, payload: Buffer.alloc(0) }));
          for (let i = 0; i < 40 && !socket.destroyed; i++) socket.write(Buffer.alloc(256 * 1024, 0x61));
          await Promise.race([closeFrame, sleep(2000)]);
          socket.destroy();
        }
      })(),
    );
    await Promise.all(attacks);
    clearInterval(sampler);
    const health = await fetch(`${url}/health`);
    for (const s of sessions) s.ws.terminate();
    assert.equal(health.status, 200, 'the runner still answers');
    assert.ok(peak < BUDGET, `peak RSS ${(peak / MiB).toFixed(1)} MiB`);
    console.log(`runner peak RSS under attack: ${(peak / MiB).toFixed(1)} MiB`);
  });
});
