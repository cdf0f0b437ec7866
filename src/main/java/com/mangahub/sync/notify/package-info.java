/**
 * Notifications: users and their libraries, the {@link com.mangahub.sync.notify.OutboxDispatcher} that fans outbox
 * events out into per-user notification rows (at-least-once, made exactly-once per user by unique dedup keys), the
 * {@link com.mangahub.sync.notify.NotificationFeed} that wakes the push channels ({@code coap}, {@code sse}), the
 * {@link com.mangahub.sync.notify.NotificationLog} for catch-up, and the HTTP routes (triggers, REST).
 * Its background threads are {@code periodic} loops. Depends on {@code store}, {@code config}, {@code web},
 * {@code periodic}, {@code time}; never on {@code sync} (following reaches it through
 * {@link com.mangahub.sync.notify.TrackingStarter}).
 */
package com.mangahub.sync.notify;
