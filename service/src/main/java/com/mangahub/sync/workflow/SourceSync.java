package com.mangahub.sync.workflow;

import com.mangahub.sync.manga.Chapter;
import com.mangahub.sync.mangadex.AuthServer;
import com.mangahub.sync.mangadex.CustomList;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.mangadex.RequestPriority;
import com.mangahub.sync.mangadex.UserLibraryApi;
import com.mangahub.sync.store.AdvisoryLocks;
import com.mangahub.sync.store.SecretBox;
import com.mangahub.sync.store.SourceStore;
import com.mangahub.sync.store.SourceStore.Source;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every reader's library sources in sync: claims the sources that are due (one interval after their last
 * sync, across instances), reads each — a MangaDex list, or a reader's account (follows, reading statuses and read
 * markers, through their own login) — and applies what changed since the last read in one transaction, through the one bulk follow
 * path, so every series a source adds is live at once. Bulk work: every MangaDex request waits behind detection and
 * readers. A failure MangaDex may mend (down, rate-limited) is kept as the source's last error and retried at its
 * next sync; one only the reader can mend (a refused login, a list gone private) pauses the source with the reason.
 */
public final class SourceSync {
    public static final String WORKFLOW = "library_sources";
    private static final Logger log = LoggerFactory.getLogger(SourceSync.class);
    private static final Set<String> READING = Set.of("reading", "re_reading", "on_hold", "plan_to_read");
    /** How long a reader's "sync now" waits for a sync of the same source already running, and how often it looks. */
    private static final Duration WAIT_FOR_RUNNING = Duration.ofSeconds(60);
    private static final Duration WAIT_STEP = Duration.ofMillis(100);

    private final SourceStore sources;
    private final SeriesLookup lookup;
    private final UserLibraryApi account;
    private final com.mangahub.sync.mangadex.MangaDexApi api;
    private final AccountLogin login;
    private final Clock clock;
    private final Duration interval;
    private final java.util.List<String> languages;
    private final AdvisoryLocks locks;

    public SourceSync(SourceStore sources, SeriesLookup lookup, com.mangahub.sync.mangadex.MangaDexApi api, UserLibraryApi account,
                      AuthServer auth, AdvisoryLocks locks, Clock clock, Duration interval, java.util.List<String> languages) {
        this.sources = sources;
        this.lookup = lookup;
        this.account = account;
        this.api = api;
        this.login = new AccountLogin(auth, sources, clock);
        this.clock = clock;
        this.interval = interval;
        this.languages = java.util.List.copyOf(languages);
        this.locks = locks;
    }

    /** What one sync came to (the source's state in the database says the same). */
    public sealed interface Outcome {
        record Synced(int added, int removed, int progressSet) implements Outcome {}

        record Paused(String reason) implements Outcome {}

        record Failed(String error) implements Outcome {}
    }

    /** Syncs every source that is due now, one after another; returns how many. */
    public int runOnce() {
        int synced = 0;
        for (Optional<Source> due = sources.claimDue(clock.instant(), interval); due.isPresent();
             due = sources.claimDue(clock.instant(), interval)) {
            sync(due.get());
            synced++;
            if (Thread.currentThread().isInterrupted()) break;
        }
        return synced;
    }

    /**
     * Syncs one source now, on the caller's thread (a reader's "sync now", and the first sync when linked). When the
     * schedule's run holds the source (a new source is due at once, so it may take it first), waits for that sync
     * and answers with it: the reader's request returns once the source's follows are in, whoever read them.
     */
    public Outcome syncNow(long sourceId) {
        Instant asked = clock.instant();
        for (long waited = 0; ; waited += WAIT_STEP.toMillis()) {
            Optional<Source> source = sources.find(sourceId);
            if (source.isEmpty()) return new Outcome.Failed("no such source");
            Source s = source.get();
            if (waited > 0 && s.lastSyncAt() != null && !s.lastSyncAt().isBefore(asked)) return outcomeOf(s);
            Optional<AdvisoryLocks.Held> lock = locks.tryHold(lockName(s));
            if (lock.isPresent()) {
                try {
                    return syncHeld(s);
                } finally {
                    lock.get().release();
                }
            }
            if (waited >= WAIT_FOR_RUNNING.toMillis()) return new Outcome.Failed("being synced already");
            try {
                Thread.sleep(WAIT_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Failed("being synced already");
            }
        }
    }

    private static Outcome outcomeOf(Source s) {
        if (s.pausedReason() != null) return new Outcome.Paused(s.pausedReason());
        if (s.lastError() != null) return new Outcome.Failed(s.lastError());
        return new Outcome.Synced(s.lastAdded(), s.lastRemoved(), s.lastProgress());
    }

    private static String lockName(Source s) {
        return "library-source-" + s.id();
    }

    /**
     * One sync of a source at a time across instances (a reader's "sync now" beside the schedule's run): whoever does
     * not get its lock leaves it to the one syncing.
     */
    private Outcome sync(Source s) {
        Optional<AdvisoryLocks.Held> lock = locks.tryHold(lockName(s));
        if (lock.isEmpty()) return new Outcome.Failed("being synced already");
        try {
            return syncHeld(s);
        } finally {
            lock.get().release();
        }
    }

    private Outcome syncHeld(Source s) {
        try {
            Read read = RequestPriority.bulk(() -> "mdlist".equals(s.kind()) ? readList(s) : readAccount(s));
            Outcome.Synced done = RequestPriority.bulk(() -> apply(s, read));
            if (s.writeBack() && read.token() != null) RequestPriority.bulk(() -> writeBack(s, read));
            sources.recordSuccess(s.id(), done.added(), done.removed(), done.progressSet(), clock.instant(),
                    clock.instant().plus(interval));
            return done;
        } catch (AccountLogin.Refused | ListGone | SecretBox.WrongKey e) {
            sources.pause(s.id(), e.getMessage(), clock.instant());
            log.info("library source {} of reader {} paused: {}", s.id(), s.userId(), e.getMessage());
            return new Outcome.Paused(e.getMessage());
        } catch (MangaDexException e) {
            String error = "MangaDex could not be read (" + e.getMessage() + "); tried again at the next sync";
            sources.recordFailure(s.id(), error, clock.instant(), clock.instant().plus(interval));
            return new Outcome.Failed(error);
        }
    }

    /** What a source lists now: its series, and for an account the highest chapter read of those whose marks moved. */
    private record Read(Set<UUID> listed, Map<UUID, String> digests, Map<UUID, BigDecimal> progress,
                        Map<UUID, Set<UUID>> marks, String token) {}

    private static final class ListGone extends RuntimeException {
        ListGone(String message) {
            super(message);
        }
    }

    private Read readList(Source s) {
        Optional<CustomList> list = lookup.publicList(s.listId());
        if (list.isEmpty()) throw new ListGone("MangaDex has no public list " + s.listId()
                + " any more (it was deleted or made private)");
        return new Read(new LinkedHashSet<>(list.get().mangaIds()), Map.of(), Map.of(), Map.of(), null);
    }

    private Read readAccount(Source s) {
        SourceStore.Credentials c = sources.credentials(s.id()).orElseThrow(() -> new AccountLogin.Refused(
                "the saved login is gone (not restored with a backup): link the account again"));
        String token = login.accessToken(s.id(), c, false);
        try {
            return readAccount(s, token);
        } catch (MangaDexException.BadRequest e) {
            if (e.status() != 401) throw e;
            // the saved access token was revoked early: one refresh, then the answer stands
            return readAccount(s, login.accessToken(s.id(), sources.credentials(s.id()).orElseThrow(), true));
        }
    }

    private Read readAccount(Source s, String token) {
        // MangaDex's own library is by reading status; follows are its notifications. A series counts when it is
        // followed or has a status a reader still reads by (completed and dropped alone do not bring a follow)
        Set<UUID> follows = new LinkedHashSet<>(account.follows(token));
        account.statuses(token).forEach((series, status) -> {
            if (READING.contains(status)) follows.add(series);
        });
        Map<UUID, Set<UUID>> marks = follows.isEmpty() ? Map.of() : account.readMarkers(token, follows);
        Map<UUID, String> before = sources.items(s.id());
        Map<UUID, String> digests = new HashMap<>();
        List<UUID> lookUp = new ArrayList<>();
        for (UUID series : follows) {
            Set<UUID> read = marks.getOrDefault(series, Set.of());
            String digest = read.isEmpty() ? null : digest(read);
            digests.put(series, digest);
            if (digest != null && !digest.equals(before.get(series))) lookUp.addAll(read);
        }
        // only the series whose marks changed since the last sync cost a look-up: 100 chapters a request
        Map<UUID, BigDecimal> progress = new HashMap<>();
        for (Chapter ch : lookUp.isEmpty() ? List.<Chapter>of() : account.chaptersByIds(lookUp)) {
            ch.number().sortKey().ifPresent(n -> progress.merge(ch.mangaId(), n, BigDecimal::max));
        }
        return new Read(follows, digests, progress, marks, token);
    }

    private Outcome.Synced apply(Source s, Read read) {
        Map<UUID, String> before = sources.items(s.id());
        Set<UUID> fresh = new LinkedHashSet<>(read.listed());
        fresh.removeAll(before.keySet());
        Set<UUID> gone = new LinkedHashSet<>(before.keySet());
        gone.removeAll(read.listed());
        // catalogue entries for what the catalogue lacks, 100 a request; what MangaDex does not know is skipped
        Set<UUID> known = fresh.isEmpty() ? Set.of() : lookup.addToCatalogue(fresh);
        List<UUID> follow = fresh.stream().filter(known::contains).toList();
        SourceStore.Applied applied = sources.apply(s, new SourceStore.Change(follow, read.progress(), read.listed(),
                read.digests(), gone), clock.instant());
        return new Outcome.Synced(applied.added(), applied.removed(), applied.progressSet());
    }

    /**
     * Write-back: for each series whose progress moved here since it was last written (or read from the account),
     * the chapters of that number in the tracked languages (one feed request) become read markers on the account
     * (one request). A series costs nothing until its reader marks a chapter read here.
     */
    private int writeBack(Source s, Read read) {
        int written = 0;
        for (SourceStore.PendingMark pending : sources.pendingWriteBack(s)) {
            Set<UUID> already = read.marks().getOrDefault(pending.mangaDexId(), Set.of());
            List<UUID> chapters = api.feed(pending.mangaDexId(), com.mangahub.sync.mangadex.FeedQuery.languages(languages))
                    .stream().filter(c -> c.number().sortKey().map(k -> k.compareTo(pending.progressKey()) == 0).orElse(false))
                    .map(Chapter::id).filter(id -> !already.contains(id)).toList();
            if (!chapters.isEmpty()) account.markRead(read.token(), pending.mangaDexId(), chapters);
            sources.markWritten(s.id(), pending.mangaDexId(), pending.progressKey());
            written++;
        }
        return written;
    }

    private static String digest(Set<UUID> chapters) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            chapters.stream().map(UUID::toString).sorted().forEach(id -> sha.update(id.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
