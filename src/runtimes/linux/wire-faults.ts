import type { LostSegment, Retransmission, WireAim } from './kernel-events';

export type { AimKind, WireAim } from './kernel-events';

/** What happens to segments on the guest's loopback: every one lost with a probability, delayed; some aimed at. */
export interface WireFault {
  /** 0-100; 100 is a pulled cable: nothing arrives. */
  readonly lossPercent: number;
  /** 0-10,000 ms, each segment. */
  readonly delayMs: number;
  /** Armed, not yet spent. */
  readonly aim?: WireAim;
}

export const noFault: WireFault = { lossPercent: 0, delayMs: 0 };

/** Whether every segment goes through netem: some lost, or each delayed. */
export const hasNetem = (fault: WireFault): boolean => fault.lossPercent > 0 || fault.delayMs > 0;

export const isFaultFree = (fault: WireFault): boolean => !hasNetem(fault) && !fault.aim;

export const sameAim = (a: WireAim | undefined, b: WireAim | undefined): boolean =>
  a?.kind === b?.kind && a?.count === b?.count;

/** The aim in words: "the last ACK of the next close". */
export function describeAim(aim: WireAim): string {
  if (aim.kind === 'fin') return aim.count === 1 ? 'the next FIN' : `the next ${aim.count} FINs`;
  const times = aim.count === 1 ? '' : ` (${aim.count} times: the ACKs that answer its repeats too)`;
  return `the last ACK of the next close${times}`;
}

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
  /** Each segment an aim took (it never reached the packet view). */
  onLost(listener: (event: LostSegment) => void): () => void;
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
  if (fault.aim) parts.push(`${describeAim(fault.aim)} will be lost`);
  const text = parts.join(', and ');
  const how = hasNetem(fault) ? "the kernel's netem on lo" : 'a filter on lo';
  return `${text[0]!.toUpperCase()}${text.slice(1)} (${how}).`;
}
