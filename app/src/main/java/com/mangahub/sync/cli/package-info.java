/**
 * The command line (picocli): {@code serve}, {@code version}, {@code db status} and the commands later
 * components add. Each error is one line on stderr; exit 0 ok, 1 runtime failure, 2 usage or configuration.
 * Crash-only: an uncaught {@code Error} halts the process with exit 70 ({@link com.mangahub.sync.cli.CrashOnly}), and
 * a stop asked by SIGTERM or SIGINT ends within 10 s ({@code ShutdownWatchdog}).
 */
package com.mangahub.sync.cli;
