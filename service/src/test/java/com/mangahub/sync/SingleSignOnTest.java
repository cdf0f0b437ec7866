package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.HeadlessChromium;
import com.mangahub.sync.support.PostgresExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, acceptance 1: single sign-on against a real OpenID provider in this JVM (NAV's mock-oauth2-server:
 * discovery, authorize, token and JWKS endpoints, RS256-signed ID tokens). In headless Chromium a reader signs in and
 * lands on Notifications, made once and found again on the next sign-in; ID tokens with a wrong audience, a bad
 * signature, an expiry in the past or another sign-in's nonce, and a callback with a state this browser did not
 * start, are each refused with a page that says why, and no session.
 */
@ExtendWith(PostgresExtension.class)
class SingleSignOnTest {
    private static final String ADMIN = "sso-admin-token-0123456789";
    private static final String CLIENT = "mangahub-sync";
    private static final String ISSUER_ID = "default";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The ID token the provider's token endpoint answers with next, in place of one it makes (a tampered one). */
    private final AtomicReference<String> nextIdToken = new AtomicReference<>();
    private final MockOAuth2Server provider = new MockOAuth2Server(new Route() {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return nextIdToken.get() != null && request.getUrl().encodedPath().endsWith("/token");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String body = "{\"access_token\":\"access\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                    + "\"id_token\":\"" + nextIdToken.getAndSet(null) + "\"}";
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, null);
        }
    });

    @TempDir
    Path dataDir;

    @BeforeEach
    void startProvider() {
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    @Test
    void aReaderSignsInWithTheProviderLandsOnNotificationsAndIsTheSameReaderNextTime(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC());
             HeadlessChromium browser = HeadlessChromium.start()) {
            String base = "http://127.0.0.1:" + app.httpPort();
            for (int time = 1; time <= 2; time++) {
                provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-of-alice", "JWT",
                        List.of(CLIENT), Map.of("preferred_username", "alice", "email", "alice@example.org"), 3600));
                browser.navigate(base + "/");
                await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('oidc').hidden").asBoolean());
                assertThat(browser.text("#oidc-signin")).isEqualTo("Sign in with Test provider");
                browser.click("#oidc-signin");
                await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
                assertThat(browser.eval("location.hash").asText()).isEqualTo("#/notifications");
                // the stream may go live before the library's first load ends and the view shows
                await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-notifications').hidden")
                        .asBoolean());
                assertThat(browser.eval("fetch('/api/me').then(r => r.json()).then(me => me.name)").asText())
                        .as("sign-in %d", time).isEqualTo("alice");
                assertThat(count(db, "select count(*) from users")).as("one reader after sign-in %d", time).isEqualTo(1);
                assertThat(count(db, "select count(*) from reader_identities where subject = 'subject-of-alice'"))
                        .isEqualTo(1);
                browser.eval("location.hash = '#/settings'");
                await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('view-settings').hidden")
                        .asBoolean());
                browser.click("#disconnect");
                await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('signin').hidden").asBoolean());
            }
            // another person of the provider is another reader, named from their claims
            provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-of-bob", "JWT", List.of(CLIENT),
                    Map.of("name", "Bob Smith"), 3600));
            browser.navigate(base + "/");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('oidc').hidden").asBoolean());
            browser.click("#oidc-signin");
            await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
            assertThat(browser.eval("fetch('/api/me').then(r => r.json()).then(me => me.name)").asText())
                    .isEqualTo("Bob-Smith");
            assertThat(count(db, "select count(*) from users")).isEqualTo(2);
        }
    }

    @Test
    void idTokensWithAWrongAudienceABadSignatureAnExpiryOrAReplayedNonceAndAWrongStateAreRefusedWithAPageAndNoSession(
            Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(6).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();

            // a good sign-in first: its nonce is what a replay carries later
            Flow first = start(base);
            provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-1", "JWT", List.of(CLIENT),
                    Map.of("preferred_username", "carol"), 3600));
            HttpResponse<String> landed = first.finish(null);
            assertThat(landed.statusCode()).as("%s", landed.body()).isEqualTo(302);
            assertThat(landed.headers().firstValue("Location")).contains("/#/notifications");
            assertThat(first.signedIn()).isTrue();

            Map<String, String> refusals = new HashMap<>();
            Flow audience = start(base);
            refusals.put("audience", audience.refusedWith(token(audience.nonce, List.of("another-client"), 3600)));
            Flow signature = start(base);
            String good = provider.issueToken(ISSUER_ID, CLIENT, callback(signature.nonce, List.of(CLIENT), 3600))
                    .serialize();
            refusals.put("signature", signature.refusedWith(tamperSignature(good)));
            Flow expired = start(base);
            refusals.put("expired", expired.refusedWith(token(expired.nonce, List.of(CLIENT), -600)));
            Flow replay = start(base);
            refusals.put("replay", replay.refusedWith(token(first.nonce, List.of(CLIENT), 3600)));

            assertThat(refusals.get("audience")).contains("issued for another application (audience)");
            assertThat(refusals.get("signature")).contains("signature does not verify");
            assertThat(refusals.get("expired")).contains("it has expired");
            assertThat(refusals.get("replay")).contains("does not belong to this sign-in (nonce)");

            // a callback with a state this browser did not start (another browser's sign-in, a forged link)
            Flow mine = start(base);
            Flow theirs = start(base);
            HttpResponse<String> authorized = theirs.authorize();
            String callback = authorized.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> wrongState = mine.get(callback);
            assertThat(wrongState.statusCode()).isEqualTo(400);
            assertThat(wrongState.body()).contains("Sign-in refused").contains("wrong state");
            assertThat(mine.signedIn()).isFalse();
            // and the state it spent cannot be used again, even by the browser that started it
            HttpResponse<String> reused = theirs.get(callback);
            assertThat(reused.body()).contains("wrong state");
            assertThat(theirs.signedIn()).isFalse();

            assertThat(count(db, "select count(*) from users")).as("only the good sign-in made a reader").isEqualTo(1);
            assertThat(count(db, "select count(*) from reader_sessions")).as("and the only session").isEqualTo(1);
        }
    }

    @Test
    void onlyVerifiedAddressesOfTheAllowedDomainsInTheRequiredGroupBecomeReaders(Database db) throws Exception {
        Map<String, String> rules = Map.of("MANGAHUB_OIDC_ALLOWED_EMAIL_DOMAINS", "Example.org",
                "MANGAHUB_OIDC_REQUIRED_GROUP", "manga-readers");
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(7).withWorldSize(3, 10));
             App app = App.start(config(sim, rules), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            Map<String, Map<String, Object>> refused = Map.of(
                    "another domain", Map.of("email", "eve@elsewhere.org", "groups", List.of("manga-readers")),
                    "an unverified address", Map.of("email", "mallory@example.org", "email_verified", false,
                            "groups", List.of("manga-readers")),
                    "not in the group", Map.of("email", "oscar@example.org", "groups", List.of("staff")),
                    "no groups at all", Map.of("email", "peggy@example.org"));
            for (var claims : refused.entrySet()) {
                Flow flow = start(base);
                provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-" + claims.getKey(), "JWT",
                        List.of(CLIENT), claims.getValue(), 3600));
                HttpResponse<String> page = flow.finish(null);
                assertThat(page.statusCode()).as(claims.getKey()).isEqualTo(403);
                assertThat(page.body()).contains("Sign-in refused").contains("only");
                assertThat(flow.signedIn()).isFalse();
            }
            Flow admitted = start(base);
            provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-trent", "JWT", List.of(CLIENT),
                    Map.of("email", "trent@example.org", "email_verified", true, "groups", List.of("manga-readers")),
                    3600));
            assertThat(admitted.finish(null).statusCode()).isEqualTo(302);
            assertThat(admitted.signedIn()).isTrue();
            assertThat(count(db, "select count(*) from users")).as("only the admitted person is a reader").isEqualTo(1);
            assertThat(count(db, "select count(*) from users where name = 'trent'")).isEqualTo(1);
        }
    }

    private long count(Database db, String sql) {
        return db.inTransaction(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private DefaultOAuth2TokenCallback callback(String nonce, List<String> audience, long expirySeconds) {
        return new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-x", "JWT", audience, Map.of("nonce", nonce),
                expirySeconds);
    }

    /** An ID token signed by the provider's own key, with these claims. */
    private String token(String nonce, List<String> audience, long expirySeconds) {
        return provider.issueToken(ISSUER_ID, CLIENT, callback(nonce, audience, expirySeconds)).serialize();
    }

    /** The same token with one character of its signature changed. */
    private static String tamperSignature(String jwt) {
        int at = jwt.lastIndexOf('.') + 10;
        char c = jwt.charAt(at);
        return jwt.substring(0, at) + (c == 'A' ? 'B' : 'A') + jwt.substring(at + 1);
    }

    private Flow start(String base) throws Exception {
        Flow flow = new Flow(base);
        HttpResponse<String> login = flow.get(base + "/auth/oidc/login");
        assertThat(login.statusCode()).isEqualTo(302);
        flow.authorizeUrl = login.headers().firstValue("Location").orElseThrow();
        assertThat(flow.authorizeUrl).startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString())
                .contains("code_challenge_method=S256").contains("state=").contains("nonce=");
        flow.nonce = query(flow.authorizeUrl, "nonce");
        return flow;
    }

    private static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
        throw new AssertionError(name + " not in " + url);
    }

    /** One browser's sign-in, step by step: its own cookies, redirects taken by hand. */
    private final class Flow {
        private final String base;
        private final HttpClient http;
        private String authorizeUrl;
        private String nonce;

        Flow(String base) {
            this.base = base;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The provider signs the person in at once (the mock's default) and sends the browser back with a code. */
        HttpResponse<String> authorize() throws Exception {
            HttpResponse<String> authorized = get(authorizeUrl);
            assertThat(authorized.statusCode()).isEqualTo(302);
            assertThat(authorized.headers().firstValue("Location").orElseThrow()).startsWith(base + "/auth/oidc/callback");
            return authorized;
        }

        /** Back at the service; {@code idToken} non-null: the provider's token endpoint answers with it this once. */
        HttpResponse<String> finish(String idToken) throws Exception {
            HttpResponse<String> authorized = authorize();
            nextIdToken.set(idToken);
            return get(authorized.headers().firstValue("Location").orElseThrow());
        }

        /** Finishes with this ID token; asserts the clear page and no session, and returns the page's reason. */
        String refusedWith(String idToken) throws Exception {
            HttpResponse<String> page = finish(idToken);
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.body()).contains("<h1>Sign-in refused</h1>").contains("You are not signed in");
            assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("mangahub_session="));
            assertThat(signedIn()).isFalse();
            return page.body();
        }

        boolean signedIn() throws Exception {
            return get(base + "/api/me").statusCode() == 200;
        }
    }

    private Config config(Simulator sim) {
        return config(sim, Map.of());
    }

    private Config config(Simulator sim, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.putAll(Map.ofEntries(Map.entry("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl()),
                Map.entry("MANGAHUB_DATA_DIR", dataDir.toString()), Map.entry("MANGAHUB_HTTP_PORT", "0"),
                Map.entry("MANGAHUB_COAP_PORT", "0"), Map.entry("MANGAHUB_ADMIN_TOKEN", ADMIN),
                Map.entry("MANGAHUB_IMPORT_ON_START", "false"), Map.entry("MANGAHUB_MANGADEX_URL", sim.baseUri().toString()),
                Map.entry("MANGAHUB_OIDC_ISSUER", provider.issuerUrl(ISSUER_ID).toString()),
                Map.entry("MANGAHUB_OIDC_CLIENT_ID", CLIENT), Map.entry("MANGAHUB_OIDC_CLIENT_SECRET", "client-secret"),
                Map.entry("MANGAHUB_OIDC_NAME", "Test provider")));
        return Config.from(env);
    }
}
