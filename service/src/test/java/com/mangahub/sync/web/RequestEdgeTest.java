package com.mangahub.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.App;
import com.mangahub.sync.support.RawHttp;
import com.mangahub.sync.support.RawHttp.Answer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge on a real socket: every body capped while it is read (Content-Length or chunked, on a JSON route and
 * on a route that reads its body whole), 413, 415, 431 and 400 in the JSON error shape, and the text rules of JSON
 * bodies (NUL, lone surrogates, invalid UTF-8, over-long strings) as 400s naming the field.
 */
class RequestEdgeTest {
    private static final ObjectMapper JSON = App.jsonMapper();
    private static HttpServer server;
    private static int port;

    @BeforeAll
    static void start() {
        Routes echo = app -> {
            app.post("/json", ctx -> {
                JsonBody body = JsonBody.read(ctx);
                ctx.json(Map.of("title", body.text("title", 100)));
            });
            // a route that reads its body whole, without JsonBody: the edge must cap it as well
            app.post("/whole", ctx -> ctx.result("read " + ctx.bodyAsBytes().length + " bytes"));
            app.get("/plain", ctx -> ctx.result("ok"));
        };
        server = new HttpServer(JSON, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(), List.of(echo))
                .start("127.0.0.1", 0);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aChunkedBodyOfFiftyMegabytesIsAJson413AfterLittleMoreThanTheCapWasSent() throws Exception {
        long bound = capPlusKernelBuffers();
        // 50 MB, or more where the kernel's buffers are so large that a server reading it whole could stay under them
        long total = Math.max(50L << 20, bound + (16L << 20));
        Answer json = RawHttp.chunked(port, "POST", "/json", Map.of("Content-Type", "application/json"),
                "{\"title\":\"".getBytes(StandardCharsets.US_ASCII), (byte) 'a', total);
        assertError(json, 413, "payload_too_large");
        assertThat(field(json)).as("the cut fell in title").isEqualTo("title");
        assertThat(json.bodyBytesSent()).as("bytes sent before the answer came").isLessThan(bound);

        Answer whole = RawHttp.chunked(port, "POST", "/whole", Map.of(), new byte[0], (byte) 'a', total);
        assertError(whole, 413, "payload_too_large");
        assertThat(whole.bodyBytesSent()).as("bytes sent before the answer came").isLessThan(bound);
        System.out.printf("chunked %,d MB: answered after %,d and %,d bytes sent (at most %,d: the cap and the kernel's "
                + "buffers)%n", total >> 20, json.bodyBytesSent(), whole.bodyBytesSent(), bound);
    }

    /**
     * What a client can have sent when the server stops reading at the cap: the cap, plus what the kernel holds
     * between the two sockets, the client's send buffer and the server's receive buffer, each at most its
     * {@code tcp_wmem} / {@code tcp_rmem} maximum (autotuned on loopback: 12–17 MB in all were seen here, where the
     * maxima are 4 and 32 MB). A server that read the whole body would send past it.
     */
    private static long capPlusKernelBuffers() throws java.io.IOException {
        return HttpServer.MAX_REQUEST_BYTES + kernelMax("tcp_wmem", 4L << 20) + kernelMax("tcp_rmem", 6L << 20);
    }

    private static long kernelMax(String setting, long linuxDefault) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of("/proc/sys/net/ipv4", setting);
        if (!java.nio.file.Files.isReadable(file)) return linuxDefault;
        // one line read as a stream: Files.readString takes /proc's reported size of 0 at its word and stops early
        String[] minDefaultMax = java.nio.file.Files.readAllLines(file).getFirst().strip().split("\\s+");
        return Long.parseLong(minDefaultMax[2]);
    }

    @Test
    void aDeclaredContentLengthOverTheCapIsAJson413BeforeAnyOfItIsRead() throws Exception {
        // Jetty dispatches a request once its first body bytes arrive: send some, never the 50 MB declared
        byte[] head = RawHttp.head("POST", "/whole", Map.of("Content-Length", Long.toString(50L << 20)), "");
        Answer answer = RawHttp.raw(port, concat(head, new byte[256 * 1024]));
        assertError(answer, 413, "payload_too_large");

        byte[] json = RawHttp.head("POST", "/json", Map.of("Content-Length", "20000", "Content-Type", "application/json"), "");
        assertError(RawHttp.raw(port, concat(json, ("{\"title\":\"" + "b".repeat(20_000 - 11) + "\"}")
                .getBytes(StandardCharsets.US_ASCII))), 413, "payload_too_large");
    }

    @Test
    void aNonJsonContentTypeOnAJsonRouteIsAJson415() throws Exception {
        for (String type : List.of("application/x-www-form-urlencoded", "text/html", "text/plain", "multipart/form-data; boundary=x")) {
            Answer answer = post("/json", type, "title=x".getBytes(StandardCharsets.US_ASCII));
            assertError(answer, 415, "unsupported_media_type");
        }
        assertThat(post("/json", "application/json; charset=utf-8", "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
        assertThat(post("/json", "application/merge-patch+json", "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(200);
    }

    @Test
    void headersTooLargeAreAJson431AndAMalformedRequestAJson400() throws Exception {
        byte[] bigHeader = RawHttp.head("GET", "/plain", Map.of("X-Big", "h".repeat(64 * 1024)), "");
        assertError(RawHttp.raw(port, bigHeader), 431, "headers_too_large");

        Answer malformed = RawHttp.raw(port, "GET /plain HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertError(malformed, 400, "bad_request");
    }

    @Test
    void nulLoneSurrogatesInvalidUtf8AndOverLongStringsAre400sNamingTheField() throws Exception {
        assertBadField("{\"title\":\"a\\u0000b\"}", "title", "NUL");
        assertBadField("{\"title\":\"a\\ud800b\"}", "title", "surrogate");
        assertBadField("{\"title\":\"a\\udc00\"}", "title", "surrogate");
        assertBadField("{\"title\":\"ok\",\"extra\":{\"deep\":[\"\\u0000\"]}}", "extra", "NUL");
        assertBadField("{\"title\":\"" + "x".repeat(101) + "\"}", "title", "longer than 100");
        assertBadField("{\"title\":true}", "title", "must be a string");
        assertBadField("{\"title\":null}", "title", "required");
        assertBadField("null", "body", "JSON object");
        assertBadField("[{\"title\":\"x\"}]", "body", "JSON object");
        assertBadField("{\"title\":\"x\"} {}", "body", "more than one");
        assertBadField("<html><body>hi</body></html>", "body", "not valid JSON");

        // raw bytes: an invalid UTF-8 byte, and a surrogate encoded in UTF-8 (CESU), both inside title
        byte[] invalid = concat("{\"title\":\"a".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff},
                "\"}".getBytes(StandardCharsets.US_ASCII));
        assertThat(field(assertError(post("/json", "application/json", invalid), 400, "bad_request"))).isEqualTo("title");
        byte[] cesu = concat("{\"title\":\"a".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}".getBytes(StandardCharsets.US_ASCII));
        assertThat(field(assertError(post("/json", "application/json", cesu), 400, "bad_request"))).isEqualTo("title");
    }

    @Test
    void aGoodBodyStillReadsAndAnEmptyOneIsAnEmptyObject() throws Exception {
        Answer ok = post("/json", "application/json", "{\"title\":\"Dandadan \\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("title").asText()).isEqualTo("Dandadan \uD83D\uDE00");
        assertThat(field(assertError(post("/json", null, new byte[0]), 400, "bad_request"))).isEqualTo("title");
    }

    private static void assertBadField(String body, String field, String says) throws Exception {
        Answer answer = post("/json", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertError(answer, 400, "bad_request");
        assertThat(field(answer)).as(body).isEqualTo(field);
        assertThat(JSON.readTree(answer.body()).get("message").asText()).as(body).contains(says);
    }

    private static Answer post(String path, String contentType, byte[] body) throws Exception {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Length", Integer.toString(body.length));
        if (contentType != null) headers.put("Content-Type", contentType);
        return RawHttp.raw(port, concat(RawHttp.head("POST", path, headers, ""), body));
    }

    private static Answer assertError(Answer answer, int status, String code) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("error").asText()).as(answer.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        return answer;
    }

    private static String field(Answer answer) throws Exception {
        return JSON.readTree(answer.body()).path("field").asText(null);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }
}
