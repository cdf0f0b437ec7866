package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.support.HttpCalls;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, acceptance 6: a rotated token stops working at once, on REST, on an open SSE stream and on a CoAP
 * observation held by libcoap's {@code coap-client}; a disabled reader likewise; a deleted reader's data is gone.
 * The cut goes through the database (the users trigger's signal), as it would from another process.
 */
@ExtendWith(PostgresExtension.class)
class TokenLifecycleTest {
    private static final String EOF = HttpCalls.EOF;

    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private long mangaId;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        mangaId = stack.insertManga(manga, "Dandadan");
    }

    @AfterEach
    void stop() {
        clients.forEach(Process::destroyForcibly);
        readers.forEach(Thread::interrupt);
        stack.close();
    }

    /** A reader following the series, with an SSE stream and a libcoap observation open, both past one push. */
    private record Sessions(long userId, String token, List<String> sse, List<String> coap, Process coapClient) {}

    private Sessions openSessions(String name) throws Exception {
        var user = stack.user(name);
        stack.follow(user.account().id(), mangaId);
        List<String> sse = openStream(user.token());
        Process coapClient = Libcoap.observe(stack.coapUri(user.token(), 0L), 60);
        clients.add(coapClient);
        List<String> coap = Libcoap.lines(coapClient.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> coap.contains("[]"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.coap.observers() == 1);
        chapter(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(sse, "\"chapter\":\"1\"") == 1
                && count(coap, "\"chapter\":\"1\"") == 1);
        return new Sessions(user.account().id(), user.token(), sse, coap, coapClient);
    }

    @Test
    void aRotatedTokenStopsAtOnceOnRestSseAndCoapWhileTheNewOneWorks() throws Exception {
        Sessions old = openSessions("rotator");

        var rotated = stack.send("POST", "/api/me/token", old.token(), null);
        long rotatedAt = System.nanoTime();
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = stack.parse(rotated.body());
        String fresh = body.path("token").asText();
        assertThat(fresh).startsWith("mh_").isNotEqualTo(old.token());
        assertThat(body.path("id").asLong()).isEqualTo(old.userId());

        assertThat(stack.send("GET", "/api/me", old.token(), null).statusCode()).isEqualTo(401);
        assertThat(stack.send("POST", "/api/me/token", old.token(), null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/me", fresh, null).statusCode()).isEqualTo(200);

        awaitCut(old, rotatedAt, "rotation");

        // the new token streams what comes next; the old sessions, ended, received none of it
        List<String> renewed = openStream(fresh);
        chapter(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(renewed, "\"chapter\":\"2\"") == 1);
        assertThat(count(old.sse(), "\"chapter\":\"2\"")).isZero();
        assertThat(count(old.coap(), "\"chapter\":\"2\"")).isZero();
        assertThat(stack.coap.observers()).isZero();
        // an observation with the old token is refused; with the new one it is served
        assertThat(coapGet(stack.coapUri(old.token(), 0L))).anyMatch(l -> l.contains("4.01"));
        assertThat(coapGet(stack.coapUri(fresh, 0L))).anyMatch(l -> l.contains("NEW_CHAPTER"));
    }

    @Test
    void twoRotationsWithOneTokenAtOnceLeaveExactlyOneNewTokenThatWorks() throws Exception {
        var user = stack.user("racer");
        var rotations = java.util.stream.IntStream.range(0, 8).parallel()
                .mapToObj(i -> stack.send("POST", "/api/me/token", user.token(), null)).toList();
        List<String> issued = rotations.stream().filter(r -> r.statusCode() == 200)
                .map(r -> stack.parse(r.body()).path("token").asText()).toList();
        assertThat(issued).as("one rotation wins, the others find the token already replaced").hasSize(1);
        assertThat(rotations.stream().filter(r -> r.statusCode() == 401).count()).isEqualTo(7);
        assertThat(stack.send("GET", "/api/me", issued.getFirst(), null).statusCode()).isEqualTo(200);
        assertThat(stack.send("GET", "/api/me", user.token(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void aDisabledReaderIsCutEverywhereAtOnceAndEnablingLetsTheSameTokenBackIn() throws Exception {
        Sessions s = openSessions("troublemaker");

        var disabled = stack.send("POST", "/api/users/" + s.userId() + "/disable", NotifyStack.ADMIN, null);
        long disabledAt = System.nanoTime();
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(stack.parse(disabled.body()).path("disabled").asBoolean()).isTrue();
        assertThat(stack.send("GET", "/api/me", s.token(), null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/me/notifications", s.token(), null).statusCode()).isEqualTo(401);
        awaitCut(s, disabledAt, "disabling");
        assertThat(openStreamStatus(s.token())).isEqualTo(401);

        var enabled = stack.send("POST", "/api/users/" + s.userId() + "/enable", NotifyStack.ADMIN, null);
        assertThat(stack.parse(enabled.body()).path("disabled").asBoolean()).isFalse();
        assertThat(stack.send("GET", "/api/me", s.token(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedReadersDataIsGoneAndTheirSessionsEnd() throws Exception {
        Sessions s = openSessions("leaver");
        var bystander = stack.user("bystander");
        stack.follow(bystander.account().id(), mangaId);
        chapter(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.count(
                "select count(*) from notifications where user_id = ?", bystander.account().id()) == 1);
        assertThat(stack.count("select count(*) from notifications where user_id = ?", s.userId())).isEqualTo(2);

        var deleted = stack.send("DELETE", "/api/users/" + s.userId(), NotifyStack.ADMIN, null);
        long deletedAt = System.nanoTime();
        assertThat(deleted.statusCode()).isEqualTo(204);
        awaitCut(s, deletedAt, "deletion");

        assertThat(stack.count("select count(*) from users where id = ?", s.userId())).isZero();
        assertThat(stack.count("select count(*) from user_library where user_id = ?", s.userId())).isZero();
        assertThat(stack.count("select count(*) from notifications where user_id = ?", s.userId())).isZero();
        assertThat(stack.count("select count(*) from notifications where user_id = ?", bystander.account().id()))
                .as("another reader keeps their log").isEqualTo(1);
        assertThat(stack.send("GET", "/api/me", s.token(), null).statusCode()).isEqualTo(401);
        var again = stack.send("DELETE", "/api/users/" + s.userId(), NotifyStack.ADMIN, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(stack.parse(again.body()).path("error").asText()).isEqualTo("not_found");
    }

    /** The SSE stream closes and the CoAP observation ends (coap-client is told 4.01), both within a second. */
    private void awaitCut(Sessions s, long since, String cause) {
        await().atMost(Duration.ofSeconds(5)).until(() -> s.sse().contains(EOF));
        long sseCut = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.coap.observers() == 0
                && s.coap().stream().anyMatch(l -> l.contains("4.01")));
        long coapCut = System.nanoTime();
        System.out.printf("after the %s: SSE stream closed in %d ms, CoAP observation ended (4.01) in %d ms%n", cause,
                (sseCut - since) / 1_000_000, (coapCut - since) / 1_000_000);
        assertThat(Duration.ofNanos(sseCut - since)).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(coapCut - since)).isLessThan(Duration.ofSeconds(1));
    }

    private void chapter(int n) {
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Dandadan\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}")
                .statusCode()).isEqualTo(202);
    }

    private HttpResponse<java.io.InputStream> streamRequest(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port()
                        + "/api/me/notifications/stream?after=0")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private int openStreamStatus(String token) throws Exception {
        var response = streamRequest(token);
        response.body().close();
        return response.statusCode();
    }

    /** The stream's lines as they arrive, then {@link #EOF} when the server ends it. */
    private List<String> openStream(String token) throws Exception {
        var response = streamRequest(token);
        assertThat(response.statusCode()).isEqualTo(200);
        return HttpCalls.lines(response, readers);
    }

    /** One plain (non-observing) GET with coap-client; its output lines. */
    private List<String> coapGet(String uri) throws Exception {
        Process p = new ProcessBuilder(Libcoap.requireBinary(), "-B", "5", "-m", "get", uri)
                .redirectErrorStream(true).start();
        clients.add(p);
        List<String> lines = Libcoap.lines(p.getInputStream());
        await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive());
        await().atMost(Duration.ofSeconds(2)).until(() -> !lines.isEmpty());
        return lines;
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }
}
