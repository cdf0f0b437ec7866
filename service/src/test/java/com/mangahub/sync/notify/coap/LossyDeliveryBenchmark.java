package com.mangahub.sync.notify.coap;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 4 at full size: 10,000 notifications (100 users x 100 chapters) through a relay dropping 30% of
 * datagrams both ways. Run: {@code ./mvnw -B -o -Pbenchmark test -Dtest=LossyDeliveryBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class LossyDeliveryBenchmark {

    @Test
    void tenThousandNotificationsSurviveThirtyPercentLoss() throws Exception {
        try (LossyDeliveryScenario scenario = new LossyDeliveryScenario()) {
            var r = scenario.run(100, 100);
            System.out.printf("BENCHMARK lossy CoAP: %d notifications, none lost, none twice after dedup, in %d ms "
                            + "(%.0f notifications/s); %d datagrams dropped by the relay, %d repeats dropped by id, "
                            + "%d re-observations%n", r.notifications(), r.elapsed().toMillis(),
                    r.notifications() / (r.elapsed().toMillis() / 1000.0), r.datagramsDropped(), r.repeatsDropped(),
                    r.reobserves());
        }
    }
}
