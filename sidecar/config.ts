// Sidecar options: each has a default and a doc; validated once at start-up.
import { z } from 'zod';
import { Flag, HostPort } from '../platform/config.js';
import { TransportSecuritySchema } from '../platform/security.js';
import { DEFAULT_INTERVAL_MS } from './telemetry/interval-clock.js';
import { DEFAULT_HOST_SAMPLE_MS } from './telemetry/host-metrics.js';
import { DEFAULT_HISTORY_SAVE_MS } from './telemetry/history-persistence.js';
import { DEFAULT_INTRA_OP_THREADS } from '../models/runtime.js';
import { DEFAULT_PARAMS as ANOMALY_DEFAULTS } from '../core/anomaly/detector.js';
import { DEFAULT_ANOMALY_MIN_OPS_PER_S } from './anomalies.js';

/** Kept back from the node lease when telling the storage node how long it may accept writes. */
export const DEFAULT_LEASE_SAFETY_MARGIN_MS = 1_000;
/** Microshard sizes come from a scan in the storage node (DataPlane.Stats): once a minute. */
export const DEFAULT_SIZE_REFRESH_MS = 60_000;
/**
 * Longest default forecast horizon, in intervals (10 min at 10 s): every step of every quantile
 * of every microshard travels in each load report, so the default stays small.
 */
export const DEFAULT_FORECAST_HORIZON_CAP = 60;

export const SidecarConfigSchema = z.object({
  nodeId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'node id: 1-64 of A-Z a-z 0-9 . _ -').describe('id of the storage node this sidecar serves'),
  listen: HostPort.default('127.0.0.1:7500').describe('gRPC listen address (port 0 picks one)'),
  advertise: HostPort.optional().describe('address clients use to reach this sidecar (default: the bound address)'),
  coordinators: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v), z.array(HostPort).min(1)).describe('coordinator replicas (any of them; the leader is found from there)'),
  datastore: HostPort.describe('the storage node\'s DataPlane address'),
  datastoreAdvertise: HostPort.optional().describe('storage node address clients and other storage nodes (a copy) use (default: datastore)'),
  zone: z.string().default('').describe('placement zone label'),
  region: z.string().default('').describe('placement region label'),
  capacityOpsPerS: z.coerce.number().min(0).default(0).describe('operations per second the node is sized for (0 = unknown)'),
  leaseSafetyMarginMs: z.coerce.number().int().min(100).default(DEFAULT_LEASE_SAFETY_MARGIN_MS).describe('kept back from the lease when renewing the storage node'),
  dataDir: z.string().optional().describe('where the sidecar keeps local state (telemetry history); default: <tmpdir>/shardcast-sidecar-<nodeId>, logged at start'),
  // Telemetry and forecasts (see docs/architecture.md "Telemetry and forecasts").
  intervalMs: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_INTERVAL_MS).describe('aggregation interval: the fine resolution of history, load reports and forecasts'),
  metricsListen: HostPort.optional().describe('serve Prometheus GET /metrics here (port 0 picks one; unset: no metrics endpoint)'),
  hostSampleMs: z.coerce.number().int().min(100).default(DEFAULT_HOST_SAMPLE_MS).describe('host metrics (systeminformation) sampling period'),
  sizeRefreshMs: z.coerce.number().int().min(0).default(DEFAULT_SIZE_REFRESH_MS).describe('how often microshard sizes are read from the storage node (DataPlane.Stats); 0 = never'),
  historySaveMs: z.coerce.number().int().min(100).default(DEFAULT_HISTORY_SAVE_MS).describe('how often the telemetry history is written to dataDir'),
  forecast: Flag.default(true).describe('forecast every owned microshard after each interval (ONNX model in a worker thread)'),
  forecastSeason: z.coerce.number().int().min(0).max(100_000).default(0).describe('season of the forecasts in intervals (0: one day, capped at half the interval-resolution history)'),
  forecastHorizon: z.coerce.number().int().min(0).max(100_000).default(0).describe(`forecast steps in intervals (0: one season, at most ${DEFAULT_FORECAST_HORIZON_CAP})`),
  forecastThreads: z.coerce.number().int().min(1).max(64).default(DEFAULT_INTRA_OP_THREADS).describe('ONNX Runtime intra-op threads of the forecaster'),
  modelPath: z.string().optional().describe('forecaster model file (default: the committed models/forecaster.onnx)'),
  // Anomaly detection (sidecar/anomalies.ts): one streaming detector per series, every interval.
  anomalies: Flag.default(true).describe('score every owned microshard\'s ops and the host CPU for anomalies each interval and report them to the leader'),
  anomalyProbation: z.coerce.number().int().min(0).max(1_000_000).default(ANOMALY_DEFAULTS.probation).describe('intervals a new series is only learnt from (scores 0) before it can be flagged'),
  anomalyTail: z.coerce.number().gt(0).lt(0.5).default(ANOMALY_DEFAULTS.tailThreshold).describe('sensitivity: a point is flagged when a surprise this unlikely (Gaussian tail probability) or rarer; smaller = fewer flags'),
  anomalyMinOpsPerS: z.coerce.number().min(0).default(DEFAULT_ANOMALY_MIN_OPS_PER_S).describe('a microshard anomaly closer than this (ops/s) to the expected load is not reported'),
  security: TransportSecuritySchema.default({ mode: 'insecure' }),
});

export type SidecarConfig = z.infer<typeof SidecarConfigSchema>;
