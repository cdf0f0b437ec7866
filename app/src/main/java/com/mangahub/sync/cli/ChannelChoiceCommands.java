package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.App;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code channel route SERIES [CHANNEL...] | --default} (which channels hear of a series) and {@code channel quiet
 * START END ZONE | --off} (quiet hours for channels in the reader's time zone).
 */
final class ChannelChoiceCommands {
    private ChannelChoiceCommands() {}

    @Command(name = "route", mixinStandardHelpOptions = true,
            description = "Tell exactly these channels of a series (none: no channel), or --default to undo.")
    static final class Route extends ChannelCommand.ChannelCall {
        @Parameters(index = "0", paramLabel = "SERIES", description = "The series' MangaDex id.")
        String series;

        @Parameters(index = "1..*", paramLabel = "CHANNEL", description = "Channel ids (see `channel list`).")
        List<Long> channels = List.of();

        @Option(names = "--default", description = "The series goes to your default channels again.")
        boolean backToDefault;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            String path = "/api/me/library/" + series + "/channels";
            if (backToDefault) {
                client.call("DELETE", path, token, null);
                out.println("series " + series + " goes to your default channels");
                return;
            }
            ObjectNode body = App.jsonMapper().createObjectNode();
            channels.forEach(body.putArray("channel_ids")::add);
            if (channels.isEmpty()) body.putArray("channel_ids");
            JsonNode route = client.call("PUT", path, token, body.toString());
            out.println("series " + series + " goes to channels " + route.path("channel_ids"));
        }
    }

    @Command(name = "quiet", mixinStandardHelpOptions = true,
            description = "Hold channel messages during quiet hours (the log, SSE and CoAP are never held), or --off.")
    static final class Quiet extends ChannelCommand.ChannelCall {
        @Parameters(index = "0", arity = "0..1", paramLabel = "START", description = "HH:MM, e.g. 22:00.")
        String start;

        @Parameters(index = "1", arity = "0..1", paramLabel = "END", description = "HH:MM, e.g. 07:00.")
        String end;

        @Parameters(index = "2", arity = "0..1", paramLabel = "ZONE", description = "Your time zone, e.g. Europe/Berlin.")
        String zone;

        @Option(names = "--off", description = "No quiet hours.")
        boolean off;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            if (off) {
                client.call("DELETE", "/api/me/quiet-hours", token, null);
                out.println("no quiet hours");
                return;
            }
            if (start == null || end == null || zone == null) {
                JsonNode q = client.call("GET", "/api/me/quiet-hours", token, null);
                out.println(q.path("enabled").asBoolean() ? "quiet " + q.path("start").asText() + "-" + q.path("end").asText()
                        + " " + q.path("time_zone").asText() : "no quiet hours");
                return;
            }
            ObjectNode body = App.jsonMapper().createObjectNode().put("start", start).put("end", end).put("time_zone", zone);
            JsonNode q = client.call("PUT", "/api/me/quiet-hours", token, body.toString());
            out.println("quiet " + q.path("start").asText() + "-" + q.path("end").asText() + " " + q.path("time_zone").asText()
                    + ": channel messages wait until the end");
        }
    }
}
