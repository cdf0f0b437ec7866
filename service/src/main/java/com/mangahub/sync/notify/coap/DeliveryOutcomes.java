package com.mangahub.sync.notify.coap;

import com.mangahub.sync.notify.NotificationJson.Batch;
import com.mangahub.sync.notify.NotificationLog;
import com.mangahub.sync.notify.NotifyMetrics;
import org.eclipse.californium.core.coap.MessageObserver;
import org.eclipse.californium.core.coap.MessageObserverAdapter;

/**
 * How one confirmable notification ended. An acknowledgement is the delivery: the cursor moves, delivered_at is
 * recorded, the next message goes. A retransmission means the ACK is overdue: the next notification may replace
 * this one ({@link ObserverSession}). Anything else leaves the cursor where it was; Californium ends an observation
 * whose notification timed out or was rejected, and the client catches up from its cursor when it observes again.
 */
final class DeliveryOutcomes {
    private static final String CHANNEL = "coap";

    private final NotifyMetrics metrics;

    DeliveryOutcomes(NotifyMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Watches one notification. {@code freeSlot} gives its window slot back (once, and never for a notification a
     * replacement superseded: the replacement holds the slot), {@code pump} moves the observer on, and a
     * retransmission, meaning the ACK is overdue, pumps too: a waiting notification may then replace this one.
     */
    MessageObserver watch(Batch batch, ObserverSession session, NotificationLog log, Runnable freeSlot, Runnable pump) {
        return new MessageObserverAdapter() {
            @Override
            public void onAcknowledgement() {
                boolean replaced = session.superseded(batch);
                session.acknowledged(batch);
                log.delivered(batch.rows());
                metrics.delivery(CHANNEL, "acked", batch.rows().size());
                if (!replaced && session.dropSlot()) freeSlot.run();
                pump.run();
            }

            @Override
            public void onRetransmission() {
                metrics.delivery(CHANNEL, "retransmitted", batch.rows().size());
                if (session.retransmitting(batch)) pump.run();
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
                if (session.superseded(batch)) {
                    // its rows went (or go) again in the replacement, whose outcome counts
                    session.settled(batch);
                    metrics.delivery(CHANNEL, "replaced", batch.rows().size());
                    return;
                }
                session.unacknowledged(batch);
                metrics.delivery(CHANNEL, outcome, batch.rows().size());
                if (session.dropSlot()) freeSlot.run();
                pump.run();
            }
        };
    }
}
