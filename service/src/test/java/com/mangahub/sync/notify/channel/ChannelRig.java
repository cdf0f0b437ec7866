package com.mangahub.sync.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.reader.RequestAuth;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.SettableClock;
import com.mangahub.sync.web.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The channel side wired as App wires it, over a {@link NotifyStack} (users, outbox, dispatcher) on a settable
 * clock: the channel routes on their own HTTP server, a delivery worker the test drives with {@link #deliver()} or
 * runs in the background, and a guard that allows the tests' loopback receivers.
 */
final class ChannelRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    final SettableClock clock = new SettableClock(START);
    final NotifyStack stack;
    final ChannelStore channels;
    final DeliveryStore deliveries;
    final TargetGuard guard;
    final ChannelHttp http = new ChannelHttp(Duration.ofSeconds(2), Duration.ofSeconds(3));
    final ChannelSender sender;
    final DeliveryWorker worker;
    final HttpServer api;
    private final HttpClient client = HttpClient.newHttpClient();

    ChannelRig(List<String> allowed, DeliveryPolicy policy, Optional<URI> publicUrl) {
        this(allowed, policy, publicUrl, Optional.empty());
    }

    /** With {@code smtp}, email channels send through it (the tests' GreenMail). */
    ChannelRig(List<String> allowed, DeliveryPolicy policy, Optional<URI> publicUrl, Optional<Config.Smtp> smtp) {
        this(allowed, policy, publicUrl, smtp, ServiceApis.defaults());
    }

    /** With {@code apis}, Telegram and Pushover channels are made against the tests' local stand-ins. */
    ChannelRig(List<String> allowed, DeliveryPolicy policy, Optional<URI> publicUrl, Optional<Config.Smtp> smtp,
               ServiceApis apis) {
        this(allowed, policy, publicUrl, smtp, apis, Optional.empty());
    }

    /** With {@code vapid}, webpush channels can be made and sent to. */
    ChannelRig(List<String> allowed, DeliveryPolicy policy, Optional<URI> publicUrl, Optional<Config.Smtp> smtp,
               ServiceApis apis, Optional<VapidKeys> vapid) {
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
        channels = new ChannelStore(stack.db);
        deliveries = new DeliveryStore(stack.db);
        guard = new TargetGuard(allowed);
        sender = new ChannelSender(guard, http, stack.json, clock, publicUrl,
                smtp.map(s -> new EmailSender(s, Duration.ofSeconds(2), Duration.ofSeconds(3))), apis, vapid);
        worker = new DeliveryWorker(deliveries, channels, sender, policy, clock, new Random(7), stack.metrics,
                "test-worker", Duration.ofMillis(50));
        RequestAuth auth = new RequestAuth(stack.accounts, new Secret(NotifyStack.ADMIN));
        api = new HttpServer(stack.json, stack.registry, List.of(), List.of(new ChannelRoutes(auth, channels, deliveries,
                guard, new ChannelTester(sender, channels, stack.json, clock), stack.json, clock, worker::wake),
                new ChoiceRoutes(auth, new com.mangahub.sync.store.ChannelChoiceStore(stack.db), channels,
                        stack.libraryStore, stack.json)))
                .start("127.0.0.1", 0);
    }

    ChannelRig() {
        this(List.of("127.0.0.1"), DeliveryPolicy.defaults(), Optional.empty());
    }

    /** A reader following a new series; returns the reader's token and the series' local id. */
    record Follower(long userId, String token, long mangaId, UUID mangaDexId) {}

    Follower follower(String name) {
        var user = stack.user(name);
        UUID series = UUID.randomUUID();
        long mangaId = stack.insertManga(series, "Series of " + name);
        stack.follow(user.account().id(), mangaId);
        return new Follower(user.account().id(), user.token(), mangaId, series);
    }

    /** A NEW_CHAPTER event for the series, fanned out now; returns how many notifications it wrote. */
    int newChapter(long mangaId, UUID mangaDexId, String chapter) {
        return newChapter(mangaId, mangaDexId, chapter, UUID.randomUUID());
    }

    int newChapter(long mangaId, UUID mangaDexId, String chapter, UUID chapterId) {
        return newChapter(mangaId, mangaDexId, chapter, chapterId, "Frieren");
    }

    /** {@code title} goes into the payload as JSON text (quotes and backslashes escaped here). */
    int newChapter(long mangaId, UUID mangaDexId, String chapter, UUID chapterId, String title) {
        String quoted = title.replace("\\", "\\\\").replace("\"", "\\\"");
        String payload = "{\"manga_id\":\"" + mangaDexId + "\",\"title\":\"" + quoted + "\",\"chapter\":\"" + chapter
                + "\",\"language\":\"en\",\"chapter_id\":\"" + chapterId + "\"}";
        stack.outbox.enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, payload, "test:" + UUID.randomUUID(), clock.instant());
        int claimed = stack.dispatcher.runOnce();
        if (claimed != 1) throw new AssertionError("the dispatcher claimed " + claimed + " events");
        return (int) stack.count("select count(*) from notifications");
    }

    /** One worker round, then waits until its sends have finished. */
    int deliver() {
        int started = worker.runOnce();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> worker.inFlight() == 0);
        return started;
    }

    HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) b.header("authorization", "Bearer " + token);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return stack.json.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** Creates a channel through the API; returns the created channel's JSON (with the secret for a webhook). */
    JsonNode addChannel(String token, String body) {
        HttpResponse<String> r = call("POST", "/api/me/channels", token, body);
        if (r.statusCode() != 201) throw new AssertionError("channel not created: " + r.statusCode() + " " + r.body());
        return json(r);
    }

    @Override
    public void close() {
        worker.close();
        api.close();
        http.close();
        stack.close();
    }
}
