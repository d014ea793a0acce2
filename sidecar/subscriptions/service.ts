// The Topics service a sidecar serves beside Sidecar: ReportSubscriptions (client stream of
// SubscriptionEvent; a bad event is counted and named, the stream goes on) and GetTopicLoads.
import type * as grpc from '@grpc/grpc-js';
import { clientStream, unary } from '../../platform/handlers.js';
import { InvalidArgumentError } from '../../platform/errors.js';
import { MAX_PREFIX_BYTES } from '../../core/topics/index.js';
import type { TopicsHandlers } from '../../generated/proto/shardcast/v1/Topics.js';
import type { SubscriptionEvent__Output } from '../../generated/proto/shardcast/v1/SubscriptionEvent.js';
import type { ReportSubscriptionsSummary } from '../../generated/proto/shardcast/v1/ReportSubscriptionsSummary.js';
import { SubscriptionEventError } from './aggregator.js';
import type { TopicTelemetry } from './topic-telemetry.js';

/** Rejection reasons returned in the summary (the rest are only counted). */
export const DEFAULT_MAX_SUMMARY_ERRORS = 10;

/** Reads the stream to its end; resolves with the summary, rejects when the call fails. */
export function handleReportSubscriptions(
  call: grpc.ServerReadableStream<SubscriptionEvent__Output, ReportSubscriptionsSummary>,
  telemetry: TopicTelemetry,
  maxErrors = DEFAULT_MAX_SUMMARY_ERRORS,
): Promise<ReportSubscriptionsSummary> {
  let events = 0;
  let accepted = 0;
  let rejected = 0;
  const errors: string[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (ev: SubscriptionEvent__Output) => {
      events++;
      try {
        telemetry.aggregator.apply(ev);
        accepted++;
      } catch (err) {
        rejected++;
        if (!(err instanceof SubscriptionEventError)) {
          // Not the event's fault: say so rather than blame the input.
          if (errors.length < maxErrors) errors.push(`event ${events}: internal error: ${(err as Error).message}`);
          return;
        }
        if (errors.length < maxErrors) errors.push(`event ${events}: ${err.message}`);
      }
    });
    call.on('end', () =>
      resolve({ events: String(events), accepted: String(accepted), rejected: String(rejected), errors, subscriptions: String(telemetry.aggregator.subscriptions), topics: String(telemetry.aggregator.topicCount) }),
    );
    call.on('error', reject);
    call.on('cancelled', () => reject(new Error('cancelled')));
  });
}

export function topicsHandlers(telemetry: TopicTelemetry): TopicsHandlers {
  return {
    ReportSubscriptions: clientStream((call) => handleReportSubscriptions(call, telemetry)),
    GetTopicLoads: unary((call) => {
      const { prefix, limit } = call.request;
      if (Buffer.byteLength(prefix, 'utf8') > MAX_PREFIX_BYTES) throw new InvalidArgumentError(`prefix is longer than ${MAX_PREFIX_BYTES} bytes`);
      return telemetry.loads(prefix, limit);
    }),
  };
}
