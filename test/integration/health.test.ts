// Every shardcast server answers gRPC health checks and reflection, and reports NOT_SERVING
// while it drains on stop.
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { startDatastore } from '../../datastore/index.js';
import { deadline } from '../../platform/server.js';

const require = createRequire(import.meta.url);
const healthProto = join(require.resolve('grpc-health-check/package.json'), '..', 'proto/health/v1/health.proto');
const reflectionProto = join(require.resolve('@grpc/reflection/package.json'), '..', 'build/proto/grpc/reflection/v1/reflection.proto');

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('health SERVING for the server and its service; reflection lists the shardcast services', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-health-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ds = await startDatastore({ nodeId: 'n1', dataDir: dir, listen: '127.0.0.1:0', security: { mode: 'insecure' } });
  t.teardown(() => ds.stop());
  const health = (grpc.loadPackageDefinition(protoLoader.loadSync(healthProto, { enums: String })) as Any).grpc.health.v1;
  const client = new health.Health(ds.address, grpc.credentials.createInsecure());
  t.teardown(() => client.close());
  const check = (service: string) => new Promise<Any>((res, rej) => client.Check({ service }, { deadline: deadline(2000) }, (e: Error | null, r: Any) => (e ? rej(e) : res(r))));
  t.is((await check('')).status, 'SERVING');
  t.is((await check('shardcast.v1.DataPlane')).status, 'SERVING');
  const unknown = (await t.throwsAsync(check('no.such.Service'))) as grpc.ServiceError;
  t.is(unknown.code, grpc.status.NOT_FOUND);

  const reflection = (grpc.loadPackageDefinition(protoLoader.loadSync(reflectionProto)) as Any).grpc.reflection.v1;
  const rc = new reflection.ServerReflection(ds.address, grpc.credentials.createInsecure());
  t.teardown(() => rc.close());
  const services = await new Promise<string[]>((resolve, reject) => {
    const call = rc.ServerReflectionInfo({ deadline: deadline(3000) });
    call.on('data', (r: Any) => {
      resolve((r.listServicesResponse?.service ?? []).map((s: Any) => s.name));
      call.end();
    });
    call.on('error', reject);
    call.write({ listServices: '' });
  });
  t.true(services.includes('shardcast.v1.DataPlane'), services.join(', '));
  t.true(services.includes('shardcast.v1.Sidecar'));
});
