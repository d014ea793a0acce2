// The provisioner contract: how the capacity loop asks for a new storage node (with its sidecar)
// and how it gives one back. Three implementations (local, exec, webhook), chosen in index.ts.
// A provisioner only starts and stops nodes; the node joins the cluster by itself (its sidecar
// opens a session with the leader), and draining its data before a retirement is the loop's job.

export const PROVISIONER_KINDS = ['none', 'local', 'exec', 'webhook'] as const;
export type ProvisionerKind = (typeof PROVISIONER_KINDS)[number];

export interface ProvisionRequest {
  /** The id the new node must use (its sidecar's --node-id). */
  nodeId: string;
  cluster: string;
  /** Datastore type (cost model). */
  type: string;
  /** Recommended size (adaptive sizing). */
  cpu: number;
  memoryMb: number;
  /** Ops/s the node should report as its capacity. */
  capacityOpsPerS: number;
  /** Coordinator replicas the new sidecar should dial. */
  coordinators: string[];
  /** Why (the scale decision's explanation). */
  reason: string;
  /** The provisioner must answer within this many ms. */
  deadlineMs: number;
}

export interface ProvisionResult {
  nodeId: string;
  /** What the provisioner did, in words (logged and recorded in the event). */
  detail: string;
  datastoreAddress?: string;
  sidecarAddress?: string;
}

export interface RetireRequest {
  nodeId: string;
  cluster: string;
  reason: string;
  deadlineMs: number;
}

export interface Provisioner {
  readonly kind: Exclude<ProvisionerKind, 'none'>;
  provision(req: ProvisionRequest): Promise<ProvisionResult>;
  /** Stops a node (already drained by the caller). */
  retire(req: RetireRequest): Promise<{ detail: string }>;
  /** Whether this provisioner can stop `nodeId` (local: only what it started; others: any). */
  canRetire(nodeId: string): boolean;
  /** Releases what it holds (local: stops the nodes it started). */
  close(): Promise<void>;
}

/** A provision or retire request that failed; the message says how. */
export class ProvisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionError';
  }
}

/** Placeholders a command template or webhook request can carry, from a request. */
export function placeholders(req: ProvisionRequest | RetireRequest, action: 'provision' | 'retire'): Record<string, string> {
  const p: Record<string, string> = { action, node_id: req.nodeId, cluster: req.cluster, reason: req.reason, deadline_ms: String(req.deadlineMs) };
  if ('cpu' in req) {
    p.type = req.type;
    p.cpu = String(req.cpu);
    p.memory_mb = String(req.memoryMb);
    p.capacity_ops_per_s = String(req.capacityOpsPerS);
    p.coordinators = req.coordinators.join(',');
  }
  return p;
}
