// Public surface of the capacity core: cost model, scale decision, adaptive sizing.
export * from './cost-model.js';
export * from './config.js';
export { sumForecasts, flatForecast, peak, quantileAt, toQuantileForecast, type QuantileForecast, type SummedForecast } from './forecast.js';
export {
  decideScale,
  usableCapacity,
  fmtBytes,
  type CapacityNode,
  type CapacitySnapshot,
  type ScaleAction,
  type ScaleDecision,
  type ScaleForecastSummary,
  type ScaleMemory,
  type ScaleMoney,
  type ScaleReason,
  type ScaleTiming,
} from './decision.js';
export * from './sizing.js';
export { fromPlannerSnapshot, type BridgeOptions } from './planner-bridge.js';
export { planScaleMoves, type MoveSource, type MoveCandidate, type PlannedMove, type MovePlan } from './moves.js';
