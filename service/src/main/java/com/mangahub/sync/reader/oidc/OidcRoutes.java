package com.mangahub.sync.reader.oidc;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.reader.BrowserSessions;
import com.mangahub.sync.reader.SessionCookie;
import com.mangahub.sync.reader.SessionRoutes;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.OidcStore;
import com.mangahub.sync.store.OidcStore.PendingLogin;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.Routes;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Single sign-on in the browser. {@code GET /auth/oidc/login} starts a sign-in: a fresh state, nonce and PKCE
 * verifier kept server-side for ten minutes, the state also in a cookie of this browser, and a redirect to the
 * provider. {@code GET /auth/oidc/callback} finishes it: the state must be one this browser started and not yet used,
 * the code is traded for tokens with the verifier, the ID token checked (signature by the provider's keys, issuer,
 * audience, expiry, nonce), the reader found by (issuer, subject) or created on first sign-in when the policy lets
 * them in, and a session opened; then on to Notifications. Anything refused is a plain page saying why, and no
 * session.
 */
public final class OidcRoutes implements Routes {
    static final String STATE_COOKIE = "mangahub_oidc_state";
    private static final String COOKIE_PATH = "/auth/oidc";
    private static final Duration LOGIN_TIME = Duration.ofMinutes(10);

    private final Optional<OidcProvider> provider;
    private final OidcStore store;
    private final BrowserSessions sessions;
    private final SessionCookie cookie;
    private final Clock clock;

    public OidcRoutes(Optional<Config.Oidc> settings, OidcStore store, BrowserSessions sessions, SessionCookie cookie,
                      Clock clock) {
        this.provider = settings.map(OidcProvider::new);
        this.store = store;
        this.sessions = sessions;
        this.cookie = cookie;
        this.clock = clock;
    }

    /** What the sign-in page offers: the provider's label, or empty without single sign-on. */
    public Optional<String> providerName() {
        return provider.map(p -> p.settings().name());
    }

    @Override
    public void register(Javalin app) {
        app.get("/auth/oidc/login", this::login);
        app.get("/auth/oidc/callback", this::callback);
    }

    private void login(Context ctx) {
        if (provider.isEmpty()) {
            SignInPage.refused(ctx, 404, "Single sign-on is not set up on this service: sign in with a token.");
            return;
        }
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI redirect = URI.create(cookie.publicBase(ctx) + COOKIE_PATH + "/callback");
        Instant now = clock.instant();
        try {
            URI to = provider.get().authorizationUri(state, nonce, verifier, redirect);
            store.begin(hash(state.getValue()), new PendingLogin(nonce.getValue(), verifier.getValue(),
                    redirect.toString(), now), now.minus(LOGIN_TIME));
            cookie.add(ctx, STATE_COOKIE, state.getValue(), cookie.prefix() + COOKIE_PATH, LOGIN_TIME);
            ctx.header("Cache-Control", "no-store").redirect(to.toString(), io.javalin.http.HttpStatus.FOUND);
        } catch (OidcProvider.Refused e) {
            SignInPage.refused(ctx, 502, e.getMessage());
        }
    }

    private void callback(Context ctx) {
        // the state is single-use whatever happens next: the browser forgets it too
        cookie.add(ctx, STATE_COOKIE, "", cookie.prefix() + COOKIE_PATH, Duration.ZERO);
        ctx.header("Cache-Control", "no-store");
        try {
            UserAccount reader = signIn(ctx);
            SessionRoutes.open(ctx, cookie, sessions, reader);
            ctx.redirect(cookie.prefix() + "/#/notifications", io.javalin.http.HttpStatus.FOUND);
        } catch (OidcProvider.Refused e) {
            SignInPage.refused(ctx, 400, e.getMessage());
        } catch (PolicyRefusal e) {
            SignInPage.refused(ctx, 403, e.getMessage());
        }
    }

    private UserAccount signIn(Context ctx) throws OidcProvider.Refused, PolicyRefusal {
        if (provider.isEmpty()) throw new OidcProvider.Refused("single sign-on is not set up on this service");
        String error = ctx.queryParam("error");
        if (error != null) {
            String description = ctx.queryParam("error_description");
            throw new OidcProvider.Refused("the identity provider did not sign you in: " + error
                    + (description == null ? "" : " (" + description + ")"));
        }
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        if (state == null || state.isBlank() || state.length() > 512 || code == null || code.isBlank()) {
            throw new OidcProvider.Refused("the answer from the identity provider lacks its state or code; start again");
        }
        Optional<PendingLogin> pending = store.take(hash(state));
        String browserState = ctx.cookie(STATE_COOKIE);
        if (pending.isEmpty() || browserState == null || !MessageDigest.isEqual(
                browserState.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            throw new OidcProvider.Refused("wrong state: this sign-in was not started in this browser, or it was "
                    + "already used; start again");
        }
        PendingLogin login = pending.get();
        if (!login.createdAt().plus(LOGIN_TIME).isAfter(clock.instant())) {
            throw new OidcProvider.Refused("this sign-in took longer than ten minutes; start again");
        }
        IDTokenClaimsSet claims = provider.get().verifiedClaims(code, new CodeVerifier(login.codeVerifier()),
                URI.create(login.redirectUri()), new Nonce(login.nonce()));
        admit(claims, provider.get().settings());
        UserAccount reader = store.readerFor(claims.getIssuer().getValue(), claims.getSubject().getValue(),
                names(claims), UserAccounts.untoldTokenHash(), List.of("en"), clock.instant());
        if (reader.disabled()) throw new PolicyRefusal("your reader account is disabled by the operator");
        return reader;
    }

    /** Refused by this service's rules (email domain, group, a disabled reader), not by the provider. */
    private static final class PolicyRefusal extends Exception {
        PolicyRefusal(String message) {
            super(message);
        }
    }

    private static void admit(IDTokenClaimsSet claims, Config.Oidc settings) throws PolicyRefusal {
        if (!settings.allowedEmailDomains().isEmpty()) {
            String email = claims.getStringClaim("email");
            Boolean verified = claims.getBooleanClaim("email_verified");
            String domain = email == null || !email.contains("@") ? ""
                    : email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (Boolean.FALSE.equals(verified) || !settings.allowedEmailDomains().contains(domain)) {
                throw new PolicyRefusal("this service takes readers with a verified email address at "
                        + String.join(", ", settings.allowedEmailDomains()) + " only");
            }
        }
        if (settings.requiredGroup().isPresent()) {
            List<String> groups = claims.getStringListClaim("groups");
            if (groups == null || !groups.contains(settings.requiredGroup().get())) {
                throw new PolicyRefusal("this service takes members of the group '" + settings.requiredGroup().get()
                        + "' only");
            }
        }
    }

    /** A new reader's name from the claims, most readable first; the subject's as a last resort. */
    private static List<String> names(IDTokenClaimsSet claims) {
        List<String> names = new ArrayList<>();
        for (String claim : List.of("preferred_username", "name", "given_name", "nickname")) {
            UserAccounts.nameFrom(claims.getStringClaim(claim)).ifPresent(names::add);
        }
        String email = claims.getStringClaim("email");
        if (email != null && email.contains("@")) {
            UserAccounts.nameFrom(email.substring(0, email.indexOf('@'))).ifPresent(names::add);
        }
        if (names.isEmpty()) names.add("reader");
        return names.stream().distinct().toList();
    }

    private static byte[] hash(String state) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
