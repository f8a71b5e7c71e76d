import type { Retransmission } from './kernel-events';

/** What happens to every segment on the guest's loopback: lost with a probability, delayed. */
export interface WireFault {
  /** 0-100; 100 is a pulled cable: nothing arrives. */
  readonly lossPercent: number;
  /** 0-10,000 ms, each segment. */
  readonly delayMs: number;
}

export const noFault: WireFault = { lossPercent: 0, delayMs: 0 };

export const isFaultFree = (fault: WireFault): boolean => fault.lossPercent === 0 && fault.delayMs === 0;

/**
 * A runtime whose wire can be made to fail (Linux in the page: the kernel's netem on lo), and
 * that reports what TCP does about it (each retransmission). A reset of the machine takes every
 * fault away.
 */
export interface WireFaults {
  setFault(fault: WireFault): Promise<void>;
  currentFault(): WireFault;
  /** Told the fault whenever it changes (set, or taken away by a reset). */
  onFaultChange(listener: (fault: WireFault) => void): () => void;
  onRetransmit(listener: (event: Retransmission) => void): () => void;
}

export const hasWireFaults = <T extends object>(runtime: T | null): runtime is T & WireFaults =>
  runtime !== null && typeof (runtime as Partial<WireFaults>).setFault === 'function';

/** The fault in words, for the status line: "every segment is lost (the cable is pulled)". */
export function describeFault(fault: WireFault): string {
  if (isFaultFree(fault)) return 'Nothing is lost or delayed on loopback.';
  const parts: string[] = [];
  if (fault.lossPercent >= 100) parts.push('the cable is pulled: every segment on loopback is lost');
  else if (fault.lossPercent > 0) parts.push(`${fault.lossPercent}% of the segments on loopback are lost`);
  if (fault.delayMs > 0 && fault.lossPercent < 100) parts.push(`each segment arrives ${fault.delayMs} ms late`);
  const text = parts.join(', and ');
  return `${text[0]!.toUpperCase()}${text.slice(1)} (the kernel's netem on lo).`;
}
