package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code readers} readers, each with a webhook to one receiver that fails 30% of requests (half with a 500, half by
 * closing the connection without an answer), follow one series that gets {@code chapters} chapters: every
 * notification must reach the receiver, under one webhook-id per notification and channel, whatever was retried.
 */
final class FlakyDeliveryScenario {
    record Result(int notifications, int requests, int failures, Duration elapsed) {}

    static Result run(int readers, int chapters) throws Exception {
        AtomicInteger failures = new AtomicInteger();
        DeliveryPolicy policy = DeliveryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
                .withAttempts(100, 1000).withLimits(128, 64, 128);
        try (ChannelRig rig = new ChannelRig(List.of("127.0.0.1"), policy, Optional.empty());
             Receiver receiver = new Receiver(r -> {
                 int roll = ThreadLocalRandom.current().nextInt(100);
                 if (roll >= 30) return Receiver.Reply.OK;
                 failures.incrementAndGet();
                 return roll < 15 ? Receiver.Reply.of(500, "flaky") : Receiver.Reply.DROP;
             })) {
            UUID series = UUID.randomUUID();
            long mangaId = rig.stack.insertManga(series, "Flaky");
            for (int i = 0; i < readers; i++) {
                var user = rig.stack.user("reader" + i);
                rig.stack.follow(user.account().id(), mangaId);
                rig.channels.create(user.account().id(), "webhook", "{\"url\":\"" + receiver.url("/hook") + "\"}",
                        WebhookSignature.newSecret(), "127.0.0.1", rig.clock.instant());
            }
            long started = System.nanoTime();
            for (int c = 1; c <= chapters; c++) rig.newChapter(mangaId, series, Integer.toString(c));
            int notifications = (int) rig.stack.count("select count(*) from notifications");
            assertThat(notifications).isEqualTo(readers * chapters);
            rig.worker.start();
            // backoff runs on the rig's clock: move it on while waiting, as time would
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                rig.clock.advance(Duration.ofMillis(20));
                rig.worker.wake();
                return rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'") == notifications;
            });
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertOneIdPerNotificationAndChannel(rig, receiver, notifications);
            return new Result(notifications, receiver.requests().size(), failures.get(), elapsed);
        }
    }

    private static void assertOneIdPerNotificationAndChannel(ChannelRig rig, Receiver receiver, int notifications)
            throws Exception {
        Map<String, Set<String>> idsByDelivery = new HashMap<>();
        for (Receiver.Request r : receiver.requests()) {
            JsonNode data = rig.stack.json.readTree(r.body()).get("data");
            String key = data.get("notification_id").asText();
            idsByDelivery.computeIfAbsent(key, k -> new HashSet<>()).add(r.header("webhook-id"));
        }
        assertThat(idsByDelivery).as("every notification reached the receiver").hasSize(notifications);
        assertThat(idsByDelivery.values()).as("one webhook-id per notification and channel").allMatch(ids -> ids.size() == 1);
        assertThat(rig.stack.count("select count(*) from channel_deliveries where status <> 'delivered'")).isZero();
    }

    private FlakyDeliveryScenario() {}
}
