package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.ServiceCpu;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Acceptance 3: N users online over CoAP, all following one series; one new chapter must reach every one of them.
 * Observers share client endpoints (250 per socket) so thousands fit in one test JVM. Not more: Californium's client
 * endpoint walks all its observations' listeners for every notification it receives, so a crowded endpoint costs
 * the test's own client, which shares the CPU with the server under measurement, O(observers per socket) each.
 */
final class FanOutScenario implements AutoCloseable {
    private static final int OBSERVERS_PER_ENDPOINT = 250;
    private static final int REGISTERING = 2_000;

    private final NotifyStack stack = new NotifyStack(Clock.systemUTC(),
            CoapSettings.defaults().withSourceRate(1_000_000), new Config.Notify(10, Duration.ofHours(1)),
            NotifyStack.catalogueOnly()).startBackground();
    private final List<CoapEndpoint> endpoints = new ArrayList<>();
    private final List<TestObserver> observers = new ArrayList<>();
    private final UUID manga = UUID.randomUUID();

    /**
     * What one fan-out took: {@code delivery} from the trigger POST to the last observer's notification (outbox,
     * fan-out insert, feed and push), {@code push} from the first observer's notification to the last (the send
     * path alone, what {@link UdpCeiling} bounds), and the size of one notification's payload.
     */
    record Result(int observers, Duration registration, Duration delivery, Duration push, double retransmitted,
                  int payloadBytes, ServiceCpu.Spent cpu) {
        double messagesPerSecond() {
            return observers / (delivery.toNanos() / 1e9);
        }
    }

    Result run(int count) throws Exception {
        return run(count, 0);
    }

    /**
     * With {@code groupRules} > 0 every reader holds that many "groups never" rules on the series (none of them
     * credited on the chapter, so every reader is still notified) and the chapter is a stored one crediting two
     * groups: the fan-out compares every reader's rules with the chapter's groups, as it does in production.
     */
    Result run(int count, int groupRules) throws Exception {
        long mangaId = stack.insertManga(manga, "One Piece");
        List<String> tokens = stack.bulkUsersFollowing(count, mangaId);
        UUID chapterId = UUID.randomUUID();
        if (groupRules > 0) withGroupRules(mangaId, groupRules, chapterId);
        Configuration config = TestObserver.clientConfig();
        long registering = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (i % OBSERVERS_PER_ENDPOINT == 0) endpoints.add(TestObserver.endpoint(config));
            observers.add(new TestObserver(endpoints.getLast(), stack.coapUri(tokens.get(i), 0L)).observe());
            // at most REGISTERING answers outstanding: 100,000 at once would outlast the clients' request timeout
            int sent = i + 1;
            if (sent % 1_000 == 0) await().atMost(Duration.ofMinutes(2)).until(() -> stack.coap.observers() >= sent - REGISTERING);
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> stack.coap.observers() == count);
        // each new observer reads its (empty) backlog first; the fan-out measured is one chapter to caught-up observers
        await().atMost(Duration.ofMinutes(5)).until(() -> stack.coap.catchingUp() == 0);
        Duration registration = Duration.ofNanos(System.nanoTime() - registering);

        ServiceCpu cpu = ServiceCpu.start(this::clientThread);
        long triggered = System.nanoTime();
        if (groupRules > 0) {
            // as sync writes it: the outbox row names the stored chapter, whose groups the fan-out reads
            stack.outbox.enqueue(com.mangahub.sync.store.OutboxWriter.Type.NEW_CHAPTER, mangaId, "{\"manga_id\":\""
                    + manga + "\",\"title\":\"One Piece\",\"chapter\":\"1100\",\"old_chapter\":\"1099\","
                    + "\"language\":\"en\",\"chapter_id\":\"" + chapterId + "\"}", null, java.time.Instant.now()).orElseThrow();
            stack.dispatcher.wake();
        } else {
            var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                    + "\",\"title\":\"One Piece\",\"chapter\":\"1100\",\"old_chapter\":\"1099\"}");
            assertThat(response.statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(observers.stream().filter(o -> !o.ids.isEmpty()).count())
                        .as("observers notified (rows written: %d, observing: %d, client errors: %d)",
                                stack.count("select count(*) from notifications"), stack.coap.observers(),
                                observers.stream().mapToInt(o -> o.errors.get()).sum())
                        .isEqualTo(count));
        ServiceCpu.Spent spent = cpu.stop();
        long first = observers.stream().mapToLong(o -> o.lastArrivalNanos).min().orElseThrow();
        long last = observers.stream().mapToLong(o -> o.lastArrivalNanos).max().orElseThrow();
        Duration delivery = Duration.ofNanos(last - triggered);
        for (TestObserver o : observers) assertThat(o.idsSnapshot()).hasSize(1);
        assertThat(observers).allSatisfy(o -> assertThat(o.errors).hasValue(0));
        assertThat(stack.count("select count(*) from notifications")).isEqualTo(count);
        var retransmissions = stack.registry.find("mangahub.notification.deliveries").tag("outcome", "retransmitted").counter();
        return new Result(count, registration, delivery, Duration.ofNanos(last - first),
                retransmissions == null ? 0 : retransmissions.count(), observers.getFirst().lastPayloadBytes, spent);
    }

    /**
     * The test's own threads, which share this JVM with the service: the observers' endpoints (Californium's UDP
     * threads on any port but the server's, named {@code UDP-Receiver-127.0.0.1:port[i]}), their shared executors and
     * the condition the await polls.
     */
    private boolean clientThread(String name) {
        if (name.startsWith("test-coap-") || name.startsWith("awaitility")) return true;
        return name.startsWith("UDP-") && !name.contains(":" + stack.coap.port() + "[");
    }

    /** Every follower avoids {@code rules} groups (distinct per reader), and the chapter credits two others. */
    private void withGroupRules(long mangaId, int rules, UUID chapterId) {
        stack.db.inTransaction(h -> {
            h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, chapter, chapter_key, groups, "
                            + "readable_at) values (:id, :manga, 'en', '1100', 1100, cast(:groups as jsonb), now())")
                    .bind("id", chapterId).bind("manga", mangaId)
                    .bind("groups", "[{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"A\"},{\"id\":\""
                            + UUID.randomUUID() + "\",\"name\":\"B\"}]")
                    .execute();
            return h.createUpdate("update user_library set groups_never = array(select gen_random_uuid()::text "
                            + "from generate_series(1, :rules) where user_id is not null) where manga_id = :manga")
                    .bind("rules", rules).bind("manga", mangaId).execute();
        });
        assertThat(stack.count("select count(*) from user_library where cardinality(groups_never) = " + rules))
                .isEqualTo(stack.count("select count(*) from user_library"));
    }

    @Override
    public void close() {
        endpoints.forEach(CoapEndpoint::destroy);
        stack.close();
    }
}
