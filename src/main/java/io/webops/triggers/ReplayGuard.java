package io.webops.triggers;

import io.webops.history.WebhookReplays;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Signed webhook requests already accepted, each remembered until it expires: a captured request sent again is
 * refused. Kept in the store (H2 or PostgreSQL alike, one code path), so instances sharing a database refuse a replay
 * that another instance took, and a restart forgets nothing.
 */
public final class ReplayGuard {

    private final WebhookReplays store;

    public ReplayGuard(WebhookReplays store) {
        this.store = store;
    }

    /** True the first time this key is offered (within its window); false for a replay. */
    boolean firstUse(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        return store.firstUse(sha256(key), expiresAtEpochSecond, nowEpochSecond);
    }

    /** Keys hold a sender's delivery id of any length: stored as a fixed-length digest. */
    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
