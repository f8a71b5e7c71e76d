declare module '@lab-registry' {
  import type { LabContent, LabSummary } from '@site/src/labs/types';

  export interface LabRegistryEntry {
    readonly summary: LabSummary;
    readonly loadContent: () => Promise<LabContent>;
  }
  const registry: Readonly<Record<string, LabRegistryEntry>>;
  export default registry;
}
