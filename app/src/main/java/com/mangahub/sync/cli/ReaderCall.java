package com.mangahub.sync.cli;

import com.mangahub.sync.manga.MangaDexRefs;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command a reader runs against the service takes: where the service is and the reader's own token
 * (the admin's commands take theirs from {@link UserCommand}). Subcommands inherit the options.
 */
abstract class ReaderCall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options;

    @Option(names = "--token", required = true, defaultValue = "${env:MANGAHUB_TOKEN}", paramLabel = "TOKEN",
            description = "Your API token (default: MANGAHUB_TOKEN).")
    String token;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A series named by its MangaDex id or its mangadex.org address; anything else is a usage error naming it. */
    UUID series(String given) {
        return MangaDexRefs.series(given).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "not a MangaDex series id or https://mangadex.org/title/{id} address: " + given));
    }
}
