package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.App;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code source add|list|remove|sync}: a reader's library sources (their MangaDex account, MangaDex lists) through
 * the running service's API. The client secret and password are asked for at a prompt (never an argument a process
 * list or shell history would keep), and never printed.
 */
@Command(name = "source", mixinStandardHelpOptions = true,
        description = "Library sources that keep your library in sync: your MangaDex account, MangaDex lists.",
        subcommands = {SourceCommand.Add.class, SourceCommand.ListSources.class, SourceCommand.Remove.class,
                SourceCommand.Sync.class})
final class SourceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand takes: the service and the reader's token; each prints the service's answer. */
    abstract static class SourceCall extends ClientCall {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Link a MangaDex list (mdlist LIST) or your MangaDex account (account USERNAME, with your own "
                    + "personal API client from MangaDex → Settings → API clients).")
    static final class Add extends SourceCall {
        @Parameters(index = "0", paramLabel = "KIND", description = "mdlist or account.")
        String kind;

        @Parameters(index = "1", paramLabel = "WHAT", description = "mdlist: the list's id or address; account: your username.")
        String what;

        @Option(names = "--client-id", paramLabel = "ID", description = "account: your personal API client's id.")
        String clientId;

        @Option(names = "--client-secret", interactive = true, arity = "0..1", description = "account: asked for if not given.")
        char[] clientSecret;

        @Option(names = "--password", interactive = true, arity = "0..1", description = "account: asked for if not given.")
        char[] password;

        @Option(names = "--mirror", description = "Unfollow what the source drops (unless you or another source hold it).")
        boolean mirror;

        @Option(names = "--write-back", description = "account: chapters you mark read here get their read marker on MangaDex.")
        boolean writeBack;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            ObjectNode body = App.jsonMapper().createObjectNode().put("mode", mirror ? "mirror" : "follow_only");
            if ("mdlist".equalsIgnoreCase(kind) || "list".equalsIgnoreCase(kind)) {
                body.put("kind", "mdlist").put("list", what);
            } else {
                if (clientSecret == null) clientSecret = prompt("client secret: ");
                if (password == null) password = prompt("MangaDex password: ");
                body.put("kind", "mangadex_account").put("username", what).put("client_id", clientId)
                        .put("client_secret", new String(clientSecret)).put("password", new String(password))
                        .put("write_back", writeBack);
            }
            JsonNode created = client.call("POST", "/api/me/sources", token, body.toString());
            out.println("linked " + line(created));
        }

        private static char[] prompt(String what) {
            java.io.Console console = System.console();
            if (console == null) throw new IllegalArgumentException("no terminal to ask for the " + what.strip()
                    + " on: pass it with its option");
            return console.readPassword(what);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your sources and their state.")
    static final class ListSources extends SourceCall {
        @Override
        void run(ServiceClient client, PrintWriter out) {
            JsonNode sources = client.call("GET", "/api/me/sources", token, null).path("sources");
            if (sources.isEmpty()) out.println("no source yet (link one with `mangahub source add`)");
            sources.forEach(s -> out.println(line(s)));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a source and its credentials (what it followed stays followed).")
    static final class Remove extends SourceCall {
        @Parameters(paramLabel = "ID", description = "The source's id (see `source list`).")
        long id;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            client.call("DELETE", "/api/me/sources/" + id, token, null);
            out.println("removed source " + id);
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = "Sync a source now (and resume a paused one).")
    static final class Sync extends SourceCall {
        @Parameters(paramLabel = "ID", description = "The source's id (see `source list`).")
        long id;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            out.println(line(client.call("POST", "/api/me/sources/" + id + "/sync", token, null)));
        }
    }

    /** e.g. "2  mangadex_account  reader  mirror  ok: +3 -2, progress 40" or "... paused: MangaDex refused…". */
    static String line(JsonNode s) {
        String state = switch (s.path("state").asText()) {
            case "paused" -> "paused: " + s.path("paused_reason").asText();
            case "failing" -> "failing (retried): " + s.path("last_error").asText();
            default -> s.path("state").asText() + ": +" + s.path("last_added").asInt() + " -" + s.path("last_removed").asInt()
                    + ", progress " + s.path("last_progress").asInt();
        };
        return s.path("id").asText() + "  " + s.path("kind").asText() + "  " + s.path("label").asText() + "  "
                + s.path("mode").asText() + "  " + state;
    }
}
