package com.mangahub.sync.reader.oidc;

import com.mangahub.sync.config.Config;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * The configured OpenID provider, as the Nimbus SDK speaks to it. Its discovery document is read on the first
 * sign-in (a provider down at start does not stop the service) and kept; the ID token validator fetches the
 * provider's JWKS and fetches it again when a token names a key it has not seen, so the provider may rotate keys.
 */
final class OidcProvider {
    private static final int TIMEOUT_MS = 10_000;
    private static final Set<JWSAlgorithm> ASYMMETRIC = java.util.stream.Stream.of(JWSAlgorithm.Family.RSA,
            JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED).flatMap(java.util.Collection::stream)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Config.Oidc settings;
    private volatile Discovered discovered;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    /** Why a sign-in failed, in words for the page that says so. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    OidcProvider(Config.Oidc settings) {
        this.settings = settings;
    }

    Config.Oidc settings() {
        return settings;
    }

    private Discovered discovered() throws Refused {
        Discovered known = discovered;
        if (known != null) return known;
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MS,
                    TIMEOUT_MS);
            // the provider's public-key algorithms only: never "none", never an HMAC keyed by the client secret
            Set<JWSAlgorithm> algorithms = new HashSet<>();
            if (metadata.getIDTokenJWSAlgs() != null) algorithms.addAll(metadata.getIDTokenJWSAlgs());
            algorithms.retainAll(ASYMMETRIC);
            if (algorithms.isEmpty()) algorithms.add(JWSAlgorithm.RS256);
            // cached, and fetched again when a token names a key not seen yet: the provider may rotate its keys
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).retrying(true)
                    .build();
            IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                    new JWSVerificationKeySelector<>(algorithms, keys), null);
            known = new Discovered(metadata, validator);
            discovered = known;
            return known;
        } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException | IllegalArgumentException e) {
            throw new Refused("the identity provider could not be reached or did not describe itself ("
                    + e.getMessage() + "); try again later");
        }
    }

    /** Where to send the browser: the provider's authorization endpoint with this sign-in's state, nonce and PKCE. */
    URI authorizationUri(State state, Nonce nonce, CodeVerifier verifier, URI redirectUri) throws Refused {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                new ClientID(settings.clientId()), redirectUri)
                .endpointURI(discovered().metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Trades the code for tokens and checks the ID token (signature, issuer, audience, expiry, nonce). */
    IDTokenClaimsSet verifiedClaims(String code, CodeVerifier verifier, URI redirectUri, Nonce nonce) throws Refused {
        Discovered d = discovered();
        JWT idToken;
        try {
            var request = new TokenRequest(d.metadata().getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID(settings.clientId()),
                            new com.nimbusds.oauth2.sdk.auth.Secret(settings.clientSecret().value())),
                    new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier)).toHTTPRequest();
            request.setConnectTimeout(TIMEOUT_MS);
            request.setReadTimeout(TIMEOUT_MS);
            TokenResponse response = OIDCTokenResponseParser.parse(request.send());
            if (!response.indicatesSuccess()) {
                var error = response.toErrorResponse().getErrorObject();
                throw new Refused("the identity provider refused the sign-in: " + error.getCode()
                        + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
            }
            idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        } catch (IOException | ParseException | ClassCastException e) {
            throw new Refused("the identity provider's answer could not be read (" + e.getMessage() + ")");
        }
        try {
            return d.validator().validate(idToken, nonce);
        } catch (BadJWSException e) {
            throw new Refused("the ID token's signature does not verify with the identity provider's keys");
        } catch (BadJWTException e) {
            throw new Refused("the ID token was refused: " + claimProblem(e.getMessage()));
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("the ID token was refused: " + e.getMessage());
        }
    }

    /** Nimbus's words for a bad claim, said as a reader would understand them. */
    private static String claimProblem(String message) {
        String m = message == null ? "" : message;
        if (m.contains("audience")) return "it was issued for another application (audience)";
        if (m.contains("Expired")) return "it has expired";
        if (m.contains("nonce")) return "it does not belong to this sign-in (nonce): it may be a replay";
        if (m.contains("issuer")) return "it comes from another issuer";
        return m;
    }
}
