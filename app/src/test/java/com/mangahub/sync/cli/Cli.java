package com.mangahub.sync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code mangahub} command in this JVM as a user would type it: its exit code, standard output and error. */
final class Cli {
    private Cli() {}

    /** {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = MangaHubCommand.commandLine(args);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
