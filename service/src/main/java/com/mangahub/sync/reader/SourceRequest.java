package com.mangahub.sync.reader;

import com.mangahub.sync.manga.MangaDexRefs;
import com.mangahub.sync.store.SourceStore.Credentials;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.JsonBody;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A request to link a library source, read whole or refused naming its field: {@code kind} first, so a body missing
 * it is refused for that; then what the kind needs. Secrets are kept only in the {@link Credentials} it makes.
 */
record SourceRequest(String kind, String label, UUID listId, String mode, boolean writeBack,
                     Optional<Credentials> credentials) {
    static final String ACCOUNT = "mangadex_account";
    static final String LIST = "mdlist";
    private static final Set<String> MODES = Set.of("follow_only", "mirror");
    private static final int MAX_TEXT = 200;

    static SourceRequest read(JsonBody body) {
        String kind = body.text("kind", 40);
        if (!kind.equals(ACCOUNT) && !kind.equals(LIST)) {
            throw ApiError.badRequest("kind", "kind must be mangadex_account or mdlist");
        }
        String mode = Optional.ofNullable(body.optionalText("mode", 20)).orElse("follow_only");
        if (!MODES.contains(mode)) throw ApiError.badRequest("mode", "mode must be follow_only or mirror");
        Boolean writeBack = ListInput.bool(body.node("write_back"), "write_back");
        if (kind.equals(LIST)) {
            String given = body.text("list", MAX_TEXT);
            UUID id = MangaDexRefs.parse(given, MangaDexRefs.Kind.LIST).orElseThrow(() -> ApiError.badRequest("list",
                    "list must be a MangaDex list id or its https://mangadex.org/list/{id} address"));
            if (Boolean.TRUE.equals(writeBack)) throw ApiError.badRequest("write_back", "a list has no read markers to write");
            return new SourceRequest(kind, id.toString(), id, mode, false, Optional.empty());
        }
        String clientId = body.text("client_id", MAX_TEXT);
        String clientSecret = body.text("client_secret", MAX_TEXT);
        String username = body.text("username", MAX_TEXT);
        String password = body.text("password", MAX_TEXT);
        return new SourceRequest(kind, username, null, mode, Boolean.TRUE.equals(writeBack), Optional.of(
                new Credentials(clientId, clientSecret, username, password, null, null, null)));
    }

    @Override
    public String toString() {
        return "SourceRequest[kind=" + kind + ", label=" + label + ", mode=" + mode + ", secrets=***]";
    }
}
