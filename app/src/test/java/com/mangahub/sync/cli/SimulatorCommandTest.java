package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.simulator.FaultPlan;
import com.mangahub.sync.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorCommandTest {

    private static SimulatorCommand parsed(String... args) {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutFlagsItListensOnLoopbackWithMangaDexsLimits() {
        SimulatorOptions options = parsed().options(null);
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8099);
        assertThat(options.ratePerSecond()).isEqualTo(5);
        assertThat(options.defaultContentRatings()).containsExactlyInAnyOrder("safe", "suggestive", "erotica");
        assertThat(options.live()).isFalse();
        FaultPlan faults = parsed().faults();
        assertThat(faults.serverErrors() + faults.resets() + faults.htmlErrors() + faults.emptyPages()
                + faults.truncatedBodies() + faults.slowBodies()).as("no faults unless asked").isZero();
    }

    @Test
    void everyKnobMapsToItsOption() {
        SimulatorCommand command = parsed("--port", "0", "--bind", "0.0.0.0", "--seed", "7", "--manga", "10", "--chapters", "50",
                "--rate", "3", "--ban-after", "4", "--ban-duration", "9", "--latency-ms", "20", "--jitter-ms", "5",
                "--live-chapters", "30", "--live-manga", "1", "--fixtures", "/tmp/fx", "--server-errors", "0.1",
                "--resets", "0.05", "--html-errors", "0.02", "--empty-pages", "0.5", "--truncated", "0.01", "--slow", "0.03");
        SimulatorOptions options = command.options("secret");
        assertThat(options.port()).isZero();
        assertThat(options.bind()).isEqualTo("0.0.0.0");
        assertThat(options.seed()).isEqualTo(7);
        assertThat(options.mangaCount()).isEqualTo(10);
        assertThat(options.chapterCount()).isEqualTo(50);
        assertThat(options.ratePerSecond()).isEqualTo(3);
        assertThat(options.banAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.banDuration()).isEqualTo(Duration.ofSeconds(9));
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(options.jitter()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.liveChaptersPerMinute()).isEqualTo(30);
        assertThat(options.liveMangaPerMinute()).isEqualTo(1);
        assertThat(options.fixtures()).containsExactly(Path.of("/tmp/fx"));
        assertThat(options.adminToken()).isEqualTo("secret");
        FaultPlan faults = command.faults();
        assertThat(faults.serverErrors()).isEqualTo(0.1);
        assertThat(faults.resets()).isEqualTo(0.05);
        assertThat(faults.htmlErrors()).isEqualTo(0.02);
        assertThat(faults.emptyPages()).isEqualTo(0.5);
        assertThat(faults.truncatedBodies()).isEqualTo(0.01);
        assertThat(faults.slowBodies()).isEqualTo(0.03);
    }

    @Test
    void anImpossibleValueIsAUsageErrorWithOneClearLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = MangaHubCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("simulator", "--rate", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("error: simulator option: rate must not be negative");
        assertThat(cl.execute("simulator", "--server-errors", "1.5")).isEqualTo(2);
    }

    @Test
    void theSimulatorIsASubcommandOfMangahub() {
        StringWriter out = new StringWriter();
        CommandLine cl = MangaHubCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("simulator", "--help")).isZero();
        assertThat(out.toString()).contains("--live-chapters", "--fixtures", "--rate");
    }
}
