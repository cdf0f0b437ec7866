package com.mangahub.sync.cli;

import com.mangahub.sync.config.ConfigException;
import com.mangahub.sync.simulator.FaultPlan;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mangahub simulator}: a MangaDex stand-in on loopback for offline use and load tests. Prints its base URL
 * and runs until SIGTERM or SIGINT. The admin token for {@code /_sim/} changes comes from
 * MANGAHUB_SIMULATOR_TOKEN, or is generated and printed once on the terminal that started it.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a MangaDex API simulator (a generated world, MangaDex's limits, optional faults).")
final class SimulatorCommand implements Callable<Integer> {
    static final String TOKEN_VARIABLE = "MANGAHUB_SIMULATOR_TOKEN";

    @Option(names = "--port", defaultValue = "8099", description = "Port to listen on, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;
    @Option(names = "--seed", defaultValue = "42", description = "World seed: the same seed gives the same world.")
    long seed;
    @Option(names = "--manga", defaultValue = "2000", description = "Series in the generated world (default: ${DEFAULT-VALUE}).")
    int manga;
    @Option(names = "--chapters", defaultValue = "40000", description = "Chapters in the generated world (default: ${DEFAULT-VALUE}).")
    int chapters;
    @Option(names = "--fixtures", description = "A folder (or file) of captured MangaDex responses to load as well.")
    List<Path> fixtures = List.of();
    @Option(names = "--rate", defaultValue = "5", description = "Requests per second per client IP before 429; 0 = no limit.")
    int rate;
    @Option(names = "--ban-after", defaultValue = "10", description = "Seconds a client may keep going while limited before the HTML 403 ban.")
    int banAfterSeconds;
    @Option(names = "--ban-duration", defaultValue = "60", description = "Seconds a ban lasts (renewed by every request).")
    int banSeconds;
    @Option(names = "--latency-ms", defaultValue = "0", description = "Fixed delay added to every answer.")
    int latencyMillis;
    @Option(names = "--jitter-ms", defaultValue = "0", description = "Random extra delay, up to this much.")
    int jitterMillis;
    @Option(names = "--live-chapters", defaultValue = "0", description = "Live mode: new chapters per minute (0 = only via /_sim/).")
    double liveChapters;
    @Option(names = "--live-manga", defaultValue = "0", description = "Live mode: new series per minute.")
    double liveManga;
    @Option(names = "--server-errors", defaultValue = "0", description = "Share (0..1) of requests answered 5xx.")
    double serverErrors;
    @Option(names = "--resets", defaultValue = "0", description = "Share of connections cut without an answer.")
    double resets;
    @Option(names = "--html-errors", defaultValue = "0", description = "Share answered 502/503 with an HTML page.")
    double htmlErrors;
    @Option(names = "--empty-pages", defaultValue = "0", description = "Share of empty list pages answered 204.")
    double emptyPages;
    @Option(names = "--truncated", defaultValue = "0", description = "Share of bodies cut off halfway.")
    double truncated;
    @Option(names = "--slow", defaultValue = "0", description = "Share of bodies trickled out over two seconds.")
    double slow;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    SimulatorOptions options(String adminToken) {
        return SimulatorOptions.defaults().withBind(bind).withPort(port).withSeed(seed).withWorldSize(manga, chapters)
                .withFixtures(fixtures).withRatePerSecond(rate)
                .withBan(Duration.ofSeconds(banAfterSeconds), Duration.ofSeconds(banSeconds))
                .withLatency(Duration.ofMillis(latencyMillis), Duration.ofMillis(jitterMillis))
                .withLive(liveChapters, liveManga).withAdminToken(adminToken)
                .withDefaultContentRatings(Set.of("safe", "suggestive", "erotica"));
    }

    FaultPlan faults() {
        return FaultPlan.none().withServerErrors(serverErrors).withResets(resets).withHtmlErrors(htmlErrors)
                .withEmptyPages(emptyPages).withTruncatedBodies(truncated).withSlowBodies(slow, Duration.ofSeconds(2))
                .withSeed(seed);
    }

    @Override
    public Integer call() throws InterruptedException {
        String token = System.getenv(TOKEN_VARIABLE);
        StopSignal stop = StopSignal.install();
        FaultPlan plan;
        SimulatorOptions options;
        try {
            plan = faults();
            options = options(token == null || token.isBlank() ? null : token.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("simulator option", e.getMessage()); // a usage error: exit 2, one line
        }
        try (Simulator simulator = Simulator.start(options)) {
            simulator.faults(plan);
            PrintWriter out = spec.commandLine().getOut();
            out.println("MangaDex simulator listening on " + simulator.baseUri());
            out.println("world: " + simulator.world().mangaCount() + " manga, " + simulator.world().chapterCount() + " chapters");
            if (token == null || token.isBlank()) {
                out.println("admin token for POST /_sim/... (set " + TOKEN_VARIABLE + " to choose one): " + simulator.adminToken());
            }
            out.flush();
            stop.await();
        }
        return ExitCode.OK;
    }
}
