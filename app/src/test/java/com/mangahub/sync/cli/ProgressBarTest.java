package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter text = new StringWriter();

    @Test
    void onATerminalOneLineIsRedrawnWithItemsRateAndEta() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, nanos::get, 0);
        nanos.set(2_000_000_000L);
        bar.advanced(100, 400);
        assertThat(text.toString()).startsWith("\r[#######.......................] 100/400 series  50.0/s  ETA 0:06");
        nanos.set(8_000_000_000L);
        bar.advanced(400, 400);
        assertThat(text.toString()).endsWith("400/400 series  50.0/s  ETA 0:00" + System.lineSeparator());
    }

    @Test
    void withoutATerminalPlainLinesComeAtMostOnceASecondAndAtTheEnd() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, nanos::get, 0);
        for (int done = 100; done <= 1_000; done += 100) {
            nanos.addAndGet(300_000_000L);
            bar.advanced(done, 1_000);
        }
        String[] lines = text.toString().split(System.lineSeparator());
        assertThat(lines).hasSize(4).noneMatch(l -> l.contains("\r"));
        assertThat(lines[3]).contains("1000/1000 series");
    }
}
