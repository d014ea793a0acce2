// Transport security from one place: every gRPC server and client takes its credentials here.
// Insecure only when configured so explicitly (the demo does it on loopback).
import { readFileSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { UnauthenticatedError } from './errors.js';

export const TransportSecuritySchema = z
  .object({
    /** insecure: plaintext (loopback / trusted networks only); tls: server-authenticated; mtls: both sides present certificates signed by `caFile`. */
    mode: z.enum(['insecure', 'tls', 'mtls']).describe('gRPC transport security'),
    caFile: z.string().min(1).optional().describe('PEM CA bundle to verify peers'),
    certFile: z.string().min(1).optional().describe('PEM certificate of this process'),
    keyFile: z.string().min(1).optional().describe('PEM private key of this process'),
    /** Bearer token admin RPCs require in `authorization: Bearer <token>` ("" = none). */
    adminToken: z.string().optional().describe('bearer token required by admin RPCs'),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== 'insecure' && (!v.certFile || !v.keyFile) ) {
      ctx.addIssue({ code: 'custom', message: `transport mode "${v.mode}" needs certFile and keyFile`, path: ['certFile'] });
    }
    if (v.mode === 'mtls' && !v.caFile) ctx.addIssue({ code: 'custom', message: 'transport mode "mtls" needs caFile', path: ['caFile'] });
  });

export type TransportSecurity = z.infer<typeof TransportSecuritySchema>;

export const INSECURE: TransportSecurity = { mode: 'insecure' };

export function serverCredentials(sec: TransportSecurity): grpc.ServerCredentials {
  if (sec.mode === 'insecure') return grpc.ServerCredentials.createInsecure();
  const ca = sec.caFile ? readFileSync(sec.caFile) : null;
  return grpc.ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(sec.certFile!), private_key: readFileSync(sec.keyFile!) }], sec.mode === 'mtls');
}

export function channelCredentials(sec: TransportSecurity): grpc.ChannelCredentials {
  if (sec.mode === 'insecure') return grpc.credentials.createInsecure();
  const ca = sec.caFile ? readFileSync(sec.caFile) : undefined;
  if (sec.mode === 'mtls') return grpc.credentials.createSsl(ca, readFileSync(sec.keyFile!), readFileSync(sec.certFile!));
  return grpc.credentials.createSsl(ca);
}

/** Call credentials that add the admin bearer token, when one is configured. */
export function withAdminToken(creds: grpc.ChannelCredentials, token: string | undefined): grpc.ChannelCredentials {
  if (!token) return creds;
  if (creds._isSecure()) {
    return grpc.credentials.combineChannelCredentials(
      creds,
      grpc.credentials.createFromMetadataGenerator((_p, cb) => {
        const md = new grpc.Metadata();
        md.set('authorization', `Bearer ${token}`);
        cb(null, md);
      }),
    );
  }
  return creds; // plaintext channels cannot carry call credentials; adminMetadata() is used instead
}

/** Metadata carrying the admin token, for plaintext channels. */
export function adminMetadata(token: string | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set('authorization', `Bearer ${token}`);
  return md;
}

/** Throws UNAUTHENTICATED unless the call carries the configured admin token. */
export function checkAdminToken(metadata: grpc.Metadata, token: string | undefined): void {
  if (!token) return;
  const got = metadata.get('authorization')[0];
  if (typeof got !== 'string' || !sameSecret(got, `Bearer ${token}`)) {
    throw new UnauthenticatedError('admin RPCs need "authorization: Bearer <token>" metadata with the configured admin token');
  }
}

/**
 * Compares two secrets in constant time (the time does not tell an attacker how many leading
 * characters were right): both are hashed first, so unequal lengths take the same path too.
 */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

let warnedPlaintext = false;
/**
 * Logs once per process that calls cannot be authorized: plaintext (or TLS without client
 * certificates) carries no caller identity, so every RPC is open to anyone who reaches the port.
 */
export function warnIfUnauthenticated(sec: TransportSecurity, log: { warn(obj: object, msg: string): void }): void {
  if (sec.mode === 'mtls' || warnedPlaintext) return;
  warnedPlaintext = true;
  log.warn({ transport: sec.mode }, sec.mode === 'insecure' ? 'plaintext gRPC (--insecure): callers are not authenticated; anyone who can reach these ports may call every RPC' : 'TLS without client certificates: callers are not authenticated by role (use --mtls)');
}
