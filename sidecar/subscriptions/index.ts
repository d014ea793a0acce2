// Public surface of the sidecar's subscription telemetry (the Topics service).
export {
  TopicAggregator,
  SubscriptionEventError,
  DEFAULT_TOPIC_INTERVAL_MS,
  DEFAULT_MAX_TOPICS,
  DEFAULT_MAX_SUBSCRIPTIONS,
  DEFAULT_MAX_CLIENTS_PER_INTERVAL,
  DEFAULT_FORGET_AFTER_INTERVALS,
  MAX_CLIENT_ID_BYTES,
  type ClosedTopicInterval,
  type TopicInterval,
  type TopicAggregatorOptions,
  type SubscriptionEventInput,
  type TopicKindName,
} from './aggregator.js';
export { TopicTelemetry, TOPIC_HISTORY_FILE, type TopicForecastFn, type TopicTelemetryOptions } from './topic-telemetry.js';
export { topicsHandlers, handleReportSubscriptions, DEFAULT_MAX_SUMMARY_ERRORS } from './service.js';

/** Name of the gRPC service (health, reflection). */
export const TOPICS_SERVICE = 'shardcast.v1.Topics';
export { sharedForecast, DEFAULT_FORECAST_WAIT_MS } from './shared-forecaster.js';
