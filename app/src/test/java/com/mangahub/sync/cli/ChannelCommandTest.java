package com.mangahub.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mangahub channel add|list|test|remove} against the channel routes and a local webhook receiver. */
@ExtendWith(PostgresExtension.class)
class ChannelCommandTest {
    private NotifyStack stack;
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stack = new NotifyStack();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            received.add(ex.getRequestHeaders().getFirst("webhook-id"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        stack.close();
    }

    private static String[] run(String... args) {
        return Cli.run(args);
    }

    private String server() {
        return "--server=http://127.0.0.1:" + stack.http.port();
    }

    @Test
    void aReaderAddsListsTestsAndRemovesAWebhookChannelAndSeesItsSecretOnlyOnce() {
        String token = stack.user("cli-channels").token();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        String[] added = run("channel", "add", "webhook", url, "--token", token, server());
        assertThat(added[0]).as(added[2]).isEqualTo("0");
        assertThat(added[1]).contains("added 1  webhook  " + url + "  ok").containsPattern("secret: whsec_[A-Za-z0-9+/=]+");

        String[] listed = run("channel", "list", "--token", token, server());
        assertThat(listed[1].strip()).isEqualTo("1  webhook  " + url + "  ok");
        assertThat(listed[1]).doesNotContain("whsec_");

        String[] tested = run("channel", "test", "1", "--token", token, server());
        assertThat(tested[1]).contains("test delivered (HTTP 204)");
        assertThat(received).hasSize(1);

        String[] removed = run("channel", "remove", "1", "--token", token, server());
        assertThat(removed[1]).contains("removed channel 1");
        assertThat(run("channel", "list", "--token", token, server())[1]).contains("no channel yet");

        String[] refused = run("channel", "add", "webhook", "http://10.0.0.1/x", "--token", token, server());
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[2]).contains("non-public address");
    }

    @Test
    void aReaderAddsABatchingAppriseChannelRoutesASeriesToItAndSetsQuietHours() {
        var reader = stack.user("cli-choices");
        String token = reader.token();
        java.util.UUID series = java.util.UUID.randomUUID();
        long local = stack.insertManga(series, "Routed");
        stack.follow(reader.account().id(), local);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/";

        String[] added = run("channel", "add", "apprise", url, "--urls", "tgram://bottoken/12345", "--window", "10",
                "--no-default", "--token", token, server());
        assertThat(added[0]).as(added[2]).isEqualTo("0");
        assertThat(added[1]).contains("apprise").contains("/notify").doesNotContain("bottoken");

        String[] routed = run("channel", "route", series.toString(), "1", "--token", token, server());
        assertThat(routed[0]).as(routed[2]).isEqualTo("0");
        assertThat(routed[1]).contains("goes to channels [1]");
        assertThat(run("channel", "route", series.toString(), "--default", "--token", token, server())[1])
                .contains("goes to your default channels");

        String[] quiet = run("channel", "quiet", "22:00", "07:00", "Europe/Berlin", "--token", token, server());
        assertThat(quiet[0]).as(quiet[2]).isEqualTo("0");
        assertThat(quiet[1]).contains("quiet 22:00-07:00 Europe/Berlin");
        assertThat(run("channel", "quiet", "--token", token, server())[1]).contains("quiet 22:00-07:00 Europe/Berlin");
        assertThat(run("channel", "quiet", "--off", "--token", token, server())[1]).contains("no quiet hours");
        String[] badZone = run("channel", "quiet", "22:00", "07:00", "Mars/Olympus", "--token", token, server());
        assertThat(badZone[0]).isEqualTo("1");
        assertThat(badZone[2]).contains("time_zone");
    }
}
