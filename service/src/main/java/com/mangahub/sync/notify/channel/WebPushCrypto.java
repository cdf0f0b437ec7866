package com.mangahub.sync.notify.channel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 8291 message encryption ({@code aes128gcm}, RFC 8188, one record) and the RFC 8292 VAPID token, with the JDK's
 * own crypto: P-256 ECDH ({@code KeyAgreement "ECDH"}), AES-128-GCM, ES256 ({@code SHA256withECDSAinP1363Format}, the
 * JWS signature form) and HMAC-SHA-256, of which HKDF (RFC 5869) is two calls; JDK 21 has no HKDF class of its own.
 */
final class WebPushCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RECORD_SIZE = 4096;

    private WebPushCrypto() {}

    /** The body of a push: salt, record size, our ephemeral public key, then the one encrypted record. */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) throws GeneralSecurityException {
        KeyPair ephemeral = VapidKeys.generate();
        byte[] asPublic = VapidKeys.raw((ECPublicKey) ephemeral.getPublic());
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(ephemeral.getPrivate());
        ecdh.doPhase(VapidKeys.publicFromRaw(uaPublic), true);
        byte[] ecdhSecret = ecdh.generateSecret();
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] record = gcm.doFinal(concat(plaintext, new byte[] {2})); // 0x02: the last record, no padding
        ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
        header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
        return concat(header.array(), record);
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most one hash: extract, then the first expand block. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        byte[] prk = hmac(salt, ikm);
        return java.util.Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** {@code vapid t=<ES256 JWT for aud, exp, sub>, k=<public key>}. */
    static String vapidAuthorization(VapidKeys keys, String audience, long expiresEpochSecond) throws GeneralSecurityException {
        String header = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        String claims = b64("{\"aud\":\"" + audience + "\",\"exp\":" + expiresEpochSecond + ",\"sub\":\""
                + keys.subject().replace("\"", "") + "\"}");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(keys.privateKey());
        es256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        String jwt = header + "." + claims + "." + VapidKeys.B64.encodeToString(es256.sign());
        return "vapid t=" + jwt + ", k=" + keys.publicKeyText();
    }

    private static String b64(String json) {
        return VapidKeys.B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
