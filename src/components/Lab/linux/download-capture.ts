import type { KernelEvent, Segment } from '../../../runtimes/linux/kernel-events';
import { segmentsToPcap } from '../../../runtimes/linux/pcap';

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** "tcp-course-2026-12-07-185301.pcap": the local time of the download. */
export function captureFileName(now = new Date()): string {
  const date = `${now.getFullYear()}-${twoDigits(now.getMonth() + 1)}-${twoDigits(now.getDate())}`;
  const time = `${twoDigits(now.getHours())}${twoDigits(now.getMinutes())}${twoDigits(now.getSeconds())}`;
  return `tcp-course-${date}-${time}.pcap`;
}

/**
 * Saves the segments among `events` as a .pcap file (Wireshark, tcpdump -r) through the browser's
 * download. Returns how many packets it wrote.
 */
export function downloadCapture(events: readonly KernelEvent[]): number {
  const { bytes, packets } = segmentsToPcap(events.filter((e): e is Segment => e.kind === 'segment'));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.tcpdump.pcap' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = captureFileName();
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return packets;
}
