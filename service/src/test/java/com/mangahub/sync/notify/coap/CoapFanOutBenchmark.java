package com.mangahub.sync.notify.coap;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 3 at full size: 10,000 users online over CoAP follow one series; the goal is every one of them
 * notified within 3 s of the trigger. Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=CoapFanOutBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class CoapFanOutBenchmark {

    @Test
    void tenThousandObserversReceiveOneNewChapter() throws Exception {
        try (FanOutScenario scenario = new FanOutScenario()) {
            var r = scenario.run(10_000);
            System.out.printf("BENCHMARK CoAP fan-out: %d observers registered in %d ms; one NEW_CHAPTER reached all "
                            + "in %d ms (goal 3000 ms, ratio %.2f of the budget), %.0f messages/s, %.0f retransmissions; "
                            + "load average %.1f on %d cores%n",
                    r.observers(), r.registration().toMillis(), r.delivery().toMillis(),
                    r.delivery().toMillis() / 3000.0, r.messagesPerSecond(), r.retransmitted(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /** Issue 13, acceptance 2: the same goal with every reader holding 10 group rules, applied in the one insert. */
    @Test
    void tenThousandObserversEachWithTenGroupRulesReceiveOneNewChapter() throws Exception {
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
