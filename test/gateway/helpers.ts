// Helpers for the gateway and topic tests: HTTP calls, ReportSubscriptions streams.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import type { SubscriptionEvent } from '../../generated/proto/shardcast/v1/SubscriptionEvent.js';
import type { ReportSubscriptionsSummary__Output } from '../../generated/proto/shardcast/v1/ReportSubscriptionsSummary.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function http(address: string, path: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const res = await fetch(`http://${address}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, json };
}

export function postJson(address: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return http(address, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Streams `events` to a sidecar's Topics.ReportSubscriptions and returns the summary. */
export function reportSubscriptions(sidecarAddress: string, events: SubscriptionEvent[], creds: grpc.ChannelCredentials = grpc.credentials.createInsecure()): Promise<ReportSubscriptionsSummary__Output> {
  const client = new v1.Topics(sidecarAddress, creds);
  return new Promise<ReportSubscriptionsSummary__Output>((resolve, reject) => {
    const call = client.ReportSubscriptions({ deadline: deadline(10_000) }, (e, r) => (e ? reject(e) : resolve(r!)));
    for (const e of events) call.write(e);
    call.end();
  }).finally(() => client.close());
}
