package com.mangahub.sync.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The "active workers" gauge counts runs in progress per workflow, up when one starts and down when it ends. */
class SyncMetricsTest {
    @Test
    void activeRunsAreCountedPerWorkflowWhileTheyLast() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SyncMetrics metrics = new SyncMetrics(registry);
        Runnable first = metrics.started("chapter_check");
        Runnable second = metrics.started("chapter_check");
        Runnable other = metrics.started("initial_sync");
        assertThat(registry.get("mangadex_sync_active").tag("type", "chapter_check").gauge().value()).isEqualTo(2);
        first.run();
        other.run();
        assertThat(registry.get("mangadex_sync_active").tag("type", "chapter_check").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mangadex_sync_active").tag("type", "initial_sync").gauge().value()).isZero();
        second.run();
        assertThat(registry.get("mangadex_sync_active").tag("type", "chapter_check").gauge().value()).isZero();
    }
}
