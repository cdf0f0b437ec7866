package com.mangahub.sync.cli;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Secret;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.workflow.ImportReport;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mangahub demo}: the whole thing, offline. A MangaDex simulator with a live world (new chapters and series
 * keep coming), the service wired to it with short intervals, an import with its progress bar, a few series
 * followed, and then the service runs until Ctrl-C. Its data lives apart, under {@code <data dir>/demo}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the service against a built-in MangaDex simulator (no network needed) until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--series", defaultValue = "400", description = "Series in the simulated world (default: 400).")
    int series;

    @Option(names = "--follow", defaultValue = "40", description = "Series to track for new chapters (default: 40).")
    int follow;

    @Override
    public Integer call() throws Exception {
        Config base = Config.fromEnvironment();
        Logging.apply(base.logLevel());
        PrintWriter out = spec.commandLine().getOut();
        StopSignal stop = StopSignal.install();
        try (Simulator simulator = Simulator.start(SimulatorOptions.defaults()
                .withWorldSize(Math.max(series, 10), series * 20).withLive(120, 1)
                .withLatency(Duration.ofMillis(50), Duration.ofMillis(50)));
             App app = App.start(DemoConfig.wiredTo(base, simulator.baseUri()), Clock.systemUTC())) {
            out.println("MangaDex simulator: " + simulator.baseUri() + " (" + series + " series, live)");
            out.println("MangaHub Sync:      http://" + base.server().bind() + ":" + app.httpPort() + "/health");
            out.flush();
            ImportReport imported = app.sync().importCatalogue(Math.min(series, base.sync().initialCount()), false,
                    new ProgressBar(out, ProgressBar.stdoutIsTerminal(), System::nanoTime, 0));
            out.println(ImportCommand.summary(imported));
            List<UUID> followed = simulator.world().mangaIds().stream().limit(follow).toList();
            String http = "http://" + base.server().bind() + ":" + app.httpPort();
            String admin = base.server().adminToken().map(Secret::value)
                    .orElse(Files.readString(app.config().storage().dataDir().resolve("admin-token")).strip());
            String reader = demoReaderFollowing(new ServiceClient(URI.create(http + "/"), app.json()), followed, admin);
            out.println("a demo reader follows " + followed.size() + " series; new chapters are checked every 10 s. Try:");
            out.println("  ./mangahub listen --token " + reader + " --port " + app.coapPort() + " --host "
                    + base.server().bind() + "    # CoAP push, one line per notification");
            out.println("  curl -N -H 'Accept: text/event-stream' -H 'Authorization: Bearer " + reader + "' " + http
                    + "/api/me/notifications/stream");
            out.println("  open " + http + "/ in a browser and sign in with the token above    # the reader's page");
            out.println("  curl '" + http + "/api/manga?size=5'");
            out.println("  curl " + http + "/metrics | grep mangadex_");
            out.println("Ctrl-C to stop.");
            out.flush();
            stop.await();
        }
        return ExitCode.OK;
    }

    /**
     * Creates a reader through the service's own HTTP API, as a user would, and follows the series with it (which
     * takes their baselines), so the tour shows notifications arriving, not only the catalogue. Returns its token.
     */
    private static String demoReaderFollowing(ServiceClient client, List<UUID> series, String admin) {
        String name = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        String token = client.call("POST", "/api/users", admin, "{\"name\":\"" + name + "\"}").get("token").asText();
        for (UUID id : series) client.call("PUT", "/api/me/library/" + id, token, null);
        return token;
    }
}
