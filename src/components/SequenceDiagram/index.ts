export { default } from './SequenceDiagram';
export type { Step } from './layout';
