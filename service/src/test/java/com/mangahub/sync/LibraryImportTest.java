package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.simulator.SimulatorStats;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.MihonBackupFile;
import com.mangahub.sync.support.MihonBackupFile.Chapter;
import com.mangahub.sync.support.MihonBackupFile.Entry;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.ServiceApi;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, library in and out, against the simulator over real HTTP: a Mihon backup, a public MangaDex list, JSON
 * and CSV files, the export read back. The service runs as the api role only, so every MangaDex request the
 * simulator counts is the import's own (no polls, no baselines running beside it).
 */
@ExtendWith(PostgresExtension.class)
class LibraryImportTest {
    private static final String ADMIN = "library-import-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aMihonBackupOf300EntriesImportsIts250MangaDexFollowsAndProgressOnceAndABrokenFileChangesNothing(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(31).withWorldSize(260, 300));
             App app = App.start(apiOnly(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "mihon-reader");
            List<UUID> series = sim.world().mangaIds().subList(0, 250);
            MihonBackupFile backup = new MihonBackupFile().source(MihonBackupFile.MANGADEX_EN, "MangaDex")
                    .source(6247824327199706550L, "MangaSee");
            for (int i = 0; i < series.size(); i++) {
                UUID id = series.get(i);
                // chapters 1..n read, n+1 unread; every fifth entry read up to a decimal chapter
                int n = i % 40 + 1;
                List<Chapter> chapters = new ArrayList<>();
                for (int c = 1; c <= n; c++) chapters.add(new Chapter("/chapter/" + UUID.randomUUID(), c, true));
                if (i % 5 == 0) chapters.add(new Chapter("/chapter/" + UUID.randomUUID(), n + 0.5f, true));
                chapters.add(new Chapter("/chapter/" + UUID.randomUUID(), n + 1, false));
                backup.add(new Entry(MihonBackupFile.MANGADEX_EN, "/manga/" + id, "Series " + i, true, chapters));
            }
            for (int i = 0; i < 50; i++) {
                // other sources, one with an address shaped like MangaDex's: the source decides, not the address
                String url = i == 0 ? "/manga/" + UUID.randomUUID() : "/manga/other-series-" + i;
                backup.add(new Entry(6247824327199706550L, url, "Elsewhere " + i, true,
                        List.of(new Chapter("/read/" + i, 3, true))));
            }
            byte[] file = backup.bytes();
            SimulatorStats before = sim.stats();

            JsonNode report = importBytes(app, token, file, "application/octet-stream", 200);
            assertThat(report.path("format").asText()).isEqualTo("tachibk");
            assertThat(report.path("entries").asInt()).isEqualTo(300);
            assertThat(report.path("added").asInt()).isEqualTo(250);
            assertThat(report.path("already_followed").asInt()).isZero();
            assertThat(report.path("not_found").asInt()).isZero();
            assertThat(report.path("not_mangadex").asInt()).isEqualTo(50);
            assertThat(report.path("progress_set").asInt()).isEqualTo(250);
            assertThat(sim.stats().count("GET /manga 200") - before.count("GET /manga 200"))
                    .as("catalogue entries for 250 unknown series: 100 per request").isEqualTo(3);
            assertThat(sim.stats().count("GET /manga/{id} 200")).isEqualTo(before.count("GET /manga/{id} 200"));
            JsonNode library = api.send("GET", "/api/me/library", token, null).get("library");
            assertThat(library).hasSize(250);
            assertThat(progressOf(library, series.get(0))).isEqualTo("1.5");
            assertThat(progressOf(library, series.get(7))).isEqualTo("8");
            assertThat(progressOf(library, series.get(39))).isEqualTo("40");

            JsonNode again = importBytes(app, token, file, "application/octet-stream", 200);
            assertThat(again.path("added").asInt()).isZero();
            assertThat(again.path("already_followed").asInt()).isEqualTo(250);
            assertThat(again.path("progress_set").asInt()).isZero();
            assertThat(api.send("GET", "/api/me/library", token, null).get("library")).as("re-importing changes nothing")
                    .isEqualTo(library);

            JsonNode truncated = importBytes(app, token, Arrays.copyOf(file, file.length / 2), "application/octet-stream", 400);
            assertThat(truncated.path("field").asText()).isEqualTo("file");
            assertThat(truncated.path("message").asText()).contains("truncated");
            JsonNode notGzip = importBytes(app, token, "PK\u0003\u0004 not a backup".getBytes(StandardCharsets.UTF_8),
                    "application/octet-stream", 400);
            assertThat(notGzip.path("field").asText()).isEqualTo("file");
            assertThat(notGzip.path("message").asText()).contains("not a gzip file");
            // a reader with an empty library sends the same broken file: still nothing is followed
            String other = api.createReader(ADMIN, "second-reader");
            importBytes(app, other, Arrays.copyOf(file, file.length - 9), "application/octet-stream", 400);
            assertThat(api.send("GET", "/api/me/library", other, null).get("library")).isEmpty();
            assertThat(api.send("GET", "/api/me/library", token, null).get("library")).isEqualTo(library);
        }
    }

    @Test
    void aPublicMangaDexListOf500SeriesCostsItsPagesNotOneRequestPerSeriesAndAPrivateOneIsRefused(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(32).withWorldSize(520, 560));
             App app = App.start(apiOnly(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "list-reader");
            List<UUID> series = sim.world().mangaIds().subList(0, 500);
            UUID list = sim.world().putList("My favourites", true, series);
            UUID secret = sim.world().putList("Guilty pleasures", false, series.subList(0, 10));
            SimulatorStats before = sim.stats();

            JsonNode report = importBytes(app, token, ("{\"mdlist\":\"https://mangadex.org/list/" + list
                    + "/my-favourites\"}").getBytes(StandardCharsets.UTF_8), "application/json", 200);
            assertThat(report.path("format").asText()).isEqualTo("mdlist");
            assertThat(report.path("added").asInt()).isEqualTo(500);
            SimulatorStats after = sim.stats();
            long listRequests = after.count("GET /list/{id} 200") - before.count("GET /list/{id} 200");
            long mangaRequests = after.count("GET /manga 200") - before.count("GET /manga 200");
            System.out.printf("MDList import of 500 series: %d list request(s) + %d catalogue requests; %d requests "
                    + "to MangaDex in all%n", listRequests, mangaRequests, after.totalRequests() - before.totalRequests());
            assertThat(listRequests).isEqualTo(1);
            assertThat(mangaRequests).as("500 ids, 100 per request").isEqualTo(5);
            assertThat(after.totalRequests() - before.totalRequests()).isEqualTo(6);
            assertThat(api.send("GET", "/api/me/library", token, null).get("library")).hasSize(500);

            JsonNode refused = importBytes(app, token, ("{\"mdlist\":\"" + secret + "\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json", 400);
            assertThat(refused.path("field").asText()).isEqualTo("mdlist");
            assertThat(refused.path("message").asText()).contains("no public list");
            JsonNode garbage = importBytes(app, token, "{\"mdlist\":\"https://example.com/list/1\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json", 400);
            assertThat(garbage.path("field").asText()).isEqualTo("mdlist");
        }
    }

    @Test
    void csvAndJsonFilesOfIdsAndAddressesImportAndTheExportReadsBackIntoAnotherLibrary(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(33).withWorldSize(10, 40));
             App app = App.start(apiOnly(db, sim), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "csv-reader");
            List<UUID> series = sim.world().mangaIds();
            UUID unknown = UUID.randomUUID();
            String csv = "title,url,progress\n"
                    + "\"First, with a comma\",https://mangadex.org/title/" + series.get(0) + "/first-series,12\n"
                    + "Second," + series.get(1) + ",\n"
                    + "Third,https://mangadex.org/title/" + series.get(2) + ",6.5\n"
                    + "Elsewhere,https://mangasee123.com/manga/Some-Series,3\n"
                    + "Ghost," + unknown + ",1\n";
            JsonNode report = importBytes(app, token, csv.getBytes(StandardCharsets.UTF_8), "text/csv", 200);
            assertThat(report.path("format").asText()).isEqualTo("csv");
            assertThat(report.path("added").asInt()).isEqualTo(3);
            assertThat(report.path("not_found_entries").get(0).asText()).isEqualTo(unknown.toString());
            assertThat(report.path("not_mangadex_entries").get(0).asText()).contains("mangasee123.com");
            assertThat(report.path("progress_set").asInt()).isEqualTo(2);

            String json = "[\"https://mangadex.org/title/" + series.get(3) + "\", {\"manga_id\":\"" + series.get(0)
                    + "\",\"progress\":\"14\"}, 42, \"<b>bold</b>\"]";
            JsonNode jsonReport = importBytes(app, token, json.getBytes(StandardCharsets.UTF_8), "application/json", 200);
            assertThat(jsonReport.path("added").asInt()).isEqualTo(1);
            assertThat(jsonReport.path("already_followed").asInt()).isEqualTo(1);
            assertThat(jsonReport.path("not_mangadex").asInt()).isEqualTo(2);
            JsonNode library = api.send("GET", "/api/me/library", token, null).get("library");
            assertThat(progressOf(library, series.get(0))).isEqualTo("14");

            JsonNode export = api.send("GET", "/api/me/library/export", token, null);
            assertThat(export.path("format").asText()).isEqualTo("mangahub-library");
            assertThat(export.path("library")).hasSize(4);
            String other = api.createReader(ADMIN, "json-reader");
            JsonNode back = importBytes(app, other, export.toString().getBytes(StandardCharsets.UTF_8), "application/json", 200);
            assertThat(back.path("format").asText()).isEqualTo("json");
            assertThat(back.path("added").asInt()).isEqualTo(4);
            JsonNode copied = api.send("GET", "/api/me/library", other, null).get("library");
            for (UUID id : series.subList(0, 4)) assertThat(progressOf(copied, id)).isEqualTo(progressOf(library, id));
            assertThat(importBytes(app, other, new byte[0], "text/csv", 400).path("field").asText()).isEqualTo("file");
            assertThat(importBytes(app, other, "{\"library\":3}".getBytes(StandardCharsets.UTF_8), "application/json", 400)
                    .path("field").asText()).isEqualTo("file");
            assertThat(importRaw(app, null, "[]".getBytes(StandardCharsets.UTF_8), "application/json").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void importedSeriesAreTrackedAtOnceAndTheirQuietBackCatalogueCostsNoFeedRequestAndNeverNotifies(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(34).withWorldSize(30, 400));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            ServiceApi api = new ServiceApi(app.httpPort());
            String token = api.createReader(ADMIN, "baseline-reader");
            List<UUID> series = sim.world().mangaIds().subList(0, 10);
            String body = series.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
            assertThat(importBytes(app, token, body.getBytes(StandardCharsets.UTF_8), "application/json", 200)
                    .path("added").asInt()).isEqualTo(10);
            assertThat(PostgresExtension.count(db, "select count(*) from manga where tracked_since is not null"))
                    .as("tracking starts as the import is accepted").isEqualTo(10);
            // chapter polls pass; quiet series need no baseline yet, and their back catalogue never notifies
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> EndToEndTest.notifications(api, token).isEmpty());
            assertThat(sim.stats().count("GET /manga/{id}/feed 200")).as("no feed request per series followed").isZero();
            assertThat(PostgresExtension.count(db, "select count(*) from manga where baseline_pending")).isEqualTo(10);
        }
    }

    private static String progressOf(JsonNode library, UUID id) {
        for (JsonNode e : library) {
            if (e.path("manga_id").asText().equals(id.toString())) return e.path("progress").path("chapter").asText(null);
        }
        throw new AssertionError("not in the library: " + id);
    }

    private JsonNode importBytes(App app, String token, byte[] body, String type, int status) throws Exception {
        HttpResponse<String> r = importRaw(app, token, body, type);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> importRaw(App app, String token, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/api/me/library/import"))
                .header("Content-Type", type).timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The api role alone: MangaDex hears only what the import asks. */
    private Config apiOnly(Database db, Simulator sim) {
        HikariDataSource pool = (HikariDataSource) db.dataSource();
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", pool.getJdbcUrl() + "?user=" + pool.getUsername(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_ROLES", "api"));
    }
}
