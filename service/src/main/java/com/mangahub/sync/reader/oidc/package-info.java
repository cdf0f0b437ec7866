/**
 * OpenID Connect single sign-on: the authorization code flow with PKCE, {@code state} and {@code nonce} against a
 * provider found by discovery, the ID token checked by the Nimbus OAuth 2.0 SDK (signature by the provider's JWKS,
 * issuer, audience, expiry, nonce), and the reader it names linked by (issuer, subject) and signed in by a browser
 * session. Uses {@code reader}, {@code store}, {@code web} and {@code config}.
 */
package com.mangahub.sync.reader.oidc;
