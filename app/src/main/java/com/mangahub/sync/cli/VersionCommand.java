package com.mangahub.sync.cli;

import com.mangahub.sync.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version and exit.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Version v = Version.current();
        spec.commandLine().getOut().println("MangaHub Sync " + v.version() + " (Java " + Runtime.version() + ")");
        spec.commandLine().getOut().println("User-Agent: " + v.userAgent());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
