package com.mangahub.sync;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.RawHttp;
import com.mangahub.sync.support.RawHttp.Answer;
import com.mangahub.sync.support.ServiceApi;
import com.mangahub.sync.web.HttpServer.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, acceptance 2: a table of bad inputs sent to every route the server registers with a method that takes a
 * body (enumerated from {@code App.httpEndpoints()}, so a new route is in the table the day it is added), with the
 * right token, so the input and not the auth is judged. A route whose operation in {@code /openapi.json} takes a JSON
 * body must answer every row with a JSON 4xx in our error shape, naming the field the row spoiled; every other route
 * must never answer 5xx, and its errors are in the same shape. The fields spoiled are those the document lists for
 * the body, so a new field is in the table as well.
 */
@ExtendWith(PostgresExtension.class)
class BadInputTableTest {
    private static final String ADMIN = "bad-input-admin-token-1234";
    private static final ObjectMapper JSON = App.jsonMapper();
    /** A row's status meaning "any 2xx": a valid body, whatever the route answers to it. */
    private static final int ACCEPTED = 200;
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    @TempDir
    Path dataDir;

    /** One bad input: what is sent, and the field an answer must name (null: any, or none). */
    record Row(String name, String contentType, byte[] body, boolean chunked, String field, int status) {}

    @Test
    void everyBodyRouteAnswersEveryBadInputWithAJson4xxNamingTheFieldAndNeverA500(Database db) throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(5).withWorldSize(3, 10));
             App app = App.start(config(sim), Clock.systemUTC());
             Receiver receiver = Receiver.start()) {
            int port = app.httpPort();
            ServiceApi api = new ServiceApi(port);
            JsonNode doc = JSON.readTree(RawHttp.raw(port, RawHttp.head("GET", "/openapi.json", Map.of(), "")).body());

            List<String> wrong = new ArrayList<>();
            int jsonRoutes = 0;
            int sent = 0;
            for (Endpoint e : app.httpEndpoints()) {
                if (!BODY_METHODS.contains(e.method())) continue;
                JsonNode operation = doc.path("paths").path(e.path()).path(e.method().toLowerCase());
                JsonNode schema = bodySchema(doc, operation);
                // a reader of its own per route: a route that rotates or revokes the token spoils no other route's rows
                String token = e.path().startsWith("/api/me") ? api.createReader(ADMIN, "table-reader-" + sent) : ADMIN;
                String path = concrete(e.path(), operation);
                if (e.path().startsWith("/api/me/library/{manga_id}")) {
                    // a series the reader follows, so the route's own checks of the body run (not a 404 before them)
                    String series = await().atMost(Duration.ofSeconds(30))
                            .until(() -> api.send("GET", "/api/manga?size=1", ADMIN, null).get("items"), items -> !items.isEmpty())
                            .get(0).get("mangadex_id").asText();
                    api.send("PUT", "/api/me/library/" + series, token, null);
                    path = e.path().replace("{manga_id}", series);
                }
                if (e.path().startsWith("/api/me/channels/{id}")) {
                    // a channel of the reader's own, for the same reason, to a receiver that takes everything
                    String channel = api.send("POST", "/api/me/channels", token,
                            "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                                    + "/hook\"}").get("id").asText();
                    path = e.path().replace("{id}", channel);
                }
                if (schema != null) jsonRoutes++;
                for (Row row : rows(schema)) {
                    Answer answer = send(port, e.method(), path, token, row);
                    sent++;
                    String problem = judge(answer, row, schema != null);
                    if (problem != null) wrong.add(e.method() + " " + e.path() + " [" + row.name() + "] -> " + problem);
                }
            }
            System.out.printf("bad-input table: %d requests, %d JSON routes%n", sent, jsonRoutes);
            assertThat(jsonRoutes).as("routes taking a JSON body").isGreaterThanOrEqualTo(5);
            assertThat(wrong).as("answers that break the rules").isEmpty();
            assertThat(RawHttp.raw(port, RawHttp.head("GET", "/health", Map.of(), "")).status()).isEqualTo(200);
        }
    }

    /** The rows for a body of this schema (null: a route without a documented body). */
    private static List<Row> rows(JsonNode schema) {
        List<Row> rows = new ArrayList<>();
        String json = "application/json";
        rows.add(new Row("null", json, bytes("null"), false, "body", 400));
        rows.add(new Row("array", json, bytes("[{}]"), false, "body", 400));
        rows.add(new Row("string", json, bytes("\"text\""), false, "body", 400));
        rows.add(new Row("number", json, bytes("42"), false, "body", 400));
        rows.add(new Row("malformed", json, bytes("{\"a\":"), false, "a", 400)); // cut short in a
        rows.add(new Row("html as json", json, bytes("<html><body><script>alert(1)</script></body></html>"), false, "body", 400));
        rows.add(new Row("html", "text/html", bytes("<html><body>hi</body></html>"), false, null, 415));
        rows.add(new Row("form", "application/x-www-form-urlencoded", bytes("name=x&title=y"), false, null, 415));
        rows.add(new Row("multipart", "multipart/form-data; boundary=b", bytes("--b\r\n\r\nx\r\n--b--\r\n"), false, null, 415));
        // an empty body is an empty object: refused naming a required field, or (nothing required, as in a PATCH)
        // accepted as "change nothing"
        boolean anyRequired = schema != null && !schema.path("required").isEmpty();
        rows.add(anyRequired || schema == null ? new Row("empty", null, new byte[0], false, "*", 400)
                : new Row("empty", null, new byte[0], false, null, ACCEPTED));
        rows.add(new Row("nul key", json, bytes("{\"a\\u0000\":1}"), false, "a\u0000", 400));
        rows.add(new Row("1 MB declared", json, bytes("{\"a\":\"" + "x".repeat(1 << 20) + "\"}"), false, null, 413));
        if (schema == null) return rows;
        for (var property : schema.path("properties").properties()) {
            String p = property.getKey();
            String quoted = JSON.valueToTree(p).toString();
            rows.add(new Row(p + ": NUL", json, bytes("{" + quoted + ":\"a\\u0000b\"}"), false, p, 400));
            rows.add(new Row(p + ": high surrogate", json, bytes("{" + quoted + ":\"a\\ud800b\"}"), false, p, 400));
            rows.add(new Row(p + ": low surrogate", json, bytes("{" + quoted + ":\"\\udc00\"}"), false, p, 400));
            rows.add(new Row(p + ": NUL deep", json, bytes("{" + quoted + ":{\"k\":[\"\\u0000\"]}}"), false, p, 400));
            rows.add(new Row(p + ": invalid UTF-8", json, concat(bytes("{" + quoted + ":\"a"), new byte[] {(byte) 0xc3},
                    bytes("\"}")), false, p, 400));
            rows.add(new Row(p + ": CESU surrogate", json, concat(bytes("{" + quoted + ":\"a"),
                    new byte[] {(byte) 0xed, (byte) 0xb0, (byte) 0x80}, bytes("\"}")), false, p, 400));
            rows.add(new Row(p + ": 1 MB string, chunked", json, bytes("{" + quoted + ":\""), true, p, 413));
            for (String value : wrongTypes(property.getValue())) {
                rows.add(new Row(p + ": " + value, json, bytes("{" + quoted + ":" + value + "}"), false, "*", 400));
            }
        }
        return rows;
    }

    /**
     * Values of a JSON type the property does not take (a property without a declared type takes anything): null
     * only where it is not allowed ("null clears it" is a documented value), a boolean only for a non-boolean...
     */
    private static List<String> wrongTypes(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isMissingNode()) return List.of();
        Set<String> allowed = new java.util.HashSet<>();
        if (type.isArray()) type.forEach(t -> allowed.add(t.asText())); else allowed.add(type.asText());
        String items = property.path("items").path("type").asText("");
        boolean bounded = property.has("pattern") || property.has("minimum") || property.has("maximum");
        List<String> wrong = new ArrayList<>();
        if (!allowed.contains("boolean")) wrong.add("true");
        if (!allowed.contains("array") || !(items.equals("number") || items.equals("integer") || items.isEmpty())) {
            wrong.add("[1]");
        }
        if (!allowed.contains("object")) wrong.add("{\"x\":1}");
        if (!allowed.contains("null")) wrong.add("null");
        if (!allowed.contains("number") || bounded) wrong.add("-1.5e300");
        return wrong;
    }

    /** A webhook receiver on loopback that accepts every request (a channel's test message). */
    private record Receiver(com.sun.net.httpserver.HttpServer server) implements AutoCloseable {
        static Receiver start() throws java.io.IOException {
            var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.start();
            return new Receiver(server);
        }

        java.net.InetSocketAddress getAddress() {
            return server.getAddress();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Null when the answer keeps the rules, else what is wrong with it. */
    private static String judge(Answer answer, Row row, boolean jsonRoute) throws Exception {
        if (answer.status() >= 500) return answer.status() + " " + answer.body();
        boolean error = answer.status() >= 400;
        if (error || jsonRoute) {
            String type = answer.header("Content-Type");
            if (type == null || !type.startsWith("application/json")) return answer.status() + " not JSON: " + type;
            JsonNode body = JSON.readTree(answer.body());
            if (error && (!body.path("error").isTextual() || !body.path("message").isTextual())) {
                return answer.status() + " not the error shape: " + answer.body();
            }
        }
        if (!jsonRoute) return null;
        if (row.status() == ACCEPTED) return answer.status() / 100 == 2 ? null : "expected 2xx, got " + answer.status() + " " + answer.body();
        if (answer.status() != row.status()) return "expected " + row.status() + ", got " + answer.status() + " " + answer.body();
        JsonNode field = JSON.readTree(answer.body()).path("field");
        if ("*".equals(row.field())) return field.isTextual() ? null : "no field named: " + answer.body();
        if (row.field() != null && !row.field().equals(field.asText(null))) {
            return "expected field " + row.field() + ": " + answer.body();
        }
        return null;
    }

    private static Answer send(int port, String method, String path, String token, Row row) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (row.contentType() != null) headers.put("Content-Type", row.contentType());
        if (row.chunked()) return RawHttp.chunked(port, method, path, headers, row.body(), (byte) 'x', 1 << 20);
        headers.put("Content-Length", Integer.toString(row.body().length));
        return RawHttp.raw(port, concat(RawHttp.head(method, path, headers, ""), row.body()));
    }

    /** The operation's JSON body schema, its $ref resolved; null when it takes no body. */
    private static JsonNode bodySchema(JsonNode doc, JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        // a route taking files of several formats (a library import: CSV, JSON, a Mihon backup) is no JSON route:
        // only "never 5xx, errors in the JSON shape" holds for it
        if (content.size() > 1) return null;
        JsonNode schema = content.path("application/json").path("schema");
        if (schema.isMissingNode()) return null;
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : doc.at(ref.substring(1));
    }

    /** The path with each parameter filled in: a number where the schema says integer, else a random uuid. */
    private static String concrete(String template, JsonNode operation) {
        String url = template;
        for (JsonNode p : operation.path("parameters")) {
            if (!p.path("in").asText().equals("path")) continue;
            String value = p.path("schema").path("type").asText().equals("integer") ? "1" : UUID.randomUUID().toString();
            url = url.replace("{" + p.path("name").asText() + "}", value);
        }
        return url;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }

    private Config config(Simulator sim) {
        return Config.from(Map.of("MANGAHUB_DATABASE_URL", PostgresExtension.jdbcUrl(),
                "MANGAHUB_DATA_DIR", dataDir.toString(), "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_ADMIN_TOKEN", ADMIN, "MANGAHUB_IMPORT_ON_START", "true",
                "MANGAHUB_MANGADEX_URL", sim.baseUri().toString(), "MANGAHUB_ALLOW_PRIVATE_TARGETS", "127.0.0.1",
                // hundreds of bad inputs from one reader as fast as they answer: the table tests input, not the rate
                "MANGAHUB_READER_REQUESTS_PER_SECOND", "0"));
    }
}
