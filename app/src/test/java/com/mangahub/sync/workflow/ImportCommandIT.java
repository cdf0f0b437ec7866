package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.simulator.Simulator;
import com.mangahub.sync.simulator.SimulatorOptions;
import com.mangahub.sync.support.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./mangahub import} as an operator runs it: progress lines when piped, a summary, idempotent, bad input. */
class ImportCommandIT {
    @TempDir
    Path dataDir;

    @Test
    void importPrintsProgressAndASummaryAndACompletedImportIsSkipped() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withWorldSize(300, 600))) {
            Map<String, String> env = Map.of("MANGAHUB_DATA_DIR", dataDir.toString(),
                    "MANGAHUB_MANGADEX_URL", sim.baseUri().toString());
            ServiceProcess.Result first = ServiceProcess.run(Duration.ofMinutes(2), env, "import", "--limit", "250");
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("250/250 series").contains("imported 250 of 250 series in")
                    .contains("(3 requests").doesNotContain("\r");
            ServiceProcess.Result again = ServiceProcess.run(Duration.ofMinutes(2), env, "import", "--limit", "250");
            assertThat(again.output()).contains("import already completed (250 series)");
            ServiceProcess.Result bad = ServiceProcess.run(Duration.ofMinutes(1), env, "import", "--limit", "0");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.output()).contains("--limit must be at least 1");
        }
    }
}
