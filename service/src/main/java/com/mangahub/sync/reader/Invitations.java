package com.mangahub.sync.reader;

import com.mangahub.sync.store.InvitationStore;
import com.mangahub.sync.store.InvitationStore.InvitationRow;
import com.mangahub.sync.store.InvitationStore.Redemption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The operator's invitations: a single-use code (256 random bits, only its SHA-256 stored) that expires; whoever
 * holds it picks a reader name once and becomes that reader. The link carries the code after {@code #}, so it never
 * reaches a server's or proxy's access log.
 */
public final class Invitations {
    private final InvitationStore store;
    private final Clock clock;

    public Invitations(InvitationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An invitation just made, with the only copy of its code. */
    public record NewInvitation(InvitationRow row, String code) {}

    public NewInvitation create(List<String> languages, Duration validFor) {
        String code = ApiTokens.newToken().substring("mh_".length());
        var now = clock.instant();
        return new NewInvitation(store.create(ApiTokens.hash(code), languages, now, now.plus(validFor)), code);
    }

    /**
     * Creates the reader {@code name} from the code; validate the name with {@link UserAccounts#problemWith} first.
     * The reader's API token is made but never shown: they sign in by the session this leads to, and can make app
     * tokens or rotate the API token to see one.
     */
    public Redemption redeem(String code, String name) {
        return store.redeem(ApiTokens.hash(code), name, ApiTokens.hash(ApiTokens.newToken()), clock.instant());
    }
}
