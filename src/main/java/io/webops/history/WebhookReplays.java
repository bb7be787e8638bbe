package io.webops.history;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed webhook requests already accepted, one row each until it expires. The primary key makes the check and the
 * record one statement: of two instances offered the same request at once, exactly one insert succeeds.
 */
public final class WebhookReplays {

    private static final long PRUNE_EVERY_SECONDS = 60;

    private final Sql sql;
    private final AtomicLong lastPrune = new AtomicLong();

    WebhookReplays(Sql sql) {
        this.sql = sql;
    }

    /** True the first time {@code key} is offered (or once its earlier use has expired); false for a replay. */
    public boolean firstUse(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        long last = lastPrune.get();
        if (nowEpochSecond - last >= PRUNE_EVERY_SECONDS && lastPrune.compareAndSet(last, nowEpochSecond)) {
            sql.update("DELETE FROM webhook_replays WHERE expires_at < ?", nowEpochSecond);
        } else {
            sql.update("DELETE FROM webhook_replays WHERE replay_key = ? AND expires_at < ?", key, nowEpochSecond);
        }
        try {
            sql.update("INSERT INTO webhook_replays (replay_key, expires_at) VALUES (?, ?)", key, expiresAtEpochSecond);
            return true;
        } catch (IllegalStateException duplicate) {
            return false;
        }
    }
}
