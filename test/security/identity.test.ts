// Identities in certificates and the access table: pure checks plus real certificates made by
// openssl (platform/certs.ts) read back the way a server reads its peer's.
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { packageDefinition } from '../../platform/proto.js';
import { ACCESS_POLICY, ruleFor } from '../../platform/access-policy.js';
import { refusal } from '../../platform/authz.js';
import { identityFromCertificate, identityUri, parseIdentityUri } from '../../platform/identity.js';
import { createCertificateAuthority, issueCertificate } from '../../platform/certs.js';
import { sameSecret } from '../../platform/security.js';
import { parseIdentitySpec } from '../../cli/commands/certs.js';

test('identity URIs round-trip; malformed ones are no identity', (t) => {
  t.is(identityUri({ role: 'sidecar', nodeId: 'n1' }), 'spiffe://shardcast/sidecar/n1');
  t.deepEqual(parseIdentityUri('spiffe://shardcast/sidecar/n1'), { role: 'sidecar', nodeId: 'n1' });
  t.deepEqual(parseIdentityUri('spiffe://shardcast/operator'), { role: 'operator' });
  for (const bad of ['spiffe://shardcast/sidecar', 'spiffe://shardcast/operator/n1', 'spiffe://shardcast/root', 'spiffe://other/operator', 'spiffe://shardcast/sidecar/a/b', 'spiffe://shardcast/sidecar/bad id']) {
    t.is(parseIdentityUri(bad), undefined, bad);
  }
  t.throws(() => identityUri({ role: 'storage' }), { message: /needs a node id/ });
  t.throws(() => parseIdentitySpec('root'), { message: /ROLE one of/ });
  t.throws(() => parseIdentitySpec('client:n1'), { message: /belongs to no node/ });
});

test('a certificate made by `shardcast certs` carries its identity, verifiable against the CA', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shardcast-certs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ca = createCertificateAuthority(dir);
  t.throws(() => createCertificateAuthority(dir), { message: /refusing to overwrite/ });
  const c = issueCertificate(ca, { role: 'storage', nodeId: 'node-7' }, ['db7.example.com', '10.0.0.7']);
  const x = new X509Certificate(readFileSync(c.certFile));
  t.true(x.verify(new X509Certificate(readFileSync(ca.certFile)).publicKey), 'signed by the CA');
  t.regex(x.subjectAltName ?? '', /DNS:db7\.example\.com/);
  t.regex(x.subjectAltName ?? '', /IP Address:10\.0\.0\.7/);
  t.deepEqual(identityFromCertificate({ subjectaltname: x.subjectAltName } as never), { role: 'storage', nodeId: 'node-7' });
  // Two identities in one certificate are ambiguous: no identity.
  t.is(identityFromCertificate({ subjectaltname: 'URI:spiffe://shardcast/operator, URI:spiffe://shardcast/client' } as never), undefined);
  t.throws(() => issueCertificate(ca, { role: 'client' }, ['bad host!']), { message: /not a host name/ });
});

test('every method of every service has an access rule (a new RPC is closed until one is written)', (t) => {
  let methods = 0;
  for (const [name, def] of Object.entries(packageDefinition)) {
    // Message types carry a `format`; services are maps of methods.
    if (!name.startsWith('shardcast.v1.') || 'format' in def) continue;
    for (const m of Object.values(def as grpc.ServiceDefinition)) {
      methods++;
      t.truthy(ruleFor(m.path), `${m.path} has no rule in platform/access-policy.ts`);
    }
  }
  t.true(methods > 40, `${methods} methods seen`);
  t.is(ruleFor('/shardcast.v1.DataPlane/NoSuchMethod'), undefined);
  t.true(Object.keys(ACCESS_POLICY).includes('grpc.health.v1.Health'));
});

test('refusals name what is missing: no identity, wrong role, another node', (t) => {
  t.is(refusal('/shardcast.v1.DataPlane/Drop', undefined, 'n1')?.code, grpc.status.UNAUTHENTICATED);
  t.regex(refusal('/shardcast.v1.DataPlane/Drop', { role: 'client' }, 'n1')!.message, /needs role sidecar; the caller is client/);
  t.regex(refusal('/shardcast.v1.DataPlane/Drop', { role: 'sidecar', nodeId: 'n2' }, 'n1')!.message, /needs the sidecar of n1; the caller is sidecar of n2/);
  t.is(refusal('/shardcast.v1.DataPlane/Drop', { role: 'sidecar', nodeId: 'n1' }, 'n1'), undefined);
  t.is(refusal('/shardcast.v1.DataPlane/Nope', { role: 'operator' }, 'n1')?.code, grpc.status.PERMISSION_DENIED);
});

test('secrets compare in constant time and exactly', (t) => {
  t.true(sameSecret('Bearer abc', 'Bearer abc'));
  t.false(sameSecret('Bearer abc', 'Bearer abd'));
  t.false(sameSecret('Bearer ab', 'Bearer abc'));
});
