// Limits and tunables of the reference storage node, in one place.

/** Largest key a client may store (bytes). */
export const DEFAULT_MAX_KEY_BYTES = 64 * 1024;

/** Largest value a client may store (bytes). */
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

/** Longest idempotency token (request_id) a Put may carry (UTF-8 bytes). */
export const DEFAULT_MAX_REQUEST_ID_BYTES = 256;

/**
 * Keys up to this many bytes are stored inline after their 8-byte position (LMDB caps a key at
 * 1978 bytes); longer keys are stored under position + prefix + SHA-256 and kept whole in the
 * record, so 64 KiB keys still fit.
 */
export const INLINE_KEY_BYTES = 1024;

/** Change-log entries kept for Export tails (older ones are trimmed in the background). */
export const DEFAULT_CHANGE_LOG_RETENTION = 1_000_000;

/** How often the background trimmer checks the change log against its retention. */
export const DEFAULT_CHANGE_LOG_TRIM_INTERVAL_MS = 1_000;

/** Change-log entries removed per write transaction by the trimmer (keeps the write lock short). */
export const DEFAULT_TRIM_BATCH = 10_000;

/** Entries per Export chunk when the request says 0. */
export const DEFAULT_EXPORT_CHUNK_ENTRIES = 1_000;

/** Upper bound on chunk_entries a client may ask for. */
export const MAX_EXPORT_CHUNK_ENTRIES = 100_000;

/**
 * A chunk is closed early once its keys and values reach this many bytes, so messages stay
 * well under gRPC limits (a single entry larger than this still travels alone in one chunk).
 */
export const DEFAULT_EXPORT_CHUNK_BYTES = 1024 * 1024;

/** Entries deleted per write transaction by Drop. */
export const DEFAULT_DROP_BATCH = 10_000;

/** Entries read per step of a long scan (Checksum, Stats) before yielding to the event loop. */
export const DEFAULT_SCAN_BATCH = 5_000;

/**
 * Change-log records examined per read of an Export tail; entries outside the exported range
 * are skipped, so this bounds the work of one step even when few entries match.
 */
export const DEFAULT_TAIL_SCAN_LIMIT = 20_000;

/** Most entries a PutBatch or GetBatch may carry. */
export const MAX_BATCH_ENTRIES = 1024;

/**
 * Most bytes of keys and values one PutBatch may carry: two of the largest values, and under
 * the server's 64 MiB message limit with room to spare.
 */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** gRPC metadata key of the caller's region on data calls: the client library sends it, the storage node reports it with the access. */
export const CLIENT_REGION_HEADER = 'x-shardcast-client-region';
/** What a region label may be (short and printable, like node ids). */
export const REGION_LABEL = /^[A-Za-z0-9._-]{1,64}$/;
/** Entries a Scan returns when the request names no limit. */
export const DEFAULT_SCAN_LIMIT = 1_000;
/** The most entries one Scan returns. */
export const MAX_SCAN_LIMIT = 10_000;

/**
 * The largest version a record holds (8 bytes, unsigned). An Import may bring at most one less
 * (datastore/validate.ts), and a write on a key at this version is refused instead of wrapping.
 */
export const MAX_VERSION = (1n << 64n) - 1n;

/**
 * The largest epoch a request may carry: one less than the type's maximum, so an epoch can
 * always be followed by a newer one (a fence at 2^64-1 could never be superseded).
 */
export const MAX_EPOCH = (1n << 64n) - 2n;

/**
 * How long an ArmCutover lasts when the request says 0: a cutover's final tail (5 s at most) and its
 * commit. Past it, writes at the armed epoch are refused again as usual.
 */
export const DEFAULT_ARM_TTL_MS = 10_000;
/** The longest ArmCutover a request may ask for. */
export const MAX_ARM_TTL_MS = 60_000;
/**
 * How long one write routed to an armed epoch waits for the route table to activate it: the
 * fence-to-commit span with room for a slow etcd, and well inside the client's call deadline.
 */
export const DEFAULT_ACTIVATION_WAIT_MS = 1_000;
