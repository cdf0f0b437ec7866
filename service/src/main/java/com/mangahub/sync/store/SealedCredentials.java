package com.mangahub.sync.store;

import com.mangahub.sync.store.SourceStore.Credentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * A source's credentials as the database holds them: one sealed blob per source ({@link SecretBox}), never a column
 * per secret, so nothing of them is readable, searchable or indexed in plain.
 */
final class SealedCredentials {
    private final SecretBox box;

    SealedCredentials(SecretBox box) {
        this.box = box;
    }

    void save(Handle h, long sourceId, Credentials c, Instant now) {
        h.createUpdate("insert into library_source_secrets (source_id, sealed, updated_at) values (:id, :sealed, :now) "
                        + "on conflict (source_id) do update set sealed = excluded.sealed, updated_at = excluded.updated_at")
                .bind("id", sourceId).bind("sealed", box.seal(encode(c))).bind("now", now).execute();
    }

    Credentials open(byte[] sealed) {
        return decode(box.open(sealed));
    }

    private static byte[] encode(Credentials c) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            for (String s : new String[] {c.clientId(), c.clientSecret(), c.username(), c.password(), c.refreshToken(),
                    c.accessToken()}) {
                out.writeBoolean(s != null);
                if (s != null) out.writeUTF(s);
            }
            out.writeLong(c.accessExpiresAt() == null ? Long.MIN_VALUE : c.accessExpiresAt().toEpochMilli());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new StoreException("cannot encode credentials", e);
        }
    }

    private static Credentials decode(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            String[] v = new String[6];
            for (int i = 0; i < v.length; i++) v[i] = in.readBoolean() ? in.readUTF() : null;
            long expires = in.readLong();
            return new Credentials(v[0], v[1], v[2], v[3], v[4], v[5],
                    expires == Long.MIN_VALUE ? null : Instant.ofEpochMilli(expires));
        } catch (IOException e) {
            throw new StoreException("cannot decode credentials", e);
        }
    }
}
