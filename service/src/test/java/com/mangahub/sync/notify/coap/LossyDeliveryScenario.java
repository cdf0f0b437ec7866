package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Acceptance 4: users observe through a relay dropping 30% of datagrams both ways while notifications are written.
 * A client that hears nothing for a while observes again from the last id it has (what a real client does);
 * in the end every user must hold exactly their notifications, in order, after dropping repeats by id.
 */
final class LossyDeliveryScenario implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(150);
    private static final Duration STALL = Duration.ofSeconds(2);

    private final NotifyStack stack = new NotifyStack(Clock.systemUTC(),
            CoapSettings.defaults().withSourceRate(1_000_000).withAckTimeout(ACK_TIMEOUT),
            new Config.Notify(10, Duration.ofHours(1)), NotifyStack.catalogueOnly()).startBackground();
    private LossyRelay relay;
    private CoapEndpoint endpoint;

    /** What the run took and saw. */
    record Result(int notifications, Duration elapsed, long repeatsDropped, long reobserves, long datagramsDropped) {}

    Result run(int users, int chaptersEach) throws Exception {
        relay = new LossyRelay(new InetSocketAddress("127.0.0.1", stack.coap.port()), 0.30, 42);
        Configuration config = TestObserver.clientConfig();
        config.set(CoapConfig.ACK_TIMEOUT, ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        endpoint = TestObserver.endpoint(config);
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Vinland Saga");
        List<Client> clients = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            var user = stack.user("lossy" + u);
            stack.follow(user.account().id(), mangaId);
            clients.add(new Client(user.account().id(), user.token()));
        }
        long started = System.nanoTime();
        clients.forEach(Client::observe);
        for (int n = 1; n <= chaptersEach; n++) {
            String payload = "{\"manga_id\":\"" + manga + "\",\"title\":\"Vinland Saga\",\"chapter\":\"" + n
                    + "\",\"old_chapter\":\"" + (n - 1) + "\",\"language\":\"en\"}";
            stack.outbox.enqueue(com.mangahub.sync.store.OutboxWriter.Type.NEW_CHAPTER, mangaId, payload, null, stack.clock.instant());
        }
        stack.dispatcher.wake();
        try {
            // on this thread: the clients' bookkeeping is not shared with another
            await().atMost(Duration.ofMinutes(5)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (clients.stream().allMatch(c -> c.complete(chaptersEach))) return true;
                        clients.forEach(Client::reobserveIfStalled);
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            // not everything within 5 minutes: the assertions below say which user misses what
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long repeats = 0;
        long reobserves = 0;
        for (Client c : clients) {
            List<Long> expected = stack.notifications.after(c.userId, 0, chaptersEach + 1).stream().map(r -> r.id()).toList();
            assertThat(expected).hasSize(chaptersEach);
            assertThat(c.firstSightings()).as("user %d: everything, in order, once", c.userId).containsExactlyElementsOf(expected);
            repeats += c.received().size() - c.firstSightings().size();
            reobserves += c.observations - 1;
        }
        return new Result(users * chaptersEach, elapsed, repeats, reobserves, relay.dropped.get());
    }

    /** One user's client: its observations in turn, and every id it received (repeats included). */
    private final class Client {
        final long userId;
        final String token;
        final List<TestObserver> observers = new ArrayList<>();
        int observations;
        long lastProgress = System.nanoTime();
        int lastCount;

        Client(long userId, String token) {
            this.userId = userId;
            this.token = token;
        }

        void observe() {
            List<Long> seen = firstSightings();
            long after = seen.isEmpty() ? 0 : seen.getLast();
            if (!observers.isEmpty()) observers.getLast().goOfflineQuietly();
            String uri = "coap://127.0.0.1:" + relay.port() + "/notifications?token=" + token + "&after=" + after;
            observers.add(new TestObserver(endpoint, uri).observe());
            observations++;
            lastProgress = System.nanoTime();
        }

        void reobserveIfStalled() {
            int count = received().size();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                observe();
            }
        }

        List<Long> received() {
            List<Long> all = new ArrayList<>();
            observers.forEach(o -> all.addAll(o.idsSnapshot()));
            return all;
        }

        List<Long> firstSightings() {
            return List.copyOf(new LinkedHashSet<>(received()));
        }

        boolean complete(int expected) {
            return firstSightings().size() >= expected;
        }
    }

    @Override
    public void close() {
        if (endpoint != null) endpoint.destroy();
        if (relay != null) relay.close();
        stack.close();
    }
}
