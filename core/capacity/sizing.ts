// Adaptive sizing: the CPU and memory a datastore instance should have, from its actual load,
// its forecast and (when reported) its measured CPU, memory and IOPS.
//
//   demand      = max(current ops/s, forecast p90 peak ops/s over the horizon)
//   opsPerCore  = current / (cpuUtilisation x cores)      when CPU is measured (>= 5 % busy),
//                 else the datastore type's opsPerCore
//   cpu         = roundUp(demand / (opsPerCore x targetCpuUtilisation), cpuStep)
//   growth      = clamp(demand / current, 1, maxGrowth)    (1 when nothing runs yet)
//   memoryNeed  = max(baseMemoryMb + dataMb x dataMemoryRatio + demand x memoryPerOpsPerSMb,
//                     measuredUsedMb + (demand - current) x memoryPerOpsPerSMb)
//   memoryMb    = roundUp(memoryNeed / targetMemoryUtilisation, memoryStepMb)
//   iops        = roundUp(measuredIops x growth / targetIopsUtilisation)   (when measured)
// each clamped to [min, max]. CPU follows ops because a datastore's work is per request;
// memory follows the data it holds plus per-request buffers (a measured working set grows only by
// the buffers of the extra demand: data does not grow with load); IOPS follow load; a
// measurement wins over a model when it is larger.
import type { DatastoreType } from './cost-model.js';

/** Busy fraction a recommended CPU size aims at: room for the forecast's error and for copies. */
export const DEFAULT_TARGET_CPU_UTILISATION = 0.6;
/** Memory fraction a recommended size aims at (page cache, fragmentation). */
export const DEFAULT_TARGET_MEMORY_UTILISATION = 0.75;
/** IOPS fraction a recommended volume aims at. */
export const DEFAULT_TARGET_IOPS_UTILISATION = 0.7;
/** CPU is recommended in steps of this many cores. */
export const DEFAULT_CPU_STEP = 0.5;
/** Memory is recommended in steps of this many MiB. */
export const DEFAULT_MEMORY_STEP_MB = 256;
export const DEFAULT_MIN_CPU = 0.5;
export const DEFAULT_MAX_CPU = 64;
export const DEFAULT_MIN_MEMORY_MB = 512;
export const DEFAULT_MAX_MEMORY_MB = 256 * 1024;
/** Memory a datastore process needs with no data and no load, MiB. */
export const DEFAULT_BASE_MEMORY_MB = 256;
/** Share of the data kept in memory (1: an in-memory subscription store; lower for disk-backed). */
export const DEFAULT_DATA_MEMORY_RATIO = 1;
/** MiB of buffers per op/s of demand (connections, in-flight requests). */
export const DEFAULT_MEMORY_PER_OPS_PER_S_MB = 0.1;
/** Largest growth factor applied to measured IOPS. */
export const DEFAULT_MAX_GROWTH = 4;
/** Below this CPU busy fraction a measurement says too little to calibrate ops per core. */
export const MIN_CALIBRATION_UTILISATION = 0.05;

export interface SizingConfig {
  targetCpuUtilisation: number;
  targetMemoryUtilisation: number;
  targetIopsUtilisation: number;
  cpuStep: number;
  memoryStepMb: number;
  minCpu: number;
  maxCpu: number;
  minMemoryMb: number;
  maxMemoryMb: number;
  baseMemoryMb: number;
  dataMemoryRatio: number;
  memoryPerOpsPerSMb: number;
  maxGrowth: number;
}

export const DEFAULT_SIZING_CONFIG: Readonly<SizingConfig> = Object.freeze({
  targetCpuUtilisation: DEFAULT_TARGET_CPU_UTILISATION,
  targetMemoryUtilisation: DEFAULT_TARGET_MEMORY_UTILISATION,
  targetIopsUtilisation: DEFAULT_TARGET_IOPS_UTILISATION,
  cpuStep: DEFAULT_CPU_STEP,
  memoryStepMb: DEFAULT_MEMORY_STEP_MB,
  minCpu: DEFAULT_MIN_CPU,
  maxCpu: DEFAULT_MAX_CPU,
  minMemoryMb: DEFAULT_MIN_MEMORY_MB,
  maxMemoryMb: DEFAULT_MAX_MEMORY_MB,
  baseMemoryMb: DEFAULT_BASE_MEMORY_MB,
  dataMemoryRatio: DEFAULT_DATA_MEMORY_RATIO,
  memoryPerOpsPerSMb: DEFAULT_MEMORY_PER_OPS_PER_S_MB,
  maxGrowth: DEFAULT_MAX_GROWTH,
});

/** Defaults overlaid with `overrides`; throws a RangeError naming the first bad key. */
export function sizingConfig(overrides: Partial<SizingConfig> = {}): SizingConfig {
  const c: SizingConfig = { ...DEFAULT_SIZING_CONFIG, ...overrides };
  for (const [k, v] of Object.entries(c)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`sizing config ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  for (const k of ['targetCpuUtilisation', 'targetMemoryUtilisation', 'targetIopsUtilisation'] as const) {
    if (!(c[k] > 0 && c[k] <= 1)) throw new RangeError(`sizing config ${k} must be in (0, 1], got ${c[k]}`);
  }
  for (const k of ['cpuStep', 'memoryStepMb', 'minCpu', 'minMemoryMb'] as const) {
    if (!(c[k] > 0)) throw new RangeError(`sizing config ${k} must be > 0`);
  }
  if (c.maxCpu < c.minCpu) throw new RangeError('sizing config maxCpu is below minCpu');
  if (c.maxMemoryMb < c.minMemoryMb) throw new RangeError('sizing config maxMemoryMb is below minMemoryMb');
  if (c.maxGrowth < 1) throw new RangeError('sizing config maxGrowth must be at least 1');
  return c;
}

/** What was measured on the instance (all optional: a fresh node has nothing). */
export interface MeasuredUsage {
  /** CPU busy fraction 0..1. */
  cpuUtilisation?: number;
  cpuCores?: number;
  memoryUsedBytes?: number;
  iops?: number;
}

export interface SizingInput {
  type: DatastoreType;
  currentOpsPerS: number;
  /** Peak of the p90 forecast over the horizon, ops/s (0 or undefined: no forecast). */
  forecastP90PeakOpsPerS?: number;
  dataBytes: number;
  measured?: MeasuredUsage;
}

export interface SizeRecommendation {
  cpu: number;
  memoryMb: number;
  /** Recommended IOPS (undefined when none were measured). */
  iops?: number;
  demandOpsPerS: number;
  opsPerCore: number;
  opsPerCoreFrom: 'measured' | 'type';
  memoryFrom: 'model' | 'measured';
  growth: number;
}

const MIB = 1024 * 1024;

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step - 1e-9) * step;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function nonNeg(x: number | undefined): number {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : 0;
}

export function recommendSize(input: SizingInput, cfg: SizingConfig): SizeRecommendation {
  const current = nonNeg(input.currentOpsPerS);
  const demand = Math.max(current, nonNeg(input.forecastP90PeakOpsPerS));
  const m = input.measured ?? {};
  const util = nonNeg(m.cpuUtilisation);
  const cores = nonNeg(m.cpuCores);
  const calibrated = util >= MIN_CALIBRATION_UTILISATION && cores > 0 && current > 0;
  const opsPerCore = calibrated ? current / (util * cores) : input.type.opsPerCore;
  const cpu = clamp(roundUp(demand / (opsPerCore * cfg.targetCpuUtilisation), cfg.cpuStep), cfg.minCpu, cfg.maxCpu);
  const growth = current > 0 ? clamp(demand / current, 1, cfg.maxGrowth) : 1;
  const modelled = cfg.baseMemoryMb + (nonNeg(input.dataBytes) / MIB) * cfg.dataMemoryRatio + demand * cfg.memoryPerOpsPerSMb;
  const measuredMb = nonNeg(m.memoryUsedBytes) > 0 ? nonNeg(m.memoryUsedBytes) / MIB + Math.max(0, demand - current) * cfg.memoryPerOpsPerSMb : 0;
  const need = Math.max(modelled, measuredMb);
  const memoryMb = clamp(roundUp(need / cfg.targetMemoryUtilisation, cfg.memoryStepMb), cfg.minMemoryMb, cfg.maxMemoryMb);
  const iops = nonNeg(m.iops) > 0 ? Math.ceil((nonNeg(m.iops) * growth) / cfg.targetIopsUtilisation - 1e-9) : undefined;
  return {
    cpu: Math.round(cpu * 1000) / 1000,
    memoryMb: Math.round(memoryMb),
    iops,
    demandOpsPerS: Math.round(demand * 1000) / 1000,
    opsPerCore: Math.round(opsPerCore * 1000) / 1000,
    opsPerCoreFrom: calibrated ? 'measured' : 'type',
    memoryFrom: measuredMb > modelled ? 'measured' : 'model',
    growth: Math.round(growth * 1000) / 1000,
  };
}
