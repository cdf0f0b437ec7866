package com.mangahub.sync.cli;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.Role;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the service until SIGTERM or SIGINT, then shuts down in order and exits 0. Signals are caught (rather than
 * left to shutdown hooks) so a requested stop is a success, not exit code 143.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the service: HTTP API, sync workflows and notification push (or some of them: --role).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--role", split = ",", paramLabel = "ROLE",
            description = "sync (MangaDex workflows), notify (dispatcher, CoAP and SSE push, retention), api (HTTP API "
                    + "and page) or all; repeat or comma-separate for several (default: MANGAHUB_ROLES, else all)")
    List<String> roles;

    @Override
    public Integer call() throws InterruptedException {
        Config config = Config.fromEnvironment();
        if (roles != null && !roles.isEmpty()) config = config.withRoles(Role.parse("--role", String.join(",", roles)));
        Logging.apply(config.logLevel());
        StopSignal stop = StopSignal.install();
        App app = App.start(config, Clock.systemUTC());
        // a stop that does not come through the signals above (System.exit elsewhere) still closes in order
        Thread hook = new Thread(app::close, "mangahub-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("MangaHub Sync is up: http://{}:{}/health", config.server().bind(), app.httpPort());
        stop.await();
        log.info("stopping");
        app.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        log.info("stopped");
        return ExitCode.OK;
    }
}
