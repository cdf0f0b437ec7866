package com.mangahub.sync.reader;

import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.store.UserStore.UserAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creating users (the token is returned once), recognising them by token for every channel, and the token's
 * lifecycle: rotation (a new token returned once, the old one refused from that commit on), an optional maximum age,
 * and the operator's list, disable, enable and delete. A disabled reader's token, an expired token and a replaced
 * token are all simply not recognised.
 */
public final class UserAccounts {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[a-z]{2})?");
    private static final int MAX_TOKEN_LENGTH = 128;

    private final UserStore users;
    private final Clock clock;
    private final Optional<Duration> tokenMaxAge;

    public UserAccounts(UserStore users, Clock clock) {
        this(users, clock, Optional.empty());
    }

    public UserAccounts(UserStore users, Clock clock, Optional<Duration> tokenMaxAge) {
        this.users = users;
        this.clock = clock;
        this.tokenMaxAge = tokenMaxAge;
    }

    /** A freshly created user with the only copy of their token. */
    public record NewUser(UserAccount account, String token) {}

    /** Why a name or language list is refused: the field at fault and what it should be. */
    public record Problem(String field, String message) {
        static Problem of(String field, String expected) {
            return new Problem(field, field + ": " + expected);
        }
    }

    /** Why a name or language list is refused, or empty when it is acceptable. */
    public static Optional<Problem> problemWith(String name, List<String> languages) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of(Problem.of("name", "1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"));
        }
        if (languages.isEmpty()) return Optional.of(Problem.of("languages", "at least one language code"));
        return languages.stream().filter(l -> !LANGUAGE.matcher(l).matches()).findFirst()
                .map(l -> Problem.of("languages", "not a language code: '" + l + "' (e.g. en, pt-br)"));
    }

    /** Creates a user; empty when the name is taken. Validate with {@link #problemWith} first. */
    public Optional<NewUser> create(String name, List<String> languages) {
        problemWith(name, languages).ifPresent(p -> {
            throw new IllegalArgumentException(p.message());
        });
        String token = ApiTokens.newToken();
        return users.create(name, ApiTokens.hash(token), languages, clock.instant()).map(a -> new NewUser(a, token));
    }

    /** The user holding this token, if any, enabled, and the token not older than the maximum age. */
    public Optional<UserAccount> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        return users.findByTokenHash(ApiTokens.hash(token))
                .filter(a -> !a.disabled() && !expired(a.tokenIssuedAt()));
    }

    /**
     * What an open stream or observation keeps of the token it was opened with: not the token, only its hash, so
     * it can be told later whether that token is still the reader's current one.
     */
    public static byte[] fingerprint(String token) {
        return ApiTokens.hash(token);
    }

    private boolean expired(Instant issuedAt) {
        return tokenMaxAge.isPresent() && !issuedAt.plus(tokenMaxAge.get()).isAfter(clock.instant());
    }

    /**
     * Of these readers, the current token fingerprint of each one who may still sign in (exists, enabled, token
     * not expired); a session whose fingerprint is not its reader's entry here must end.
     */
    public Map<Long, byte[]> currentFingerprints(Collection<Long> userIds) {
        Map<Long, byte[]> out = new HashMap<>();
        users.activeTokens(userIds).forEach((id, holder) -> {
            if (!expired(holder.tokenIssuedAt())) out.put(id, holder.tokenHash());
        });
        return out;
    }

    /**
     * A new token for this reader in place of the one of {@code currentFingerprint}, returned once; the old one stops
     * working when this returns. Empty: no such reader, or that token was already replaced.
     */
    public Optional<NewUser> rotate(long userId, byte[] currentFingerprint) {
        String token = ApiTokens.newToken();
        return users.replaceToken(userId, currentFingerprint, ApiTokens.hash(token), clock.instant())
                .map(a -> new NewUser(a, token));
    }

    public List<UserAccount> list(long afterId, int limit) {
        return users.list(afterId, limit);
    }

    public Optional<UserAccount> disable(long userId) {
        return users.disable(userId, clock.instant());
    }

    public Optional<UserAccount> enable(long userId) {
        return users.enable(userId);
    }

    /** Deletes the reader, their library and their notification log; false when there was no such reader. */
    public boolean delete(long userId) {
        return users.delete(userId);
    }

    /** When this reader's token stops being accepted, or empty when tokens do not expire. */
    public Optional<Instant> expiresAt(UserAccount account) {
        return tokenMaxAge.map(age -> account.tokenIssuedAt().plus(age));
    }
}
