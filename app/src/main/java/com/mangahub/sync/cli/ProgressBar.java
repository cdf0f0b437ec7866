package com.mangahub.sync.cli;

import com.mangahub.sync.workflow.ImportProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The import's progress: on a terminal one redrawn line with a bar, items, rate and ETA; otherwise (a pipe, a log
 * file) plain lines at most once a second, so logs stay readable.
 */
final class ProgressBar implements ImportProgress {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private final int alreadyDone;
    private long lastPlain;

    ProgressBar(PrintWriter out, boolean terminal, LongSupplier nanoTime, int alreadyDone) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.alreadyDone = alreadyDone;
        this.lastPlain = start - PLAIN_EVERY_NANOS;
    }

    @Override
    public synchronized void advanced(int done, int target) {
        long now = nanoTime.getAsLong();
        String line = line(done, target, now);
        if (terminal) {
            out.print("\r" + line);
            if (done >= target) out.println();
        } else if (done >= target || now - lastPlain >= PLAIN_EVERY_NANOS) {
            out.println(line);
            lastPlain = now;
        }
        out.flush();
    }

    String line(int done, int target, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = Math.max(0, done - alreadyDone) / seconds;
        int filled = target == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, target) / target);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String eta = rate > 0 ? clock((long) Math.ceil((target - done) / rate)) : "--:--";
        return String.format("[%s] %d/%d series  %.1f/s  ETA %s", bar, done, target, rate, eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    /** Whether standard output is a terminal: Linux tells through /proc; elsewhere, whether a console exists. */
    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
