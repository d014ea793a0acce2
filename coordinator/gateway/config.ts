// Coordinator options of the HTTP/JSON gateway. Spread into the coordinator's schema.
import { z } from 'zod';
import { HostPort } from '../../platform/config.js';

/** Largest request body the gateway reads (POST /update_metrics). */
export const DEFAULT_GATEWAY_MAX_BODY_BYTES = 64 * 1024;

export const GATEWAY_OPTIONS = {
  gatewayListen: HostPort.optional().describe('serve the HTTP/JSON gateway (GET /predict_load, GET /get_shard_id, POST /update_metrics) here; port 0 picks one; unset: off'),
  gatewayMaxBodyBytes: z.coerce.number().int().min(1024).default(DEFAULT_GATEWAY_MAX_BODY_BYTES).describe('largest request body the gateway reads'),
};
