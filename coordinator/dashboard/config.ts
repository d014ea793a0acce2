// Coordinator options of the operator dashboard (coordinator/dashboard/). Spread into the
// coordinator's schema: each key has one default and one doc.
import { z } from 'zod';
import { HostPort } from '../../platform/config.js';

/** How often the dashboard pushes a fresh cluster snapshot down each open event stream. */
export const DEFAULT_DASHBOARD_PUSH_MS = 1_000;
/** Past lifecycle events a new dashboard stream starts with. */
export const DEFAULT_DASHBOARD_EVENTS = 200;

export const DASHBOARD_OPTIONS = {
  dashboardListen: HostPort.optional().describe('serve the web dashboard (HTTP, HTTPS when security is tls/mtls) here; port 0 picks one; unset: off'),
  dashboardPushMs: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_DASHBOARD_PUSH_MS).describe('how often the dashboard pushes a cluster snapshot to each browser, ms'),
  dashboardEvents: z.coerce.number().int().min(0).max(10_000).default(DEFAULT_DASHBOARD_EVENTS).describe('past lifecycle events a new dashboard view starts with'),
};
