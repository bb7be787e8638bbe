package io.webops.history;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered execution ids: UUID version 7 (RFC 9562) in the usual 36-character text form: 48-bit Unix
 * milliseconds, then 74 random bits. Ids created later sort later (as text and as UUIDs) at millisecond granularity,
 * so new rows are appended at the end of the executions primary-key index instead of at a random place (fewer
 * pages touched per insert, in H2's MVStore and in PostgreSQL's B-tree alike). The random bits come from a
 * {@link SecureRandom}, as for {@link UUID#randomUUID()} (74 instead of 122 random bits); unlike those, the id reveals
 * its creation time.
 */
public final class ExecutionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExecutionIds() {
    }

    /** A new version 7 UUID string for the current time. */
    public static String next() {
        return at(System.currentTimeMillis()).toString();
    }

    static UUID at(long epochMillis) {
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long randA = ((r[0] & 0xFFL) << 8) | (r[1] & 0xFFL);
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = (randB << 8) | (r[i] & 0xFFL);
        }
        long msb = (epochMillis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
