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
 * {@code channel add|list|remove|test|route|quiet}: a reader's channels (webhook, Discord, ntfy, Gotify, email,
 * Telegram, Pushover, Apprise), which series go where and quiet hours, through the running service's API. {@code add}
 * prints a webhook's signing secret: the only time it is shown.
 */
@Command(name = "channel", mixinStandardHelpOptions = true,
        description = "Where else you are told of new chapters: webhook, discord, ntfy, gotify, email, telegram, pushover, apprise.",
        subcommands = {ChannelCommand.Add.class, ChannelCommand.ListChannels.class, ChannelCommand.Remove.class,
                ChannelCommand.Test.class, ChannelChoiceCommands.Route.class, ChannelChoiceCommands.Quiet.class})
final class ChannelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand takes: the service and the reader's token; each prints the service's answer. */
    abstract static class ChannelCall extends ClientCall {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a channel.")
    static final class Add extends ChannelCall {
        @Parameters(index = "0", paramLabel = "KIND",
                description = "webhook, discord, ntfy, gotify, email, telegram, pushover or apprise.")
        String kind;

        @Parameters(index = "1", paramLabel = "TARGET",
                description = "webhook: your endpoint; discord: the webhook URL; ntfy: the topic URL; gotify: the server URL; "
                        + "email: your address; telegram: the chat id; pushover: your user key; apprise: the Apprise API server.")
        String url;

        @Option(names = "--digest", paramLabel = "WHEN", description = "email: none (a mail each), hourly or daily.")
        String digest;

        @Option(names = "--channel-token", paramLabel = "TOKEN",
                description = "ntfy: an access token (optional); gotify: the application token (required); "
                        + "telegram: the bot token; pushover: the application token.")
        String channelToken;

        @Option(names = "--priority", paramLabel = "N", description = "ntfy 1-5, gotify 0-10, pushover -2 to 2.")
        Integer priority;

        @Option(names = "--urls", paramLabel = "URLS", description = "apprise: your Apprise URLs (stateless).")
        String urls;

        @Option(names = "--key", paramLabel = "KEY", description = "apprise: a configuration key on the server (stateful).")
        String key;

        @Option(names = "--window", paramLabel = "MINUTES",
                description = "Batch: everything new within this many minutes goes in one message (not email, webhook).")
        Integer window;

        @Option(names = "--no-default", description = "Only series routed here (`channel route`) are told here.")
        boolean noDefault;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            // email takes an address, the others a URL: the server names the field it refuses
            ObjectNode body = App.jsonMapper().createObjectNode().put("kind", kind).put(targetField(kind), url);
            if (digest != null) body.put("digest", digest);
            if (urls != null) body.put("urls", urls);
            if (key != null) body.put("key", key);
            if (window != null) body.put("window_minutes", window);
            if (noDefault) body.put("by_default", false);
            if (channelToken != null) body.put("token", channelToken);
            if (priority != null) body.put("priority", priority);
            JsonNode created = client.call("POST", "/api/me/channels", token, body.toString());
            out.println("added " + line(created));
            if (created.hasNonNull("secret")) {
                out.println("secret: " + created.get("secret").asText());
                out.println("(shown once: your receiver verifies our webhook-signature with it)");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your channels and their health.")
    static final class ListChannels extends ChannelCall {
        @Override
        void run(ServiceClient client, PrintWriter out) {
            JsonNode channels = client.call("GET", "/api/me/channels", token, null).path("channels");
            if (channels.isEmpty()) out.println("no channel yet (add one with `mangahub channel add`)");
            channels.forEach(c -> out.println(line(c)));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a channel.")
    static final class Remove extends ChannelCall {
        @Parameters(paramLabel = "ID", description = "The channel's id (see `channel list`).")
        long id;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            client.call("DELETE", "/api/me/channels/" + id, token, null);
            out.println("removed channel " + id);
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test message now; one that goes through resumes a paused channel.")
    static final class Test extends ChannelCall {
        @Parameters(paramLabel = "ID", description = "The channel's id (see `channel list`).")
        long id;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            JsonNode answer = client.call("POST", "/api/me/channels/" + id + "/test", token, null);
            out.println("test delivered (HTTP " + answer.path("http_status").asInt() + ")"
                    + (answer.path("resumed").asBoolean() ? "; the channel is resumed" : ""));
        }
    }

    /** What the TARGET argument is for a kind. */
    static String targetField(String kind) {
        return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "email" -> "address";
            case "telegram" -> "chat_id";
            case "pushover" -> "user";
            default -> "url";
        };
    }

    /** e.g. "3  webhook  https://example.org/hook  ok" or "... paused: 20 failures in a row, the last: HTTP 500". */
    static String line(JsonNode c) {
        String state = c.path("paused").asBoolean() ? "paused: " + c.path("paused_reason").asText() : "ok";
        return c.path("id").asText() + "  " + c.path("kind").asText() + "  " + c.path("target").asText() + "  " + state;
    }
}
