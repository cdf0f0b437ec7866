package com.mangahub.sync.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-only: an {@link Error} nobody caught (a background loop's, any thread's) ends the process at once with one
 * clear last log line and exit code {@link #EXIT_CODE}, so systemd or any supervisor starts a fresh one. A process
 * that lost its dispatcher or its heartbeat but still answers is worse than none: it looks alive. It halts rather than
 * exits: shutdown hooks would wait on what the Error left half-done, and nothing needs them (the outbox and the log's
 * cursors make kill -9 lose nothing). OutOfMemoryError thrown where a catch swallows it (Jetty's request threads) is
 * the JVM's: {@code -XX:+ExitOnOutOfMemoryError} in every launch profile.
 */
public final class CrashOnly implements Thread.UncaughtExceptionHandler {
    /** EX_SOFTWARE of sysexits.h: an internal error. */
    public static final int EXIT_CODE = 70;
    private static final Logger log = LoggerFactory.getLogger(CrashOnly.class);

    private final Thread.UncaughtExceptionHandler previous;

    private CrashOnly(Thread.UncaughtExceptionHandler previous) {
        this.previous = previous;
    }

    /** Installs itself as the default handler of every thread of this JVM. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new CrashOnly(Thread.getDefaultUncaughtExceptionHandler()));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        if (!(e instanceof Error)) {
            // a RuntimeException ends only its own thread; the loops catch theirs, so this is a one-off task's
            if (previous != null) previous.uncaughtException(thread, e);
            else log.error("uncaught exception in thread {}", thread.getName(), e);
            return;
        }
        try {
            log.error("FATAL: {} in thread {}: exiting with code {} (crash-only: a supervisor restarts the service; "
                    + "nothing committed is lost)", e, thread.getName(), EXIT_CODE);
        } catch (Throwable logFailed) {
            System.err.println("FATAL: " + e + " in thread " + thread.getName() + ": exiting with code " + EXIT_CODE);
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
