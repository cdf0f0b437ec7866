package com.mangahub.sync.reader;

import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.store.UserStore.UserAccount;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creating users (the token is returned once) and recognising them by token, for every channel. */
public final class UserAccounts {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[a-z]{2})?");
    private static final int MAX_TOKEN_LENGTH = 128;

    private final UserStore users;
    private final Clock clock;

    public UserAccounts(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
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

    /** The user holding this token, if any. */
    public Optional<UserAccount> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        return users.findByTokenHash(ApiTokens.hash(token));
    }
}
