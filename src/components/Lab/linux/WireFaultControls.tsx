import { useEffect, useId, useState } from 'react';
import { describeFault, type AimKind, type WireFault, type WireFaults } from '../../../runtimes/linux/wire-faults';
import styles from './KernelPanel.module.css';

const LOSSES = [0, 10, 25, 50] as const;
const DELAYS = [0, 50, 200, 1000] as const;
const AIMS: readonly { kind: AimKind; label: string }[] = [
  { kind: 'fin', label: 'Lose the next FIN' },
  { kind: 'last-ack', label: 'Lose the last ACK of the next close' },
];

/**
 * Faults on the guest's wire, set by the learner: pull the cable (every segment on loopback is
 * lost) and plug it back in, lose a share of the segments, delay each one, or aim at one segment
 * (the next FIN; the last ACK of the next close), armed until it is lost. What is set is always
 * said; Reset the machine takes it all away.
 */
export function WireFaultControls({ faults }: { faults: WireFaults }) {
  const [fault, setFault] = useState<WireFault>(() => faults.currentFault());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const lossId = useId();
  const delayId = useId();
  useEffect(() => {
    setFault(faults.currentFault());
    return faults.onFaultChange(setFault);
  }, [faults]);
  const pulled = fault.lossPercent >= 100;

  const apply = async (next: WireFault) => {
    setBusy(true);
    setError('');
    try {
      await faults.setFault(next);
    } catch (e) {
      setError(` Not changed: ${e instanceof Error ? e.message : String(e)}.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className={styles.faults}>
      <legend>Faults on the wire</legend>
      <button
        type="button"
        className={`button button--sm ${pulled ? 'button--primary' : 'button--outline button--secondary'}`}
        aria-pressed={pulled}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (!busy) void apply({ ...fault, lossPercent: pulled ? 0 : 100 });
        }}
      >
        {pulled ? 'Plug the cable back in' : 'Pull the cable'}
      </button>
      <label htmlFor={lossId}>Lose</label>
      <select
        id={lossId}
        value={pulled ? '' : String(fault.lossPercent)}
        disabled={busy || pulled}
        onChange={(e) => void apply({ ...fault, lossPercent: Number(e.currentTarget.value) })}
      >
        {pulled ? <option value="">every segment</option> : null}
        {LOSSES.map((loss) => (
          <option key={loss} value={String(loss)}>
            {loss === 0 ? 'no segment' : `${loss}% of the segments`}
          </option>
        ))}
      </select>
      <label htmlFor={delayId}>Delay each segment by</label>
      <select
        id={delayId}
        value={String(fault.delayMs)}
        disabled={busy}
        onChange={(e) => void apply({ ...fault, delayMs: Number(e.currentTarget.value) })}
      >
        {DELAYS.map((delay) => (
          <option key={delay} value={String(delay)}>
            {delay} ms
          </option>
        ))}
      </select>
      <div className={styles.aims}>
        {AIMS.map(({ kind, label }) => {
          const armed = fault.aim?.kind === kind;
          return (
            <button
              key={kind}
              type="button"
              className={`button button--sm ${armed ? 'button--primary' : 'button--outline button--secondary'}`}
              aria-pressed={armed}
              aria-disabled={busy || pulled || undefined}
              onClick={() => {
                if (busy || pulled) return;
                const rest = { lossPercent: fault.lossPercent, delayMs: fault.delayMs };
                void apply(armed ? rest : { ...rest, aim: { kind, count: 1 } });
              }}
            >
              {label}
            </button>
          );
        })}
      </div>
      <p role="status" aria-label="The wire" className={styles.faultStatus}>
        {describeFault(fault)}
        {error}
      </p>
      <p className={styles.faultHint}>
        With the cable pulled, TCP keeps sending again what was not acknowledged, each time after twice the wait before
        (listed below). Plugged back in, it arrives with the next of those sends, not at once. An aimed loss is armed
        until its segment comes: the last ACK is the one the side that closed first sends after the other side&apos;s
        FIN.
      </p>
    </fieldset>
  );
}
