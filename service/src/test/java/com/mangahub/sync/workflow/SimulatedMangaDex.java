package com.mangahub.sync.workflow;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.time.Sleeper;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The acceptance setting: the MangaDex simulator at 5 req/s with 100 ms latency, and the real client pointed at it.
 * The configuration is the service's own, with the given environment on top.
 */
final class SimulatedMangaDex implements AutoCloseable {
    final Simulator simulator;
    final MangaDexClient client;
    final Config config;

    SimulatedMangaDex(SimulatorOptions options, Map<String, String> env) {
        this.simulator = Simulator.start(options);
        Map<String, String> all = new HashMap<>(env);
        all.put("MANGAHUB_MANGADEX_URL", simulator.baseUri().toString());
        all.putIfAbsent("MANGADEX_RATE", "5");
        this.config = Config.from(all);
        this.client = client();
    }

    /**
     * A client on the simulator's clock: the simulator counts its rate window and names its Retry-After in world
     * time, which tests move forward; a client on another clock would wait out the wrong window.
     */
    MangaDexClient client() {
        return new MangaDexClient(config.mangadex(), new SimpleMeterRegistry(),
                App.jsonMapper(), simulator.world().clock(),
                Sleeper.SYSTEM);
    }

    static SimulatorOptions acceptance(int manga, int chapters, Clock clock) {
        return SimulatorOptions.defaults().withWorldSize(manga, chapters).withRatePerSecond(5)
                .withLatency(Duration.ofMillis(100), Duration.ZERO).withClock(clock)
                .withDefaultContentRatings(java.util.Set.of("safe", "suggestive", "erotica"));
    }

    long requests() {
        return simulator.stats().totalRequests();
    }

    @Override
    public void close() {
        client.close();
        simulator.close();
    }
}
