/**
 * A run's segments as a capture file that Wireshark and tcpdump open: the classic pcap format
 * (microsecond stamps, little-endian), each record one IPv4 packet (LINKTYPE_RAW) as the guest's
 * packet socket saw it, cut to the agent's snap length. Segments without their packet (recorded
 * references keep only the parsed fields) are left out and counted.
 */
import { bytesOfHex } from './guest-protocol';
import type { Segment } from './kernel-events';

/** The most bytes of a packet the guest agent sends (its PKT_SNAP). */
export const pcapSnapLength = 256;
/** LINKTYPE_RAW: the record starts with the IP header. */
const LINKTYPE_RAW = 101;

export interface PcapFile {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Segments written. */
  readonly packets: number;
  /** Segments left out: they carried no captured packet. */
  readonly missing: number;
}

export function segmentsToPcap(segments: readonly Segment[]): PcapFile {
  const records = segments.flatMap((s) =>
    s.packet ? [{ timeUs: s.timeUs, size: s.packet.size, data: bytesOfHex(s.packet.hex) }] : [],
  );
  const length = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0xa1b2c3d4, true); // magic: microsecond stamps
  view.setUint16(4, 2, true); // version 2.4
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true); // stamps are UTC
  view.setUint32(12, 0, true);
  view.setUint32(16, pcapSnapLength, true);
  view.setUint32(20, LINKTYPE_RAW, true);
  let at = 24;
  for (const record of records) {
    view.setUint32(at, Math.floor(record.timeUs / 1e6), true);
    view.setUint32(at + 4, record.timeUs % 1e6, true);
    view.setUint32(at + 8, record.data.length, true);
    view.setUint32(at + 12, Math.max(record.size, record.data.length), true);
    bytes.set(record.data, at + 16);
    at += 16 + record.data.length;
  }
  return { bytes, packets: records.length, missing: segments.length - records.length };
}
