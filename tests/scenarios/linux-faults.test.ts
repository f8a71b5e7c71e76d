import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KernelEvent, LostSegment, Retransmission, Segment } from '../../src/runtimes/linux/kernel-events';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import { noFault, type WireFault } from '../../src/runtimes/linux/wire-faults';
import { referenceFiles, spawnWatched, startLinuxRuntime, type WatchedProcess } from '../support/linux-guest';

/**
 * Faults on the wire in the guest (the kernel's netem on lo, set by the agent): what TCP does
 * when nothing arrives, and when everything arrives late, on the course's C echo programs. Every
 * time asserted is the guest kernel's own stamp of an event, never the test's clock.
 */
const dir = 'faults';
let runtime: LinuxRuntime;
let events: KernelEvent[] = [];
let retransmits: Retransmission[] = [];
let lost: LostSegment[] = [];
const faults: WireFault[] = [];

before(async () => {
  runtime = await startLinuxRuntime();
  runtime.onKernelEvent((e) => events.push(e));
  runtime.onRetransmit((e) => retransmits.push(e));
  runtime.onLost((e) => lost.push(e));
  runtime.onFaultChange((f) => faults.push(f));
  await runtime.mount(dir, await referenceFiles('delayed-echo-server.c', 'echo-client.c', 'demo.h'));
});
after(() => runtime?.dispose());

async function until(what: string, done: () => boolean, limitMs = 60_000): Promise<void> {
  const began = Date.now();
  while (!done()) {
    if (Date.now() - began > limitMs) throw new Error(`${what} did not happen within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An echo server that replies at once, and a connected client. */
async function connected(): Promise<{ server: WatchedProcess; client: WatchedProcess; port: number }> {
  const port = await runtime.reservePort();
  const server = await spawnWatched(runtime, {
    dir,
    file: 'delayed-echo-server.c',
    args: [String(port), '0', 'default'],
  });
  await server.waitFor(/server: listening/);
  const client = await spawnWatched(runtime, { dir, file: 'echo-client.c', args: [String(port)] });
  await client.waitFor(/client: connected/);
  return { server, client, port };
}

/**
 * Both ends of one connection in one process; when its input says the cable is pulled, the client
 * waits in read() with TCP_USER_TIMEOUT (after a write the peer never acknowledges) or with
 * keepalive probes on the idle connection, and prints how read() ended.
 */
const silentPeer = String.raw`#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int one = 1, port = atoi(argv[1]);
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr *)&a, sizeof a) || listen(listener, 1)) return 2;
  int c = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(c, (struct sockaddr *)&a, sizeof a)) return 3;
  int peer = accept(listener, NULL, NULL);
  if (!strcmp(argv[2], "user-timeout")) {
    unsigned ms = 1500;
    setsockopt(c, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms);
  } else {
    int idle = 1, interval = 1, count = 2;
    setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    setsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
  }
  printf("connected\n");
  fflush(stdout);
  char line[16];
  if (!fgets(line, sizeof line, stdin)) return 4;
  if (!strcmp(argv[2], "user-timeout")) printf("write() returned %d\n", (int)write(c, "hello\n", 6));
  char buf[16];
  int n = (int)read(c, buf, sizeof buf);
  printf("read() returned %d, %s\n", n, n < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : strerror(errno));
  close(peer);
  return 0;
}
`;

const dataFrom =
  (port: number) =>
  (e: KernelEvent): e is Segment =>
    e.kind === 'segment' && e.to.port === port && e.length > 0;

describe('faults on the wire of Linux in the page', () => {
  it('with the cable pulled nothing arrives, and TCP sends the data again with growing waits; plugged back in, it arrives', async () => {
    const { server, client, port } = await connected();
    events = [];
    retransmits = [];
    await runtime.setFault({ lossPercent: 100, delayMs: 0 });
    assert.deepEqual(runtime.currentFault(), { lossPercent: 100, delayMs: 0 });
    client.process.writeInput('data1\n');
    await until(
      'three retransmissions of the client’s data',
      () => retransmits.filter((r) => r.to.port === port).length >= 3,
    );
    const mine = retransmits.filter((r) => r.to.port === port);
    assert.ok(
      mine.every((r) => r.state === 'ESTABLISHED'),
      JSON.stringify(mine),
    );
    const gaps = mine.slice(1).map((r, i) => r.timeUs - mine[i]!.timeUs);
    // The retransmission timer backs off: each wait about twice the one before (on the guest's clock).
    for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! > gaps[i - 1]! * 1.5, `waits ${gaps.join(', ')} µs`);
    assert.equal(events.filter(dataFrom(port)).length, 0, 'no copy of the data reached the wire’s other end');
    assert.doesNotMatch(server.programText(), /received/);

    await runtime.setFault(noFault);
    await server.waitFor(/received "data1"/);
    await client.waitFor(/reply: Hi, data1/);
    assert.ok(events.some(dataFrom(port)), 'the data, sent again, arrived');
    client.process.kill();
    server.process.kill();
    await Promise.all([client.exit, server.exit]);
  });

  it('with a delay, every segment arrives that late (the kernel’s own stamps), and nothing is lost', async () => {
    await runtime.setFault({ lossPercent: 0, delayMs: 300 });
    const { server, client, port } = await connected();
    events = [];
    client.process.writeInput('data1\n');
    await client.waitFor(/reply: Hi, data1/);
    const data = events.find(dataFrom(port))!;
    const ack = events.find(
      (e): e is Segment =>
        e.kind === 'segment' && e.from.port === port && e.flags.ack && e.ack >= data.seq + data.length,
    );
    assert.ok(ack, 'the server’s ACK of the data');
    // The data waited 300 ms in netem before it arrived, and the ACK as long again.
    assert.ok(ack.timeUs - data.timeUs >= 300_000, `${ack.timeUs - data.timeUs} µs between data and ACK`);
    await runtime.setFault(noFault);
    client.process.kill();
    server.process.kill();
    await Promise.all([client.exit, server.exit]);
  });

  it('a reset takes every fault away, says so, and TCP’s timers run after it', async () => {
    await runtime.setFault({ lossPercent: 100, delayMs: 0 });
    const told = faults.length;
    await runtime.reset();
    assert.deepEqual(runtime.currentFault(), noFault);
    assert.deepEqual(faults.slice(told), [noFault]);
    await runtime.mount(dir, await referenceFiles('delayed-echo-server.c', 'echo-client.c', 'demo.h'));
    const { server, client, port } = await connected(); // loopback works again
    client.process.writeInput('data1\n');
    await client.waitFor(/reply: Hi, data1/);
    // And TCP's timers run after a reset: a segment lost now is sent again (a restore into the
    // running emulator once left them dead).
    retransmits = [];
    await runtime.setFault({ lossPercent: 100, delayMs: 0 });
    client.process.writeInput('data2\n');
    await until('a retransmission after the reset', () => retransmits.some((r) => r.to.port === port));
    await runtime.setFault(noFault);
    await client.waitFor(/reply: Hi, data2/);
    client.process.kill();
    server.process.kill();
  });

  for (const mode of ['user-timeout', 'keepalive'] as const) {
    it(`a peer that vanished: ${mode === 'user-timeout' ? 'TCP_USER_TIMEOUT ends the wait for an ACK' : 'keepalive probes end an idle wait'} with ETIMEDOUT`, async () => {
      await runtime.mount(dir, [{ path: 'silent-peer.c', content: silentPeer }]);
      const port = await runtime.reservePort();
      const program = await spawnWatched(runtime, { dir, file: 'silent-peer.c', args: [String(port), mode] });
      await program.waitFor(/connected/);
      await runtime.setFault({ lossPercent: 100, delayMs: 0 });
      try {
        program.process.writeInput('pulled\n');
        await program.waitFor(/read\(\) returned/);
        if (mode === 'user-timeout')
          assert.match(program.programText(), /write\(\) returned 6\n/, 'the write succeeded');
        assert.match(program.programText(), /read\(\) returned -1, ETIMEDOUT/);
      } finally {
        await runtime.setFault(noFault);
      }
      await program.exit;
    });
  }

  it('the last ACK of a close, aimed at: lost once (told, never in the packet view); the FIN comes again and TIME-WAIT answers it', async () => {
    await runtime.mount(dir, await referenceFiles('last-ack.c', 'demo.h'));
    events = [];
    retransmits = [];
    lost = [];
    const told = faults.length;
    const program = await spawnWatched(runtime, { dir, file: 'last-ack.c', aim: { kind: 'last-ack', count: 1 } });
    assert.equal((await program.exit).code, 0, program.text());
    assert.match(program.text(), /\[the wire: the last ACK of the next close will be lost/);
    assert.match(
      program.programText(),
      /its FIN sent again \(retransmission 1\)\n.*after 1 retransmission\n.*in TIME-WAIT\n/,
    );
    // Told once: which ACK, from the side that closed first (its FIN went first) to the other.
    assert.equal(lost.length, 1, JSON.stringify(lost));
    // This connection's FINs (an earlier test's connections may still be closing): the client's
    // (the side that sent the first FIN, whose ACK the aim took), then the server's, twice.
    const [loss] = lost;
    const fins = events.filter(
      (e): e is Segment =>
        e.kind === 'segment' &&
        e.flags.fin &&
        [e.from.port, e.to.port].sort().join() === [loss!.from!.port, loss!.to!.port].sort().join(),
    );
    const [clientFin, serverFin, again] = fins;
    assert.ok(clientFin && serverFin && again, `three FINs on the wire: ${JSON.stringify(fins)}`);
    assert.deepEqual([loss!.aim, loss!.from, loss!.to], ['last-ack', clientFin.from, clientFin.to]);
    assert.deepEqual([again.from, again.seq], [serverFin.from, serverFin.seq], 'the server sent the same FIN again');
    const retx = retransmits.find((r) => r.from.port === serverFin.from.port);
    assert.equal(retx?.state, 'LAST_ACK', JSON.stringify(retransmits));
    // The lost ACK never reached the packet view: between the two FINs (in the order the packet
    // socket saw them; its stamps of two segments a microsecond apart may cross) the client sent nothing.
    const client = (e: KernelEvent): e is Segment => e.kind === 'segment' && e.from.port === clientFin.from.port;
    const between = events.slice(events.indexOf(serverFin) + 1, events.indexOf(again)).filter(client);
    const wire = events.flatMap((e) =>
      e.kind === 'segment' ? [`${e.from.port}>${e.to.port} ${e.seq} ${e.ack} ${e.length}`] : [],
    );
    assert.deepEqual(between, [], wire.join('\n'));
    const answer = events.slice(events.indexOf(again) + 1).find(client);
    assert.equal(answer?.ack, again.seq + 1, 'the TIME-WAIT side acknowledged the repeated FIN');
    // The aim is spent: the wire is clean again, and the page was told.
    assert.deepEqual(runtime.currentFault(), noFault);
    assert.deepEqual(faults.slice(told), [
      { lossPercent: 0, delayMs: 0, aim: { kind: 'last-ack', count: 1 } },
      noFault,
    ]);
  });

  it('an aim and a delay together: the next FIN is lost and sent again, the delay stays after the aim is spent', async () => {
    await runtime.setFault({ lossPercent: 0, delayMs: 20, aim: { kind: 'fin', count: 1 } });
    retransmits = [];
    lost = [];
    const { server, client, port } = await connected();
    client.process.writeInput('data1\n');
    await client.waitFor(/reply: Hi, data1/);
    client.process.writeInput('shutdown\n'); // the client shuts down its sending side: its FIN
    await until('the lost FIN told', () => lost.length > 0);
    await until('the FIN sent again', () => retransmits.some((r) => r.to.port === port && r.state === 'FIN_WAIT1'));
    await until('the aim spent', () => runtime.currentFault().aim === undefined);
    assert.deepEqual(runtime.currentFault(), { lossPercent: 0, delayMs: 20 });
    assert.equal(lost[0]!.aim, 'fin');
    await server.waitFor(/read\(\) returned 0/);
    await runtime.setFault(noFault);
    client.process.kill();
    server.process.kill();
    await Promise.all([client.exit, server.exit]);
  });

  it('refuses a fault it cannot set, and keeps the one it had', async () => {
    await assert.rejects(
      runtime.setFault({ lossPercent: 0, delayMs: 0, aim: { kind: 'fin', count: 11 } }),
      /not an aim/,
    );
    await assert.rejects(runtime.setFault({ lossPercent: 101, delayMs: 0 }), /not a fault the guest agent takes/);
    await assert.rejects(runtime.setFault({ lossPercent: 0, delayMs: -1 }), /not a fault/);
    assert.deepEqual(runtime.currentFault(), noFault);
  });
});
