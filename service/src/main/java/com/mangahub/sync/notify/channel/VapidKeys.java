package com.mangahub.sync.notify.channel;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * The installation's VAPID key pair (RFC 8292, P-256): the browser subscribes with its public key, and every push is
 * signed with its private key, so it must be one pair for every process and every restart. From the configuration
 * ({@code MANGAHUB_VAPID_PUBLIC_KEY} and {@code MANGAHUB_VAPID_PRIVATE_KEY}, base64url as {@code web-push
 * generate-vapid-keys} prints them: processes on several machines share it this way), else made once and kept in the
 * data directory ({@code vapid.properties}, created atomically: two processes starting together keep the first).
 */
public record VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey, String subject) {
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder D64 = Base64.getUrlDecoder();
    public static final String FILE = "vapid.properties";

    /** The public key as the browser's {@code applicationServerKey} and the VAPID {@code k}: 65 bytes, base64url. */
    public String publicKeyText() {
        return B64.encodeToString(raw(publicKey));
    }

    public static VapidKeys of(String publicKey, String privateKey, String subject) {
        try {
            ECParameterSpec p256 = p256();
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey pub = publicFromRaw(D64.decode(publicKey.strip()));
            ECPrivateKey priv = (ECPrivateKey) factory.generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, D64.decode(privateKey.strip())), p256));
            return new VapidKeys(pub, priv, subject);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a P-256 VAPID key pair in base64url: " + e.getMessage(), e);
        }
    }

    /** The pair kept in {@code dataDir}, made now if there is none. */
    public static VapidKeys inDataDir(Path dataDir, String subject) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            KeyPair pair = generate();
            Properties p = new Properties();
            p.setProperty("public_key", B64.encodeToString(raw((ECPublicKey) pair.getPublic())));
            p.setProperty("private_key", B64.encodeToString(scalar((ECPrivateKey) pair.getPrivate())));
            Path temp = Files.createTempFile(dataDir, "vapid", ".tmp");
            try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(out, "MangaHub Sync's VAPID key pair (Web Push): keep it; a new one unsubscribes every browser");
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException another) {
                Files.deleteIfExists(temp);
            }
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return of(p.getProperty("public_key"), p.getProperty("private_key"), subject);
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    static ECParameterSpec p256() throws GeneralSecurityException {
        var params = java.security.AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    /** An uncompressed point (0x04, x, y) as a key; anything else is refused. */
    static ECPublicKey publicFromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) throw new GeneralSecurityException("a P-256 public key is 65 bytes from 0x04");
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 1, 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 33, 65));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), p256()));
    }

    static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        fixed(key.getW().getAffineX(), out, 1);
        fixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static byte[] scalar(ECPrivateKey key) {
        byte[] out = new byte[32];
        fixed(key.getS(), out, 0);
        return out;
    }

    private static void fixed(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }
}
