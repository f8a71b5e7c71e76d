import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Segment } from '../../src/runtimes/linux/kernel-events';
import { segmentsToPcap } from '../../src/runtimes/linux/pcap';
import { readPcap } from '../support/pcap-records';

/** A SYN from 127.0.0.1:40000 to :5000, seq 1000, as the guest's packet socket gives it (no checksums needed). */
const ipHeader = '4500' + '0028' + '0001' + '4000' + '4006' + '0000' + '7f000001' + '7f000001';
const tcpHeader = '9c40' + '1388' + '000003e8' + '00000000' + '5002' + 'ffff' + '0000' + '0000';
const synHex = ipHeader + tcpHeader;

const segment = (timeUs: number, packet?: Segment['packet']): Segment => ({
  kind: 'segment',
  timeUs,
  from: { address: '127.0.0.1', port: 40000 },
  to: { address: '127.0.0.1', port: 5000 },
  flags: { syn: true, fin: false, rst: false, psh: false, ack: false },
  seq: 1000,
  ack: 0,
  length: 0,
  window: 65535,
  ...(packet ? { packet } : {}),
});

describe('a run as a .pcap file', () => {
  it('writes the classic header (microseconds, snap length 256, raw IPv4) and one record per captured packet', () => {
    const { bytes, packets, missing } = segmentsToPcap([
      segment(1_765_000_000_123_456, { size: 40, hex: synHex }),
      segment(1_765_000_001_000_000),
      segment(1_765_000_002_000_001, { size: 1500, hex: synHex }),
    ]);
    assert.equal(packets, 2);
    assert.equal(missing, 1, 'a segment without its packet (a recorded reference) is left out and counted');
    const view = new DataView(bytes.buffer);
    assert.deepEqual([...bytes.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1]);
    assert.deepEqual([view.getUint16(4, true), view.getUint16(6, true)], [2, 4]);
    assert.equal(view.getUint32(16, true), 256);
    assert.equal(view.getUint32(20, true), 101);
    // First record: its stamp, and the whole packet kept.
    assert.deepEqual(
      [0, 4, 8, 12].map((o) => view.getUint32(24 + o, true)),
      [1_765_000_000, 123_456, 40, 40],
    );
    // Second: cut to what the agent sent, with the packet's real size.
    const second = 24 + 16 + 40;
    assert.deepEqual(
      [0, 4, 8, 12].map((o) => view.getUint32(second + o, true)),
      [1_765_000_002, 1, 40, 1500],
    );
    assert.equal(bytes.length, second + 16 + 40);
    const [first] = readPcap(bytes);
    assert.deepEqual(first, {
      from: 40000,
      to: 5000,
      flags: { syn: true, fin: false, rst: false, psh: false, ack: false },
      seq: 1000,
      ack: 0,
      length: 0,
    });
  });
});
