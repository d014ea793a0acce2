// One gRPC client per address, made on first use and closed together: every process that calls
// many peers (the leader's forwarding, topic polls, migration agents, the client library) keeps
// its channels this way instead of opening one per call.
export class ClientCache<C extends { close(): void }> {
  private readonly clients = new Map<string, C>();

  constructor(private readonly make: (address: string) => C) {}

  /** The client for `address`, made now if there is none yet. */
  get(address: string): C {
    let c = this.clients.get(address);
    if (!c) {
      c = this.make(address);
      this.clients.set(address, c);
    }
    return c;
  }

  /** Closes and forgets the client for `address` (e.g. after the peer went away). */
  drop(address: string): void {
    this.clients.get(address)?.close();
    this.clients.delete(address);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
