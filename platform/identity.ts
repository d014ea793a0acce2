// Who a process is: its role and, for per-node roles, its node id. Carried in its mTLS
// certificate as a SPIFFE-style URI subject alternative name, `spiffe://shardcast/<role>[/<node>]`
// (the URI SAN is what certificate tooling and service meshes use for workload identity; the
// common name repeats it for people reading `openssl x509 -text`). Read back from the peer
// certificate of every call, so a caller is who its CA-signed certificate says, never what it
// claims in a message.
import type { PeerCertificate } from 'node:tls';

/** The roles of the system (docs/architecture.md, "Who may call what"). */
export const ROLES = ['coordinator', 'sidecar', 'storage', 'operator', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to one node: their certificate names the node. */
export const NODE_ROLES: ReadonlySet<Role> = new Set(['sidecar', 'storage']);

export const IDENTITY_URI_PREFIX = 'spiffe://shardcast/';

/** A node id: 1-64 of A-Z a-z 0-9 . _ - (the one pattern every process checks). */
export const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface Identity {
  role: Role;
  /** The node of a sidecar or storage node. */
  nodeId?: string;
}

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** Validates an identity (the node id is required for node roles, refused otherwise). */
export function checkIdentity(id: Identity): Identity {
  if (!isRole(id.role)) throw new RangeError(`unknown role "${id.role}" (known: ${ROLES.join(', ')})`);
  if (NODE_ROLES.has(id.role)) {
    if (!id.nodeId || !NODE_ID.test(id.nodeId)) throw new RangeError(`role ${id.role} needs a node id (1-64 of A-Z a-z 0-9 . _ -), got ${JSON.stringify(id.nodeId ?? '')}`);
  } else if (id.nodeId !== undefined) {
    throw new RangeError(`role ${id.role} belongs to no node; got node id ${JSON.stringify(id.nodeId)}`);
  }
  return id;
}

export function identityUri(id: Identity): string {
  checkIdentity(id);
  return `${IDENTITY_URI_PREFIX}${id.role}${id.nodeId ? `/${id.nodeId}` : ''}`;
}

/** "sidecar of node-1", "operator": for messages. */
export function describeIdentity(id: Identity): string {
  return id.nodeId ? `${id.role} of ${id.nodeId}` : id.role;
}

/** The identity in a URI, or undefined when it is not a shardcast identity URI. */
export function parseIdentityUri(uri: string): Identity | undefined {
  if (!uri.startsWith(IDENTITY_URI_PREFIX)) return undefined;
  const [role, nodeId, ...rest] = uri.slice(IDENTITY_URI_PREFIX.length).split('/');
  if (rest.length > 0 || !role || !isRole(role)) return undefined;
  try {
    return checkIdentity(nodeId === undefined ? { role } : { role, nodeId });
  } catch {
    return undefined;
  }
}

/**
 * The identity a peer certificate carries: exactly one shardcast URI SAN. Undefined for a
 * certificate without one (or with two: an identity must not be ambiguous).
 */
export function identityFromCertificate(cert: PeerCertificate | undefined): Identity | undefined {
  const san = cert?.subjectaltname;
  if (!san) return undefined;
  const found = san
    .split(/,\s*/)
    .filter((e) => e.startsWith('URI:'))
    .map((e) => parseIdentityUri(e.slice(4)))
    .filter((i): i is Identity => i !== undefined);
  return found.length === 1 ? found[0] : undefined;
}
