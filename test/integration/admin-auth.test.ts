// Admin RPCs can require a bearer token; without it they answer UNAUTHENTICATED.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { startEtcd } from '../../devcluster/etcd.js';
import { startCoordinator, CoordinatorConfigSchema } from '../../coordinator/index.js';
import { loadConfig } from '../../platform/config.js';
import { silentLogger } from '../../platform/logger.js';
import { v1 } from '../../platform/proto.js';
import { adminMetadata } from '../../platform/security.js';
import { deadline } from '../../platform/server.js';

test('admin token: missing or wrong -> UNAUTHENTICATED; right -> answered', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.stop());
  const config = loadConfig(CoordinatorConfigSchema, {
    flags: { id: 'c1', listen: '127.0.0.1:0', etcd: { endpoints: [etcd.endpoint] }, electionTtlS: 2, nodeLeaseTtlMs: 4000, security: { mode: 'insecure', adminToken: 's3cret' } },
  });
  const coord = await startCoordinator(config, silentLogger);
  t.teardown(() => coord.stop());
  const admin = new v1.Admin(coord.address, grpc.credentials.createInsecure());
  t.teardown(() => admin.close());
  const status = (md: grpc.Metadata) => new Promise<{ answeredBy: string }>((res, rej) => admin.GetStatus({}, md, { deadline: deadline(2000) }, (e, r) => (e ? rej(e) : res(r!))));
  const none = (await t.throwsAsync(status(new grpc.Metadata()))) as grpc.ServiceError;
  t.is(none.code, grpc.status.UNAUTHENTICATED);
  t.regex(none.details, /Bearer/);
  const wrong = (await t.throwsAsync(status(adminMetadata('nope')))) as grpc.ServiceError;
  t.is(wrong.code, grpc.status.UNAUTHENTICATED);
  t.is((await status(adminMetadata('s3cret'))).answeredBy, 'c1');
});
