package com.mangahub.sync.cli;

import com.mangahub.sync.manga.MangaDexRefs;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code follow} and {@code unfollow}: a user's library, by MangaDex id, through the running service. */
final class LibraryCommands {
    private LibraryCommands() {}

    /** What both commands take. */
    abstract static class LibraryChange extends ReaderCall {
        @Parameters(paramLabel = "MANGA_ID", arity = "1..*",
                description = "MangaDex series ids (UUIDs) or addresses (https://mangadex.org/title/{id}/...).")
        List<String> mangaIds;

        @Override
        public Integer call() {
            // every argument is checked before the first change: a typo in the third changes nothing
            List<UUID> ids = mangaIds.stream().map(given -> MangaDexRefs.series(given).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "not a MangaDex series id or address: " + given)))
                    .toList();
            ServiceClient client = options.client();
            PrintWriter out = spec.commandLine().getOut();
            for (UUID id : ids) out.println(change(client, id));
            out.flush();
            return ExitCode.OK;
        }

        abstract String change(ServiceClient client, UUID mangaId);
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Add series to your library: you are notified of their new chapters.")
    static final class Follow extends LibraryChange {
        @Override
        String change(ServiceClient client, UUID mangaId) {
            var answer = client.call("PUT", "/api/me/library/" + mangaId, token, null);
            return "following " + answer.path("title").asText() + " (" + mangaId + ")";
        }
    }

    @Command(name = "unfollow", mixinStandardHelpOptions = true, description = "Remove series from your library.")
    static final class Unfollow extends LibraryChange {
        @Override
        String change(ServiceClient client, UUID mangaId) {
            client.call("DELETE", "/api/me/library/" + mangaId, token, null);
            return "unfollowed " + mangaId;
        }
    }
}
