package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.MihonBackupFile;
import com.mangahub.sync.support.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, acceptance 3 (and 5 for uploads): a client speaking SyncYomi as TachiyomiSY does (the protobuf backup
 * gzip'd as the transfer's Content-Encoding, ETag and If-Match, device headers) uploads a backup built from Mihon's
 * schema; the reader's library becomes its MangaDex entries; a second device's stale upload gets 412; GET answers
 * the same backup and ETag, 304 with If-None-Match; a wrong or revoked key is a 401; a broken or huge upload is a
 * JSON 4xx and changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class SyncYomiTest {
    private static final String ADMIN = "syncyomi-admin-token-1234";
    private static final ObjectMapper JSON = App.jsonMapper();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTachiyomiSyClientSyncsItsLibraryWithEtagsAndAStaleDeviceGets412(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(27).withWorldSize(40, 100));
             App app = App.start(EndToEndTest.inProcessConfig(db, sim, dataDir, ADMIN), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            String token = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sy-reader\"}"))).body()).path("token").asText();
            String key = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/me/sync-key"))
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())).body())
                    .path("sync_key").asText();
            List<UUID> series = sim.world().mangaIds().subList(0, 12);
            MihonBackupFile backup = new MihonBackupFile().source(MihonBackupFile.MANGADEX_EN, "MangaDex");
            for (int i = 0; i < series.size(); i++) {
                backup.add(new MihonBackupFile.Entry(MihonBackupFile.MANGADEX_EN, "/manga/" + series.get(i), "S" + i,
                        true, i < 3 ? List.of(new MihonBackupFile.Chapter("/chapter/" + UUID.randomUUID(), 7f, true))
                        : List.of()));
            }
            backup.add(new MihonBackupFile.Entry(42L, "/other-site/1", "Elsewhere", true, List.of()));
            byte[] proto = backup.protobuf();

            // device A: nothing stored yet (404), then an upload without If-Match
            assertThat(sync(base, "GET", key, null, null, "A").statusCode()).isEqualTo(404);
            HttpResponse<String> first = sync(base, "PUT", key, proto, null, "A");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(followed(db)).as("the library equals the backup's MangaDex entries")
                    .isEqualTo(new HashSet<>(series));
            assertThat(PostgresExtension.count(db, "select count(*) from user_library where progress = '7'")).isEqualTo(3);

            // GET: the same backup and ETag; 304 with If-None-Match
            HttpResponse<byte[]> got = http.send(request(base, "GET", key, null, null, "B").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.headers().firstValue("ETag")).contains(etag);
            assertThat(Arrays.equals(got.body(), proto)).as("the backup as uploaded").isTrue();
            HttpResponse<String> unchanged = http.send(request(base, "GET", key, null, null, "B")
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unchanged.statusCode()).isEqualTo(304);

            // device B uploads on top of A's ETag; A's stale upload then gets 412 and changes nothing
            byte[] fewer = new MihonBackupFile().source(MihonBackupFile.MANGADEX_EN, "MangaDex")
                    .add(new MihonBackupFile.Entry(MihonBackupFile.MANGADEX_EN, "/manga/" + series.get(0), "S0", true,
                            List.of())).protobuf();
            HttpResponse<String> second = sync(base, "PUT", key, fewer, etag, "B");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            String newer = second.headers().firstValue("ETag").orElseThrow();
            assertThat(newer).isNotEqualTo(etag);
            HttpResponse<String> stale = sync(base, "PUT", key, proto, etag, "A");
            assertThat(stale.statusCode()).isEqualTo(412);
            assertThat(JSON.readTree(stale.body()).path("error").asText()).isEqualTo("precondition_failed");
            assertThat(sync(base, "GET", key, null, null, "A").headers().firstValue("ETag")).contains(newer);

            // bad uploads: a JSON 4xx, nothing stored, the library unchanged
            byte[] truncated = Arrays.copyOf(proto, proto.length / 2);
            for (byte[] bad : List.of(truncated, "not a backup at all".getBytes(), gzip(truncated))) {
                HttpResponse<String> r = sync(base, "PUT", key, bad, null, "A");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).path("field").asText()).isEqualTo("body");
            }
            HttpResponse<String> huge = sync(base, "PUT", key, new byte[50 * 1024 * 1024], null, "A");
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(huge.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(sync(base, "GET", key, null, null, "A").headers().firstValue("ETag")).contains(newer);
            assertThat(followed(db)).hasSize(12);

            // the rest of the protocol: events acknowledged, v2 absent; wrong and revoked keys refused
            HttpResponse<String> event = send(HttpRequest.newBuilder(URI.create(base + "/api/sync/event"))
                    .header("X-API-Token", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"SYNC_SUCCESS\",\"device_id\":\"A\"}")));
            assertThat(event.statusCode()).isEqualTo(204);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/sync/v2/capabilities")).GET()).statusCode())
                    .isEqualTo(404);
            assertThat(sync(base, "GET", key + "x", null, null, "A").statusCode()).isEqualTo(401);
            send(HttpRequest.newBuilder(URI.create(base + "/api/me/sync-key")).header("Authorization", "Bearer " + token)
                    .DELETE());
            HttpResponse<String> revoked = sync(base, "GET", key, null, null, "A");
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(revoked.body()).path("error").asText()).isEqualTo("unauthorized");
            System.out.printf("SyncYomi: 12 MangaDex entries of 13 followed, ETag %s then %s, stale PUT 412, "
                    + "304 with If-None-Match, truncated/non-protobuf 400, 50 MB 413, revoked key 401%n", etag, newer);
        }
    }

    private HttpResponse<String> sync(String base, String method, String key, byte[] body, String ifMatch,
                                      String device) throws Exception {
        HttpRequest.Builder b = request(base, method, key, body, ifMatch, device);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As TachiyomiSY's SyncYomiSyncService sends it: gzip'd body, device headers, the key in X-API-Token. */
    private static HttpRequest.Builder request(String base, String method, String key, byte[] body, String ifMatch,
                                               String device) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/sync/content")).timeout(Duration.ofSeconds(60))
                .header("X-API-Token", key).header("X-Device-ID", "device-" + device)
                .header("X-Device-Name", "Phone " + device);
        if (ifMatch != null) b.header("If-Match", ifMatch);
        if (body == null) return b.method(method, HttpRequest.BodyPublishers.noBody());
        boolean big = body.length > 8 * 1024 * 1024;
        b.header("Content-Type", "application/octet-stream");
        if (!big) b.header("Content-Encoding", "gzip");
        return b.method(method, HttpRequest.BodyPublishers.ofByteArray(big ? body : gzip(body)));
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        }
        return out.toByteArray();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<UUID> followed(Database db) {
        return new HashSet<>(db.inTransaction(h -> h.createQuery("select m.mangadex_id from user_library l join manga m "
                + "on m.id = l.manga_id").mapTo(UUID.class).list()));
    }
}
