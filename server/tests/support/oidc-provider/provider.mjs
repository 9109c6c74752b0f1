// A real OpenID Connect provider (the certified `oidc-provider`) for the portal's tests, on
// loopback. Environment:
//   OIDC_PORT                        port to bind on 127.0.0.1; the issuer is http://127.0.0.1:<port>
//   OIDC_JWKS_FILE                   a private JWKS (JSON); the first key signs ID and access tokens
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET  the one confidential client (client_secret_basic or _post)
//   OIDC_REDIRECT_URIS               comma-separated redirect URIs of that client
//   OIDC_POST_LOGOUT_REDIRECT_URIS   comma-separated post-logout redirect URIs
//   OIDC_AUDIENCE                    the resource its JWT access tokens are for
//   OIDC_ACCESS_TOKEN_TTL            optional, seconds (default 300)
// The client may use authorization_code (PKCE S256 required), refresh_token and
// client_credentials. Logging in uses the provider's development interactions: any login name
// becomes the user's `sub`; consent is granted without a page. Prints `ready <issuer>` once
// listening; exits on SIGTERM.
import fs from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
};
const list = (value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

const port = Number(required('OIDC_PORT'));
const issuer = `http://127.0.0.1:${port}`;
const jwks = JSON.parse(fs.readFileSync(required('OIDC_JWKS_FILE'), 'utf8'));
const clientId = required('OIDC_CLIENT_ID');
const clientSecret = required('OIDC_CLIENT_SECRET');
const audience = required('OIDC_AUDIENCE');
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL || 300);
const SCOPES = ['claims.attachments.read', 'claims.attachments.write'];

// The signing key is the first; its algorithm signs everything.
const first = jwks.keys?.[0];
if (!first) {
  console.error('OIDC_JWKS_FILE holds no key');
  process.exit(2);
}
const alg = first.alg
  ?? (first.kty === 'RSA' ? 'RS256'
    : first.kty === 'EC' ? (first.crv === 'P-384' ? 'ES384' : 'ES256')
      : 'EdDSA');

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    redirect_uris: list(process.env.OIDC_REDIRECT_URIS),
    post_logout_redirect_uris: list(process.env.OIDC_POST_LOGOUT_REDIRECT_URIS),
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: alg,
    scope: ['openid', 'profile', 'offline_access', ...SCOPES].join(' '),
  }],
  jwks,
  scopes: ['openid', 'profile', 'offline_access', ...SCOPES],
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, name: id }),
  }),
  pkce: { required: () => true },
  // The test client is first-party: consent is granted without a page.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile offline_access');
    grant.addResourceScope(audience, SCOPES.join(' '));
    await grant.save();
    return grant;
  },
  // The portal refreshes server-side: a refresh token comes with every code exchange.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== audience) throw new errors.InvalidTarget();
        return {
          audience,
          scope: SCOPES.join(' '),
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        };
      },
    },
  },
  ttl: {
    AccessToken: accessTokenTtl,
    ClientCredentials: accessTokenTtl,
  },
  cookies: { keys: [`test-cookie-key-${process.pid}-${Date.now()}`] },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
const stop = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
