// `webhook`: POSTs a JSON request to an operator's endpoint (an autoscaler, a cloud function):
//   {"action":"provision","node_id","cluster","type","cpu","memory_mb","capacity_ops_per_s",
//    "coordinators":[...],"reason","deadline_ms"}   or   {"action":"retire","node_id","cluster","reason","deadline_ms"}
// with a deadline, and validates the answer: a 2xx whose body is a JSON object
// {"accepted": true, "node_id"?: the same id, "detail"?: string, "datastore_address"?, "sidecar_address"?}.
// Anything else (other status, not JSON, accepted false, another node id) is an error naming it.
import { z } from 'zod';
import { ProvisionError, type ProvisionRequest, type ProvisionResult, type Provisioner, type RetireRequest } from './provisioner.js';

/** Default deadline of one request, ms. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 30_000;
/** Largest answer read. */
export const MAX_WEBHOOK_RESPONSE_BYTES = 64 * 1024;

export interface WebhookProvisionerOptions {
  url: string;
  /** Extra headers (e.g. authorization). */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const Answer = z.object({
  accepted: z.boolean(),
  node_id: z.string().optional(),
  detail: z.string().max(2000).optional(),
  datastore_address: z.string().optional(),
  sidecar_address: z.string().optional(),
});

export class WebhookProvisioner implements Provisioner {
  readonly kind = 'webhook' as const;

  constructor(private readonly opts: WebhookProvisionerOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new RangeError(`provisioner webhook url ${JSON.stringify(opts.url)} is not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`provisioner webhook url must be http(s), got ${u.protocol}`);
  }

  canRetire(): boolean {
    return true;
  }

  async provision(req: ProvisionRequest): Promise<ProvisionResult> {
    const a = await this.post(
      { action: 'provision', node_id: req.nodeId, cluster: req.cluster, type: req.type, cpu: req.cpu, memory_mb: req.memoryMb, capacity_ops_per_s: req.capacityOpsPerS, coordinators: req.coordinators, reason: req.reason, deadline_ms: req.deadlineMs },
      req.nodeId,
      req.deadlineMs,
    );
    return { nodeId: req.nodeId, detail: a.detail ?? `${this.opts.url} accepted`, datastoreAddress: a.datastore_address, sidecarAddress: a.sidecar_address };
  }

  async retire(req: RetireRequest): Promise<{ detail: string }> {
    const a = await this.post({ action: 'retire', node_id: req.nodeId, cluster: req.cluster, reason: req.reason, deadline_ms: req.deadlineMs }, req.nodeId, req.deadlineMs);
    return { detail: a.detail ?? `${this.opts.url} accepted` };
  }

  private async post(body: Record<string, unknown>, nodeId: string, deadlineMs: number): Promise<z.infer<typeof Answer>> {
    const timeout = Math.max(1, Math.min(deadlineMs, this.opts.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS));
    const what = `${body.action} webhook ${this.opts.url}`;
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(this.opts.headers ?? {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new ProvisionError(`${what} did not answer within ${timeout} ms`);
      throw new ProvisionError(`${what} failed: ${(e.cause as Error | undefined)?.message ?? e.message}`);
    }
    const text = (await res.text()).slice(0, MAX_WEBHOOK_RESPONSE_BYTES);
    if (res.status < 200 || res.status >= 300) throw new ProvisionError(`${what} answered HTTP ${res.status}${text.trim() ? `: ${text.trim().slice(0, 300)}` : ''}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ProvisionError(`${what} answered HTTP ${res.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 100))}`);
    }
    const parsed = Answer.safeParse(json);
    if (!parsed.success) throw new ProvisionError(`${what} answered an unexpected body: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
    if (!parsed.data.accepted) throw new ProvisionError(`${what} refused: ${parsed.data.detail ?? 'accepted is false'}`);
    if (parsed.data.node_id !== undefined && parsed.data.node_id !== nodeId) throw new ProvisionError(`${what} answered for node ${JSON.stringify(parsed.data.node_id)}, not ${nodeId}`);
    return parsed.data;
  }

  async close(): Promise<void> {}
}
