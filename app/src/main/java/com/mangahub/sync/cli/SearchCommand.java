package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code search}: finds series to follow, in the mirror and, when it has too few, in MangaDex's own title search
 * ({@code GET /api/manga}); a MangaDex id or mangadex.org title address finds that one series. One line per series:
 * its MangaDex id (what {@code follow} takes), whether you could already be told of it, status and title.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Find series by title (the catalogue, then MangaDex's own search), id or mangadex.org address.")
final class SearchCommand extends ReaderCall {
    @Parameters(paramLabel = "QUERY", arity = "1..*", description = "A title (several words are one title), a "
            + "MangaDex id or a https://mangadex.org/title/{id} address.")
    List<String> words;

    @Option(names = "--remote", defaultValue = "auto", paramLabel = "WHEN",
            description = "When to ask MangaDex's own search: auto (the catalogue has too few matches), always, "
                    + "never (default: ${DEFAULT-VALUE}).")
    String remote;

    @Option(names = "--size", defaultValue = "20", description = "At most this many series (1-100, default: "
            + "${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() {
        String query = String.join(" ", words).strip();
        if (query.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "QUERY: type a title");
        JsonNode answer = options.client().call("GET", "/api/manga?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&remote=" + URLEncoder.encode(remote, StandardCharsets.UTF_8) + "&size=" + size, token, null);
        PrintWriter out = out();
        for (JsonNode m : answer.path("items")) {
            out.printf("%s  %-9s %-10s %s%n", m.path("mangadex_id").asText(),
                    m.path("tracked").asBoolean() ? "tracked" : "", m.path("status").asText(""), m.path("title").asText());
        }
        JsonNode mangadex = answer.path("mangadex");
        out.printf("%d of %d shown%s%n", answer.path("items").size(), answer.path("total").asLong(),
                mangadex.path("asked").asBoolean() ? "; MangaDex's search found " + mangadex.path("found").asInt()
                        + (mangadex.path("cached").asBoolean() ? " (cached)" : "") : "");
        if (mangadex.hasNonNull("error")) out.println(mangadex.path("error").asText());
        out.flush();
        return ExitCode.OK;
    }
}
