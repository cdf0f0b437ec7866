package com.mangahub.sync.store;

import com.mangahub.sync.config.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets readers give us (a MangaDex client secret, a password, refresh tokens) with AES-256-GCM under a
 * key that never enters the database: {@code MANGAHUB_SECRET_KEY} (base64 of 32 bytes, for an external database and
 * several processes, which must share it), else a key made once in the data directory ({@value #KEY_FILE}, owner
 * only). A copy of the database alone (a stolen dump, {@code db backup}) therefore holds nothing usable; the
 * sealed rows are left out of backups anyway, since they are useless without the key.
 */
public final class SecretBox {
    public static final String KEY_FILE = "secret-key";
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        if (key.length != 32) throw new StoreException("a secret key must be 32 bytes (base64 of 32 random bytes)", null);
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box with this key (tests, and {@code MANGAHUB_SECRET_KEY}). */
    public static SecretBox of(byte[] key) {
        return new SecretBox(key.clone());
    }

    /** The configured key, or the data directory's, made on first use. */
    public static SecretBox load(Path dataDir, Optional<Secret> configured) {
        if (configured.isPresent()) return new SecretBox(decode(configured.get().value()));
        Path file = dataDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path partial = dataDir.resolve(KEY_FILE + ".new");
                Files.writeString(partial, Base64.getEncoder().encodeToString(fresh));
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new SecretBox(decode(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new StoreException("cannot read or create the secret key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new StoreException("the secret key is not base64 (make one with: head -c 32 /dev/urandom | base64)", e);
        }
    }

    public byte[] seal(byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot seal a secret: " + e.getMessage(), e);
        }
    }

    /** The plain bytes; a {@link WrongKey} when this key did not seal them (another key, or altered bytes). */
    public byte[] open(byte[] sealed) {
        if (sealed.length < 1 + NONCE || sealed[0] != VERSION) throw new WrongKey();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            return cipher.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongKey();
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot open a secret: " + e.getMessage(), e);
        }
    }

    /** Sealed with another key: the key file was replaced or MANGAHUB_SECRET_KEY differs between processes. */
    public static final class WrongKey extends RuntimeException {
        WrongKey() {
            super("a secret was sealed with another key (MANGAHUB_SECRET_KEY or the data directory's secret-key "
                    + "changed); link the source again");
        }
    }
}
