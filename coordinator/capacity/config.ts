// Coordinator options for capacity: the scaling loop, the provisioner, the cost model, and
// sizing. Each has a default and a doc; the
// nested ones come from the YAML file, or from the environment as JSON
// (e.g. SHARDCAST_COORDINATOR_COST_MODEL='{"overloadCostPerNodeHour":5}'). Spread into the
// coordinator's schema; checkCapacityOptions names every bad value at start-up.
import { z } from 'zod';
import { jsonOption } from '../../platform/config.js';
import { capacityConfig, costModel, sizingConfig } from '../../core/capacity/index.js';
import { PROVISIONER_KINDS } from './provisioners/provisioner.js';
import { checkTemplate, EXEC_PLACEHOLDERS, RETIRE_PLACEHOLDERS, DEFAULT_EXEC_TIMEOUT_MS } from './provisioners/exec.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS } from './provisioners/webhook.js';
import { DEFAULT_LOCAL_START_TIMEOUT_MS } from './provisioners/local.js';

/** Scaling loop period, ms; 0 (the default) keeps it off: no decisions, no provisioning. */
export const DEFAULT_SCALE_INTERVAL_MS = 0;
/** How long a provisioned node may take to open its session with the leader, ms. */
export const DEFAULT_PROVISION_TIMEOUT_MS = 120_000;
/**
 * A node the loop provisioned that has had no live session this long (and was provisioned at
 * least this long ago) is forgotten: its record is removed with an event. Local-provisioner nodes
 * end with the coordinator that started them, so after a failover their records outlive them.
 */
export const DEFAULT_MANAGED_GONE_AFTER_MS = 120_000;
/** How long draining a node before retiring it may take, ms. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10 * 60_000;
/** Prefix of the ids of nodes the loop provisions (the rest is a unique suffix). */
export const DEFAULT_AUTO_NODE_PREFIX = 'auto-';
/** Microshards moved at most onto new capacity by one scale-up. */
export const DEFAULT_MAX_MOVES_PER_SCALE = 8;
/** A "no action" decision is recorded as an event at most this often (and when its reason changes), ms. */
export const DEFAULT_NO_ACTION_EVENT_EVERY_MS = 60_000;


const num = () => z.coerce.number();

const TypeSchema = z
  .object({
    costPerHour: num(),
    provisioningCost: num(),
    migrationCostPerGb: num(),
    capacityOpsPerS: num(),
    cpu: num(),
    memoryMb: num(),
    opsPerCore: num(),
    provisionLeadMs: num(),
  })
  .partial();

export const CAPACITY_OPTIONS = {
  scaleIntervalMs: z.coerce.number().int().min(0).default(DEFAULT_SCALE_INTERVAL_MS).describe('scaling loop period, ms (0: off)'),
  provisioner: z.enum(PROVISIONER_KINDS).default('none').describe('how nodes are added and retired: none (decide and export the desired-nodes gauge only), local, exec, webhook'),
  provisionerLocal: jsonOption(
    z.object({
      baseDir: z.string().optional(),
      caDir: z.string().optional().describe('with mutual TLS: directory of the CA (ca.crt, ca.key) that issues each started node its certificates'),
      sidecarArgs: z.array(z.string()).default([]),
      datastoreArgs: z.array(z.string()).default([]),
      startTimeoutMs: z.coerce.number().int().min(1000).default(DEFAULT_LOCAL_START_TIMEOUT_MS),
    }),
  )
    .prefault({})
    .describe('local provisioner: where node data goes and extra flags for the processes it starts'),
  provisionerExec: jsonOption(
    z.object({
      provisionCommand: z.array(z.string()).min(1),
      retireCommand: z.array(z.string()).min(1),
      timeoutMs: z.coerce.number().int().min(100).default(DEFAULT_EXEC_TIMEOUT_MS),
    }),
  )
    .optional()
    .describe('exec provisioner: argv templates with {node_id} {cluster} {type} {cpu} {memory_mb} {capacity_ops_per_s} {coordinators} {reason} {deadline_ms} {action}'),
  provisionerWebhook: jsonOption(
    z.object({
      url: z.string(),
      headers: z.record(z.string(), z.string()).default({}),
      timeoutMs: z.coerce.number().int().min(100).default(DEFAULT_WEBHOOK_TIMEOUT_MS),
    }),
  )
    .optional()
    .describe('webhook provisioner: URL POSTed a JSON request, extra headers, deadline'),
  costModel: jsonOption(
    z
      .object({
        types: z.record(z.string(), TypeSchema),
        defaultType: z.string(),
        overloadCostPerNodeHour: num(),
        excessCostPerMillionOps: num(),
        currency: z.string(),
      })
      .partial(),
  )
    .prefault({})
    .describe('cost per datastore type (costPerHour, provisioningCost, migrationCostPerGb, capacityOpsPerS, cpu, memoryMb, opsPerCore, provisionLeadMs) and the price of overload'),
  capacity: jsonOption(
    z
      .object({
        targetUtilisation: num(),
        absorbableHeadroom: num(),
        safetyMarginMs: num(),
        copyBytesPerS: num(),
        retireUtilisation: num(),
        retireAfterMs: num(),
        scaleDownCooldownMs: num(),
        scaleUpCooldownMs: num(),
        minNodes: num(),
        maxNodes: num(),
        maxStepNodes: num(),
      })
      .partial(),
  )
    .prefault({})
    .describe('scale decision thresholds, lead time margin and hysteresis (core/capacity/config.ts)'),
  sizing: jsonOption(
    z
      .object({
        targetCpuUtilisation: num(),
        targetMemoryUtilisation: num(),
        targetIopsUtilisation: num(),
        cpuStep: num(),
        memoryStepMb: num(),
        minCpu: num(),
        maxCpu: num(),
        minMemoryMb: num(),
        maxMemoryMb: num(),
        baseMemoryMb: num(),
        dataMemoryRatio: num(),
        memoryPerOpsPerSMb: num(),
        maxGrowth: num(),
      })
      .partial(),
  )
    .prefault({})
    .describe('adaptive sizing targets and bounds (core/capacity/sizing.ts)'),
  newNodeType: z.string().optional().describe('datastore type of provisioned nodes (default: the cost model\'s defaultType)'),
  provisionTimeoutMs: z.coerce.number().int().min(1000).default(DEFAULT_PROVISION_TIMEOUT_MS).describe('a provisioned node must open its session within this long'),
  drainTimeoutMs: z.coerce.number().int().min(1000).default(DEFAULT_DRAIN_TIMEOUT_MS).describe('draining a node before its retirement may take this long'),
  managedGoneAfterMs: z.coerce.number().int().min(1000).default(DEFAULT_MANAGED_GONE_AFTER_MS).describe('a provisioned node without a live session this long is forgotten (record removed, event managed_node_gone)'),
  autoNodePrefix: z.string().regex(/^[A-Za-z0-9._-]{1,32}$/, 'auto node prefix: 1-32 of A-Z a-z 0-9 . _ -').default(DEFAULT_AUTO_NODE_PREFIX).describe('prefix of provisioned node ids'),
  maxMovesPerScale: z.coerce.number().int().min(1).max(1000).default(DEFAULT_MAX_MOVES_PER_SCALE).describe('microshards moved at most onto new capacity per scale-up'),
  noActionEventEveryMs: z.coerce.number().int().min(1000).default(DEFAULT_NO_ACTION_EVENT_EVERY_MS).describe('a "no action" decision is recorded at most this often (and when its reason changes)'),
};

const CapacityOptionsSchema = z.object(CAPACITY_OPTIONS);
export type CapacityOptions = z.infer<typeof CapacityOptionsSchema>;

/** Cross-field and semantic checks (called from the coordinator schema's superRefine). */
export function checkCapacityOptions(c: CapacityOptions, ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void }): void {
  const guard = (path: string, fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [path], message: (err as Error).message });
    }
  };
  guard('costModel', () => {
    const m = costModel(c.costModel);
    if (c.newNodeType && !m.types[c.newNodeType]) throw new RangeError(`newNodeType "${c.newNodeType}" is not a type of the cost model (${Object.keys(m.types).join(', ')})`);
  });
  guard('capacity', () => capacityConfig(c.capacity));
  guard('sizing', () => sizingConfig(c.sizing));
  if (c.provisioner === 'exec') {
    if (!c.provisionerExec) ctx.addIssue({ code: 'custom', path: ['provisionerExec'], message: 'provisioner exec needs provisionerExec.provisionCommand and retireCommand' });
    else {
      guard('provisionerExec', () => checkTemplate(c.provisionerExec!.provisionCommand, EXEC_PLACEHOLDERS, 'provisionCommand'));
      guard('provisionerExec', () => checkTemplate(c.provisionerExec!.retireCommand, RETIRE_PLACEHOLDERS, 'retireCommand'));
    }
  }
  if (c.provisioner === 'webhook') {
    if (!c.provisionerWebhook) ctx.addIssue({ code: 'custom', path: ['provisionerWebhook'], message: 'provisioner webhook needs provisionerWebhook.url' });
    else
      guard('provisionerWebhook', () => {
        const u = new URL(c.provisionerWebhook!.url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`url must be http(s), got ${u.protocol}`);
      });
  }
  if (c.provisioner !== 'none' && c.scaleIntervalMs === 0) ctx.addIssue({ code: 'custom', path: ['scaleIntervalMs'], message: `provisioner ${c.provisioner} is configured but the scaling loop is off (set scaleIntervalMs)` });
}
