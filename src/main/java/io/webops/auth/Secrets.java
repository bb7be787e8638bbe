package io.webops.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer values (session ids, API tokens, CSRF and setup tokens) and the SHA-256 they are stored as.
 * 256 random bits make a salted slow hash unnecessary: nobody can guess a preimage.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** 32 random bytes, base64url, with a prefix that tells what it is when it shows up in a log or a leak scanner. */
    public static String random(String prefix) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time string comparison. */
    public static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Secrets() {
    }
}
