-- the anti-spam window looks up a user's recent notifications of one type for one series
create index notifications_spam_window_idx on notifications (user_id, manga_id, type, created_at);
-- the outbox claim skips rows whose lease has not expired yet
create index outbox_lease_idx on outbox (lease_until) where status = 'pending';
