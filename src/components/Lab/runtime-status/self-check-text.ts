import type { SelfCheckState } from '../../../runtimes/webcontainer/close-self-check';

/** Where the same experiment runs on a real kernel (lesson 4's C lab). */
export const REAL_KERNEL_LAB = '/lessons/close-vs-shutdown#the-same-experiment-in-c-on-a-real-linux-kernel';

export interface SelfCheckText {
  readonly text: string;
  /** Whether the learner should be pointed to the C lab on a real kernel. */
  readonly pointToKernel: boolean;
}

/** The status line's sentence about the in-browser runtime's start-up check against Linux. */
export function describeSelfCheck(check: SelfCheckState): SelfCheckText {
  switch (check.status) {
    case 'idle':
      return {
        text: 'Its network is emulated; compare your run with the real-Linux behaviour the lesson describes.',
        pointToKernel: false,
      };
    case 'running':
      return { text: "Checking its emulated network's close behaviours against Linux…", pointToKernel: false };
    case 'failed':
      return {
        text: `Its network is emulated, and the check of its close behaviours against Linux failed (${check.reason}): compare your run with the lesson.`,
        pointToKernel: true,
      };
    case 'done': {
      const all = check.items.length;
      const differing = check.items.filter((item) => !item.matches);
      if (differing.length === 0) {
        const titles = check.items.map((item) => item.title).join(', ');
        return {
          text: `Its network is emulated; a check at start found its close behaviours match Linux (${all} of ${all}: ${titles}).`,
          pointToKernel: false,
        };
      }
      const details = differing.map((item) => `${item.title}: here "${item.got}", on Linux "${item.linux}"`).join('; ');
      return {
        text: `Its network is emulated, and a check at start found it differs from Linux in ${differing.length} of ${all} close behaviours: ${details}. Where your run differs from the lesson, the lesson is right for Linux.`,
        pointToKernel: true,
      };
    }
  }
}
