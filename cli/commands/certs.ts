// `shardcast certs`: a certificate authority and per-process certificates for a real deployment
// (mutual TLS, each certificate carrying its process's role and node: docs/architecture.md, "Who
// may call what"). Local clusters (demo, tests) make their own throwaway set instead.
import type { Command } from 'commander';
import { createCertificateAuthority, issueCertificate, openCertificateAuthority, DEFAULT_CERT_DAYS, DEFAULT_LOCAL_HOSTS } from '../../platform/certs.js';
import { checkIdentity, describeIdentity, isRole, ROLES, type Identity } from '../../platform/identity.js';
import { splitList } from '../common.js';

interface Flags {
  out: string;
  ca?: boolean;
  issue: string[];
  host?: string;
  days: string;
}

/** `sidecar:node-1` -> {role: sidecar, nodeId: node-1}. */
export function parseIdentitySpec(spec: string): Identity {
  const [role, nodeId, ...rest] = spec.split(':');
  if (rest.length > 0 || !role || !isRole(role)) throw new RangeError(`--issue ${JSON.stringify(spec)}: expected ROLE or ROLE:NODE with ROLE one of ${ROLES.join(', ')}`);
  try {
    return checkIdentity(nodeId === undefined ? { role } : { role, nodeId });
  } catch (err) {
    throw new RangeError(`--issue ${JSON.stringify(spec)}: ${(err as Error).message}`);
  }
}

export function register(program: Command): void {
  program
    .command('certs')
    .description('make a CA (--ca) and certificates for coordinators, sidecars, storage nodes, operators and clients (--issue ROLE[:NODE])')
    .requiredOption('--out <dir>', 'directory of the CA (ca.crt, ca.key) and the certificates (<role>[-<node>].crt/.key)')
    .option('--ca', 'create a new CA in --out (refused when one is there)')
    .option('--issue <role[:node]>', `issue a certificate (repeatable); roles: ${ROLES.join(', ')}; sidecar and storage need :NODE`, (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--host <names>', `comma-separated host names and addresses the certificates serve on (default ${DEFAULT_LOCAL_HOSTS.join(',')})`)
    .option('--days <n>', 'validity in days', String(DEFAULT_CERT_DAYS))
    .addHelpText('after', '\nExample:\n  shardcast certs --out /etc/shardcast/pki --ca --issue coordinator --issue sidecar:n1 --issue storage:n1 --issue operator --host n1.example.com,10.0.0.5\n')
    .action((f: Flags) => {
      const days = Number(f.days);
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError(`--days must be an integer from 1 to 3650, got ${JSON.stringify(f.days)}`);
      if (!f.ca && f.issue.length === 0) throw new RangeError('nothing to do: give --ca and/or --issue ROLE[:NODE]');
      const ids = f.issue.map(parseIdentitySpec);
      const hosts = splitList(f.host) ?? [...DEFAULT_LOCAL_HOSTS];
      const ca = f.ca ? createCertificateAuthority(f.out, 'shardcast CA', days) : openCertificateAuthority(f.out);
      if (f.ca) process.stdout.write(`CA: ${ca.certFile} (keep ${ca.keyFile} secret)\n`);
      for (const id of ids) {
        const c = issueCertificate(ca, id, hosts, days);
        process.stdout.write(`${describeIdentity(id)}: --tls-cert ${c.certFile} --tls-key ${c.keyFile} --tls-ca ${c.caFile} --mtls\n`);
      }
    });
}
