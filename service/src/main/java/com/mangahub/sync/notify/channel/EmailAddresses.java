package com.mangahub.sync.notify.channel;

import com.mangahub.sync.web.ApiError;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** A reader's email address, accepted only as one bare, strictly parsed address (it ends up in a To header). */
final class EmailAddresses {
    private EmailAddresses() {}

    static String strict(String raw) {
        // CR or LF would end the header and start the reader's own: refused before any parser sees it
        if (raw.chars().anyMatch(c -> c == '\r' || c == '\n' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw ApiError.badRequest("address", "address must be one email address without spaces or line breaks");
        }
        try {
            InternetAddress parsed = new InternetAddress(raw, true);
            parsed.validate();
            if (parsed.isGroup() || parsed.getPersonal() != null || !raw.equals(parsed.getAddress())
                    || raw.indexOf('@') <= 0 || raw.indexOf('@') == raw.length() - 1) {
                throw ApiError.badRequest("address", "address must be a bare address such as reader@example.org");
            }
            return raw;
        } catch (AddressException e) {
            throw ApiError.badRequest("address", "address is not a valid email address");
        }
    }
}
