package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.App;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code source add|list|sync|remove}: a MangaDex account and a list linked from the command line, no secret printed. */
@ExtendWith(PostgresExtension.class)
class SourceCommandTest {
    private static final String ADMIN = "source-command-admin";

    @TempDir
    Path dataDir;

    @Test
    void aReaderLinksTheirAccountAndAListListsSyncsAndRemovesThemAndNoSecretIsPrinted(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(62).withWorldSize(30, 60));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            String token = new ServiceApi(app.httpPort()).createReader(ADMIN, "cli-sources");
            String server = "--server=http://127.0.0.1:" + app.httpPort();
            List<UUID> ids = sim.world().mangaIds();
            sim.accounts().create("cli-reader", "cli-password-123", "cli-client", "cli-secret-456", true);
            sim.accounts().follow("cli-reader", ids.subList(0, 7));
            UUID list = sim.world().putList("cli", true, ids.subList(5, 9));

            String[] account = run("source", "add", "account", "cli-reader", "--client-id", "cli-client",
                    "--client-secret=cli-secret-456", "--password=cli-password-123", "--mirror", "--token", token, server);
            assertThat(account[0]).as(account[2]).isEqualTo("0");
            assertThat(account[1]).contains("linked 1  mangadex_account  cli-reader  mirror  ok: +7 -0");
            String[] mdlist = run("source", "add", "mdlist", "https://mangadex.org/list/" + list, "--token", token, server);
            assertThat(mdlist[1]).contains("linked 2  mdlist  " + list + "  follow_only  ok: +2 -0");

            String[] listed = run("source", "list", "--token", token, server);
            assertThat(listed[1]).contains("1  mangadex_account  cli-reader").contains("2  mdlist");
            sim.accounts().unfollow("cli-reader", List.of(ids.get(0), ids.get(6)));
            String[] synced = run("source", "sync", "1", "--token", token, server);
            assertThat(synced[1]).as("the list holds the second").contains("ok: +0 -1");
            String[] removed = run("source", "remove", "2", "--token", token, server);
            assertThat(removed[1]).contains("removed source 2");
            String[] refused = run("source", "add", "account", "someone-else", "--client-id", "cli-client",
                    "--client-secret=wrong", "--password=cli-password-123", "--token", token, server);
            assertThat(refused[0]).isNotEqualTo("0");
            assertThat(refused[2]).contains("API client");
            for (String[] r : List.of(account, mdlist, listed, synced, removed, refused)) {
                assertThat(r[1] + r[2]).doesNotContain("cli-secret-456").doesNotContain("cli-password-123");
            }
        }
    }

    private static String[] run(String... args) {
        return Cli.run(args);
    }

    private Config config(Database db, Simulator sim) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString()));
    }
}
