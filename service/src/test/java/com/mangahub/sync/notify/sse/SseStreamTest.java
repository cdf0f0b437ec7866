package com.mangahub.sync.notify.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SseStreamTest {
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        stack.insertManga(manga, "Chainsaw Man");
    }

    @AfterEach
    void stop() {
        readers.forEach(Thread::interrupt);
        stack.close();
    }

    private void chapter(int n) {
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Chainsaw Man\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}")
                .statusCode()).isEqualTo(202);
    }

    /** Opens the stream and collects its lines; the response status is returned once known. */
    private int open(String token, String lastEventId, List<String> lines) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port()
                + "/api/me/notifications/stream")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.io.InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) return response.statusCode();
        readers.add(Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException e) {
                lines.add("closed: " + e.getMessage());
            }
        }));
        return 200;
    }

    private static List<String> ids(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).strip()).toList();
    }

    @Test
    void aStreamDeliversNotificationsWithTheirIdsAndResumesAfterLastEventId() throws Exception {
        var user = stack.user("browser");
        stack.follow(user.account().id(), stack.libraryStore.findSeries(manga).orElseThrow().id());
        List<String> first = new CopyOnWriteArrayList<>();
        assertThat(open(user.token(), "0", first)).isEqualTo(200);

        chapter(1);
        chapter(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(first).size() == 2);
        assertThat(first).anyMatch(l -> l.startsWith("event:") && l.contains("NEW_CHAPTER"));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.stream().anyMatch(l -> l.startsWith(":")));

        String lastSeen = ids(first).getFirst();
        List<String> resumed = new CopyOnWriteArrayList<>();
        assertThat(open(user.token(), lastSeen, resumed)).isEqualTo(200);
        chapter(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(resumed).size() == 2);
        List<String> all = stack.notifications.after(user.account().id(), 0, 10).stream()
                .map(r -> Long.toString(r.id())).toList();
        assertThat(ids(resumed)).containsExactlyElementsOf(all.subList(1, 3));
    }

    @Test
    void aBroadcastReachesTheOpenStreamsOfTheReadersWhoSeeItAndIsDeliveredForThemAlone() throws Exception {
        var ana = stack.user("ana");
        var ben = stack.user("ben");
        stack.db.inTransaction(h -> h.execute("update users set new_manga = false where id = ?", ben.account().id()));
        List<String> anas = new CopyOnWriteArrayList<>();
        List<String> bens = new CopyOnWriteArrayList<>();
        assertThat(open(ana.token(), "0", anas)).isEqualTo(200);
        assertThat(open(ben.token(), "0", bens)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.sse.readers().size() == 2);

        assertThat(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Chainsaw Man\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(anas).size() == 1);
        long broadcast = stack.count("select id from broadcasts");
        assertThat(ids(anas)).containsExactly(Long.toString(broadcast));
        assertThat(anas).anyMatch(l -> l.startsWith("event:") && l.contains("NEW_MANGA"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.count("select count(*) from broadcast_receipts "
                + "where delivered_at is not null") == 1);
        assertThat(stack.count("select user_id from broadcast_receipts")).isEqualTo(ana.account().id());
        assertThat(ids(bens)).as("ben turned new series off").isEmpty();
        assertThat(stack.count("select count(*) from notifications")).as("one shared row").isZero();
    }

    @Test
    void aStreamWithoutAValidTokenIs401() throws Exception {
        assertThat(open("mh_nobody", null, new CopyOnWriteArrayList<>())).isEqualTo(401);
    }

    /** Without the header Javalin would answer an empty 200, which looks like "no notifications" to curl. */
    @Test
    void aClientThatDoesNotAskForAnEventStreamIsToldHow() throws Exception {
        var user = stack.user("curl-user");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.http.port() + "/api/me/notifications/stream")).header("Authorization", "Bearer " + user.token())
                .header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.body()).contains("Accept: text/event-stream");
    }
}
