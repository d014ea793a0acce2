// Certificates for mutual TLS: a certificate authority and one certificate per process, each
// carrying its identity (platform/identity.ts) as a URI SAN plus the host names and addresses it
// serves on. Made with the system's `openssl` (Debian's openssl package; present on every machine
// that has git): EC P-256 keys, so a whole local cluster's set takes well under a second. Used by
// `shardcast certs` for real deployments and by local clusters (demo, tests), which make a
// throwaway set in their temporary directory.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIdentity, identityUri, type Identity } from './identity.js';
import type { TransportSecurity } from './security.js';

/** Lifetime of a throwaway CA and its certificates, days. */
export const DEFAULT_CERT_DAYS = 825;
/** Host names and addresses every certificate of a local cluster is valid for. */
export const DEFAULT_LOCAL_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface CertificateAuthority {
  dir: string;
  certFile: string;
  keyFile: string;
}

export interface IssuedCertificate {
  identity: Identity;
  certFile: string;
  keyFile: string;
  caFile: string;
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('openssl is not installed (Debian: apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString().trim() || String(err)}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A new CA in `dir` (ca.crt, ca.key); the key is readable by its owner only. */
export function createCertificateAuthority(dir: string, name = 'shardcast CA', days = DEFAULT_CERT_DAYS): CertificateAuthority {
  mkdirSync(dir, { recursive: true });
  const ca = { dir, certFile: join(dir, 'ca.crt'), keyFile: join(dir, 'ca.key') };
  if (existsSync(ca.certFile)) throw new Error(`${ca.certFile} already exists: refusing to overwrite a CA`);
  openssl(['req', '-x509', ...EC, '-keyout', ca.keyFile, '-out', ca.certFile, '-days', String(days), '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  chmodSync(ca.keyFile, 0o600);
  return ca;
}

/** The CA already in `dir`. */
export function openCertificateAuthority(dir: string): CertificateAuthority {
  const ca = { dir, certFile: join(dir, 'ca.crt'), keyFile: join(dir, 'ca.key') };
  for (const f of [ca.certFile, ca.keyFile]) if (!existsSync(f)) throw new Error(`${f} does not exist (create the CA first: shardcast certs --out ${dir} --ca)`);
  return ca;
}

/** File stem of an identity's certificate: `sidecar-node-1`, `operator`. */
export function certName(id: Identity): string {
  return id.nodeId ? `${id.role}-${id.nodeId}` : id.role;
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+:[0-9a-fA-F:]*)$/;

/** Issues a certificate for `identity`, valid as client and server for `hosts`, into `ca.dir`. */
export function issueCertificate(ca: CertificateAuthority, identity: Identity, hosts: readonly string[] = DEFAULT_LOCAL_HOSTS, days = DEFAULT_CERT_DAYS): IssuedCertificate {
  checkIdentity(identity);
  for (const h of hosts) if (!/^[A-Za-z0-9.:*-]{1,253}$/.test(h)) throw new RangeError(`host ${JSON.stringify(h)} is not a host name or address`);
  const stem = join(ca.dir, certName(identity));
  const out = { identity, certFile: `${stem}.crt`, keyFile: `${stem}.key`, caFile: ca.certFile };
  const san = [`URI:${identityUri(identity)}`, ...hosts.map((h) => (IP.test(h) ? `IP:${h}` : `DNS:${h}`))].join(',');
  const ext = `${stem}.ext`;
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n`);
  openssl(['req', ...EC, '-keyout', out.keyFile, '-out', `${stem}.csr`, '-subj', `/CN=${identity.role}${identity.nodeId ? `:${identity.nodeId}` : ''}`]);
  openssl(['x509', '-req', '-in', `${stem}.csr`, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', out.certFile, '-days', String(days), '-extfile', ext]);
  chmodSync(out.keyFile, 0o600);
  rmSync(`${stem}.csr`, { force: true });
  rmSync(ext, { force: true });
  return out;
}

/** The transport security a process presenting `cert` uses (mutual TLS). */
export function mtlsSecurity(cert: IssuedCertificate, adminToken?: string): TransportSecurity {
  return { mode: 'mtls', caFile: cert.caFile, certFile: cert.certFile, keyFile: cert.keyFile, ...(adminToken ? { adminToken } : {}) };
}

/** The flags that give a `shardcast` process its certificate. */
export function mtlsFlags(cert: IssuedCertificate): string[] {
  return ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile, '--tls-ca', cert.caFile, '--mtls'];
}
