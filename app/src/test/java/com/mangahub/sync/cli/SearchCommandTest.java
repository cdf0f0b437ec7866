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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code search} finds a series only MangaDex knows, by title and by address, and names what is wrong with a query. */
@ExtendWith(PostgresExtension.class)
class SearchCommandTest {
    private static final String ADMIN = "search-command-admin";

    @TempDir
    Path dataDir;

    @Test
    void aSeriesOnlyMangaDexKnowsIsFoundByTitleAndByAddressThenFollowed(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(61).withWorldSize(40, 80));
             App app = App.start(config(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "cli-searcher");
            UUID id = sim.world().mangaIds().get(7);
            String title = api.send("GET", "/api/manga?q=" + id, token, null).path("items").get(0).path("title").asText();
            String server = "--server=http://127.0.0.1:" + app.httpPort();

            String[] byTitle = run("search", "--token", token, server, title);
            assertThat(byTitle[0]).as(byTitle[2]).isEqualTo("0");
            assertThat(byTitle[1]).contains(id.toString(), title);
            String[] byAddress = run("search", "--token", token, server, "https://mangadex.org/title/" + id + "/x");
            assertThat(byAddress[1]).contains(id.toString()).contains("1 of 1 shown");
            String[] follow = run("follow", "--token", token, server, id.toString());
            assertThat(follow[1]).contains("following " + title);

            String[] elsewhere = run("search", "--token", token, server, "https://example.com/manga/1");
            assertThat(elsewhere[0]).isNotEqualTo("0");
            assertThat(elsewhere[2]).contains("another site");
            String[] unknown = run("search", "--token", token, server, UUID.randomUUID().toString());
            assertThat(unknown[2]).contains("MangaDex has no series");
            String[] empty = run("search", "--token", token, server, " ");
            assertThat(empty[0]).isEqualTo("2");
            assertThat(empty[2]).contains("type a title");
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
