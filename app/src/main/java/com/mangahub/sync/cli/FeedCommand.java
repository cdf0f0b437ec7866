package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code feed url|rotate|revoke}: a reader's Atom, RSS and JSON Feed addresses through the running service. The
 * service keeps only a hash of the feed token, so addresses are printed when they are made: {@code url} makes them
 * the first time, and afterwards says they exist and how to get new ones.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Your notifications as Atom, RSS and JSON Feed, for any feed reader.",
        subcommands = {FeedCommand.Url.class, FeedCommand.Rotate.class, FeedCommand.Revoke.class})
final class FeedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every feed subcommand takes. */
    abstract static class FeedChange extends ClientCall {
        void printNew(ServiceClient client, PrintWriter out) {
            JsonNode made = client.call("POST", "/api/me/feeds/rotate", token, null);
            out.println("atom: " + client.resolve(made.path("atom").asText()));
            out.println("rss:  " + client.resolve(made.path("rss").asText()));
            out.println("json: " + client.resolve(made.path("json").asText()));
            // the calendar of expected chapters (issue 28), from a server that has it
            if (made.hasNonNull("ics")) out.println("ics:  " + client.resolve(made.path("ics").asText()));
            out.println("keep them private: anyone with one reads your notifications; only a hash is stored, so "
                    + "they cannot be shown again (`mangahub feed rotate` makes new ones)");
        }
    }

    @Command(name = "url", mixinStandardHelpOptions = true,
            description = "Print your feed addresses, making them the first time.")
    static final class Url extends FeedChange {
        @Override
        void run(ServiceClient client, PrintWriter out) {
            JsonNode state = client.call("GET", "/api/me/feeds", token, null);
            if (!state.path("active").asBoolean()) {
                printNew(client, out);
                return;
            }
            out.println("you have feed addresses (made " + state.path("made_at").asText() + "); they are shown only "
                    + "when made: `mangahub feed rotate` makes new ones and the old ones stop working");
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make new feed addresses; the old ones stop working at once.")
    static final class Rotate extends FeedChange {
        @Override
        void run(ServiceClient client, PrintWriter out) {
            printNew(client, out);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Turn your feeds off: their addresses answer 404 from now on.")
    static final class Revoke extends FeedChange {
        @Override
        void run(ServiceClient client, PrintWriter out) {
            client.call("DELETE", "/api/me/feeds", token, null);
            out.println("feeds turned off: their addresses no longer work");
        }
    }
}
