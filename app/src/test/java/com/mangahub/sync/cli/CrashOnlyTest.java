package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.periodic.PeriodicLoop;
import com.mangahub.sync.time.Sleeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Crash-only: an Error in a background loop ends the process at once with exit code 70 and a last line naming the
 * loop's thread. Run in a JVM of its own (the handler halts the JVM it is in).
 */
class CrashOnlyTest {
    @Test
    void anErrorInABackgroundLoopEndsTheProcessWithCode70AndALastLineNamingTheLoop() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DoomedLoop.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("ended by itself").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(p.exitValue()).as(output).isEqualTo(CrashOnly.EXIT_CODE);
        assertThat(lines.get(lines.size() - 1)).contains("FATAL").contains("StackOverflowError")
                .contains("doomed-loop");
        assertThat(output).doesNotContain("still alive");
    }

    /** A process whose one background loop throws an Error on its first round, as a hook for the test above. */
    public static final class DoomedLoop {
        public static void main(String[] args) throws InterruptedException {
            CrashOnly.install();
            new PeriodicLoop("doomed-loop", Duration.ofSeconds(1), Sleeper.SYSTEM, () -> {
                throw new StackOverflowError("test hook");
            }).start();
            Thread.sleep(15_000); // the process must be gone long before
            System.out.println("still alive");
        }
    }
}
