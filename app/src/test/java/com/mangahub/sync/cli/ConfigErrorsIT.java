package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, acceptance 3: bad configuration fails fast with one line naming the key and no stack trace. */
class ConfigErrorsIT {
    @TempDir
    Path dataDir;

    @Test
    void aNonNumericHttpPortExitsTwoNamingTheKey() throws Exception {
        assertOneLineError(run(Map.of("MANGAHUB_HTTP_PORT", "abc")), 2, "MANGAHUB_HTTP_PORT");
    }

    @Test
    void aMangaDexRateAboveFiveExitsTwoNamingTheKey() throws Exception {
        assertOneLineError(run(Map.of("MANGADEX_RATE", "9")), 2, "MANGADEX_RATE");
    }

    @Test
    void anUnreachableDatabaseExitsOneNamingTheKeyWithinFifteenSeconds() throws Exception {
        int closedPort = ServiceProcess.freePort();
        ServiceProcess.Result r = run(Map.of("MANGAHUB_DATABASE_URL",
                "postgres://app:hunter2@127.0.0.1:" + closedPort + "/mangahub"));
        assertOneLineError(r, 1, "MANGAHUB_DATABASE_URL");
        assertThat(r.output()).doesNotContain("hunter2");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCodeTwo() throws Exception {
        ServiceProcess.Result r = ServiceProcess.run(Duration.ofSeconds(30), Map.of(), "serve", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("Unknown option: '--no-such-flag'");
    }

    private ServiceProcess.Result run(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("MANGAHUB_DATA_DIR", dataDir.toString(),
                "MANGAHUB_HTTP_PORT", "0", "MANGAHUB_COAP_PORT", "0",
                "MANGAHUB_MANGADEX_URL", ServeProcessIT.UNREACHABLE_MANGADEX));
        env.putAll(extra);
        return ServiceProcess.run(Duration.ofSeconds(30), env, "serve");
    }

    private static void assertOneLineError(ServiceProcess.Result r, int exitCode, String key) {
        assertThat(r.exitCode()).as(r.output()).isEqualTo(exitCode);
        assertThat(r.took()).isLessThan(Duration.ofSeconds(15));
        assertThat(r.output().lines().filter(l -> l.startsWith("error: ")).toList())
                .singleElement().asString().contains(key);
        assertThat(r.output()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
