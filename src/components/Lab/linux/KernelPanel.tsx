import { useContext, useEffect, useRef, useState, type MutableRefObject } from 'react';
import {
  endpointKey,
  type KernelEvent,
  type LostSegment,
  type Retransmission,
  type Segment,
} from '../../../runtimes/linux/kernel-events';
import { hasWireFaults } from '../../../runtimes/linux/wire-faults';
import KernelView from '../../KernelView';
import { WirePredictionContext } from '../../WirePrediction/context';
import WireGrades from '../../WirePrediction/WireGrades';
import type { KernelEventSource } from './c-run-recorder';
import { downloadCapture } from './download-capture';
import styles from './KernelPanel.module.css';
import { WireFaultControls } from './WireFaultControls';

/**
 * The C lab's view of the kernel while it runs: every segment on loopback and each socket's TCP
 * state over time, as a sequence diagram per connection and as a list; above them, the learner's
 * "predict the wire" graded on the run's own kernel events (when the lab has predictions).
 */
/** Whether `runtime` gives the kernel's events (segments, socket states): a real kernel's runtime does. */
export const showsKernelEvents = <T extends object>(runtime: T | null): runtime is T & KernelEventSource =>
  runtime !== null && typeof (runtime as Partial<KernelEventSource>).onKernelEvent === 'function';

export function KernelPanel({
  runtime,
  recorded,
}: {
  runtime: KernelEventSource | null;
  /** Kept pointing at the events the view shows (what "Copy link to this run" shares). */
  recorded?: MutableRefObject<readonly KernelEvent[]>;
}) {
  const wire = useContext(WirePredictionContext);
  const [events, setEvents] = useState<readonly KernelEvent[]>([]);
  if (recorded) recorded.current = events;
  /** What the last download saved, said once. */
  const [saved, setSaved] = useState('');
  const [retransmits, setRetransmits] = useState<readonly Retransmission[]>([]);
  const captured = events.some((e) => e.kind === 'segment' && e.packet);
  const faults = hasWireFaults(runtime) ? runtime : null;
  useEffect(() => faults?.onRetransmit((event) => setRetransmits((list) => [...list, event])), [faults]);
  const [lost, setLost] = useState<readonly LostSegment[]>([]);
  useEffect(() => faults?.onLost((event) => setLost((list) => [...list, event])), [faults]);
  /** Both lists count from the first thing the wire did, on the guest's clock, so they read together. */
  const wireOrigin = Math.min(lost[0]?.timeUs ?? Infinity, retransmits[0]?.timeUs ?? Infinity);
  /** The run each event came in (connections of earlier runs are shown folded, apart). */
  const runOf = useRef(new WeakMap<KernelEvent, number>());
  useEffect(() => {
    if (!runtime) return;
    let queued: KernelEvent[] = [];
    let frame = 0;
    // Many segments can come at once: one render per animation frame.
    const flush = () => {
      frame = 0;
      const next = queued;
      queued = [];
      setEvents((current) => [...current, ...next]);
    };
    const off = runtime.onKernelEvent((event) => {
      runOf.current.set(event, runtime.currentRun?.() ?? 0);
      queued.push(event);
      if (!frame) frame = window.requestAnimationFrame(flush);
    });
    return () => {
      off();
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [runtime]);

  return (
    <section className={styles.panel} aria-labelledby="kernel-panel-title">
      <div className={styles.header}>
        <h4 id="kernel-panel-title" className={styles.title}>
          Packets and socket states, from the kernel
        </h4>
        <div className={styles.actions}>
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => setSaved(`${downloadCapture(events)} packets saved as a .pcap file.`)}
            disabled={!captured}
            title="Every packet in the view, as captured in the guest: open it in Wireshark or with tcpdump -r"
          >
            Download the capture (.pcap)
          </button>
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => {
              setEvents([]);
              setRetransmits([]);
              setLost([]);
              setSaved('');
            }}
            disabled={events.length === 0 && retransmits.length === 0 && lost.length === 0}
          >
            Clear the packet view
          </button>
        </div>
      </div>
      <p role="status" aria-label="Capture" className={styles.saved}>
        {saved}
      </p>
      <p className={styles.hint}>
        Every TCP segment on the guest&apos;s loopback (seen by a packet socket) and every change of a socket&apos;s
        state as the kernel makes it (its <code>sock/inet_sock_set_state</code> tracepoint; TIME-WAIT, which that
        tracepoint does not report, is read from <code>/proc/net/tcp</code> right after), one diagram per connection.
      </p>
      {faults ? <WireFaultControls faults={faults} /> : null}
      {wire ? <WireGrades store={wire.store} summary={wire.summary} /> : null}
      {lost.length > 0 ? <LostList lost={lost} since={wireOrigin} /> : null}
      {retransmits.length > 0 ? <RetransmissionList retransmits={retransmits} since={wireOrigin} /> : null}
      <KernelView
        events={events}
        isEarlier={(syn: Segment) => (runOf.current.get(syn) ?? 0) < (runtime?.currentRun?.() ?? 0)}
      />
    </section>
  );
}

/** "+0.207 s": when, after `since` (both on the guest's clock, in µs). */
const secondsSince = (since: number, timeUs: number): string => `+${((timeUs - since) / 1e6).toFixed(3)} s`;

/**
 * Each segment an aimed fault took. It left its sender and never arrived, so no diagram shows it:
 * its time is when the filter's drop counter was read (within 20 ms of the loss), on the same
 * clock as the retransmissions below.
 */
function LostList({ lost, since }: { lost: readonly LostSegment[]; since: number }) {
  return (
    <>
      <h5>Lost on the wire (sent, never arrived)</h5>
      <ul className={styles.retransmissions} aria-label="Segments lost on the wire">
        {lost.map((l, i) => (
          <li key={i}>
            {secondsSince(since, l.timeUs)}{' '}
            {l.aim === 'fin'
              ? 'a FIN (its sender will send it again: see below)'
              : `the ACK with no data :${l.from?.port ?? '?'} → :${l.to?.port ?? '?'} sent after the other side's FIN (the last ACK)`}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Each segment TCP sent again, as the kernel's tracepoint reports it, with the wait since the
 * one before on the same connection: the retransmission timer's backoff, doubling each time.
 */
function RetransmissionList({ retransmits, since }: { retransmits: readonly Retransmission[]; since: number }) {
  const previous = new Map<string, number>();
  return (
    <>
      <h5>TCP sent these again (its retransmission timer)</h5>
      <ol className={styles.retransmissions} aria-label="Retransmissions, oldest first">
        {retransmits.map((r, i) => {
          const key = `${endpointKey(r.from)} ${endpointKey(r.to)}`;
          const before = previous.get(key);
          previous.set(key, r.timeUs);
          const gap = before === undefined ? '' : `, ${((r.timeUs - before) / 1e6).toFixed(2)} s after the last`;
          return (
            <li key={i}>
              {secondsSince(since, r.timeUs)} :{r.from.port} → :{r.to.port} again, in {r.state.replace(/_/g, '-')}
              {gap}
            </li>
          );
        })}
      </ol>
    </>
  );
}
