// A real OpenID Provider (npm's certified oidc-provider) on loopback, for Consult's single
// sign-on tests. Usage: node server.mjs <consult-public-url>
// Prints its issuer URL (http://127.0.0.1:<free port>) as the first line on stdout.
//
// Accounts: whatever is typed as the login at the provider's own sign-in form is the account,
// `email[#group,group]`: the email claim is the part before '#', the groups claim the list
// after it; an address whose local part starts with "unverified" has email_verified false.
// Consent is given automatically, so a test posts one form.
//
// Spoilt answers: an authorization request may carry `spoil=aud|exp|key`. The provider stays
// real; only the ID token of the token response for that request's nonce is re-signed with a
// wrong audience, an expiry in the past (both with the provider's own key), or a foreign key
// under the provider's key id.
import { createServer } from 'node:http'
import { randomBytes } from 'node:crypto'
import Provider from 'oidc-provider'
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose'

const consultUrl = (process.argv[2] ?? '').replace(/\/$/, '')
if (!consultUrl.startsWith('http')) {
  console.error('usage: node server.mjs <consult-public-url>')
  process.exit(2)
}

const kid = 'provider-key'
const signingKey = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)
Object.assign(signingKey, { kid, alg: 'RS256', use: 'sig' })
const foreignKey = (await generateKeyPair('RS256')).privateKey

const server = createServer()
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const issuer = `http://${process.env.OIDC_TEST_HOST ?? '127.0.0.1'}:${server.address().port}`

function accountOf(login) {
  const [email, groups] = login.split('#')
  return {
    email,
    email_verified: !email.startsWith('unverified'),
    groups: groups ? groups.split(',').filter(Boolean) : [],
  }
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'consult',
    client_secret: 'consult-test-secret',
    redirect_uris: [`${consultUrl}/auth/oidc/callback`],
    post_logout_redirect_uris: [`${consultUrl}/sign-in?signedOut=1`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
  // The scopes' claims go in the ID token itself, as Consult reads them there.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const { email, email_verified, groups } = accountOf(id)
        return { sub: id, email, email_verified, groups, name: email }
      },
    }
  },
  // Consent is given for every scope asked: the tests sign in, they do not consent.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId)
    if (grantId) return ctx.oidc.provider.Grant.find(grantId)
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    })
    grant.addOIDCScope('openid email profile')
    await grant.save()
    return grant
  },
})

const spoils = new Map()
provider.use(async (ctx, next) => {
  if (ctx.path === '/auth' && ctx.query.spoil && ctx.query.nonce) {
    spoils.set(ctx.query.nonce, ctx.query.spoil)
  }
  await next()
  if (ctx.path === '/token' && ctx.body?.id_token) {
    const payload = decodeJwt(ctx.body.id_token)
    const spoil = spoils.get(payload.nonce)
    if (!spoil) return
    const now = Math.floor(Date.now() / 1000)
    let key = await importJWK(signingKey, 'RS256')
    if (spoil === 'aud') payload.aud = 'someone-else'
    else if (spoil === 'exp') Object.assign(payload, { iat: now - 7200, exp: now - 3600 })
    else if (spoil === 'key') key = foreignKey
    const header = decodeProtectedHeader(ctx.body.id_token)
    ctx.body = { ...ctx.body, id_token: await new SignJWT(payload).setProtectedHeader(header).sign(key) }
  }
})

server.on('request', provider.callback())
console.log(issuer)
// A test may stop reading once it has the issuer; what the provider logs later must not end it.
process.stdout.on('error', () => {})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
