package com.mangahub.sync.mangadex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.manga.Manga;
import com.mangahub.sync.simulator.FaultPlan;
import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the MangaDex simulator: every call, 204 pages, faults and the circuit breaker. */
class MangaDexSimulatorTest {
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SimulatedMangaDex mangadex;

    @AfterEach
    void everyRequestMatchedTheOfficialSpec() {
        mangadex.close();
        assertThat(mangadex.tap.requests()).isNotEmpty();
        assertThat(ContractCheck.violations(mangadex.tap.requests())).isEmpty();
    }

    private MangaDexClient simulated(int simulatorRate) {
        mangadex = new SimulatedMangaDex(time, time::sleep, 4, o -> o.withRatePerSecond(simulatorRate));
        return mangadex.client;
    }

    @Test
    void everyCallOfTheClientWorksAgainstTheSimulator() {
        MangaDexClient client = simulated(0);
        List<UUID> ids = mangadex.simulator.world().mangaIds();
        Page<Manga> page = client.listManga(MangaQuery.createdSince(Optional.empty(), 0, 100));
        assertThat(page.items()).hasSize(ids.size());
        assertThat(client.mangaByIds(ids)).extracting(Manga::id).containsExactlyInAnyOrderElementsOf(ids);
        UUID first = ids.getFirst();
        assertThat(client.manga(first)).hasValueSatisfying(m -> assertThat(m.title()).isNotBlank());
        assertThat(client.manga(UUID.randomUUID())).isEmpty();
        List<Chapter> feed = client.feed(first, new FeedQuery(List.of(), true, List.of()));
        assertThat(feed).isNotEmpty().allSatisfy(c -> assertThat(c.mangaId()).isEqualTo(first));
        assertThat(client.aggregate(first, List.of()).chapterCount()).isPositive();
        Page<Chapter> stream = client.listChapters(ChapterQuery.updatedSince(Instant.EPOCH, List.of("en"), 0, 100));
        assertThat(stream.items()).isNotEmpty().allSatisfy(c -> assertThat(c.language()).isEqualTo("en"));
    }

    @Test
    void keysetPagingByCreatedAtWalksTheWholeCatalogue() {
        MangaDexClient client = simulated(0);
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        Optional<Instant> since = Optional.empty();
        for (int round = 0; round < 20; round++) {
            List<Manga> items = client.listManga(MangaQuery.createdSince(since, 0, 7)).items();
            int before = seen.size();
            items.forEach(m -> seen.add(m.id()));
            if (seen.size() == before) break;
            since = Optional.of(items.getLast().createdAt());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mangadex.simulator.world().mangaIds());
    }

    @Test
    void emptyPagesAnsweredWith204AreEmptyPages() {
        MangaDexClient client = simulated(0);
        mangadex.simulator.faults(FaultPlan.none().withEmptyPages(1.0));
        Instant future = time.instant().plus(Duration.ofDays(3650));
        assertThat(client.listChapters(ChapterQuery.updatedSince(future, List.of("en"), 0, 100)).items()).isEmpty();
        assertThat(mangadex.settledStats().count("GET /chapter 204")).isEqualTo(1);
    }

    @Test
    void withThirtyPercentServerErrorsAndResetsAThousandCallsAllSucceedThroughRetries() {
        MangaDexClient client = simulated(0);
        mangadex.simulator.faults(FaultPlan.none().withServerErrors(0.15).withResets(0.15).withSeed(1));
        UUID manga = mangadex.simulator.world().mangaIds().getFirst();
        int succeeded = 0;
        for (int i = 0; i < 1000; i++) {
            if (client.manga(manga).isPresent()) succeeded++;
        }
        var stats = mangadex.settledStats();
        System.out.printf("faults: 1000 calls, %d succeeded, %d requests, %d reset, %d retries%n", succeeded,
                stats.totalRequests(), stats.count("GET /manga/{id} reset"), (long) retries());
        // With independent 30% faults, a call fails all six attempts with probability 0.3^6 = 0.07%: about 0.7 of
        // 1,000 calls. The simulator's seeded fault sequence makes this run repeatable.
        assertThat(succeeded).isEqualTo(1000);
        assertThat(stats.totalRequests()).isGreaterThan(1250);
        // Every failed attempt was retried by our policy, none silently by the JDK (see MangaDexClient).
        assertThat(retries()).isEqualTo(stats.totalRequests() - 1000);
    }

    @Test
    void withTheSimulatorDownTheBreakerOpensAfterTenFailuresFailsFastAndThreeSuccessesCloseIt() {
        MangaDexClient client = simulated(0);
        UUID manga = mangadex.simulator.world().mangaIds().getFirst();
        mangadex.simulator.down();
        assertThatThrownBy(() -> client.manga(manga)).isInstanceOf(MangaDexException.Unavailable.class);
        assertThat(client.breakerState()).isEqualTo("CLOSED");
        assertThatThrownBy(() -> client.manga(manga)).isInstanceOf(MangaDexException.Unavailable.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(client.breakerState()).isEqualTo("OPEN");
        assertThat(attempts("io_error")).isEqualTo(10);
        int sent = mangadex.tap.requests().size();

        assertThatThrownBy(() -> client.manga(manga)).hasMessageContaining("circuit breaker is open");
        Instant opened = mangadex.tap.requests().getLast().arrivedAt(); // the tenth failure opened it
        time.advance(Duration.between(time.instant(), opened.plus(Breaker.OPEN_WAIT).minusSeconds(1)));
        assertThatThrownBy(() -> client.manga(manga)).hasMessageContaining("circuit breaker is open");
        assertThat(mangadex.tap.requests()).hasSize(sent);
        assertThat(attempts("io_error")).isEqualTo(10);

        mangadex.simulator.up();
        time.advance(Duration.ofSeconds(2));
        for (int i = 0; i < Breaker.SUCCESSES_TO_CLOSE; i++) {
            assertThat(client.manga(manga)).isPresent();
            assertThat(client.breakerState()).isEqualTo(i < Breaker.SUCCESSES_TO_CLOSE - 1 ? "HALF_OPEN" : "CLOSED");
        }
        assertThat(client.reachable()).isTrue();
    }

    @Test
    void aFailedProbeWhileHalfOpenOpensTheBreakerAgain() {
        MangaDexClient client = simulated(0);
        UUID manga = mangadex.simulator.world().mangaIds().getFirst();
        mangadex.simulator.down();
        for (int i = 0; i < 2; i++) assertThatThrownBy(() -> client.manga(manga)).isInstanceOf(MangaDexException.Unavailable.class);
        time.advance(Breaker.OPEN_WAIT);
        assertThatThrownBy(() -> client.manga(manga)).isInstanceOf(MangaDexException.Unavailable.class);
        assertThat(client.breakerState()).isEqualTo("OPEN");
        assertThat(client.reachable()).isFalse();
    }

    @Test
    void a429NamingNowPlusSevenSecondsHoldsEveryThreadUntilThatInstantOnTheInjectedClock() throws Exception {
        MangaDexClient client = simulated(0);
        Instant until = time.instant().plusSeconds(7);
        mangadex.simulator.forceRateLimited(until);
        int threads = 4;
        AtomicInteger done = new AtomicInteger();
        List<Thread> workers = java.util.stream.IntStream.range(0, threads).mapToObj(i -> Thread.ofPlatform().start(() -> {
            for (int call = 0; call < 5; call++) {
                client.listChapters(ChapterQuery.updatedSince(Instant.EPOCH, List.of("en"), 0, 10));
                done.incrementAndGet();
            }
        })).toList();
        for (Thread t : workers) t.join(Duration.ofSeconds(60));
        assertThat(done).hasValue(threads * 5);
        long limited = mangadex.settledStats().tooManyRequests();
        List<RecordedRequest> early = mangadex.tap.requests().stream().filter(r -> r.arrivedAt().isBefore(until)).toList();
        // Only requests already under way when the first 429 came back went out early (on virtual time each
        // sleeping thread moves the clock, so at most one per thread); after that, nobody sent before the instant.
        assertThat(limited).isBetween(1L, (long) threads);
        assertThat(early).hasSizeBetween(1, threads);
        assertThat(mangadex.tap.requests()).hasSize(threads * 5 + (int) limited);
    }

    private double attempts(String status) {
        return mangadex.registry.find("mangadex.api.requests").tag("status_code", status).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private double retries() {
        return mangadex.registry.find("mangadex.api.retries").counters().stream().mapToDouble(c -> c.count()).sum();
    }

}
