package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.HeadlessChromium;
import com.mangahub.sync.support.HttpCalls;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.PrefixProxy;
import java.net.URI;
import java.time.Duration;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a reverse proxy: the X-Forwarded-* headers of a configured proxy's address are believed (an HTTPS proxy's
 * readers get a Secure cookie, and their page's origin is the one they typed), the same headers from any other
 * address are ignored; the path prefix the proxy serves the service under is the cookie's path and starts the links
 * the service makes, and the web app, opened under the prefix, signs in, streams and makes changes through the proxy.
 * The proxy is this test's client on 127.0.0.1; another client on 127.0.0.2 (loopback too) is anyone else.
 */
@ExtendWith(PostgresExtension.class)
class ReverseProxyTest {
    private static final String ADMIN = "proxy-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Map<String, String> FORWARDED = Map.of("X-Forwarded-Proto", "https",
            "X-Forwarded-Host", "manga.example.org");

    @TempDir
    Path dataDir;

    @Test
    void forwardedHeadersCountOnlyFromTheProxyAndThePrefixStartsTheCookieAndLinks(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(9).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            HttpClient proxy = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.1")).build();
            HttpClient stranger = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
            String token = JSON.readTree(send(proxy, base, "POST", "/api/users", Map.of("Authorization",
                    "Bearer " + ADMIN), "{\"name\":\"proxied\"}").body()).path("token").asText();

            HttpResponse<String> viaProxy = send(proxy, base, "POST", "/api/session", FORWARDED,
                    "{\"token\":\"" + token + "\"}");
            assertThat(viaProxy.statusCode()).isEqualTo(201);
            String proxiedCookie = viaProxy.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(proxiedCookie).contains("; Path=/manga;").contains("; Secure").contains("; HttpOnly");
            String cookie = proxiedCookie.substring(0, proxiedCookie.indexOf(';'));
            String csrf = JSON.readTree(viaProxy.body()).path("csrf_token").asText();
            Map<String, String> change = new LinkedHashMap<>(FORWARDED);
            change.putAll(Map.of("Cookie", cookie, "X-CSRF-Token", csrf, "Origin", "https://manga.example.org"));
            assertThat(send(proxy, base, "POST", "/api/me/app-tokens", change, "{\"name\":\"via proxy\"}").statusCode())
                    .as("the page's origin is the one the proxy forwarded").isEqualTo(201);

            HttpResponse<String> direct = send(stranger, base, "POST", "/api/session", FORWARDED,
                    "{\"token\":\"" + token + "\"}");
            assertThat(direct.statusCode()).isEqualTo(201);
            assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow()).as("a claim of HTTPS from a stranger")
                    .doesNotContain("Secure");
            HttpResponse<String> claimed = send(stranger, base, "POST", "/api/me/app-tokens", change,
                    "{\"name\":\"claimed origin\"}");
            assertThat(claimed.statusCode()).as("a stranger's forwarded host is not its origin").isEqualTo(403);
            assertThat(JSON.readTree(claimed.body()).path("field").asText()).isEqualTo("Origin");

            JsonNode invitation = JSON.readTree(send(proxy, base, "POST", "/api/invitations",
                    Map.of("Authorization", "Bearer " + ADMIN), "{}").body());
            assertThat(invitation.path("path").asText()).startsWith("/manga/#/invite/");
            assertThat(JSON.readTree(send(proxy, base, "GET", "/api/me/app-tokens",
                    Map.of("Authorization", "Bearer " + token), null).body()).path("app_tokens")).hasSize(1);
        }
    }

    @Test
    void theWebAppWorksUnderTheProxysPrefixSignedInLiveAndMakingChanges(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(10).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC());
             PrefixProxy proxy = PrefixProxy.start("/manga", URI.create("http://127.0.0.1:" + app.httpPort()));
             HeadlessChromium browser = HeadlessChromium.start()) {
            HttpClient http = HttpClient.newHttpClient();
            String token = JSON.readTree(send(http, "http://127.0.0.1:" + app.httpPort(), "POST", "/api/users",
                    Map.of("Authorization", "Bearer " + ADMIN), "{\"name\":\"behind-proxy\"}").body()).path("token")
                    .asText();
            browser.navigate(proxy.base());
            await().atMost(PATIENCE).until(() -> "service UP".equals(browser.text("#service")));
            browser.type("#token", token);
            browser.click("#connect button[type=submit]");
            await().atMost(PATIENCE).until(() -> "live".equals(browser.text("#live")));
            assertThat(browser.eval("location.pathname").asText()).isEqualTo("/manga/");
            // a change through the proxy: the CSRF token and the forwarded origin pass
            browser.eval("location.hash = '#/settings'");
            await().atMost(PATIENCE).until(() -> browser.text("#app-tokens .empty") != null);
            browser.type("#app-token-name", "made behind the proxy");
            browser.click("#app-token-form button[type=submit]");
            await().atMost(PATIENCE).until(() -> browser.text("#app-tokens .app-token-secret") != null);
            assertThat(JSON.readTree(send(http, "http://127.0.0.1:" + app.httpPort(), "GET", "/api/me/app-tokens",
                    Map.of("Authorization", "Bearer " + token), null).body()).path("app_tokens").toString())
                    .contains("made behind the proxy");
            browser.click("#disconnect");
            await().atMost(PATIENCE).until(() -> !browser.eval("document.getElementById('signin').hidden").asBoolean());
            assertThat(browser.eval("fetch('api/me').then(r => r.status)").asInt()).isEqualTo(401);
        }
    }

    private HttpResponse<String> send(HttpClient http, String base, String method, String path,
                                      Map<String, String> headers, String body) throws Exception {
        return HttpCalls.send(http, base + path, method, headers, body);
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_TRUSTED_PROXIES", "127.0.0.1",
                "MANGAHUB_PATH_PREFIX", "/manga"));
    }
}
