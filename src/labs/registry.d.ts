declare module '@lab-registry' {
  import type { LabContent } from '@site/src/labs/types';

  /** Each lab's files, solutions and references, loaded when the learner opens it. */
  const registry: Readonly<Record<string, () => Promise<LabContent>>>;
  export default registry;
}
