// One class per failure; each carries its gRPC status and whether a caller may retry.
import { status, Metadata, type ServiceError } from '@grpc/grpc-js';

export class ShardcastError extends Error {
  readonly code: status = status.INTERNAL;
  readonly retryable: boolean = false;
  /** Extra trailers sent with the status (e.g. the current owner on a stale epoch). */
  readonly trailers: Record<string, string> = {};
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends ShardcastError {
  override readonly code = status.INVALID_ARGUMENT;
}

export class NotFoundError extends ShardcastError {
  override readonly code = status.NOT_FOUND;
}

export class FailedPreconditionError extends ShardcastError {
  override readonly code = status.FAILED_PRECONDITION;
}

export class UnavailableError extends ShardcastError {
  override readonly code = status.UNAVAILABLE;
  override readonly retryable = true;
}

/** The trailers naming a microshard's owner (dataplane.proto): where the client retries. */
export function ownerTrailers(owner: { nodeId: string; address: string; epoch: string }): Record<string, string> {
  return { 'x-shardcast-owner': owner.nodeId, 'x-shardcast-owner-address': owner.address, 'x-shardcast-epoch': owner.epoch };
}

/**
 * Refused for now, with a hint where to go (UNAVAILABLE + the owner trailers): a microshard
 * fenced for a cutover names the migration's target, not yet its owner, so the client may try
 * there at once instead of waiting for the route change.
 */
export class RedirectHintError extends UnavailableError {
  override readonly trailers: Record<string, string>;
  constructor(message: string, readonly owner: { nodeId: string; address: string; epoch: string }) {
    super(message);
    this.trailers = ownerTrailers(owner);
  }
}

/** Out of a resource the caller cannot fix by changing its request (a full disk): retry later. */
export class ResourceExhaustedError extends ShardcastError {
  override readonly code = status.RESOURCE_EXHAUSTED;
  override readonly retryable = true;
}

/** The caller is known but its role (or node) may not do this. */
export class PermissionDeniedError extends ShardcastError {
  override readonly code = status.PERMISSION_DENIED;
}

export class UnauthenticatedError extends ShardcastError {
  override readonly code = status.UNAUTHENTICATED;
}

/** The write carried an older epoch than the owner's, or went to a node that does not own the key. */
export class StaleEpochError extends ShardcastError {
  override readonly code = status.FAILED_PRECONDITION;
  override readonly retryable = true;
  override readonly trailers: Record<string, string>;
  constructor(message: string, readonly owner: { nodeId: string; address: string; epoch: string } | undefined) {
    super(message);
    this.trailers = owner ? ownerTrailers(owner) : {};
  }
}

/** This coordinator is not (or no longer) the leader: its guarded write failed. */
export class NotLeaderError extends ShardcastError {
  override readonly code = status.FAILED_PRECONDITION;
  override readonly retryable = true;
}

/** A peer's error passed through with its status (a follower forwarding a call to the leader). */
export class ForwardedError extends ShardcastError {
  override readonly code: status;
  constructor(code: status, message: string) {
    super(message);
    this.code = code;
  }
}

/** Converts anything thrown in a handler into a gRPC error; unknown errors become INTERNAL. */
export function toServiceError(err: unknown): Partial<ServiceError> {
  if (err instanceof ShardcastError) {
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(err.trailers)) metadata.set(k, v);
    return { code: err.code, details: err.message, metadata };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: status.INTERNAL, details: `internal error: ${message}` };
}

/**
 * The error that carries a refusal (a decision answered as `{ok: false, reason, code}`, e.g.
 * core/migration-admission.ts) to the caller: the status named by `code`, the reason as message.
 */
export function refusalError(r: { reason: string; code: 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT' | 'NOT_FOUND' }): ShardcastError {
  switch (r.code) {
    case 'INVALID_ARGUMENT':
      return new InvalidArgumentError(r.reason);
    case 'NOT_FOUND':
      return new NotFoundError(r.reason);
    case 'FAILED_PRECONDITION':
      return new FailedPreconditionError(r.reason);
  }
}
