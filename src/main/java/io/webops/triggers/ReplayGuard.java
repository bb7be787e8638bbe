package io.webops.triggers;

import io.webops.auth.Secrets;
import io.webops.history.WebhookReplays;

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

    /**
     * True the first time this key is offered (within its window); false for a replay. Keys hold a sender's delivery
     * id of any length, so they are stored as a fixed-length digest.
     */
    boolean firstUse(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        return store.firstUse(Secrets.sha256(key), expiresAtEpochSecond, nowEpochSecond);
    }
}
