package com.mangahub.sync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangahub.sync.App;
import com.mangahub.sync.manga.MangaDexRefs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code library import|export|set|progress}: a reader's library through the running service. Series are named by
 * MangaDex id or by their {@code https://mangadex.org/title/{id}} address.
 */
@Command(name = "library", mixinStandardHelpOptions = true,
        description = "Bring a library in, take it out, and set what you are told about each series.",
        subcommands = {LibraryCommand.Import.class, LibraryCommand.Export.class, LibraryCommand.Set.class,
                LibraryCommand.Progress.class, CommandLine.HelpCommand.class})
final class LibraryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: import, export, set or progress");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a library: a Mihon/Tachiyomi backup (.tachibk), a JSON or CSV file of MangaDex ids "
                    + "or addresses (or a file `library export` wrote), or a public MangaDex list (its id or address).")
    static final class Import extends ReaderCall {
        @Parameters(paramLabel = "FILE|URL", description = "A file, or a MangaDex list: https://mangadex.org/list/{id}")
        String source;

        @Override
        public Integer call() throws IOException {
            ServiceClient client = options.client();
            Path file = Path.of(source);
            JsonNode report;
            if (Files.isRegularFile(file)) {
                report = client.upload("/api/me/library/import", token, Files.readAllBytes(file), contentType(file));
            } else if (MangaDexRefs.parse(source, MangaDexRefs.Kind.LIST).isPresent()) {
                ObjectNode body = App.jsonMapper().createObjectNode().put("mdlist", source);
                report = client.call("POST", "/api/me/library/import", token, body.toString());
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such file, and not a MangaDex list "
                        + "address: " + source);
            }
            PrintWriter out = out();
            out.printf("%s: %d entries: %d added, %d already followed, %d not found, %d not MangaDex; progress set "
                            + "for %d%n", report.path("format").asText(), report.path("entries").asInt(),
                    report.path("added").asInt(), report.path("already_followed").asInt(),
                    report.path("not_found").asInt(), report.path("not_mangadex").asInt(),
                    report.path("progress_set").asInt());
            report.path("not_found_entries").forEach(e -> out.println("  not found: " + e.asText()));
            report.path("not_mangadex_entries").forEach(e -> out.println("  not MangaDex: " + e.asText()));
            out.flush();
            return ExitCode.OK;
        }

        /** The server judges by the bytes too; the type only says "this must be a backup" for binary files. */
        private static String contentType(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) return "application/json";
            if (name.endsWith(".csv")) return "text/csv";
            if (name.endsWith(".txt")) return "text/plain";
            return "application/octet-stream";
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write your library (follows, progress, settings) as JSON that `library import` reads back.")
    static final class Export extends ReaderCall {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file (default: stdout).")
        Path output;

        @Override
        public Integer call() throws IOException {
            JsonNode export = options.client().call("GET", "/api/me/library/export", token, null);
            String text = App.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(export);
            if (output == null) {
                out().println(text);
                out().flush();
            } else {
                Files.writeString(output, text + System.lineSeparator());
                out().println("wrote " + export.path("library").size() + " series to " + output);
                out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Per-series settings: languages, groups only / never, uploaders never, muted.")
    static final class Set extends ReaderCall {
        @Parameters(index = "0", paramLabel = "SERIES", description = "MangaDex id or address of a series you follow.")
        String series;

        @Option(names = "--languages", split = ",", paramLabel = "LANG", description = "Languages for this series "
                + "(e.g. en,fr); `--languages default` goes back to yours.")
        List<String> languages;

        @Option(names = "--groups-only", split = ",", paramLabel = "GROUP", description = "Only these groups' chapters.")
        List<String> groupsOnly;

        @Option(names = "--groups-never", split = ",", paramLabel = "GROUP", description = "Never these groups' chapters.")
        List<String> groupsNever;

        @Option(names = "--uploaders-never", split = ",", paramLabel = "USER", description = "Never these uploaders' chapters.")
        List<String> uploadersNever;

        @Option(names = "--muted", arity = "1", paramLabel = "true|false", description = "Mute or unmute the series.")
        Boolean muted;

        @Override
        public Integer call() {
            ObjectNode body = App.jsonMapper().createObjectNode();
            if (languages != null) {
                if (languages.equals(List.of("default"))) body.putNull("languages");
                else languages.forEach(body.putArray("languages")::add);
            }
            list(body, "groups_only", groupsOnly);
            list(body, "groups_never", groupsNever);
            list(body, "uploaders_never", uploadersNever);
            if (muted != null) body.put("muted", muted);
            JsonNode answer = options.client().call("PATCH", "/api/me/library/" + series(series), token, body.toString());
            out().println(answer.path("title").asText() + ": " + answer.path("settings"));
            out().flush();
            return ExitCode.OK;
        }

        private static void list(ObjectNode body, String field, List<String> values) {
            if (values == null) return;
            var array = body.putArray(field);
            values.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(array::add);
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true,
            description = "Record how far you have read: chapters at or below it are not notified.")
    static final class Progress extends ReaderCall {
        @Parameters(index = "0", paramLabel = "SERIES", description = "MangaDex id or address of a series you follow.")
        String series;

        @Parameters(index = "1", paramLabel = "CHAPTER", description = "The last chapter read (e.g. 12 or 6.5); "
                + "`none` clears it.")
        String chapter;

        @Override
        public Integer call() {
            ObjectNode body = App.jsonMapper().createObjectNode();
            if (chapter.equalsIgnoreCase("none")) body.putNull("chapter"); else body.put("chapter", chapter);
            JsonNode answer = options.client().call("PUT", "/api/me/library/" + series(series) + "/progress", token,
                    body.toString());
            out().println(answer.path("title").asText() + ": read up to chapter "
                    + answer.path("progress").path("chapter").asText("(none)"));
            out().flush();
            return ExitCode.OK;
        }
    }
}
