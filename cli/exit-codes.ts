// The one exit-code table of the `shardcast` command (README "Exit codes"): every command exits
// with these and only these, except where a command documents a code of its own (topics --strict).
//   0  success
//   1  failure: the command ran and could not do its job (unreachable cluster, NOT_SERVING,
//      a refused operation, an aborted migration, an I/O error)
//   2  usage or configuration error: a bad flag, argument or config key (nothing was attempted)

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A bad flag, argument or option value: exits EXIT_USAGE with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
