package com.mangahub.sync.cli;

/** The process exit codes every command shares. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCode() {}
}
