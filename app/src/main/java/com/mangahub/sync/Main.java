package com.mangahub.sync;

import com.mangahub.sync.cli.CrashOnly;
import com.mangahub.sync.cli.MangaHubCommand;

/** Process entry point: runs the CLI and exits with its code (0 ok, 1 runtime failure, 2 usage or config). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CrashOnly.install();
        System.exit(MangaHubCommand.run(args));
    }
}
