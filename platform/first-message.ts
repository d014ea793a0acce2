// The first message of a client or bidi stream a server handles (its `start`), or undefined when
// the caller ended or cancelled before sending one. The stream is paused after it when asked,
// so no later message is emitted before the handler has checked the first and listens.
import type { EventEmitter } from 'node:events';

export function firstMessage<T>(call: EventEmitter & { pause(): unknown }, pause = true): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve) => {
    const onData = (m: T): void => {
      call.off('end', onEnd);
      call.off('cancelled', onEnd);
      if (pause) call.pause();
      resolve(m);
    };
    const onEnd = (): void => {
      call.off('data', onData);
      resolve(undefined);
    };
    call.once('data', onData);
    call.once('end', onEnd);
    call.once('cancelled', onEnd);
  });
}
