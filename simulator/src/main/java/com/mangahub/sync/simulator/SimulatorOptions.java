package com.mangahub.sync.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a {@link Simulator} starts. {@link #defaults()} gives a small world (fast to build in tests) on an ephemeral
 * loopback port with MangaDex's limits; the withers change one knob each.
 *
 * @param port                   0 for an ephemeral port
 * @param ratePerSecond          requests per client IP per second before 429 (0: no limit)
 * @param latency                fixed delay added to every answer; {@code jitter} adds a random part up to it
 * @param clock                  the world's time source (tests pass a settable clock)
 * @param defaultContentRatings  the ratings a request gets when it names none (MangaDex: all but pornographic)
 * @param banAfter               how long a client may keep sending while limited before the HTML 403 ban
 * @param banDuration            how long the ban lasts; every request during it renews it
 * @param liveChaptersPerMinute  live mode: chapters published per minute of world time (0: only when told)
 * @param liveMangaPerMinute     live mode: new series per minute of world time
 * @param adminToken             bearer token of the mutating {@code /_sim/} endpoints (null: a random one)
 * @param fixtures               captured MangaDex responses (files or folders) loaded on top of the world
 */
public record SimulatorOptions(String bind, int port, long seed, int mangaCount, int chapterCount, int ratePerSecond,
                               Duration latency, Duration jitter, Clock clock, Set<String> defaultContentRatings,
                               Duration banAfter, Duration banDuration, double liveChaptersPerMinute,
                               double liveMangaPerMinute, String adminToken, List<Path> fixtures) {

    public SimulatorOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        if (mangaCount < 0 || chapterCount < 0) throw new IllegalArgumentException("world size must not be negative");
        if (ratePerSecond < 0) throw new IllegalArgumentException("rate must not be negative: " + ratePerSecond);
        if (latency.isNegative() || jitter.isNegative()) throw new IllegalArgumentException("latency must not be negative");
        if (banAfter.isNegative() || banDuration.isNegative()) throw new IllegalArgumentException("ban times must not be negative");
        if (liveChaptersPerMinute < 0 || liveMangaPerMinute < 0) throw new IllegalArgumentException("live rates must not be negative");
        for (String r : defaultContentRatings) ContentRating.fromWire(r);
        defaultContentRatings = Set.copyOf(defaultContentRatings);
        fixtures = List.copyOf(fixtures);
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions("127.0.0.1", 0, 42L, 200, 4_000, 5, Duration.ZERO, Duration.ZERO, Clock.systemUTC(),
                Set.of("safe", "suggestive", "erotica"), Duration.ofSeconds(10), Duration.ofSeconds(60), 0, 0, null, List.of());
    }

    public boolean live() {
        return liveChaptersPerMinute > 0 || liveMangaPerMinute > 0;
    }

    public SimulatorOptions withBind(String value) {
        return edit(d -> d.bind = value);
    }

    public SimulatorOptions withPort(int value) {
        return edit(d -> d.port = value);
    }

    public SimulatorOptions withSeed(long value) {
        return edit(d -> d.seed = value);
    }

    public SimulatorOptions withWorldSize(int manga, int chapters) {
        return edit(d -> {
            d.mangaCount = manga;
            d.chapterCount = chapters;
        });
    }

    public SimulatorOptions withRatePerSecond(int value) {
        return edit(d -> d.ratePerSecond = value);
    }

    public SimulatorOptions withLatency(Duration fixed, Duration maxJitter) {
        return edit(d -> {
            d.latency = fixed;
            d.jitter = maxJitter;
        });
    }

    public SimulatorOptions withClock(Clock value) {
        return edit(d -> d.clock = value);
    }

    public SimulatorOptions withDefaultContentRatings(Set<String> value) {
        return edit(d -> d.defaultContentRatings = value);
    }

    public SimulatorOptions withBan(Duration after, Duration duration) {
        return edit(d -> {
            d.banAfter = after;
            d.banDuration = duration;
        });
    }

    public SimulatorOptions withLive(double chaptersPerMinute, double mangaPerMinute) {
        return edit(d -> {
            d.liveChaptersPerMinute = chaptersPerMinute;
            d.liveMangaPerMinute = mangaPerMinute;
        });
    }

    public SimulatorOptions withAdminToken(String value) {
        return edit(d -> d.adminToken = value);
    }

    public SimulatorOptions withFixtures(List<Path> value) {
        return edit(d -> d.fixtures = value);
    }

    private SimulatorOptions edit(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** A mutable copy the withers change one field of; building it runs the record's checks again. */
    private static final class Draft {
        String bind;
        int port;
        long seed;
        int mangaCount;
        int chapterCount;
        int ratePerSecond;
        Duration latency;
        Duration jitter;
        Clock clock;
        Set<String> defaultContentRatings;
        Duration banAfter;
        Duration banDuration;
        double liveChaptersPerMinute;
        double liveMangaPerMinute;
        String adminToken;
        List<Path> fixtures;

        Draft(SimulatorOptions o) {
            bind = o.bind;
            port = o.port;
            seed = o.seed;
            mangaCount = o.mangaCount;
            chapterCount = o.chapterCount;
            ratePerSecond = o.ratePerSecond;
            latency = o.latency;
            jitter = o.jitter;
            clock = o.clock;
            defaultContentRatings = o.defaultContentRatings;
            banAfter = o.banAfter;
            banDuration = o.banDuration;
            liveChaptersPerMinute = o.liveChaptersPerMinute;
            liveMangaPerMinute = o.liveMangaPerMinute;
            adminToken = o.adminToken;
            fixtures = o.fixtures;
        }

        SimulatorOptions build() {
            return new SimulatorOptions(bind, port, seed, mangaCount, chapterCount, ratePerSecond, latency, jitter, clock,
                    defaultContentRatings, banAfter, banDuration, liveChaptersPerMinute, liveMangaPerMinute, adminToken, fixtures);
        }
    }
}
