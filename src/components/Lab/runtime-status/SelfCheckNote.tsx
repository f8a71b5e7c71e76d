import Link from '@docusaurus/Link';
import type { SelfCheckState } from '../../../runtimes/webcontainer/close-self-check';
import { describeSelfCheck, REAL_KERNEL_LAB } from './self-check-text';

/** What the in-browser runtime's start-up check found, and where to see the real kernel when it matters. */
export function SelfCheckNote({ check }: { check: SelfCheckState }) {
  const { text, pointToKernel } = describeSelfCheck(check);
  return (
    <span>
      {' '}
      {text}
      {pointToKernel ? (
        <>
          {' '}
          See what the kernel itself does in <Link to={REAL_KERNEL_LAB}>the C lab on Linux in your browser</Link>.
        </>
      ) : null}
    </span>
  );
}
