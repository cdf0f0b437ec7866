package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code library import|export|set|progress} and addresses in {@code follow}, against the real HTTP API. */
@ExtendWith(PostgresExtension.class)
class LibraryCommandTest {
    private NotifyStack stack;
    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();
    private String token;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        stack = new NotifyStack();
        stack.insertManga(first, "Look Back");
        stack.insertManga(second, "Goodbye, Eri");
        token = stack.user("cli-reader").token();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private static String[] run(String... args) {
        return Cli.run(args);
    }

    private String server() {
        return "--server=http://127.0.0.1:" + stack.http.port();
    }

    @Test
    void importExportSetAndProgressWorkFromTheCommandLine() throws Exception {
        Path csv = dir.resolve("library.csv");
        Files.writeString(csv, "url,progress\nhttps://mangadex.org/title/" + first + "/look-back,3\n"
                + "https://example.com/manga/other,1\n" + UUID.randomUUID() + ",\n");
        String[] imported = run("library", "import", csv.toString(), "--token", token, server());
        assertThat(imported[0]).as(imported[2]).isEqualTo("0");
        assertThat(imported[1]).contains("csv: 3 entries: 1 added, 0 already followed, 1 not found, 1 not MangaDex; "
                + "progress set for 1").contains("not MangaDex: https://example.com/manga/other");

        String[] follow = run("follow", "--token", token, server(), "https://mangadex.org/title/" + second + "/eri");
        assertThat(follow[1]).contains("following Goodbye, Eri");

        String[] set = run("library", "set", second.toString(), "--muted", "true", "--languages", "fr,en", "--token",
                token, server());
        assertThat(set[0]).as(set[2]).isEqualTo("0");
        assertThat(stack.count("select count(*) from user_library where muted and languages = '{fr,en}'")).isEqualTo(1);

        String[] progress = run("library", "progress", "https://mangadex.org/title/" + second, "12", "--token", token, server());
        assertThat(progress[1]).contains("Goodbye, Eri: read up to chapter 12");
        String[] bad = run("library", "progress", second.toString(), "abc", "--token", token, server());
        assertThat(bad[0]).isNotEqualTo("0");
        assertThat(bad[2]).contains("chapter must be a chapter number");

        Path export = dir.resolve("export.json");
        String[] exported = run("library", "export", "-o", export.toString(), "--token", token, server());
        assertThat(exported[1]).contains("wrote 2 series");
        String other = stack.user("second-reader").token();
        String[] back = run("library", "import", export.toString(), "--token", other, server());
        assertThat(back[1]).contains("json: 2 entries: 2 added");
        assertThat(stack.count("select count(*) from user_library l join users u on u.id = l.user_id "
                + "where u.name = 'second-reader' and l.progress is not null")).isEqualTo(2);

        String[] missing = run("library", "import", dir.resolve("nope.tachibk").toString(), "--token", token, server());
        assertThat(missing[0]).isNotEqualTo("0");
        assertThat(missing[2]).contains("no such file");
    }
}
