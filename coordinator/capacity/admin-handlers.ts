// The Admin RPCs for capacity, over CapacityService (leader answers, followers forward).
import type * as grpc from '@grpc/grpc-js';
import { unary } from '../../platform/handlers.js';
import type { AdminHandlers } from '../../generated/proto/shardcast/v1/Admin.js';
import type { CapacityService } from './service.js';

export type CapacityAdminHandlers = Pick<AdminHandlers, 'UpdateMetrics' | 'GetCapacity'>;

export function capacityAdminHandlers(service: CapacityService, auth: (call: { metadata: grpc.Metadata }) => void): CapacityAdminHandlers {
  return {
    UpdateMetrics: unary((call) => {
      auth(call);
      const r = call.request;
      const m = r.metrics;
      // proto3 cannot tell 0 from absent: 0 means "not measured" (documented in admin.proto).
      const opt = (v: number | string | undefined) => (v === undefined || Number(v) === 0 ? undefined : Number(v));
      return service.updateMetrics(
        {
          shardId: r.target === 'shardId' ? r.shardId : undefined,
          nodeId: r.target === 'nodeId' ? r.nodeId : undefined,
          metrics: { cpuUtilisation: m ? m.cpuUtilisation : undefined, cpuCores: opt(m?.cpuCores), memoryUsedBytes: opt(m?.memoryUsedBytes), memoryTotalBytes: opt(m?.memoryTotalBytes), iops: opt(m?.iops), atMs: opt(m?.atMs) },
        },
        call.metadata,
      );
    }),
    GetCapacity: unary((call) => {
      auth(call);
      return service.getCapacity(call.metadata);
    }),
  };
}
