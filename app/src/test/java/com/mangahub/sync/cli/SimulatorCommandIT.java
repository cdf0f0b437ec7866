package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code mangahub simulator} from the packaged jar: prints its URL, serves MangaDex requests, stops on SIGTERM with 0. */
class SimulatorCommandIT {

    @Test
    void theSimulatorCommandServesUntilSigtermAndThenExitsZero() throws Exception {
        Path jar = Path.of(System.getProperty("mangahub.jar"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "simulator", "--port", "0", "--manga", "40", "--chapters", "400")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String base = null;
            for (String line = out.readLine(); line != null && base == null; line = out.readLine()) {
                if (line.startsWith("MangaDex simulator listening on ")) base = line.substring("MangaDex simulator listening on ".length());
            }
            assertThat(base).startsWith("http://127.0.0.1:");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/manga?limit=2"))
                    .header("User-Agent", "MangaHubSync-it/0.1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"response\":\"collection\"");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}
