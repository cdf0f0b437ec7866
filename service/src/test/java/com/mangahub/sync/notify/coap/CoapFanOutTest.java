package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The default-suite size of acceptance 3 (the full 10,000 is {@link CoapFanOutBenchmark}). */
@ExtendWith(PostgresExtension.class)
class CoapFanOutTest {

    @Test
    void oneNewChapterReachesEveryOneOf500OnlineFollowersExactlyOnce() throws Exception {
        try (FanOutScenario scenario = new FanOutScenario()) {
            var result = scenario.run(500);
            System.out.printf("fan-out to %d CoAP observers: %d ms (%.0f messages/s)%n", result.observers(),
                    result.delivery().toMillis(), result.messagesPerSecond());
            assertThat(result.observers()).isEqualTo(500);
        }
    }
}
