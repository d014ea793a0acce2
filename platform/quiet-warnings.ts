// Drops one warning, DEP0123 ("Setting the TLS ServerName to an IP address"), which grpc-js
// triggers on every TLS channel to an IP literal (grpc/grpc-node#1919): it sets the TLS server
// name from the target. Certificates name their IP addresses as SANs, and verification checks
// them; the warning says nothing to an operator and shows on every `ctl` call. Every other
// warning is emitted as before. Imported first by the CLI's entry point.
const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0123') return;
  emit(warning, ...rest);
}) as typeof process.emitWarning;
