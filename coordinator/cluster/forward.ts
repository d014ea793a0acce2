// Forwarding a call from a follower to the leader. Soft state (loads, planner records, topic
// predictions, capacity) lives on the leader only, so any replica takes an operator's or the
// gateway's call and a follower passes it on to the leader once. One rule everywhere:
// - the leader answers from its own state;
// - no leader known, or this replica still named leader while stepping down: UNAVAILABLE
//   (an election is under way; retry);
// - a call already forwarded once that lands on a follower: FAILED_PRECONDITION naming the
//   leader (never a second hop: leaders that disagree must not bounce a call around);
// - otherwise the call goes to the leader with the caller's token, under the caller's deadline
//   capped at DEFAULT_FORWARD_DEADLINE_MS, and the leader's error comes back with its status.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { channelCredentials, type TransportSecurity } from '../../platform/security.js';
import { ForwardedError, NotLeaderError, UnavailableError } from '../../platform/errors.js';
import { ClientCache } from '../../platform/client-cache.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { Leadership } from './leadership.js';

/** Metadata a follower sets when it forwards the call, so it is forwarded at most once. */
export const FORWARDED_HEADER = 'x-shardcast-forwarded-by';
/** Deadline of the forwarded call (capped by the caller's own). */
export const DEFAULT_FORWARD_DEADLINE_MS = 4_000;

type Callback<Res> = (err: grpc.ServiceError | null, res?: Res) => void;
type AdminUnary<Res> = (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<Res>) => void;

export class LeaderForwarder {
  private readonly clients: ClientCache<AdminClient>;

  constructor(
    private readonly selfId: string,
    private readonly leadership: Leadership,
    security: TransportSecurity,
  ) {
    this.clients = new ClientCache((address) => new v1.Admin(address, channelCredentials(security)) as AdminClient);
  }

  /**
   * Runs `local` on the leader, or forwards Admin `method` with `req` to it once.
   * `held` names what only the leader holds, for the error a misdirected call gets.
   */
  async leaderOr<Res>(method: string, req: object, incoming: grpc.Metadata, callDeadline: grpc.Deadline | undefined, held: string, local: () => Res | Promise<Res>): Promise<Res> {
    if (this.leadership.isLeader) return local();
    const leader = this.leadership.leader;
    if (!leader?.address || leader.id === this.selfId) throw new UnavailableError('no coordinator leads right now (election under way); retry shortly');
    if (incoming.get(FORWARDED_HEADER)[0]) throw new NotLeaderError(`${this.selfId} is not the leader and ${held} is held by the leader only; ask ${leader.id} at ${leader.address}`);
    const client = this.clients.get(leader.address);
    const md = new grpc.Metadata();
    const auth = incoming.get('authorization')[0];
    if (auth) md.set('authorization', auth);
    md.set(FORWARDED_HEADER, this.selfId);
    const mine = deadline(DEFAULT_FORWARD_DEADLINE_MS);
    const theirs = callDeadline instanceof Date ? callDeadline : typeof callDeadline === 'number' && Number.isFinite(callDeadline) ? new Date(callDeadline) : mine;
    const fn = (client as unknown as Record<string, AdminUnary<Res>>)[method];
    if (typeof fn !== 'function') throw new TypeError(`Admin has no method ${method}`);
    return new Promise((resolve, reject) =>
      fn.call(client, req, md, { deadline: theirs < mine ? theirs : mine }, (err, res) => (err ? reject(new ForwardedError(err.code, err.details || err.message)) : resolve(res!))),
    );
  }

  close(): void {
    this.clients.close();
  }
}
