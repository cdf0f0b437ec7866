package com.mangahub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.ServiceProcess;
import com.mangahub.sync.support.SharedFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documentation tests: every shell block of README.md and docs/*.md marked {@code <!-- runnable -->} (the line just
 * before its fence) runs, as written, against one packaged {@code serve} on the MangaDex simulator, and exits 0. The
 * blocks of one page run in order in one bash (so a block may use what an earlier one exported), from a scratch
 * directory whose {@code ./mangahub} is the repository's launcher. Two things differ from a reader's machine: the
 * service listens on a free port, so {@code 127.0.0.1:8080} in a block is replaced by it, and a reader's token is
 * in {@code MANGAHUB_TOKEN} before a page starts (as a reader following the docs would have set it).
 */
class DocumentationIT {
    private static final String MARKER = "<!-- runnable -->";
    /** A real MangaDex series (Don't Toy With Me, Miss Nagatoro!) from the captured fixtures, which the simulator serves. */
    private static final String EXAMPLE_SERIES = "d86cf65b-5f6c-437d-a0af-19a31f94ec55";
    private static final Path ROOT = Path.of(System.getProperty("mangahub.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dataDir;
    @TempDir
    Path workDir;

    record Block(String page, int line, String code) {}

    @Test
    void everyRunnableShellBlockOfTheReadmeAndDocsRunsAgainstTheSimulator() throws Exception {
        Map<String, List<Block>> pages = runnableBlocks();
        Process curl = new ProcessBuilder("bash", "-c", "command -v curl").start();
        assertThat(curl.waitFor()).as("the examples use curl (Debian: curl)").isZero();
        assertThat(pages.getOrDefault("README.md", List.of())).as("runnable blocks in the README").hasSizeGreaterThanOrEqualTo(4);

        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withSeed(24).withWorldSize(10, 40))) {
            sim.world().loadFixtures(SharedFiles.fixture("manga-single-hondana.json").getParent());
            int port = ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MANGAHUB_DATA_DIR", dataDir.toString());
            env.put("MANGAHUB_HTTP_PORT", Integer.toString(port));
            env.put("MANGAHUB_COAP_PORT", "0");
            env.put("MANGAHUB_MANGADEX_URL", sim.baseUri().toString());
            env.put("MANGAHUB_CHAPTER_INTERVAL", "5s");
            try (ServiceProcess serve = ServiceProcess.start(env, "serve")) {
                String base = "http://127.0.0.1:" + port;
                serve.awaitHttp200(base + "/health", Duration.ofSeconds(90));
                env.put("JAVA_HOME", System.getProperty("java.home"));
                env.put("MANGAHUB_TOKEN", reader(base, Files.readString(dataDir.resolve("admin-token")).strip()));
                Path launcher = workDir.resolve("mangahub");
                Files.writeString(launcher, "#!/usr/bin/env bash\nexec " + ROOT.resolve("mangahub") + " \"$@\"\n");
                launcher.toFile().setExecutable(true);

                for (var page : pages.entrySet()) {
                    String output = run(page.getValue(), env, port);
                    if (page.getKey().equals("README.md")) {
                        assertThat(output).as("the README's examples").contains("following Don't Toy With Me, Miss Nagatoro!")
                                .contains("<feed").contains("\"items\":[").contains("\"manga_id\":\"" + EXAMPLE_SERIES + "\"");
                        assertThat(workDir.resolve("alice-library.json")).content().contains(EXAMPLE_SERIES);
                    }
                }
                assertThat(serve.terminate(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        }
    }

    /** The runnable blocks of README.md and every docs page, by page, in their order. */
    private static Map<String, List<Block>> runnableBlocks() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Map<String, List<Block>> pages = new LinkedHashMap<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            String page = ROOT.relativize(file).toString();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals(MARKER)) continue;
                String fence = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
                assertThat(fence).as("%s:%d: a runnable marker is followed by a ```sh or ```bash fence", page, i + 1)
                        .isIn("```sh", "```bash");
                StringBuilder code = new StringBuilder();
                int j = i + 2;
                for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) code.append(lines.get(j)).append('\n');
                assertThat(j).as("%s:%d: the block ends", page, i + 2).isLessThan(lines.size());
                pages.computeIfAbsent(page, k -> new ArrayList<>()).add(new Block(page, i + 3, code.toString()));
            }
        }
        return pages;
    }

    /** Runs one page's blocks in one bash; returns what they printed. */
    private String run(List<Block> blocks, Map<String, String> env, int port) throws Exception {
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (Block b : blocks) {
            script.append("echo '>>> ").append(b.page()).append(':').append(b.line()).append("' >&2\n")
                    .append(b.code().replace("127.0.0.1:8080", "127.0.0.1:" + port));
        }
        Path log = Files.createTempFile(workDir, "blocks", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MANGAHUB_") || k.startsWith("MANGADEX_"));
        pb.environment().putAll(env);
        Process bash = pb.start();
        boolean finished = bash.waitFor(3, TimeUnit.MINUTES);
        if (!finished) bash.destroyForcibly().waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("%s's blocks finished within 3 minutes:%n%s", blocks.get(0).page(), output).isTrue();
        assertThat(bash.exitValue()).as("%s's runnable blocks (the last >>> line names the failing one):%n%s",
                blocks.get(0).page(), output).isZero();
        return output;
    }

    /** A reader made through the API, as the docs' pages assume one exists; returns its token. */
    private static String reader(String base, String adminToken) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"docs-reader\",\"languages\":[\"en\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
