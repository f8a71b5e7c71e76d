import type { TcpFlags } from '../../src/runtimes/linux/kernel-events';

/** One TCP packet of a pcap file (LINKTYPE_RAW, IPv4), read from its bytes. */
export interface PcapTcpPacket {
  readonly from: number;
  readonly to: number;
  readonly flags: TcpFlags;
  readonly seq: number;
  readonly ack: number;
  /** Payload bytes, from the IP header's total length (the record may be cut shorter). */
  readonly length: number;
}

/** Reads a classic little-endian pcap file of raw IPv4 packets; throws on anything else. */
export function readPcap(file: Uint8Array): PcapTcpPacket[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint32(0, true) !== 0xa1b2c3d4) throw new Error('not a little-endian microsecond pcap file');
  if (view.getUint32(20, true) !== 101) throw new Error(`link type ${view.getUint32(20, true)}, not raw IP (101)`);
  const packets: PcapTcpPacket[] = [];
  for (let at = 24; at < file.length;) {
    const kept = view.getUint32(at + 8, true);
    const ip = at + 16;
    if (file[ip]! >> 4 !== 4 || file[ip + 9] !== 6) throw new Error(`record at ${at} is not IPv4 TCP`);
    const ihl = (file[ip]! & 15) * 4;
    const tcp = ip + ihl;
    const dataOffset = (file[tcp + 12]! >> 4) * 4;
    const f = file[tcp + 13]!;
    packets.push({
      from: view.getUint16(tcp, false),
      to: view.getUint16(tcp + 2, false),
      flags: { syn: !!(f & 2), fin: !!(f & 1), rst: !!(f & 4), psh: !!(f & 8), ack: !!(f & 16) },
      seq: view.getUint32(tcp + 4, false),
      ack: view.getUint32(tcp + 8, false),
      length: view.getUint16(ip + 2, false) - ihl - dataOffset,
    });
    at += 16 + kept;
  }
  return packets;
}
