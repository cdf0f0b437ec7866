package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.mangadex.SharedBudget;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.RateBudgetStore;
import com.mangahub.sync.support.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances on one database share MangaDex's per-IP budget: each claims request slots from PostgreSQL, so
 * together they stay within the limit that each alone would reach. Real time throughout: the budget runs on the
 * database's clock, the one all hosts share, so no test clock can move it; the tests wait for a slot to come free
 * (polling the budget, as a client would) rather than for a fixed time.
 */
@ExtendWith(PostgresExtension.class)
class ClusterRateBudgetTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static SharedBudget.Slot granted(SharedBudget.Claim claim) {
        assertThat(claim).isInstanceOf(SharedBudget.Claim.Granted.class);
        return ((SharedBudget.Claim.Granted) claim).slot();
    }

    private static Duration waitOf(SharedBudget.Claim claim) {
        assertThat(claim).isInstanceOf(SharedBudget.Claim.Wait.class);
        return ((SharedBudget.Claim.Wait) claim).duration();
    }

    /**
     * Claims until the budget grants (on the database's clock, however busy this machine is) and returns that claim;
     * a claim that has to wait holds nothing, so asking again is harmless.
     */
    private static SharedBudget.Claim firstGrant(ClusterRateBudget budget, int rate) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> budget.tryClaim(rate), claim -> claim instanceof SharedBudget.Claim.Granted);
    }

    @Test
    void twoInstancesTogetherHoldNoMoreSlotsThanTheRateAllows(Database db) {
        ClusterRateBudget a = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        ClusterRateBudget b = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        for (int i = 0; i < 3; i++) granted(a.tryClaim(5));
        granted(b.tryClaim(5));
        granted(b.tryClaim(5));
        assertThat(waitOf(a.tryClaim(5))).as("every slot under way: look again soon").isEqualTo(Duration.ofMillis(50));
        assertThat(waitOf(b.tryClaim(5))).isPositive();
    }

    @Test
    void anInstanceWithALowerRateUsesOnlyItsShareOfTheSlots(Database db) {
        ClusterRateBudget fast = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        ClusterRateBudget slow = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        granted(fast.tryClaim(5));
        granted(fast.tryClaim(5));
        assertThat(slow.tryClaim(2)).as("slots 0 and 1 are taken").isInstanceOf(SharedBudget.Claim.Wait.class);
        granted(fast.tryClaim(5));
    }

    @Test
    void aReleasedSlotCountsForOneMoreSecondThenComesFree(Database db) throws Exception {
        ClusterRateBudget budget = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        SharedBudget.Slot first = granted(budget.tryClaim(1));
        first.close();
        Duration wait = waitOf(budget.tryClaim(1));
        assertThat(wait).as("the rest of its second").isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        granted(firstGrant(budget, 1)).close();
    }

    @Test
    void aSlotWhoseHolderDiedComesFreeWhenItsLeaseEnds(Database db) throws Exception {
        ClusterRateBudget crashed = new ClusterRateBudget(new RateBudgetStore(db), Duration.ofSeconds(2));
        granted(crashed.tryClaim(1));
        ClusterRateBudget survivor = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        waitOf(survivor.tryClaim(1));
        // nobody releases the slot: only the end of the crashed holder's 2 s lease can free it
        granted(firstGrant(survivor, 1));
    }

    @Test
    void aStaleHolderReleasingLateDoesNotFreeTheSlotSomebodyElseNowHolds(Database db) throws Exception {
        ClusterRateBudget slowpoke = new ClusterRateBudget(new RateBudgetStore(db), Duration.ofMillis(200));
        SharedBudget.Slot expired = granted(slowpoke.tryClaim(1));
        ClusterRateBudget other = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        // the slowpoke never releases: the other gets the slot once the 200 ms lease has run out
        granted(firstGrant(other, 1));
        expired.close();
        assertThat(waitOf(other.tryClaim(1))).as("still under way, not cooling").isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void a429SeenByOneInstancePausesTheOther(Database db) {
        ClusterRateBudget a = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        ClusterRateBudget b = new ClusterRateBudget(new RateBudgetStore(db), LEASE);
        // whole milliseconds: PostgreSQL keeps microseconds, rounding the rest
        Instant until = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        a.closeUntil(until, "test 429");
        a.closeUntil(until.minusSeconds(2), "an earlier moment does not shorten the pause");
        assertThat(new RateBudgetStore(db).closedUntil()).isEqualTo(until);
        assertThat(waitOf(b.tryClaim(5))).as("until the pause ends, not the next poll")
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @Test
    void withoutItsDatabaseTheBudgetRefusesRatherThanGuesses() {
        Config config = Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl()));
        Database closed = Database.open(config.storage());
        closed.close();
        ClusterRateBudget budget = new ClusterRateBudget(new RateBudgetStore(closed), LEASE);
        assertThatThrownBy(() -> budget.tryClaim(5)).isInstanceOf(MangaDexException.Unavailable.class)
                .hasMessageContaining("nothing is sent");
    }

    /**
     * Two clients, each configured at MangaDex's full 5 req/s, 10 threads each as fast as they can against the
     * simulator's per-IP limit: together they never put more than 5 requests in any second and draw no 429. The run
     * lasts until the simulator has answered 30 requests (about 6 s at the shared 5/s), not for a fixed time, so a
     * busy machine gives the same amount of traffic, only more slowly.
     */
    @Test
    void twoClientsAtTheFullRateShareItAndGetNo429(Database db) throws Exception {
        SimulatorStats stats = hammer(db, true, s -> s.totalRequests() >= 30);
        System.out.printf("cluster budget: 2 clients x 10 threads until 30 requests at MANGADEX_RATE 5 each: %d "
                + "requests, max %d in any second, %d x 429%n", stats.totalRequests(), stats.maxRequestsInAnySecond(),
                stats.tooManyRequests());
        assertThat(stats.maxRequestsInAnySecond()).isBetween(3, 5);
        assertThat(stats.tooManyRequests()).isZero();
    }

    /**
     * The same pair with only their own gates: each keeps to 5, so together they overrun the limit. The run stops as
     * soon as the simulator has seen the overrun (at most a minute); the assertion then says what it saw.
     */
    @Test
    void withoutTheSharedBudgetTheSamePairOverrunsTheLimit(Database db) throws Exception {
        SimulatorStats stats = hammer(db, false, s -> s.maxRequestsInAnySecond() > 5 || s.tooManyRequests() > 0);
        assertThat(stats.maxRequestsInAnySecond() > 5 || stats.tooManyRequests() > 0)
                .as("max %d in a second, %d x 429", stats.maxRequestsInAnySecond(), stats.tooManyRequests()).isTrue();
    }

    /** 20 threads over two clients as fast as they can until the simulator's figures show {@code enough}. */
    private static SimulatorStats hammer(Database db, boolean shared, Predicate<SimulatorStats> enough)
            throws Exception {
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults().withWorldSize(30, 300)
                .withRatePerSecond(5).withLatency(Duration.ofMillis(20), Duration.ZERO))) {
            Config config = Config.from(Map.of("MANGAHUB_MANGADEX_URL", simulator.baseUri().toString(),
                    "MANGADEX_RATE", "5"));
            List<MangaDexClient> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SharedBudget budget = shared ? new ClusterRateBudget(new RateBudgetStore(db), config.mangadex())
                        : SharedBudget.PROCESS_ONLY;
                clients.add(new MangaDexClient(config.mangadex(), new SimpleMeterRegistry(), App.jsonMapper(),
                        Clock.systemUTC(), Sleeper.SYSTEM, budget));
            }
            List<UUID> ids = simulator.world().mangaIds();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong failures = new AtomicLong();
            List<Thread> threads = IntStream.range(0, 20).mapToObj(t -> Thread.ofPlatform().start(() -> {
                MangaDexClient client = clients.get(t % 2);
                for (int i = t; !stop.get(); i++) {
                    try {
                        client.manga(ids.get(i % ids.size()));
                    } catch (MangaDexException e) {
                        failures.incrementAndGet();
                    }
                }
            })).toList();
            try {
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                        .until(() -> enough.test(simulator.stats()));
            } catch (ConditionTimeoutException e) {
                // not reached in a minute: the caller's assertions say what the simulator saw instead
            } finally {
                stop.set(true);
                // without the shared budget the calls still under way sit out 429 pauses; nothing counts them
                if (!shared) threads.forEach(Thread::interrupt);
            }
            for (Thread t : threads) t.join(Duration.ofSeconds(60).toMillis());
            clients.forEach(MangaDexClient::close);
            if (shared) assertThat(failures).as("no call failed").hasValue(0);
            return simulator.stats();
        }
    }
}
