/**
 * Delivering notifications: the {@link com.mangahub.sync.notify.OutboxDispatcher} that fans outbox events out into
 * per-reader notification rows (at-least-once, made exactly-once per reader by unique dedup keys), the
 * {@link com.mangahub.sync.notify.NotificationFeed} that wakes the push channels ({@code coap}, {@code sse}), the
 * {@link com.mangahub.sync.notify.NotificationLog} for catch-up, and the HTTP routes (triggers, REST). Who a reader is
 * and what they follow lives in {@code reader}. {@link com.mangahub.sync.notify.Retention} deletes, in small
 * batches, the notifications, outbox events and jobs that have served their purpose.
 * {@link com.mangahub.sync.notify.Revocations} ends the push sessions ({@link com.mangahub.sync.notify.TokenSessions})
 * of a token that stopped working, on a database signal and once a minute. Its background threads are {@code periodic} loops. Depends on
 * {@code reader}, {@code store}, {@code config}, {@code web}, {@code periodic}, {@code time}; never on
 * {@code workflow}.
 */
package com.mangahub.sync.notify;
