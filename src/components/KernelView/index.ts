export { default } from './KernelView';
export { connectionViews, segmentLabel, stateLabel } from './connections';
