import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { startServer, deadline } from '../../platform/server.js';
import { TopicTelemetry, topicsHandlers, TOPICS_SERVICE } from '../../sidecar/subscriptions/index.js';
import { LoadForecaster, forecastShape } from '../../sidecar/forecasts.js';
import type { SubscriptionEvent } from '../../generated/proto/shardcast/v1/SubscriptionEvent.js';
import type { ReportSubscriptionsSummary__Output } from '../../generated/proto/shardcast/v1/ReportSubscriptionsSummary.js';
import type { TopicLoads__Output } from '../../generated/proto/shardcast/v1/TopicLoads.js';
import type { TopicsClient } from '../../generated/proto/shardcast/v1/Topics.js';

const IV = 1_000;

async function serve(telemetry: TopicTelemetry): Promise<{ client: TopicsClient; stop(): Promise<void> }> {
  const server = await startServer('127.0.0.1:0', { mode: 'insecure' }, (s) => s.addService(v1.Topics.service, topicsHandlers(telemetry)), [TOPICS_SERVICE]);
  const client = new v1.Topics(server.address, grpc.credentials.createInsecure());
  return {
    client,
    async stop() {
      client.close();
      await server.stop();
    },
  };
}

function report(client: TopicsClient, events: SubscriptionEvent[]): Promise<ReportSubscriptionsSummary__Output> {
  return new Promise((resolve, reject) => {
    const call = client.ReportSubscriptions({ deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!)));
    for (const e of events) call.write(e);
    call.end();
  });
}

function loads(client: TopicsClient, prefix = '', limit = 0): Promise<TopicLoads__Output> {
  return new Promise((resolve, reject) => client.GetTopicLoads({ prefix, limit }, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!))));
}

test('ReportSubscriptions over gRPC: good events aggregate, bad ones are named and the stream goes on', async (t) => {
  // Events are timed on arrival: an hour-long interval keeps them all in one interval.
  const HOUR = 3_600_000;
  const telemetry = new TopicTelemetry({ nodeId: 'n1', intervalMs: HOUR });
  const srv = await serve(telemetry);
  try {
    const summary = await report(srv.client, [
      { topic: 'home/kitchen/temp', action: 'SUBSCRIBE', clientId: 'app-1' },
      { topic: 'home/+/temp', kind: 'WILDCARD', action: 'SUBSCRIBE', clientId: 'app-2' },
      { topic: 'home/#b', action: 'SUBSCRIBE', clientId: 'app-3' },
      { topic: 'home/kitchen/temp', action: 'PUBLISH', publishes: 40, publishBytes: 4000 },
      { topic: 'home/kitchen/temp', action: 'SUBSCRIBE' },
      { topic: 'home/kitchen/temp', action: 'SUBSCRIBE', clientId: 'app-3' },
    ]);
    t.is(summary.events, '6');
    t.is(summary.accepted, '4');
    t.is(summary.rejected, '2');
    t.is(summary.errors.length, 2);
    t.regex(summary.errors[0]!, /^event 3: .*'#' at index 5 does not occupy a whole level/);
    t.regex(summary.errors[1]!, /^event 5: client_id is required for SUBSCRIBE/);
    t.is(summary.subscriptions, '3');
    t.is(summary.topics, '2');
    telemetry.tick(Math.floor(Date.now() / HOUR) * HOUR + HOUR);
    const l = await loads(srv.client);
    t.is(l.nodeId, 'n1');
    t.is(l.intervalMs, String(HOUR));
    t.is(l.topicsTracked, '2');
    const concrete = l.topics.find((x) => x.topic === 'home/kitchen/temp')!;
    t.is(concrete.kind, 'CONCRETE');
    t.is(concrete.subscriptions, '2');
    t.is(concrete.publishes, '40');
    t.is(concrete.publishRatePerS, 40 / 3600); // 40 in an hour
    t.is(concrete.bytesPerS, 4000 / 3600);
    t.is(concrete.clientEventRatePerS, 2 / 3600);
    const wild = l.topics.find((x) => x.topic === 'home/+/temp')!;
    t.is(wild.kind, 'WILDCARD');
    t.is(wild.publishes, '40'); // delivered through the filter
    // Busiest first, limit and prefix.
    const one = await loads(srv.client, 'home/+', 1);
    t.deepEqual(one.topics.map((x) => x.topic), ['home/+/temp']);
  } finally {
    await srv.stop();
    await telemetry.stop();
  }
});

test('topic history feeds the sidecar forecaster: a forecast per topic with its method and model version', async (t) => {
  const history = { fineCapacity: 720 };
  const shape = forecastShape(IV, history.fineCapacity, 4, 3, 60);
  const forecaster = await LoadForecaster.open({ intraOpNumThreads: 1, shape });
  const telemetry = new TopicTelemetry({ nodeId: 'n1', intervalMs: IV, forecast: (h, ids, start) => forecaster.forecast(h, ids, start) });
  try {
    const agg = telemetry.aggregator;
    agg.apply({ topic: 'a', kind: '', clientId: 's', action: 'SUBSCRIBE', publishes: '0', publishBytes: '0' }, 0);
    // 12 intervals of a 4-step cycle: 10, 20, 30, 40, ...
    for (let k = 0; k < 12; k++) {
      agg.apply({ topic: 'a', kind: '', clientId: '', action: 'PUBLISH', publishes: String(10 * ((k % 4) + 1)), publishBytes: '0' }, k * IV + 1);
      telemetry.tick((k + 1) * IV);
      await telemetry.settled();
    }
    const f = telemetry.forecast('a');
    t.truthy(f);
    t.is(f!.values!.length, 3); // 0.1, 0.5, 0.9
    t.is(f!.values![0]!.values!.length, 3);
    t.is(f!.modelVersion, forecaster.modelVersion);
    t.true(['model', 'seasonal-naive'].includes(f!.method!));
    // The median continues the cycle: next is 10, then 20, then 30 (history ended on 40).
    const median = f!.values![1]!.values! as number[];
    t.true(Math.abs(median[0]! - 10) <= 3 && Math.abs(median[2]! - 30) <= 5, `median ${median.join(',')}`);
    t.is(f!.startMs, String(12 * IV));
    t.true(telemetry.forecastRuns >= 1);
  } finally {
    await telemetry.stop();
    await forecaster.close();
  }
});
