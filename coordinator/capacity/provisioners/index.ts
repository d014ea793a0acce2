// The one place provisioners are chosen: `none` (no provisioner: the loop decides and exports the
// desired node count only), `local`, `exec`, `webhook`.
import type { TransportSecurity } from '../../../platform/security.js';
import type { CapacityOptions } from '../config.js';
import { ExecProvisioner } from './exec.js';
import { LocalProvisioner } from './local.js';
import { WebhookProvisioner } from './webhook.js';
import type { Provisioner } from './provisioner.js';

export * from './provisioner.js';
export { LocalProvisioner, DEFAULT_LOCAL_START_TIMEOUT_MS, type LocalProvisionerOptions } from './local.js';
export { ExecProvisioner, renderArgv, checkTemplate, EXEC_PLACEHOLDERS, RETIRE_PLACEHOLDERS, DEFAULT_EXEC_TIMEOUT_MS, type ExecProvisionerOptions } from './exec.js';
export { WebhookProvisioner, DEFAULT_WEBHOOK_TIMEOUT_MS, type WebhookProvisionerOptions } from './webhook.js';
export { createCapacityMetrics, DESIRED_NODES_METRIC, type CapacityMetrics, type CapacityMetricsSource } from './metrics.js';

/** The configured provisioner (undefined for `none`). Config was validated at start-up. */
export function createProvisioner(c: Pick<CapacityOptions, 'provisioner' | 'provisionerLocal' | 'provisionerExec' | 'provisionerWebhook'>, security: TransportSecurity): Provisioner | undefined {
  switch (c.provisioner) {
    case 'none':
      return undefined;
    case 'local':
      return new LocalProvisioner({ ...c.provisionerLocal, transport: security.mode });
    case 'exec':
      if (!c.provisionerExec) throw new RangeError('provisioner exec needs provisionerExec');
      return new ExecProvisioner(c.provisionerExec);
    case 'webhook':
      if (!c.provisionerWebhook) throw new RangeError('provisioner webhook needs provisionerWebhook');
      return new WebhookProvisioner(c.provisionerWebhook);
  }
}
