// Prints a fresh signing key for the test provider as JSON: { "jwk": <private JWK with kid,
// alg and use>, "der": <base64 DER of the private key as jsonwebtoken reads it (PKCS#8 for EC
// and Ed25519, PKCS#1 for RSA)> }. Usage: node keys.mjs <ES256|ES384|RS256|EdDSA> <kid>
import { generateKeyPairSync } from 'node:crypto';

const [alg = 'ES256', kid = `k-${Date.now()}`] = process.argv.slice(2);
const kinds = {
  ES256: ['ec', { namedCurve: 'P-256' }, 'pkcs8'],
  ES384: ['ec', { namedCurve: 'P-384' }, 'pkcs8'],
  RS256: ['rsa', { modulusLength: 2048 }, 'pkcs1'],
  EdDSA: ['ed25519', {}, 'pkcs8'],
};
const kind = kinds[alg];
if (!kind) {
  console.error(`unknown algorithm ${alg}`);
  process.exit(2);
}
const { privateKey } = generateKeyPairSync(kind[0], kind[1]);
const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
const der = privateKey.export({ format: 'der', type: kind[2] }).toString('base64');
console.log(JSON.stringify({ jwk, der }));
