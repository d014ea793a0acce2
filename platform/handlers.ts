// Wraps async handlers so every thrown error becomes a proper gRPC status and nothing a client
// sends can crash the process.
import type * as grpc from '@grpc/grpc-js';
import { toServiceError } from './errors.js';

export function unary<Req, Res>(fn: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call))
      .then(
        (res) => callback(null, res),
        (err) => callback(toServiceError(err) as grpc.ServiceError),
      );
  };
}

/** Server-streaming handler: the function writes to the call; errors end the stream with a status. */
export function serverStream<Req, Res>(fn: (call: grpc.ServerWritableStream<Req, Res>) => Promise<void> | void): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    Promise.resolve()
      .then(() => fn(call))
      .catch((err) => {
        // grpc-js sends a status for an 'error' event; destroy() alone would leave the client
        // waiting until its deadline.
        if (!call.cancelled) call.emit('error', toServiceError(err));
      });
  };
}

/** Client-streaming handler. */
export function clientStream<Req, Res>(fn: (call: grpc.ServerReadableStream<Req, Res>) => Promise<Res>): grpc.handleClientStreamingCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call))
      .then(
        (res) => callback(null, res),
        (err) => callback(toServiceError(err) as grpc.ServiceError),
      );
  };
}
