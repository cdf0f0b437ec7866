package com.mangahub.sync.notify.coap;

import com.mangahub.sync.notify.NotificationJson.Batch;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import org.eclipse.californium.core.coap.MessageObserver;
import org.eclipse.californium.core.coap.MessageObserverAdapter;

/**
 * How one confirmable notification ended. An acknowledgement is the delivery: the cursor moves, delivered_at is
 * recorded, the next message goes. Anything else leaves the cursor where it was; Californium ends an observation
 * whose notification timed out or was rejected, and the client catches up from its cursor when it observes again.
 */
final class DeliveryOutcomes {
    private static final String CHANNEL = "coap";

    private final NotifyMetrics metrics;

    DeliveryOutcomes(NotifyMetrics metrics) {
        this.metrics = metrics;
    }

    MessageObserver watch(Batch batch, ObserverSession session, NotificationLog log, Runnable next) {
        return new MessageObserverAdapter() {
            @Override
            public void onAcknowledgement() {
                session.acknowledged(batch);
                log.delivered(batch.rows());
                metrics.delivery(CHANNEL, "acked", batch.rows().size());
                next.run();
            }

            @Override
            public void onRetransmission() {
                metrics.delivery(CHANNEL, "retransmitted", batch.rows().size());
            }

            @Override
            public void onTimeout() {
                ended("timeout");
            }

            @Override
            public void onReject() {
                ended("rejected");
            }

            @Override
            public void onCancel() {
                ended("cancelled");
            }

            @Override
            public void onSendError(Throwable error) {
                ended("failed");
            }

            private void ended(String outcome) {
                session.unacknowledged(batch);
                metrics.delivery(CHANNEL, outcome, batch.rows().size());
                next.run();
            }
        };
    }
}
