// Regenerates the typed stubs in generated/proto from proto/ (never edit generated/ by hand).
// The loader options here must match LOADER_OPTIONS in core/proto.ts... they are the same flags.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const protoDir = 'proto/shardcast/v1';
const files = readdirSync(protoDir).filter((f) => f.endsWith('.proto')).map((f) => join(protoDir, f));
rmSync('generated/proto', { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js',
    '--longs=String', '--enums=String', '--defaults', '--oneofs', '--grpcLib=@grpc/grpc-js',
    '--includeDirs=proto', '--outDir=generated/proto', '--importFileExtension=.js',
    ...files.map((f) => f.replace(/^proto\//, '')),
  ],
  { stdio: 'inherit' },
);
