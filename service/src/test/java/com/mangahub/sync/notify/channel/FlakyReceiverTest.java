package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The default suite's size of the flaky-receiver run (500); FlakyReceiverBenchmark runs the 10,000. */
@ExtendWith(PostgresExtension.class)
class FlakyReceiverTest {
    @Test
    void aReceiverFailingThirtyPercentAndDroppingConnectionsGetsEveryNotificationUnderOneWebhookIdEach() throws Exception {
        var result = FlakyDeliveryScenario.run(50, 10);
        assertThat(result.notifications()).isEqualTo(500);
        assertThat(result.failures()).as("the receiver did fail").isGreaterThan(50);
        assertThat(result.requests()).isEqualTo(result.notifications() + result.failures());
    }
}
