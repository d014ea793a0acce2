// The authorization interceptor every mTLS server installs (platform/server.ts): it reads the
// caller's identity from its certificate (platform/identity.ts) and the method's rule from the one
// table (platform/access-policy.ts) before any handler runs. A caller without a shardcast identity
// is UNAUTHENTICATED; one whose role the rule does not allow, or a node role calling another
// node's server, is PERMISSION_DENIED; both name what was missing and are counted.
import * as grpc from '@grpc/grpc-js';
import { ruleFor, type AccessRule } from './access-policy.js';
import { describeIdentity, identityFromCertificate, type Identity } from './identity.js';

export interface Refusal {
  code: grpc.status.UNAUTHENTICATED | grpc.status.PERMISSION_DENIED;
  message: string;
}

/** Why `caller` may not call `path` on a server of node `selfNodeId`, or undefined when it may. */
export function refusal(path: string, caller: Identity | undefined, selfNodeId: string | undefined, rule: AccessRule | undefined = ruleFor(path)): Refusal | undefined {
  if (!caller) return { code: grpc.status.UNAUTHENTICATED, message: `${path} needs a client certificate carrying a shardcast identity (URI SAN spiffe://shardcast/<role>[/<node>])` };
  if (!rule) return { code: grpc.status.PERMISSION_DENIED, message: `${path} has no access rule: nobody may call it` };
  if (!rule.roles.includes(caller.role)) return { code: grpc.status.PERMISSION_DENIED, message: `${path} needs role ${rule.roles.join(' or ')}; the caller is ${describeIdentity(caller)}` };
  if (rule.sameNode && caller.nodeId !== selfNodeId) return { code: grpc.status.PERMISSION_DENIED, message: `${path} needs the ${caller.role} of ${selfNodeId ?? 'this node'}; the caller is ${describeIdentity(caller)}` };
  return undefined;
}

/** The identity of the caller of a handler's call (undefined without mTLS). */
export function callerIdentity(call: { getAuthContext?: () => { sslPeerCertificate?: import('node:tls').PeerCertificate } | null }): Identity | undefined {
  return identityFromCertificate(call.getAuthContext?.()?.sslPeerCertificate);
}

export function authorizationInterceptor(selfNodeId: string | undefined, onRefused?: (path: string, r: Refusal) => void): grpc.ServerInterceptor {
  return (method, call) => {
    const r = refusal(method.path, identityFromCertificate(call.getAuthContext()?.sslPeerCertificate), selfNodeId);
    if (!r) return new grpc.ServerInterceptingCall(call);
    onRefused?.(method.path, r);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        // Answer as soon as the call's metadata arrives; nothing reaches the handler.
        next({
          onReceiveMetadata: () => call.sendStatus({ code: r.code, details: r.message }),
          onReceiveMessage: () => undefined,
          onReceiveHalfClose: () => undefined,
        });
      },
    });
  };
}
