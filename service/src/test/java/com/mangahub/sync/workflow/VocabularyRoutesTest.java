package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.store.VocabularyQueries;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.web.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pickers' names over real HTTP against the embedded PostgreSQL: tags, and groups found by name. */
@ExtendWith(PostgresExtension.class)
class VocabularyRoutesTest {
    private static final String ACE = "00000000-0000-4000-8000-00000000000a";
    private static final String BRAVO = "00000000-0000-4000-8000-00000000000b";
    private static final String PERCENT = "00000000-0000-4000-8000-00000000000c";
    private final ObjectMapper json = App.jsonMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private Database db;

    @BeforeEach
    void start(Database db) {
        this.db = db;
        server = new HttpServer(json, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(),
                List.of(new VocabularyRoutes(new VocabularyQueries(db))));
        server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tagsAreListedByGroupThenNameWithTheirIds() throws Exception {
        db.inTransaction(h -> h.execute("insert into tags (id, name, tag_group) values "
                + "('10000000-0000-4000-8000-000000000001', 'Romance', 'genre'), "
                + "('10000000-0000-4000-8000-000000000002', 'Action', 'genre'), "
                + "('10000000-0000-4000-8000-000000000003', 'Oneshot', 'format')"));
        JsonNode tags = get("/api/tags", 200).get("tags");
        assertThat(names(tags)).containsExactly("Oneshot", "Action", "Romance");
        assertThat(tags.get(1).get("id").asText()).isEqualTo("10000000-0000-4000-8000-000000000002");
        assertThat(tags.get(1).get("group").asText()).isEqualTo("genre");
    }

    @Test
    void groupsAreFoundByAnyPartOfTheirNameStartsFirstEachOnceAndOnlyWithAName() throws Exception {
        long one = series("10000000-0000-4000-8000-0000000000a1");
        long two = series("10000000-0000-4000-8000-0000000000a2");
        chapter(one, "[{\"id\":\"" + ACE + "\",\"name\":\"Scans of Bravo\"},{\"id\":\"" + BRAVO + "\",\"name\":\"Bravo Scans\"}]");
        chapter(two, "[{\"id\":\"" + BRAVO + "\",\"name\":\"Bravo Scans\"},{\"id\":\"" + PERCENT + "\",\"name\":\"100% Raw\"}]");
        chapter(two, "[{\"id\":\"00000000-0000-4000-8000-00000000000d\",\"name\":\"\"}]");

        assertThat(names(get("/api/groups", 200).get("groups"))).containsExactly("100% Raw", "Bravo Scans", "Scans of Bravo");
        JsonNode bravo = get("/api/groups?q=BRAVO", 200).get("groups");
        assertThat(names(bravo)).as("a name starting with the text first").containsExactly("Bravo Scans", "Scans of Bravo");
        assertThat(bravo.get(0).get("id").asText()).isEqualTo(BRAVO);
        assertThat(names(get("/api/groups?q=" + enc("0%"), 200).get("groups"))).as("% is literal").containsExactly("100% Raw");
        assertThat(names(get("/api/groups?q=" + enc("_"), 200).get("groups"))).isEmpty();
        assertThat(names(get("/api/groups?manga=10000000-0000-4000-8000-0000000000a1", 200).get("groups")))
                .containsExactly("Bravo Scans", "Scans of Bravo");
        assertThat(get("/api/groups?manga=" + UUID.randomUUID(), 200).get("groups")).isEmpty();
    }

    @Test
    void atMostFiftyGroupsAreAnswered() throws Exception {
        long one = series("10000000-0000-4000-8000-0000000000a1");
        StringBuilder groups = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            groups.append(i == 0 ? "" : ",").append("{\"id\":\"").append(new UUID(1, i)).append("\",\"name\":\"G")
                    .append(100 + i).append("\"}");
        }
        chapter(one, groups.append("]").toString());
        assertThat(get("/api/groups?q=g", 200).get("groups")).hasSize(VocabularyQueries.MAX_GROUPS);
    }

    @Test
    void badInputIsAJson400NamingTheField() throws Exception {
        assertThat(get("/api/groups?q=" + "x".repeat(101), 400).get("field").asText()).isEqualTo("q");
        assertThat(get("/api/groups?q=" + enc("a\0b"), 400).get("field").asText()).isEqualTo("q");
        JsonNode badId = get("/api/groups?manga=not-a-uuid", 400);
        assertThat(badId.get("field").asText()).isEqualTo("manga");
        assertThat(badId.get("message").asText()).isEqualTo("manga must be a MangaDex id (a UUID)");
        assertThat(get("/api/groups?manga=" + "a".repeat(37), 400).get("field").asText()).isEqualTo("manga");
    }

    private long series(String mangadexId) {
        return db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title) values "
                        + "(cast(:id as uuid), :slug, 'A series') returning id")
                .bind("id", mangadexId).bind("slug", "s-" + mangadexId.substring(mangadexId.length() - 2))
                .mapTo(Long.class).one());
    }

    private void chapter(long mangaId, String groups) {
        db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, groups, readable_at) "
                        + "values (:id, :manga, 'en', cast(:groups as jsonb), now())")
                .bind("id", UUID.randomUUID()).bind("manga", mangaId).bind("groups", groups).execute());
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s answered %s", path, r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
