package com.mangahub.sync.cli;

import com.mangahub.sync.Version;
import com.mangahub.sync.config.ConfigException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mangahub} command and its subcommands. Errors reach the user as one line on stderr, with the exit
 * code saying what kind: 2 for usage and configuration, 1 for runtime failures; {@code --verbose} adds the stack.
 */
@Command(name = "mangahub", mixinStandardHelpOptions = true, versionProvider = MangaHubCommand.VersionInfo.class,
        description = "Mirrors MangaDex into PostgreSQL and notifies readers of new manga and chapters.")
public final class MangaHubCommand implements Runnable {
    /**
     * The subcommands by name, in the order the usage lists them. A run builds the picocli model of the one it names
     * only: the whole tree is 117 commands, and {@code serve} held all of their models (options, converters, specs)
     * in its heap for as long as it ran, 3 MB resident. Without a known name (usage, {@code help}, a typo) the whole
     * tree is built, so usage and help list every command. The root has no option that takes a value, so the first
     * argument that is not an option is the command's name.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(ServeCommand.class, VersionCommand.class,
            DbCommand.class, SimulatorCommand.class, ImportCommand.class, DemoCommand.class, UserCommand.class,
            LibraryCommands.Follow.class, LibraryCommands.Unfollow.class, LibraryCommand.class, FeedCommand.class,
            ChannelCommand.class, SourceCommand.class, ListenCommand.class, SearchCommand.class);

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
        return commandLine(args).execute(args);
    }

    /** The whole command tree. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /** The tree {@code args} need: the root with the subcommand they name, or with all of them. */
    static CommandLine commandLine(String[] args) {
        MangaHubCommand root = new MangaHubCommand();
        CommandLine cl = new CommandLine(root);
        Class<?> named = named(args);
        if (named != null) {
            cl.addSubcommand(named);
        } else {
            SUBCOMMANDS.values().forEach(cl::addSubcommand);
            cl.addSubcommand(CommandLine.HelpCommand.class);
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (root.verbose) e.printStackTrace(err);
            err.println("error: " + oneLine(e));
            err.flush();
            return e instanceof ConfigException ? ExitCode.USAGE : ExitCode.FAILURE;
        });
        cl.setParameterExceptionHandler((e, unmatched) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            err.println("try: mangahub " + e.getCommandLine().getCommandSpec().qualifiedName().replaceFirst("^mangahub ?", "")
                    + (e.getCommandLine().getCommandSpec().qualifiedName().equals("mangahub") ? "" : " ") + "--help");
            err.flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    /** The subcommand the first argument that is not an option names, or null. */
    private static Class<?> named(String[] args) {
        for (String a : args) {
            if (a.startsWith("-")) continue;
            return SUBCOMMANDS.get(a);
        }
        return null;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : commands) byName.put(c.getAnnotation(Command.class).name(), c);
        return java.util.Collections.unmodifiableMap(byName);
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
