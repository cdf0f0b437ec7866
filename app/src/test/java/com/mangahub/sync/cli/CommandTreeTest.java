package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds the picocli model of the command it names only; usage, help and typos still see every command. */
class CommandTreeTest {

    @Test
    void aNamedCommandBuildsItsOwnModelOnly() {
        CommandLine serve = MangaHubCommand.commandLine(new String[] {"--verbose", "serve", "--help"});
        assertThat(serve.getSubcommands().keySet()).containsExactly("serve");
        CommandLine db = MangaHubCommand.commandLine(new String[] {"db", "status"});
        assertThat(db.getSubcommands().keySet()).containsExactly("db");
        assertThat(db.getSubcommands().get("db").getSubcommands())
                .containsKeys("status", "migrate", "backup", "restore");
        // the root's inherited option reaches the one subcommand it built
        assertThat(serve.getSubcommands().get("serve").getCommandSpec().findOption("--verbose")).isNotNull();
    }

    @Test
    void withoutAKnownNameTheWholeTreeIsBuiltInTheUsageOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "serve"}, {"serv"}}) {
            CommandLine all = MangaHubCommand.commandLine(args);
            assertThat(all.getSubcommands().keySet()).as(String.join(" ", args))
                    .containsSequence(MangaHubCommand.SUBCOMMANDS.keySet().toArray(String[]::new)).contains("help");
        }
        // each name is the one its class declares, so a named run finds the same command the whole tree has
        MangaHubCommand.SUBCOMMANDS.forEach((name, type) ->
                assertThat(new CommandLine(type).getCommandName()).isEqualTo(name));
    }

    @Test
    void usageHelpAndATypoAnswerAsBefore() {
        String[] usage = Cli.run("--help");
        assertThat(usage[0]).isEqualTo("0");
        assertThat(usage[1]).contains("serve", "import", "library", "search", "listen", "help");
        String[] help = Cli.run("help", "serve");
        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("Usage: mangahub serve");
        String[] typo = Cli.run("serv");
        assertThat(typo[0]).isEqualTo("2");
        assertThat(typo[2]).contains("Unmatched argument", "'serv'", "try: mangahub --help");
        String[] serveHelp = Cli.run("serve", "--help");
        assertThat(serveHelp[0]).isEqualTo("0");
        assertThat(serveHelp[1]).contains("Usage: mangahub serve");
    }
}
