import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether tcpdump is on this machine (.ci/run installs it; Debian: sudo apt-get install tcpdump). */
export function hasTcpdump(): boolean {
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One packet as tcpdump reads it from a capture file. */
export interface DumpedPacket {
  readonly from: number;
  readonly to: number;
  /** The flag letters, "." for ACK, as a sorted string ("." "AFP"…: compare as sets). */
  readonly flags: string;
  readonly seq: number | null;
  readonly ack: number | null;
  readonly length: number;
}

/** Reads a pcap file with tcpdump (absolute sequence numbers) and parses its TCP lines. */
export function readWithTcpdump(pcap: Uint8Array): DumpedPacket[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'pcap-'));
  try {
    const file = path.join(dir, 'run.pcap');
    writeFileSync(file, pcap);
    const text = execFileSync('tcpdump', ['-nn', '-S', '-r', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return text
      .split('\n')
      .filter((line) => line.includes(' IP '))
      .map((line) => {
        const ports = /\.(\d+) > [\d.]+\.(\d+): Flags \[([^\]]*)\]/.exec(line);
        if (!ports) throw new Error(`tcpdump printed a line this test cannot read: ${line}`);
        const number = (pattern: RegExp) => {
          const m = pattern.exec(line);
          return m ? Number(m[1]) : null;
        };
        return {
          from: Number(ports[1]),
          to: Number(ports[2]),
          flags: [...ports[3]!].sort().join(''),
          seq: number(/ seq (\d+)/),
          ack: number(/ ack (\d+)/),
          length: number(/ length (\d+)/) ?? 0,
        };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
