declare module '@lab-registry' {
  import type { LabFile, LabSummary } from '@site/src/labs/types';

  export interface LabRegistryEntry {
    readonly summary: LabSummary;
    readonly loadFiles: () => Promise<readonly LabFile[]>;
  }
  const registry: Readonly<Record<string, LabRegistryEntry>>;
  export default registry;
}
