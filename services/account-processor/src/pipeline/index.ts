export {
  type CloserPass,
  type MonthCloserDeps,
  monthCloser,
  unfollowedRestatements,
} from './month-closer.js';
export { type StageBehind, type UpstreamStage, upstreamDrained } from './upstream-drained.js';
