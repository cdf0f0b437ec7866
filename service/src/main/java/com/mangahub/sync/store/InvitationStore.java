package com.mangahub.sync.store;

import com.mangahub.sync.store.UserStore.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The operator's invitations (table {@code invitations}): the SHA-256 of a single-use code, the languages the new
 * reader starts with, when it expires and who used it. Redeeming one creates the reader and marks it used in one
 * transaction, so two people racing with one link make one reader.
 */
public final class InvitationStore {
    private final Database db;

    public InvitationStore(Database db) {
        this.db = db;
    }

    public record InvitationRow(long id, List<String> languages, Instant createdAt, Instant expiresAt, Instant usedAt) {}

    /** What redeeming a code came to. */
    public sealed interface Redemption {
        record Redeemed(UserAccount account) implements Redemption {}
        record Unknown() implements Redemption {}
        record AlreadyUsed(Instant usedAt) implements Redemption {}
        record Expired(Instant expiredAt) implements Redemption {}
        record NameTaken() implements Redemption {}
    }

    public InvitationRow create(byte[] codeHash, List<String> languages, Instant now, Instant expiresAt) {
        return db.inTransaction(h -> h.createQuery("insert into invitations (code_hash, languages, created_at, expires_at) "
                        + "values (:hash, :languages, :now, :expires) "
                        + "returning id, languages, created_at, expires_at, used_at")
                .bind("hash", codeHash)
                .bindArray("languages", String.class, languages)
                .bind("now", now)
                .bind("expires", expiresAt)
                .map(ConstructorMapper.of(InvitationRow.class))
                .one());
    }

    /** Creates the reader {@code name} with this token hash if the code is unused and unexpired, and uses the code. */
    public Redemption redeem(byte[] codeHash, String name, byte[] tokenHash, Instant now) {
        return db.inTransaction(h -> {
            Optional<InvitationRow> found = h.createQuery("select id, languages, created_at, expires_at, used_at "
                            + "from invitations where code_hash = :hash for update")
                    .bind("hash", codeHash)
                    .map(ConstructorMapper.of(InvitationRow.class))
                    .findOne();
            if (found.isEmpty()) return new Redemption.Unknown();
            InvitationRow invitation = found.get();
            if (invitation.usedAt() != null) return new Redemption.AlreadyUsed(invitation.usedAt());
            if (!invitation.expiresAt().isAfter(now)) return new Redemption.Expired(invitation.expiresAt());
            Optional<UserAccount> created = UserStore.insert(h, name, tokenHash, invitation.languages(), now);
            if (created.isEmpty()) return new Redemption.NameTaken();
            h.createUpdate("update invitations set used_at = :now, used_by = :user where id = :id")
                    .bind("now", now)
                    .bind("user", created.get().id())
                    .bind("id", invitation.id())
                    .execute();
            return new Redemption.Redeemed(created.get());
        });
    }
}
