package io.webops.triggers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signatures already accepted, each remembered until its timestamp leaves the replay window: a captured signed
 * request sent again inside the window is refused. Held per instance (with several instances behind a load
 * balancer a replay to another instance inside the window is not seen: the window bounds that).
 */
public final class ReplayGuard {

    private static final int PRUNE_ABOVE = 10_000;

    private final Map<String, Long> seenUntil = new ConcurrentHashMap<>();

    /** True the first time this signature is offered (within its window); false for a replay. */
    boolean firstUse(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        if (seenUntil.size() > PRUNE_ABOVE) {
            seenUntil.values().removeIf(until -> until < nowEpochSecond);
        }
        Long previous = seenUntil.putIfAbsent(key, expiresAtEpochSecond);
        if (previous != null && previous < nowEpochSecond) {
            return seenUntil.replace(key, previous, expiresAtEpochSecond);
        }
        return previous == null;
    }
}
