// Public surface of the sidecar's telemetry: access aggregation, co-access, history, host
// metrics, Prometheus metrics and the ReportAccess handler. Internals stay in their files.
export { Aggregator, DEFAULT_COACCESS_TOP, type AggregatorOptions, type IngestResult } from './aggregator.js';
export { startRolloverTimer, DEFAULT_INTERVAL_MS, DEFAULT_MAX_CATCHUP_INTERVALS, type RolloverTimerOptions } from './interval-clock.js';
export { DEFAULT_LATENCY_SIGNIFICANT_DIGITS } from './shard-state.js';
export { type RouteLookup, type RoutedRange } from './route-cache.js';
export { type ClosedInterval, type MicroshardIntervalLoad, type IntervalTotals } from './interval-load.js';
export { type AccessBatchLike, type AccessRecordLike } from './access-decoded.js';
export {
  DEFAULT_ACCESS_BUCKETS,
  splitPointFromHistogram,
  shareBelow,
  rebucket,
  mergeHistograms,
  bucketStart,
  bucketOf,
  histogramTotal,
  emptyHistogram,
  type AccessHistogram,
  type SplitSuggestion,
} from './access-histogram.js';
export { WireFormatError } from './access-wire.js';
export { CoAccessTracker, SpaceSaving, DEFAULT_COACCESS_CAPACITY, DEFAULT_MAX_GROUP_MICROSHARDS, type CoAccessPair, type CoAccessOptions, type HeavyHitter } from './coaccess.js';
export { History, DEFAULT_FINE_HOURS, DEFAULT_HOURLY_DAYS, type HistoryOptions, type IntervalLoads } from './history.js';
export { HISTORY_CHANNELS, type Series } from './history-rings.js';
export { splitShares } from './history-lineage.js';
export { HistoryFileError, HISTORY_FILE_VERSION } from './history-file.js';
export { startHistoryPersistence, DEFAULT_HISTORY_SAVE_MS, type HistoryLoadReport } from './history-persistence.js';
export { HostMetricsSampler, sampleHost, toHostMetricsProto, DEFAULT_HOST_SAMPLE_MS, EMPTY_HOST_SNAPSHOT, type HostSnapshot, type HostMetricsOptions } from './host-metrics.js';
export { createSidecarMetrics, instrumentService, DEFAULT_FORECAST_BUCKETS, METRIC_PREFIX, type SidecarMetrics, type SidecarMetricsOptions } from './metrics.js';
export { handleReportAccess, withLeanReportAccess, RawAccessBatch, DEFAULT_MAX_SUMMARY_ERRORS, type ReportAccessOptions, type AccessBatchMessage } from './report-access.js';
export { toLoadReport } from './load-report.js';
