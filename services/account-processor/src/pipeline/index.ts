export { type CloserPass, type MonthCloserDeps, monthCloser } from './month-closer.js';
export { type StageBehind, type UpstreamStage, upstreamDrained } from './upstream-drained.js';
