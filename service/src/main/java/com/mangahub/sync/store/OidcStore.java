package com.mangahub.sync.store;

import com.mangahub.sync.store.UserStore.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * OpenID Connect sign-in: the sign-ins under way (table {@code oidc_logins}, each taken once) and the readers linked
 * to a provider's (issuer, subject) (table {@code reader_identities}).
 */
public final class OidcStore {
    private final Database db;

    public OidcStore(Database db) {
        this.db = db;
    }

    /** A sign-in under way: what the callback must find again. */
    public record PendingLogin(String nonce, String codeVerifier, String redirectUri, Instant createdAt) {}

    /** Records a sign-in under way, and forgets those begun before {@code staleBefore} (abandoned). */
    public void begin(byte[] stateHash, PendingLogin login, Instant staleBefore) {
        db.inTransaction(h -> {
            h.createUpdate("delete from oidc_logins where created_at < :stale").bind("stale", staleBefore).execute();
            return h.createUpdate("insert into oidc_logins (state_hash, nonce, code_verifier, redirect_uri, created_at) "
                            + "values (:hash, :nonce, :verifier, :redirect, :at)")
                    .bind("hash", stateHash)
                    .bind("nonce", login.nonce())
                    .bind("verifier", login.codeVerifier())
                    .bind("redirect", login.redirectUri())
                    .bind("at", login.createdAt())
                    .execute();
        });
    }

    /** Takes the sign-in of this state: found once, never again (a replayed callback finds nothing). */
    public Optional<PendingLogin> take(byte[] stateHash) {
        return db.inTransaction(h -> h.createQuery("delete from oidc_logins where state_hash = :hash "
                        + "returning nonce, code_verifier, redirect_uri, created_at")
                .bind("hash", stateHash)
                .map(ConstructorMapper.of(PendingLogin.class))
                .findOne());
    }

    /**
     * The reader linked to (issuer, subject), or a new one linked now: named by the first of {@code names} that is
     * free (each with a numeric suffix tried after it). Two first sign-ins of one person at once make one reader.
     */
    public UserAccount readerFor(String issuer, String subject, List<String> names, byte[] tokenHash,
                                 List<String> languages, Instant now) {
        return db.inTransaction(h -> {
            h.createQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:key, 0))")
                    .bind("key", "oidc:" + issuer + "\n" + subject).mapTo(Integer.class).one();
            Optional<UserAccount> linked = h.createQuery("select u.id, u.name, u.languages, u.created_at, "
                            + "u.token_issued_at, u.disabled_at from reader_identities i join users u on u.id = i.user_id "
                            + "where i.issuer = :issuer and i.subject = :subject")
                    .bind("issuer", issuer)
                    .bind("subject", subject)
                    .map(ConstructorMapper.of(UserAccount.class))
                    .findOne();
            if (linked.isPresent()) return linked.get();
            UserAccount created = null;
            for (int suffix = 1; created == null; suffix++) {
                for (String name : names) {
                    String candidate = suffix == 1 ? name : name + "-" + suffix;
                    Optional<UserAccount> made = UserStore.insert(h, candidate, tokenHash, languages, now);
                    if (made.isPresent()) {
                        created = made.get();
                        break;
                    }
                }
            }
            h.createUpdate("insert into reader_identities (issuer, subject, user_id, linked_at) "
                            + "values (:issuer, :subject, :user, :now)")
                    .bind("issuer", issuer)
                    .bind("subject", subject)
                    .bind("user", created.id())
                    .bind("now", now)
                    .execute();
            return created;
        });
    }
}
