package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The default-suite size of acceptance 4 (10,000 notifications is {@link LossyDeliveryBenchmark}). */
@ExtendWith(PostgresExtension.class)
class LossyDeliveryTest {

    @Test
    void withThirtyPercentOfDatagramsDroppedBothWaysNoNotificationIsLostOrSeenTwiceAfterDedup() throws Exception {
        try (LossyDeliveryScenario scenario = new LossyDeliveryScenario()) {
            var r = scenario.run(10, 60);
            System.out.printf("lossy relay: %d notifications in %d ms; %d datagrams dropped, %d repeats dropped by id, "
                    + "%d re-observations%n", r.notifications(), r.elapsed().toMillis(), r.datagramsDropped(),
                    r.repeatsDropped(), r.reobserves());
            assertThat(r.datagramsDropped()).isPositive();
        }
    }
}
