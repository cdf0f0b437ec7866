package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.support.HttpCalls;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 27, acceptance 2 to 4 over real HTTP, UDP and PostgreSQL: a browser session's cookie and its CSRF token,
 * sign-out, sign out everywhere and disabling ending the session, its event stream and the reader's CoAP observation
 * within a second (through the database's signal, as from another process); named app tokens made, listed without
 * their secret, used and revoked; invitations used once, refused when used, expired or unknown.
 */
@ExtendWith(PostgresExtension.class)
class SignInTest {
    private static final String EOF = HttpCalls.EOF;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private NotifyStack stack;

    @AfterEach
    void stop() {
        clients.forEach(Process::destroyForcibly);
        readers.forEach(Thread::interrupt);
        if (stack != null) stack.close();
    }

    /** What a signed-in browser holds: the cookie's secret (HttpOnly: only the browser has it) and the CSRF token. */
    private record Browser(String secret, String csrf) {
        String cookie() {
            return "mangahub_session=" + secret;
        }
    }

    @Test
    void aPastedTokenBecomesAnHttpOnlyLaxCookieAndEveryChangeMadeWithItNeedsTheCsrfTokenFromThisOrigin() throws Exception {
        stack = new NotifyStack();
        var user = stack.user("cookie-reader");
        HttpResponse<String> signIn = call("POST", "/api/session", Map.of(), "{\"token\":\"" + user.token() + "\"}");
        assertThat(signIn.statusCode()).isEqualTo(201);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("mangahub_session=mh_").contains("; Path=/").contains("; HttpOnly")
                .contains("; SameSite=Lax").contains("; Max-Age=" + NotifyStack.SESSION_MAX_AGE.toSeconds())
                .as("plain http without an https public URL: not Secure").doesNotContain("Secure");
        assertThat(signIn.headers().firstValue("Cache-Control")).contains("no-store");
        Browser browser = browserOf(signIn);
        assertThat(stack.parse(signIn.body()).path("name").asText()).isEqualTo("cookie-reader");

        // the cookie signs in reads; GET /api/session gives the page its CSRF token back after a reload
        JsonNode session = stack.parse(call("GET", "/api/session", Map.of("Cookie", browser.cookie()), null).body());
        assertThat(session.path("csrf_token").asText()).isEqualTo(browser.csrf());
        assertThat(call("GET", "/api/me", Map.of("Cookie", browser.cookie()), null).statusCode()).isEqualTo(200);

        String body = "{\"name\":\"script\"}";
        HttpResponse<String> noCsrf = call("POST", "/api/me/app-tokens", Map.of("Cookie", browser.cookie()), body);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(stack.parse(noCsrf.body()).path("field").asText()).isEqualTo("X-CSRF-Token");
        HttpResponse<String> wrongCsrf = call("POST", "/api/me/app-tokens",
                Map.of("Cookie", browser.cookie(), "X-CSRF-Token", browser.csrf() + "x"), body);
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> otherSite = call("POST", "/api/me/app-tokens", Map.of("Cookie", browser.cookie(),
                "X-CSRF-Token", browser.csrf(), "Origin", "https://evil.example"), body);
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(stack.parse(otherSite.body()).path("field").asText()).isEqualTo("Origin");
        HttpResponse<String> crossSite = call("DELETE", "/api/session", Map.of("Cookie", browser.cookie(),
                "X-CSRF-Token", browser.csrf(), "Sec-Fetch-Site", "cross-site"), null);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(stack.count("select count(*) from app_tokens")).as("no refused change happened").isZero();

        HttpResponse<String> ok = call("POST", "/api/me/app-tokens", Map.of("Cookie", browser.cookie(),
                "X-CSRF-Token", browser.csrf(), "Origin", "http://127.0.0.1:" + stack.http.port()), body);
        assertThat(ok.statusCode()).isEqualTo(201);
        // a sign-in forced from another site's page is refused too (login CSRF)
        assertThat(call("POST", "/api/session", Map.of("Origin", "https://evil.example"),
                "{\"token\":\"" + user.token() + "\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> badToken = call("POST", "/api/session", Map.of(), "{\"token\":\"mh_nothing\"}");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.headers().firstValue("Set-Cookie")).isEmpty();
        // a cookie never carries the operator's rights
        assertThat(call("GET", "/api/users", Map.of("Cookie", browser.cookie()), null).statusCode()).isEqualTo(401);
    }

    @Test
    void signOutEndsTheSessionAndItsStreamWithinASecond() throws Exception {
        stack = new NotifyStack().startBackground();
        var user = stack.user("leaving-browser");
        Browser browser = signIn(user.token());
        Browser other = signIn(user.token());
        List<String> sse = openStream(Map.of("Cookie", browser.cookie()));
        List<String> otherSse = openStream(Map.of("Cookie", other.cookie()));

        HttpResponse<String> out = call("DELETE", "/api/session", Map.of("Cookie", browser.cookie(),
                "X-CSRF-Token", browser.csrf()), null);
        long at = System.nanoTime();
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        await().atMost(Duration.ofSeconds(5)).until(() -> sse.contains(EOF));
        long signOutCut = System.nanoTime() - at;
        System.out.printf("after sign-out: the session's SSE stream closed in %d ms%n", signOutCut / 1_000_000);
        assertThat(Duration.ofNanos(signOutCut)).isLessThan(Duration.ofSeconds(1));
        assertThat(call("GET", "/api/me", Map.of("Cookie", browser.cookie()), null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/me", Map.of("Cookie", other.cookie()), null).statusCode())
                .as("another browser stays signed in").isEqualTo(200);
        Thread.sleep(300);
        assertThat(otherSse).doesNotContain(EOF);

        // sign out everywhere: every browser session, and the streams opened with them
        HttpResponse<String> everywhere = call("DELETE", "/api/me/sessions", Map.of("Authorization",
                "Bearer " + user.token()), null);
        long everywhereAt = System.nanoTime();
        assertThat(stack.parse(everywhere.body()).path("ended").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> otherSse.contains(EOF));
        long everywhereCut = System.nanoTime() - everywhereAt;
        System.out.printf("after sign out everywhere: the other browser's SSE stream closed in %d ms%n",
                everywhereCut / 1_000_000);
        assertThat(Duration.ofNanos(everywhereCut)).isLessThan(Duration.ofSeconds(1));
        assertThat(call("GET", "/api/me", Map.of("Cookie", other.cookie()), null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/me", Map.of("Authorization", "Bearer " + user.token()), null).statusCode())
                .as("the API token is not a session").isEqualTo(200);
    }

    @Test
    void disablingAReaderEndsTheirSessionStreamAndCoapObservationWithinASecondAndEnablingSignsNoBrowserBackIn()
            throws Exception {
        stack = new NotifyStack().startBackground();
        var user = stack.user("disabled-browser");
        Browser browser = signIn(user.token());
        List<String> sse = openStream(Map.of("Cookie", browser.cookie()));
        Process coapClient = Libcoap.observe(stack.coapUri(user.token(), 0L), 60);
        clients.add(coapClient);
        List<String> coap = Libcoap.lines(coapClient.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.coap.observers() == 1);

        assertThat(stack.send("POST", "/api/users/" + user.account().id() + "/disable", NotifyStack.ADMIN, null)
                .statusCode()).isEqualTo(200);
        long at = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> sse.contains(EOF));
        long sseCut = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.coap.observers() == 0
                && coap.stream().anyMatch(l -> l.contains("4.01")));
        long coapCut = System.nanoTime();
        System.out.printf("after disabling: SSE (session) closed in %d ms, CoAP ended in %d ms%n",
                (sseCut - at) / 1_000_000, (coapCut - at) / 1_000_000);
        assertThat(Duration.ofNanos(sseCut - at)).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(coapCut - at)).isLessThan(Duration.ofSeconds(1));
        assertThat(stack.count("select count(*) from reader_sessions where user_id = ?", user.account().id())).isZero();

        stack.send("POST", "/api/users/" + user.account().id() + "/enable", NotifyStack.ADMIN, null);
        assertThat(call("GET", "/api/me", Map.of("Cookie", browser.cookie()), null).statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAfterItsIdleTimeAndAtItsAbsoluteEnd() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
        var user = stack.user("idle-browser");
        Browser idle = signIn(user.token());
        clock.advance(NotifyStack.SESSION_IDLE.minusMinutes(2));
        assertThat(call("GET", "/api/me", Map.of("Cookie", idle.cookie()), null).statusCode())
                .as("used within its idle time").isEqualTo(200);
        clock.advance(NotifyStack.SESSION_IDLE.minusMinutes(2));
        assertThat(call("GET", "/api/me", Map.of("Cookie", idle.cookie()), null).statusCode())
                .as("each use moves the idle limit").isEqualTo(200);
        clock.advance(NotifyStack.SESSION_IDLE.plusMinutes(1));
        assertThat(call("GET", "/api/me", Map.of("Cookie", idle.cookie()), null).statusCode()).isEqualTo(401);

        Browser busy = signIn(user.token());
        for (Duration used = Duration.ZERO; used.compareTo(NotifyStack.SESSION_MAX_AGE) < 0;
             used = used.plus(NotifyStack.SESSION_IDLE.dividedBy(2))) {
            assertThat(call("GET", "/api/me", Map.of("Cookie", busy.cookie()), null).statusCode()).isEqualTo(200);
            clock.advance(NotifyStack.SESSION_IDLE.dividedBy(2));
        }
        assertThat(call("GET", "/api/me", Map.of("Cookie", busy.cookie()), null).statusCode())
                .as("used all along, yet past its absolute end").isEqualTo(401);
    }

    @Test
    void appTokensAreMadeShownOnceListedWithoutSecretUsedAndRevokedAtOnceWithTheirStreams() throws Exception {
        stack = new NotifyStack().startBackground();
        var user = stack.user("scripter");
        var other = stack.user("bystander-app");
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + user.token());
        HttpResponse<String> made = call("POST", "/api/me/app-tokens", bearer, "{\"name\":\"  CLI on my laptop \"}");
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(made.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode token = stack.parse(made.body());
        String secret = token.path("token").asText();
        assertThat(secret).startsWith("mh_").isNotEqualTo(user.token());
        assertThat(token.path("name").asText()).isEqualTo("CLI on my laptop");
        assertThat(token.path("last_used_at").isNull()).isTrue();
        call("POST", "/api/me/app-tokens", bearer, "{\"name\":\"feed reader\"}");
        assertThat(call("POST", "/api/me/app-tokens", bearer, "{\"name\":\"  \"}").statusCode()).isEqualTo(400);

        // the app token is the reader on REST, SSE and CoAP, and its use is recorded
        Map<String, String> app = Map.of("Authorization", "Bearer " + secret);
        assertThat(stack.parse(call("GET", "/api/me", app, null).body()).path("name").asText()).isEqualTo("scripter");
        List<String> sse = openStream(app);
        Process coapClient = Libcoap.observe(stack.coapUri(secret, 0L), 60);
        clients.add(coapClient);
        List<String> coap = Libcoap.lines(coapClient.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.coap.observers() == 1);

        JsonNode listed = stack.parse(call("GET", "/api/me/app-tokens", bearer, null).body()).path("app_tokens");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("name").asText()).isEqualTo("CLI on my laptop");
        assertThat(listed.get(0).path("last_used_at").isNull()).as("its use is listed").isFalse();
        assertThat(listed.get(1).path("last_used_at").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain("\"token\"");
        assertThat(stack.parse(call("GET", "/api/me/app-tokens", Map.of("Authorization", "Bearer " + other.token()),
                null).body()).path("app_tokens")).as("another reader's list").isEmpty();
        long id = listed.get(0).path("id").asLong();
        assertThat(call("DELETE", "/api/me/app-tokens/" + id, Map.of("Authorization", "Bearer " + other.token()), null)
                .statusCode()).as("another reader cannot revoke it").isEqualTo(404);

        assertThat(call("DELETE", "/api/me/app-tokens/" + id, bearer, null).statusCode()).isEqualTo(204);
        long at = System.nanoTime();
        assertThat(call("GET", "/api/me", app, null).statusCode()).as("refused at once").isEqualTo(401);
        await().atMost(Duration.ofSeconds(5)).until(() -> sse.contains(EOF));
        long sseCut = System.nanoTime() - at;
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.coap.observers() == 0
                && coap.stream().anyMatch(l -> l.contains("4.01")));
        long coapCut = System.nanoTime() - at;
        System.out.printf("after revoking an app token: its SSE stream closed in %d ms, its CoAP observation ended in "
                + "%d ms%n", sseCut / 1_000_000, coapCut / 1_000_000);
        assertThat(Duration.ofNanos(coapCut)).isLessThan(Duration.ofSeconds(1));
        assertThat(call("GET", "/api/me", bearer, null).statusCode()).as("the API token still works").isEqualTo(200);
        assertThat(call("DELETE", "/api/me/app-tokens/" + id, bearer, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvitationSignsTheInvitedPersonInOnceAndIsRefusedWhenUsedExpiredOrUnknown() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
        assertThat(stack.send("POST", "/api/invitations", null, "{}").statusCode()).as("admin only").isEqualTo(401);
        JsonNode invitation = stack.parse(stack.send("POST", "/api/invitations", NotifyStack.ADMIN,
                "{\"languages\":[\"en\",\"fr\"],\"valid_for_hours\":48}").body());
        String code = invitation.path("code").asText();
        assertThat(invitation.path("path").asText()).isEqualTo("/#/invite/" + code);
        assertThat(Instant.parse(invitation.path("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(48)));

        HttpResponse<String> accepted = call("POST", "/api/invitations/accept", Map.of(),
                "{\"code\":\"" + code + "\",\"name\":\"invitee\"}");
        assertThat(accepted.statusCode()).isEqualTo(201);
        Browser browser = browserOf(accepted);
        JsonNode me = stack.parse(call("GET", "/api/me", Map.of("Cookie", browser.cookie()), null).body());
        assertThat(me.path("name").asText()).as("signed in as the reader they named").isEqualTo("invitee");
        assertThat(me.path("languages").toString()).isEqualTo("[\"en\",\"fr\"]");

        HttpResponse<String> reused = call("POST", "/api/invitations/accept", Map.of(),
                "{\"code\":\"" + code + "\",\"name\":\"second-invitee\"}");
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(stack.parse(reused.body()).path("error").asText()).isEqualTo("invitation_used");
        assertThat(reused.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(stack.count("select count(*) from users where name = 'second-invitee'")).isZero();

        String late = stack.parse(stack.send("POST", "/api/invitations", NotifyStack.ADMIN, "{\"valid_for_hours\":1}")
                .body()).path("code").asText();
        HttpResponse<String> taken = call("POST", "/api/invitations/accept", Map.of(),
                "{\"code\":\"" + late + "\",\"name\":\"invitee\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(stack.parse(taken.body()).path("field").asText()).as("a taken name leaves the code usable").isEqualTo("name");
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = call("POST", "/api/invitations/accept", Map.of(),
                "{\"code\":\"" + late + "\",\"name\":\"latecomer\"}");
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(stack.parse(expired.body()).path("error").asText()).isEqualTo("invitation_expired");

        HttpResponse<String> unknown = call("POST", "/api/invitations/accept", Map.of(),
                "{\"code\":\"" + UUID.randomUUID() + "\",\"name\":\"guesser\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(stack.parse(unknown.body()).path("field").asText()).isEqualTo("code");
        assertThat(stack.count("select count(*) from users where name in ('latecomer', 'guesser')")).isZero();
    }

    private Browser signIn(String token) throws Exception {
        HttpResponse<String> response = call("POST", "/api/session", Map.of(), "{\"token\":\"" + token + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return browserOf(response);
    }

    private Browser browserOf(HttpResponse<String> response) {
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        String secret = setCookie.substring("mangahub_session=".length(), setCookie.indexOf(';'));
        return new Browser(secret, stack.parse(response.body()).path("csrf_token").asText());
    }

    private HttpResponse<String> call(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        return HttpCalls.send(http, "http://127.0.0.1:" + stack.http.port() + path, method, headers, body);
    }

    /** The stream's lines as they arrive, then {@link #EOF} when the server ends it. */
    private List<String> openStream(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port()
                + "/api/me/notifications/stream?after=0")).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        int before = stack.sse.clients();
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = HttpCalls.lines(response, readers);
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.sse.clients() > before);
        return lines;
    }
}
