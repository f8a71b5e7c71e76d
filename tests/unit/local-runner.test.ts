import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startRunner, type RunningRunner } from '../../runner/service';
import { collect, connectAs, file, isAlive, SITE_ORIGIN } from '../support/runner-client';

let runner: RunningRunner;

before(async () => {
  runner = await startRunner({
    port: 0,
    allowedOrigins: [SITE_ORIGIN],
    limits: { maxOutputBytes: 64 * 1024, maxRunMs: 1500, maxProcesses: 2, maxFiles: 5, maxFileBytes: 10_000 },
    heartbeatMs: 200,
  });
});
after(() => runner.close());

async function post(path: string, headers: Record<string, string>) {
  return fetch(`${runner.url}${path}`, { method: 'POST', headers });
}

function wsStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => {});
  });
}

describe('local runner: who may use it', () => {
  it('listens on loopback only', () => {
    assert.match(runner.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("gives sessions only to the site's own origins", async () => {
    assert.equal((await post('/sessions', { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post('/sessions', {})).status, 403);
    const ok = await post('/sessions', { Origin: SITE_ORIGIN });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), SITE_ORIGIN);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${runner.url}/sessions`,
        { method: 'POST', headers: { Host: 'attacker.example', Origin: SITE_ORIGIN } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end();
    });
    assert.equal(status, 421);
  });

  it("opens a session only with its token, once, and only for the site's origin", async () => {
    const grant = (await (await post('/sessions', { Origin: SITE_ORIGIN })).json()) as {
      sessionId: string;
      token: string;
    };
    const base = `${runner.url.replace('http', 'ws')}/sessions/${grant.sessionId}`;
    assert.equal(await wsStatus(`${base}?token=wrong`, SITE_ORIGIN), 401);
    assert.equal(await wsStatus(base, SITE_ORIGIN), 401);
    assert.equal(await wsStatus(`${base}?token=${grant.token}`, 'https://evil.example'), 403);
    assert.equal(await wsStatus(`${base}?token=${grant.token}`, SITE_ORIGIN), 101);
    assert.equal(await wsStatus(`${base}?token=${grant.token}`, SITE_ORIGIN), 401, 'a token opens one session');
  });
});

describe('local runner: running lab code', () => {
  it('runs a program with real Node, passes its environment, and feeds its standard input', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [
      file(
        'echo.js',
        "process.stdin.on('data', (d) => process.stdout.write('got ' + d)); console.error('port=' + process.env.PORT);",
      ),
    ]);
    const proc = await rt.spawn({ dir: 'lab', file: 'echo.js', env: { PORT: '4321' } });
    proc.writeInput('hello\n');
    setTimeout(() => proc.closeInput(), 200);
    const result = await collect(proc);
    assert.equal(result.stdout, 'got hello\n');
    assert.equal(result.stderr, 'port=4321\n');
    assert.deepEqual(result.exit, { code: 0, signal: null });
    rt.dispose();
  });

  it("records socket events on their own channel, leaving the program's output as it was", async () => {
    const rt = await connectAs(runner.url);
    const program = [
      "const net = require('node:net');",
      "const server = net.createServer((s) => { s.write('bye\\n'); s.end(); });",
      "server.listen(0, '127.0.0.1', () => {",
      "  const c = net.connect(server.address().port, '127.0.0.1');",
      "  c.on('data', (d) => console.log('got ' + d.toString().trim()));",
      "  c.on('end', () => { c.end(); server.close(); console.log('done'); });",
      '});',
    ].join('\n');
    await rt.mount('lab', [file('pair.js', program)]);
    const plain = await collect(await rt.spawn({ dir: 'lab', file: 'pair.js', env: {} }));
    const traced = await collect(await rt.spawn({ dir: 'lab', file: 'pair.js', env: {}, trace: 'pair' }));
    assert.equal(plain.stdout, 'got bye\ndone\n');
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stderr, plain.stderr);
    assert.deepEqual(traced.exit, plain.exit);
    const events = traced.trace.map((line) => JSON.parse(line) as { proc: string; kind: string });
    assert.ok(events.every((e) => e.proc === 'pair'));
    const kinds = events.map((e) => e.kind);
    for (const kind of ['listen', 'accept', 'connect', 'write', 'end()', 'data', 'end', 'close']) {
      assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
    }
    assert.equal(plain.trace.length, 0);
    rt.dispose();
  });

  it("keeps the runner's own environment from lab programs", async () => {
    process.env['RUNNER_SECRET'] = 'do-not-leak';
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('env.js', 'console.log(JSON.stringify(process.env.RUNNER_SECRET ?? null))')]);
    const result = await collect(await rt.spawn({ dir: 'lab', file: 'env.js', env: {} }));
    assert.equal(result.stdout.trim(), 'null');
    rt.dispose();
    delete process.env['RUNNER_SECRET'];
  });

  it('refuses file paths that leave the session folder', async () => {
    const rt = await connectAs(runner.url);
    await assert.rejects(rt.mount('../outside', [file('a.js', '')]), /leaves the session folder/);
    await assert.rejects(rt.mount('lab', [file('../../a.js', '')]), /leaves the session folder/);
    await assert.rejects(rt.mount('lab', [file('/etc/passwd', '')]), /leaves the session folder/);
    await rt.mount('lab', [file('ok.js', '')]);
    await assert.rejects(rt.spawn({ dir: 'lab', file: '../../../etc/hostname', env: {} }), /leaves the session folder/);
    await assert.rejects(rt.spawn({ dir: 'lab', file: 'missing.js', env: {} }), /does not exist/);
    rt.dispose();
  });

  it('refuses oversized labs with a message', async () => {
    const rt = await connectAs(runner.url);
    await assert.rejects(rt.mount('lab', [file('big.js', 'x'.repeat(20_000))]), /larger than/);
    const many = Array.from({ length: 6 }, (_, i) => file(`f${i}.js`, ''));
    await assert.rejects(rt.mount('lab', many), /takes at most 5/);
    rt.dispose();
  });

  it('stops a flood of output at the cap, with a message', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [
      file('flood.js', "const line = 'x'.repeat(1000) + '\\n'; for (;;) process.stdout.write(line);"),
    ]);
    const result = await collect(await rt.spawn({ dir: 'lab', file: 'flood.js', env: {} }));
    assert.match(result.notices, /printed more than 64 KiB/);
    assert.ok(result.stdout.length <= 64 * 1024, `forwarded ${result.stdout.length} bytes`);
    assert.equal(result.exit.signal, 'SIGKILL');
    rt.dispose();
  });

  it('stops a runaway loop at the time limit, with a message', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('spin.js', 'for (;;) {}')]);
    const result = await collect(await rt.spawn({ dir: 'lab', file: 'spin.js', env: {} }));
    assert.match(result.notices, /ran longer than 2 s/);
    assert.equal(result.exit.signal, 'SIGKILL');
    rt.dispose();
  });

  it('caps the processes running at once', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('wait.js', 'setTimeout(() => {}, 5000)')]);
    const a = await rt.spawn({ dir: 'lab', file: 'wait.js', env: {} });
    const b = await rt.spawn({ dir: 'lab', file: 'wait.js', env: {} });
    await assert.rejects(rt.spawn({ dir: 'lab', file: 'wait.js', env: {} }), /2 processes are already running/);
    a.kill();
    b.kill();
    assert.equal((await a.exit).signal, 'SIGTERM');
    await b.exit;
    rt.dispose();
  });

  it('kills every process of a session and removes its folder when the page goes away', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('pid.js', 'console.log(process.pid); setInterval(() => {}, 1000)')]);
    const proc = await rt.spawn({ dir: 'lab', file: 'pid.js', env: {} });
    const reader = proc.output.getReader();
    const pid = Number((await reader.read()).value?.text.trim());
    assert.ok(pid > 0);
    // This session's folder: the process runs in <workDir>/<session>/lab.
    const sessionDir = path.dirname(readlinkSync(`/proc/${pid}/cwd`));
    assert.equal(path.dirname(sessionDir), runner.workDir);
    rt.dispose();
    const gone = () => !existsSync(sessionDir) && !isAlive(pid);
    for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the process is gone');
    assert.equal(existsSync(sessionDir), false, 'the session folder is removed');
  });

  it('tells the page when the runner goes away', async () => {
    const spare = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN] });
    let lost = '';
    const rt = await connectAs(spare.url, SITE_ORIGIN, (reason) => (lost = reason));
    await rt.mount('lab', [file('wait.js', 'setTimeout(() => {}, 5000)')]);
    const proc = await rt.spawn({ dir: 'lab', file: 'wait.js', env: {} });
    await spare.close();
    const result = await collect(proc);
    assert.match(result.notices, /connection to the local runner closed/);
    assert.match(lost, /connection to the local runner closed/);
    await assert.rejects(rt.mount('lab', []), /closed/);
  });

  it('starts nothing for a session that ended while a start was on its way', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { RunnerSession } = await import('../../runner/session');
    const { defaultLimits } = await import('../../runner/limits');
    const root = await mkdtemp(path.join(tmpdir(), 'session-race-'));
    await writeFile(path.join(root, 'forever.js'), 'setInterval(() => {}, 1000)');
    const sent: unknown[] = [];
    const session = new RunnerSession({ root, limits: defaultLimits, send: (m) => sent.push(m) });
    const starting = session.handle({ type: 'request', id: 1, op: 'spawn', dir: '.', file: 'forever.js', env: {} });
    await session.dispose(); // the page went away before the start finished
    await starting;
    assert.deepEqual(sent, [{ type: 'response', id: 1, ok: false, error: 'the session has ended' }]);
  });

  it('says clearly when no runner is there', async () => {
    await assert.rejects(connectAs('http://127.0.0.1:9'), /no local runner answered at http:\/\/127.0.0.1:9/);
  });

  it('removes its work folder when it stops', async () => {
    const spare = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN] });
    const rt = await connectAs(spare.url);
    await rt.mount('lab', [file('a.js', '')]);
    assert.equal(readdirSync(spare.workDir).filter((name) => /^[0-9a-f-]{36}$/.test(name)).length, 1);
    await spare.close();
    assert.equal(existsSync(spare.workDir), false);
  });
});
