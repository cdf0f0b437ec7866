package com.mangahub.sync.support;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight Prism (npm {@code @stoplight/prism-cli}) as a validating proxy: every request a test sends to
 * {@link #baseUri()} is checked against the OpenAPI document, forwarded to the service as it is, and the service's
 * answer is checked too. Violations do not change the traffic; Prism logs each one, and {@link #violations()} has them.
 */
public final class Prism implements AutoCloseable {
    private final Process process;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Prism(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofPlatform().daemon().name("prism-log").start(this::readLog);
    }

    public static Prism proxy(Path document, URI upstream) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(NpmTools.bin("prism").toString(), "proxy", document.toString(), upstream.toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(port)).redirectErrorStream(true).start();
        Prism prism = new Prism(p, port);
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("prism exited", () -> !p.isAlive())
                    .until(() -> prism.log.stream().anyMatch(l -> l.contains("Prism is listening")));
        } catch (RuntimeException e) {
            prism.close();
            throw new IllegalStateException("prism did not start: " + prism.log, e);
        }
        return prism;
    }

    private void readLog() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) log.add(line);
        } catch (IOException e) {
            log.add("(prism's output ended: " + e + ")");
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Every violation Prism reported so far: {@code Violation: request…} and {@code Violation: response…} lines. */
    public List<String> violations() {
        return log.stream().filter(l -> l.contains("Violation:")).map(l -> l.substring(l.indexOf("Violation:"))).toList();
    }

    /** How many requests Prism has forwarded and received an answer for. */
    public long forwarded() {
        return log.stream().filter(l -> l.contains("Received forward response")).count();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        children.forEach(ProcessHandle::destroy);
    }
}
