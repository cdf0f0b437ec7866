package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.mangadex.MangaDexClient;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.workflow.ImportReport;
import com.mangahub.sync.workflow.SyncService;
import com.mangahub.sync.time.Sleeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mangahub import [--limit N] [--force]}: the bulk import of series metadata, with a progress bar and one
 * summary line. A completed import is skipped unless forced; an interrupted one resumes where it stopped.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import series metadata from MangaDex, oldest first, 100 per request (resumable, idempotent).")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N",
            description = "How many series (default: MANGA_SYNC_INITIAL_COUNT, 200).")
    Integer limit;

    @Option(names = "--force", description = "Import again even when a completed import of this size exists.")
    boolean force;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        Config config = Config.fromEnvironment();
        Logging.apply("WARN");
        int target = limit != null ? limit : config.sync().initialCount();
        PrintWriter out = spec.commandLine().getOut();
        var registry = new SimpleMeterRegistry();
        ObjectMapper json = App.jsonMapper();
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(config.storage());
             MangaDexClient api = App.mangaDexClient(config, db, registry, json, clock)) {
            SyncService sync = new SyncService(db, api, config, clock, registry, json, Sleeper.SYSTEM);
            ProgressBar bar = new ProgressBar(out, ProgressBar.stdoutIsTerminal(), System::nanoTime,
                    force ? 0 : sync.importedSoFar());
            ImportReport r = sync.importCatalogue(target, force, bar);
            out.println(summary(r));
        }
        out.flush();
        return ExitCode.OK;
    }

    static String summary(ImportReport r) {
        if (r.skipped()) {
            return "import already completed (" + r.imported() + " series); nothing to do (use --force to import again)";
        }
        String rate = r.millis() > 0 ? String.format("%.1f series/s", r.imported() * 1000.0 / r.millis()) : "";
        return String.format("imported %d of %d series in %.1f s (%d requests%s)%s", r.imported(), r.target(),
                r.millis() / 1000.0, r.requests(), rate.isEmpty() ? "" : ", " + rate,
                r.exhausted() ? "; MangaDex has no more series" : "");
    }
}
