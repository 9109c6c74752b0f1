// Writes .br and .gz siblings (maximum compression) of every text/wasm file in a folder,
// so the server sends the bundle precompressed instead of compressing it on every request.
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (statSync(path).isDirectory()) continue;
  if (!/\.(js|wasm|css|svg|json)$/.test(name)) continue;
  const data = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
}
