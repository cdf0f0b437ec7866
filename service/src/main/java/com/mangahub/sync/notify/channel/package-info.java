/**
 * Readers' channels: signed webhooks (Standard Webhooks), Discord, ntfy, Gotify, email, Telegram, Pushover, Apprise and
 * Web Push, each chosen per series ({@link com.mangahub.sync.notify.channel.ChoiceRoutes}), optionally batched in a
 * window and held through the reader's quiet hours. Deliveries are rows written with
 * the notifications they carry ({@link com.mangahub.sync.store.DeliveryStore}); the {@link
 * com.mangahub.sync.notify.channel.DeliveryWorker} sends them at least once under a stable id, bounded per host and
 * per kind so one slow receiver delays nobody else, backs off with jitter, honours Retry-After and rate-limit headers,
 * and pauses a channel that keeps failing. {@link com.mangahub.sync.notify.channel.TargetGuard} keeps every target on
 * the public internet unless the operator allows it; {@link com.mangahub.sync.notify.channel.ChannelRoutes} is the
 * reader's API.
 */
package com.mangahub.sync.notify.channel;
