package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.notify.FanOutRuns;
import com.mangahub.sync.store.Database;
import com.mangahub.sync.support.PostgresExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One NEW_CHAPTER to N CoAP observers (confirmable, acknowledged) against the machine's own ceiling for the same
 * network work in the same run ({@link UdpCeiling}: a plain DatagramChannel sending N datagrams of the notification's
 * size to as many sockets and reading their ACKs). Goals: 10,000 observers within 1 s of the trigger, 100,000
 * within 5 s, 0 retransmissions on loopback, ratio ≤ 2.5 and ≥ 12,500 deliveries per CPU-second of the service
 * ({@link FanOutRuns}: the observers' threads share this JVM and are not counted). {@code -Dmangahub.bench.runs=5}
 * repeats each size's fan-out and ceiling five times and prints the spread. Ours counts from the trigger POST (outbox, fan-out insert of N rows,
 * feed, push), so its ratio to the ceiling includes the database; the push span (first to last observer) is the
 * send path alone. The ceiling at 100,000 uses 10,000 sockets with 10 datagrams each: ours uses 100 client sockets
 * for 100,000 observers and the JVM's file descriptor limit here is 20,000 ({@code ulimit -n}).
 * Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=CoapFanOutBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class CoapFanOutBenchmark {
    private static final int CEILING_SOCKETS = 10_000;
    /** The window our notifier keeps (CoapNotifier.IN_FLIGHT_WINDOW) and a wide one: the ceiling is the faster. */
    private static final int[] CEILING_WINDOWS = {200, 2_000};
    /** A CoAP notification's bytes beyond its payload: 4 header, 8 token, observe, content format, payload marker. */
    private static final int COAP_OVERHEAD = 19;
    /**
     * A fan-out before the measured ones, so they measure the running service rather than the JIT's first
     * compilations (a cold first fan-out of 10,000 took 1.2 s where a warm one takes 0.6 s, on a quiet machine).
     */
    private static final int WARM_UP_OBSERVERS = 2_000;
    private static boolean warm;

    /** {@code -Dmangahub.bench.observers=10000} runs one size only. */
    static IntStream sizes() {
        return Arrays.stream(System.getProperty("mangahub.bench.observers", "10000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip()));
    }

    @ParameterizedTest(name = "{0} observers")
    @MethodSource("sizes")
    void oneNewChapterReachesEveryObserver(int observers, Database db) throws Exception {
        warmUp(db);
        double goalMs = observers <= 10_000 ? 1_000 : 5_000;
        FanOutRuns runs = new FanOutRuns("CoAP fan-out", observers, goalMs);
        for (int run = 1; run <= FanOutRuns.RUNS; run++) {
            PostgresExtension.clean(db);
            FanOutScenario.Result ours;
            try (FanOutScenario scenario = new FanOutScenario()) {
                ours = scenario.run(observers);
            }
            List<UdpCeiling.Result> ceilings = new ArrayList<>();
            try (UdpCeiling ceiling = new UdpCeiling(Math.min(observers, CEILING_SOCKETS))) {
                for (int window : CEILING_WINDOWS) ceilings.add(ceiling.run(observers, ours.payloadBytes() + COAP_OVERHEAD, window));
            }
            UdpCeiling.Result best = ceilings.stream().min(Comparator.comparing(UdpCeiling.Result::elapsed)).orElseThrow();
            System.out.printf("BENCHMARK CoAP fan-out, %,d observers, run %d (%d registered in %d ms): %,.0f messages/s, "
                            + "push span first to last %d ms, %.0f retransmissions; ceiling (plain DatagramChannel, %,d "
                            + "datagrams of %d bytes to %,d sockets, ACKs read) %d ms (%,.0f messages/s, window %d, %d "
                            + "resent; windows %s: %s ms); push span ratio %.2f%n",
                    observers, run, ours.observers(), ours.registration().toMillis(), ours.messagesPerSecond(),
                    ours.push().toMillis(), ours.retransmitted(), observers, ours.payloadBytes() + COAP_OVERHEAD,
                    best.sockets(), best.elapsed().toMillis(), best.messagesPerSecond(), best.window(), best.resent(),
                    Arrays.toString(CEILING_WINDOWS), UdpCeiling.describe(ceilings),
                    (double) ours.push().toMillis() / best.elapsed().toMillis());
            runs.add(ours.delivery(), best.elapsed(), ours.cpu());
            assertThat(ours.retransmitted()).as("no retransmission on loopback").isZero();
        }
        runs.printSpread();
        assertThat(runs.medianRatio()).as("the ceiling does the same network work with less, so it is not slower")
                .isGreaterThan(1.0);
    }

    private static void warmUp(Database db) throws Exception {
        if (warm) return;
        PostgresExtension.clean(db);
        try (FanOutScenario scenario = new FanOutScenario()) {
            var r = scenario.run(WARM_UP_OBSERVERS);
            System.out.printf("BENCHMARK CoAP fan-out warm-up (not measured): %,d observers in %d ms%n",
                    r.observers(), r.delivery().toMillis());
        }
        warm = true;
    }

    /** Issue 13, acceptance 2: the same goal with every reader holding 10 group rules, applied in the one insert. */
    @Test
    void tenThousandObserversEachWithTenGroupRulesReceiveOneNewChapter(Database db) throws Exception {
        warmUp(db);
        PostgresExtension.clean(db);
        try (FanOutScenario scenario = new FanOutScenario()) {
            var r = scenario.run(10_000, 10);
            System.out.printf("BENCHMARK CoAP fan-out with 10 group rules per reader: %d observers; one NEW_CHAPTER "
                            + "reached all in %d ms (goal 3000 ms, ratio %.2f of the budget), %.0f messages/s; "
                            + "load average %.1f on %d cores%n",
                    r.observers(), r.delivery().toMillis(), r.delivery().toMillis() / 3000.0, r.messagesPerSecond(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
