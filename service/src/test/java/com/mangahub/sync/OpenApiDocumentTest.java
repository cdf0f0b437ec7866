package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.NpmTools;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.web.HttpServer.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} against the running service: every route the server registers is in the document and every
 * operation of the document is a route; each operation's declared security is what the server enforces (no token:
 * 401 exactly where a token is required); and Redocly CLI (npm) lints the served document with no error.
 */
@ExtendWith(PostgresExtension.class)
class OpenApiDocumentTest {
    private static final String ADMIN = "openapi-admin-token-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void theDocumentDescribesExactlyTheRoutesTheServerRegistersWithTheirSecurityAndPassesRedoclyLint(Database db)
            throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(3).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + app.httpPort();
            HttpResponse<String> served = send("GET", base + "/openapi.json", null);
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode doc = JSON.readTree(served.body());
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");

            Set<String> registered = new TreeSet<>();
            for (Endpoint e : app.httpEndpoints()) registered.add(e.method() + " " + e.path());
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (METHODS.contains(op.getKey())) documented.add(op.getKey().toUpperCase() + " " + path.getKey());
            }));
            assertThat(registered).as("routes the server registers").hasSizeGreaterThan(20);
            assertThat(documented).as("every registered route is in /openapi.json").containsAll(registered);
            assertThat(registered).as("every operation of /openapi.json is a route").containsAll(documented);

            assertSecurityIsEnforcedAsDocumented(base, doc);
            assertRedoclyFindsNoError(served.body());
        }
    }

    /** Without a token, an operation that declares a scheme answers 401; one that declares none never does. */
    private void assertSecurityIsEnforcedAsDocumented(String base, JsonNode doc) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) continue;
                boolean secured = op.getValue().path("security").size() > 0;
                String url = base + concrete(path.getKey(), op.getValue());
                int status = send(op.getKey().toUpperCase(), url, null).statusCode();
                if (secured != (status == 401)) wrong.add(op.getKey().toUpperCase() + " " + path.getKey() + " -> " + status);
                assertThat(secured ? op.getValue().path("responses").has("401") : true)
                        .as("%s %s documents its 401", op.getKey(), path.getKey()).isTrue();
            }
        }
        assertThat(wrong).as("operations whose documented security differs from what the server does").isEmpty();
    }

    /** The path with each parameter filled in: a number where the schema says integer, else a random uuid. */
    private static String concrete(String template, JsonNode operation) {
        String url = template;
        for (JsonNode p : operation.path("parameters")) {
            if (!p.path("in").asText().equals("path")) continue;
            String value = p.path("schema").path("type").asText().equals("integer") ? "1"
                    : p.path("name").asText().equals("file") ? "cover.jpg.256.jpg" : UUID.randomUUID().toString();
            url = url.replace("{" + p.path("name").asText() + "}", value);
        }
        return url;
    }

    private static void assertRedoclyFindsNoError(String document) throws Exception {
        Path file = Files.createTempFile("mangahub-openapi", ".json");
        Files.writeString(file, document);
        Process lint = new ProcessBuilder(NpmTools.bin("redocly").toString(), "lint", "--format=stylish", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("redocly lint finished").isTrue();
        assertThat(lint.exitValue()).as("redocly lint:%n%s", output).isZero();
        assertThat(output).contains("Your API description is valid");
    }

    private HttpResponse<String> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (url.endsWith("/stream")) b.header("Accept", "text/event-stream");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "false",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString()));
    }
}
