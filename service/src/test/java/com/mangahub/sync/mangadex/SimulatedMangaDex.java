package com.mangahub.sync.mangadex;

import com.mangahub.sync.App;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.time.Sleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The simulator with a wire tap in front (for the contract check) and a client pointed at the tap: what the
 * acceptance tests of the client run against.
 */
final class SimulatedMangaDex implements AutoCloseable {
    final Simulator simulator;
    final WireTap tap;
    final MangaDexClient client;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    SimulatedMangaDex(Clock clock, Sleeper sleeper, double rate, UnaryOperator<SimulatorOptions> options) {
        simulator = Simulator.start(options.apply(SimulatorOptions.defaults().withWorldSize(30, 600).withClock(clock)));
        tap = WireTap.inFrontOf(simulator.baseUri(), clock);
        client = new MangaDexClient(Fixtures.config(tap.baseUri(), rate), registry, App.jsonMapper(), clock, sleeper);
    }

    /**
     * The simulator's statistics once every request the tap passed on has been answered and counted (a request the
     * tap passed on for a client that gave up waiting may still be in the simulator's hands).
     */
    SimulatorStats settledStats() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                simulator.stats().requestsByEndpointAndStatus().values().stream().mapToLong(Long::longValue).sum()
                        >= tap.requests().size());
        return simulator.stats();
    }

    @Override
    public void close() {
        client.close();
        tap.close();
        simulator.close();
    }
}
