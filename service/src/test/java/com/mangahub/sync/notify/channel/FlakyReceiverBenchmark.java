package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance item 5 at its full size: 10,000 notifications (1,000 readers x 10 chapters) to a receiver failing 30%
 * of requests. Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=FlakyReceiverBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class FlakyReceiverBenchmark {
    @Test
    void tenThousandNotificationsThroughAThirtyPercentFailingReceiver() throws Exception {
        var r = FlakyDeliveryScenario.run(1000, 10);
        assertThat(r.notifications()).isEqualTo(10_000);
        System.out.printf("FlakyReceiverBenchmark: %d notifications delivered in %.1f s (%.0f/s), %d requests, %d failed "
                        + "(%.1f%%), every notification under one webhook-id%n", r.notifications(),
                r.elapsed().toMillis() / 1000.0, r.notifications() * 1000.0 / r.elapsed().toMillis(), r.requests(),
                r.failures(), 100.0 * r.failures() / r.requests());
    }
}
