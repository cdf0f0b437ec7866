package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class NotifyCommandsTest {
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        stack.insertManga(manga, "Look Back");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    /** Runs the CLI in-process; returns exit code and stdout (stderr appended after a marker). */
    private static String[] run(String... args) {
        return Cli.run(args);
    }

    private String server() {
        return "--server=http://127.0.0.1:" + stack.http.port();
    }

    private String createUser(String name) {
        String[] created = run("user", "create", name, server(), "--admin-token", NotifyStack.ADMIN);
        assertThat(created[0]).as(created[2]).isEqualTo("0");
        return created[1].lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
    }

    private void chapter(int n) {
        assertThat(stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Look Back\",\"chapter\":\"" + n + "\",\"old_chapter\":\"" + (n - 1) + "\"}")
                .statusCode()).isEqualTo(202);
    }

    @Test
    void anInvitationFromTheCommandLineSignsTheInvitedPersonInOnceAndAnAppTokenDrivesTheCli() throws Exception {
        String[] invited = run("user", "invite", server(), "--admin-token=" + NotifyStack.ADMIN, "--languages=en,de",
                "--valid-for=2");
        assertThat(invited[0]).as(invited[2]).isEqualTo("0");
        String link = invited[1].lines().filter(l -> l.startsWith("invitation: ")).findFirst().orElseThrow()
                .substring("invitation: ".length());
        assertThat(link).startsWith("http://127.0.0.1:" + stack.http.port() + "/#/invite/");
        assertThat(invited[1]).contains("expires: ").contains("single use");
        String code = link.substring(link.lastIndexOf('/') + 1);
        var accepted = stack.send("POST", "/api/invitations/accept", null,
                "{\"code\":\"" + code + "\",\"name\":\"cli-invitee\"}");
        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(accepted.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("mangahub_session=");
        assertThat(stack.parse(accepted.body()).path("languages").toString()).isEqualTo("[\"en\",\"de\"]");
        assertThat(stack.send("POST", "/api/invitations/accept", null,
                "{\"code\":\"" + code + "\",\"name\":\"cli-invitee-2\"}").statusCode()).isEqualTo(409);
        assertThat(run("user", "invite", server(), "--admin-token=wrong-admin-token-000")[0]).isNotEqualTo("0");

        // a reader's app token is what the CLI takes as --token (or MANGAHUB_TOKEN); revoked, it is refused at once
        String token = createUser("cli-app-token");
        String app = stack.parse(stack.send("POST", "/api/me/app-tokens", token, "{\"name\":\"cli\"}").body())
                .path("token").asText();
        String[] followed = run("follow", "--token", app, server(), manga.toString());
        assertThat(followed[0]).as(followed[2]).isEqualTo("0");
        assertThat(stack.parse(stack.send("GET", "/api/me/library", token, null).body()).path("library").toString())
                .contains(manga.toString());
        long id = stack.parse(stack.send("GET", "/api/me/app-tokens", token, null).body()).path("app_tokens").get(0)
                .path("id").asLong();
        assertThat(stack.send("DELETE", "/api/me/app-tokens/" + id, token, null).statusCode()).isEqualTo(204);
        assertThat(run("follow", "--token", app, server(), manga.toString())[2]).contains("token refused");
    }

    @Test
    void theOperatorListsDisablesEnablesAndDeletesReadersAndAReaderRotatesTheirToken() {
        String token = createUser("cli-lifecycle");
        long id = stack.parse(stack.send("GET", "/api/me", token, null).body()).path("id").asLong();
        String admin = "--admin-token=" + NotifyStack.ADMIN;

        String[] list = run("user", "list", server(), admin);
        assertThat(list[0]).as(list[2]).isEqualTo("0");
        assertThat(list[1]).contains(id + "\tcli-lifecycle\ten\tactive");

        String[] rotated = run("user", "rotate-token", "--token", token, server());
        assertThat(rotated[0]).as(rotated[2]).isEqualTo("0");
        String fresh = rotated[1].lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertThat(stack.send("GET", "/api/me", token, null).statusCode()).isEqualTo(401);
        assertThat(stack.send("GET", "/api/me", fresh, null).statusCode()).isEqualTo(200);
        assertThat(run("follow", "--token", token, server(), manga.toString())[2]).contains("token refused");

        String[] disabled = run("user", "disable", Long.toString(id), server(), admin);
        assertThat(disabled[1]).contains("disabled since");
        assertThat(stack.send("GET", "/api/me", fresh, null).statusCode()).isEqualTo(401);
        assertThat(run("user", "enable", Long.toString(id), server(), admin)[1]).contains("active");
        assertThat(stack.send("GET", "/api/me", fresh, null).statusCode()).isEqualTo(200);

        String[] deleted = run("user", "delete", Long.toString(id), server(), admin);
        assertThat(deleted[1]).contains("deleted reader " + id);
        assertThat(stack.count("select count(*) from users where id = ?", id)).isZero();
        String[] again = run("user", "delete", Long.toString(id), server(), admin);
        assertThat(again[0]).isEqualTo("1");
        assertThat(again[2]).contains("no reader with id " + id);
    }

    @Test
    void userCreatePrintsTheTokenOnceAndFollowAndUnfollowUseIt() {
        String token = createUser("cli-reader");
        assertThat(token).startsWith("mh_");

        String[] follow = run("follow", "--token", token, server(), manga.toString());
        assertThat(follow[1]).contains("following Look Back");
        assertThat(stack.count("select count(*) from user_library")).isEqualTo(1);

        String[] unfollow = run("unfollow", "--token", token, server(), manga.toString());
        assertThat(unfollow[1]).contains("unfollowed " + manga);
        assertThat(stack.count("select count(*) from user_library")).isZero();

        String[] refused = run("follow", "--token", "mh_wrong", server(), manga.toString());
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[2]).contains("token refused");
    }

    @Test
    void feedUrlMakesTheAddressesOnceRotateReplacesThemAndRevokeEndsThem() throws Exception {
        String token = createUser("feed-reader");
        String[] first = run("feed", "url", "--token", token, server());
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        String atom = address(first[1], "atom");
        assertThat(atom).startsWith("http://127.0.0.1:" + stack.http.port() + "/feeds/mhf_").endsWith(".atom");
        assertThat(address(first[1], "rss")).isEqualTo(atom.replace(".atom", ".rss"));
        assertThat(address(first[1], "json")).isEqualTo(atom.replace(".atom", ".json"));
        assertThat(status(atom)).isEqualTo(200);

        String[] again = run("feed", "url", "--token", token, server());
        assertThat(again[1]).contains("you have feed addresses").doesNotContain("/feeds/");
        assertThat(status(atom)).as("asking again changes nothing").isEqualTo(200);

        String[] rotated = run("feed", "rotate", "--token", token, server());
        String newAtom = address(rotated[1], "atom");
        assertThat(newAtom).isNotEqualTo(atom);
        assertThat(status(atom)).isEqualTo(404);
        assertThat(status(newAtom)).isEqualTo(200);

        String[] revoked = run("feed", "revoke", "--token", token, server());
        assertThat(revoked[0]).as(revoked[2]).isEqualTo("0");
        assertThat(revoked[1]).contains("feeds turned off");
        assertThat(status(newAtom)).isEqualTo(404);
        String[] nothing = run("feed", "revoke", "--token", token, server());
        assertThat(nothing[0]).isEqualTo("1");
        assertThat(nothing[2]).contains("you have no feed addresses");
    }

    private static String address(String output, String format) {
        return output.lines().filter(l -> l.startsWith(format + ":")).findFirst().orElseThrow()
                .substring(format.length() + 1).strip();
    }

    private static int status(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void listenPrintsOneLinePerNotificationAndResumesAfterTheLastOnePrinted() throws Exception {
        String token = createUser("listener");
        run("follow", "--token", token, server(), manga.toString());
        Path state = dir.resolve("listen.state");
        String[] listen = {"listen", "--token", token, "--host", "127.0.0.1", "--port",
                Integer.toString(stack.coap.port()), "--state-file", state.toString(), "--count", "2"};
        chapter(1);
        chapter(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.count("select count(*) from notifications") == 2);

        String[] first = run(listen);
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        assertThat(first[1].lines()).hasSize(2).allMatch(l -> l.contains("NEW_CHAPTER Look Back"));
        assertThat(first[1]).contains("chapter 1 (was 0)", "chapter 2 (was 1)");

        chapter(3);
        listen[listen.length - 1] = "1";
        var second = CompletableFuture.supplyAsync(() -> run(listen));
        String[] resumed = second.get(20, TimeUnit.SECONDS);
        assertThat(resumed[1].lines()).containsExactly(resumed[1].lines().findFirst().orElseThrow());
        assertThat(resumed[1]).contains("chapter 3 (was 2)").doesNotContain("chapter 1 ");
        assertThat(Files.readString(state).strip()).isEqualTo(Long.toString(
                stack.count("select max(id) from notifications")));
    }
}
