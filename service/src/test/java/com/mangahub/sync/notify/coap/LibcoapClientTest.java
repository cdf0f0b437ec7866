package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.Libcoap;
import com.mangahub.sync.support.PostgresExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 1: an independent CoAP implementation, libcoap's {@code coap-client} (Debian package libcoap3-bin,
 * which .ci/run installs), observes a user's notifications and prints a NEW_CHAPTER within a second of the trigger.
 */
@ExtendWith(PostgresExtension.class)
class LibcoapClientTest {
    private NotifyStack stack;
    private Process client;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
    }

    @AfterEach
    void stop() {
        if (client != null) client.destroyForcibly();
        stack.close();
    }

    @Test
    void coapClientPrintsANewChapterWithinOneSecondOfTheTrigger() throws Exception {
        String binary = Libcoap.requireBinary();
        UUID manga = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Kagurabachi");
        var user = stack.user("libcoap");
        stack.follow(user.account().id(), mangaId);
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Long> lineTimes = new CopyOnWriteArrayList<>();
        client = new ProcessBuilder("stdbuf", "-oL", binary, "-s", "20", "-B", "25", "-w", "-m", "get",
                stack.coapUri(user.token(), 0L)).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    lineTimes.add(System.nanoTime());
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("[]"));

        long triggered = System.nanoTime();
        var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Kagurabachi\",\"chapter\":\"42\",\"old_chapter\":\"41\"}");
        assertThat(response.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.contains("NEW_CHAPTER")));
        int index = indexOf(lines, "NEW_CHAPTER");
        Duration latency = Duration.ofNanos(lineTimes.get(index) - triggered);
        System.out.printf("coap-client printed the NEW_CHAPTER %d ms after the trigger: %s%n", latency.toMillis(),
                lines.get(index));
        assertThat(lines.get(index)).contains("\"chapter\":\"42\"", "\"old_chapter\":\"41\"", manga.toString());
        assertThat(latency).isLessThan(Duration.ofSeconds(1));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }
}
