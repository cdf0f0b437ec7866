package com.mangahub.sync.mangadex;

import com.mangahub.sync.App;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hostile or broken upstream gets a typed error for each body, never a crash, and costs bounded memory. */
class MangaDexHostileBodiesTest {
    private static final long MB = 1024 * 1024;
    private final SettableClock time = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ScriptedServer server;
    private MangaDexClient client;

    private void serving(ScriptedServer.Reply reply) {
        server = ScriptedServer.start(time, r -> reply);
        client = new MangaDexClient(Fixtures.config(server.baseUri(), 5), new SimpleMeterRegistry(),
                App.jsonMapper(), time, time::sleep);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        assertThat(ContractCheck.violations(server.requests())).isEmpty();
    }

    private static ScriptedServer.Reply.Body json(byte[] body) {
        return new ScriptedServer.Reply.Body(200, "application/json", body, Map.of());
    }

    static ScriptedServer.Reply fiftyMegabytes() {
        byte[] unit = "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"type\":\"chapter\"},".repeat(64)
                .getBytes(StandardCharsets.US_ASCII);
        return new ScriptedServer.Reply.Endless("application/json", unit, 50 * MB);
    }

    static ScriptedServer.Reply nestedTenThousandDeep() {
        // Deep inside a field the client does not even read: the parser's depth limit must still stop it.
        return json(("{\"result\":\"ok\",\"data\":[],\"extra\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                .getBytes());
    }

    static ScriptedServer.Reply tenMillionCharacterString() {
        byte[] head = "{\"result\":\"ok\",\"total\":1,\"data\":[],\"note\":\"".getBytes();
        byte[] body = Arrays.copyOf(head, head.length + 10_000_000 + 2);
        Arrays.fill(body, head.length, head.length + 10_000_000, (byte) 'a');
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return json(body);
    }

    static ScriptedServer.Reply htmlWithStatus200() {
        return new ScriptedServer.Reply.Body(200, "text/html",
                "<!DOCTYPE html><html><body>Checking your browser…</body></html>".getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void aFiftyMegabyteBodyIsRefusedAtTheCapWithoutRetrying() {
        serving(fiftyMegabytes());
        assertThatThrownBy(() -> client.listChapters(MangaDexFaultsTest.chapters()))
                .isInstanceOf(MangaDexException.BadResponse.class).hasMessageContaining("cap");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aBodyNestedTenThousandDeepIsABadResponse() {
        serving(nestedTenThousandDeep());
        assertThatThrownBy(() -> client.listChapters(MangaDexFaultsTest.chapters()))
                .isInstanceOf(MangaDexException.BadResponse.class).hasMessageContaining("depth");
    }

    @Test
    void aTenMillionCharacterStringIsABadResponse() {
        serving(tenMillionCharacterString());
        assertThatThrownBy(() -> client.listChapters(MangaDexFaultsTest.chapters()))
                .isInstanceOf(MangaDexException.BadResponse.class).hasMessageContaining("String value length");
    }

    @Test
    void anHtmlPageWithStatus200IsABadResponse() {
        serving(htmlWithStatus200());
        assertThatThrownBy(() -> client.listChapters(MangaDexFaultsTest.chapters()))
                .isInstanceOf(MangaDexException.BadResponse.class).hasMessageContaining("HTML");
    }

    @Test
    void allFourHostileBodiesTogetherGrowTheHeapByLessThan64Megabytes() {
        serving(htmlWithStatus200());
        ScriptedServer.Reply[] hostile = {fiftyMegabytes(), nestedTenThousandDeep(), tenMillionCharacterString(),
                htmlWithStatus200()};
        long before = usedHeapAfterGc();
        resetPeaks();
        for (ScriptedServer.Reply reply : hostile) {
            server.script(r -> reply);
            assertThatThrownBy(() -> client.listChapters(MangaDexFaultsTest.chapters()))
                    .isInstanceOf(MangaDexException.BadResponse.class);
        }
        long poolPeaks = peakHeap() - before;
        long retainedGrowth = usedHeapAfterGc() - before;
        // The pool peaks include garbage not yet collected (young generation fills up regardless of what is live),
        // so they are printed as an upper bound; the live heap is what the requirement bounds.
        System.out.printf("hostile bodies: live heap growth %d MB; sum of heap pool peaks grew %d MB (upper bound)%n",
                retainedGrowth / MB, poolPeaks / MB);
        assertThat(retainedGrowth).isLessThan(64 * MB);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of each heap pool's peak: never below the true peak, so a bound on it bounds the heap. */
    private static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static java.util.List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
