package com.mangahub.sync.cli;

import com.mangahub.sync.Version;
import com.mangahub.sync.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mangahub} command and its subcommands. Errors reach the user as one line on stderr, with the exit
 * code saying what kind: 2 for usage and configuration, 1 for runtime failures; {@code --verbose} adds the stack.
 */
@Command(name = "mangahub", mixinStandardHelpOptions = true, versionProvider = MangaHubCommand.VersionInfo.class,
        description = "Mirrors MangaDex into PostgreSQL and notifies readers of new manga and chapters.",
        subcommands = {ServeCommand.class, VersionCommand.class, DbCommand.class, SimulatorCommand.class,
                ImportCommand.class, DemoCommand.class, UserCommand.class, LibraryCommands.Follow.class,
                LibraryCommands.Unfollow.class, LibraryCommand.class, FeedCommand.class, ChannelCommand.class, SourceCommand.class,
                ListenCommand.class, SearchCommand.class, CommandLine.HelpCommand.class})
public final class MangaHubCommand implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI with the given arguments and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        MangaHubCommand root = new MangaHubCommand();
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (root.verbose) e.printStackTrace(err);
            err.println("error: " + oneLine(e));
            err.flush();
            return e instanceof ConfigException ? ExitCode.USAGE : ExitCode.FAILURE;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            err.println("try: mangahub " + e.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^mangahub ?", "")
                    + (e.getCommandLine().getCommandSpec().qualifiedName().equals("mangahub") ? "" : " ") + "--help");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MangaHub Sync " + Version.current().version()};
        }
    }
}
