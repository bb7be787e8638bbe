package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Secrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Message;

/**
 * The signing schemes of HMAC webhook auth (§2 {@code scheme}), each as its sender publishes it: the runtime's own
 * {@code timestamped} scheme (the default) and those of GitHub, Stripe, Slack, Shopify and Standard Webhooks. All are
 * HMAC-SHA256 compared in constant time. A scheme with a timestamp refuses one more than {@code tolerance_seconds}
 * from now; every accepted signature (and delivery id, where the sender sends one) is remembered so that the same
 * request sent again is refused.
 */
final class HmacSchemes {

    static final String DEFAULT = "timestamped";
    static final List<String> NAMES = List.of(DEFAULT, "github", "stripe", "slack", "shopify", "standard");
    static final String TIMESTAMP_HEADER = "X-Webhook-Timestamp";
    static final long DEFAULT_TOLERANCE_SECONDS = 300;
    /**
     * How long GitHub's and Shopify's signatures and delivery ids are remembered: they carry no timestamp, so a
     * captured request stays valid forever and only this memory refuses it again.
     */
    static final long UNTIMED_RETENTION_SECONDS = 86_400;

    private HmacSchemes() {
    }

    /** One signed request as a scheme checks it; {@code replayKey} prefixes every remembered key. */
    private record Signed(JsonNode auth, Message in, ByteBuffer body, byte[] key, long tolerance, long now,
            ReplayGuard replays, String replayKey) {

        String header(String name) {
            String value = in.getHeader(name, String.class);
            return value == null || value.isBlank() ? null : value.trim();
        }

        /** Null when the first use of {@code id}, else the replay refusal. */
        String firstUse(String id, long expiresAt) {
            return replays.firstUse(replayKey + id, expiresAt, now) ? null
                    : "This signed request was received already (replay refused)";
        }
    }

    /** Null when the request may pass, else why it may not. */
    static String check(JsonNode auth, Message in, ByteBuffer body, ReplayGuard replays, String workflowId) {
        String scheme = auth.path("scheme").asText(DEFAULT);
        String secret = auth.path("secret").asText();
        byte[] key;
        if ("standard".equals(scheme)) {
            try {
                key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            } catch (IllegalArgumentException e) {
                return "The webhook's secret is not a Standard Webhooks secret (whsec_<base64>)";
            }
        } else {
            key = secret.getBytes(StandardCharsets.UTF_8);
        }
        Signed s = new Signed(auth, in, body, key, auth.path("tolerance_seconds").asLong(DEFAULT_TOLERANCE_SECONDS),
                Instant.now().getEpochSecond(), replays, workflowId + ":" + scheme + ":");
        return switch (scheme) {
            case DEFAULT -> timestamped(s);
            case "github" -> github(s);
            case "stripe" -> stripe(s);
            case "slack" -> slack(s);
            case "shopify" -> shopify(s);
            case "standard" -> standard(s);
            default -> "Unsupported HMAC scheme '" + scheme + "'";
        };
    }

    /** {@code X-Signature-256: sha256=<hex HMAC of "timestamp.body">} with the Unix time in {@code X-Webhook-Timestamp}. */
    private static String timestamped(Signed s) {
        String name = s.auth().path("header").asText("X-Signature-256");
        String timestampName = s.auth().path("timestamp_header").asText(TIMESTAMP_HEADER);
        String got = s.header(name);
        if (got == null) {
            return "Missing " + name + " signature header";
        }
        Long sentAt = seconds(s.header(timestampName));
        if (sentAt == null) {
            return "Missing " + timestampName + " header (Unix seconds; the signature covers timestamp + \".\" + body)";
        }
        String stale = stale(s, sentAt, timestampName);
        if (stale != null) {
            return stale;
        }
        String expected = "sha256=" + hex(sign(s.key(), sentAt + ".", s.body()));
        String given = (got.startsWith("sha256=") ? got : "sha256=" + got).toLowerCase(Locale.ROOT);
        if (!Secrets.same(given, expected)) {
            return "Invalid " + name + " signature";
        }
        return s.firstUse(expected, sentAt + s.tolerance());
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}; {@code X-GitHub-Delivery} is unique. */
    private static String github(Signed s) {
        return untimed(s, "X-Hub-Signature-256", "X-GitHub-Delivery", got -> got.toLowerCase(Locale.ROOT),
                "sha256=" + hex(sign(s.key(), "", s.body())));
    }

    /** Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC of the body>}; {@code X-Shopify-Webhook-Id} is unique. */
    private static String shopify(Signed s) {
        return untimed(s, "X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id", got -> got,
                Base64.getEncoder().encodeToString(sign(s.key(), "", s.body())));
    }

    /**
     * A signature of the body alone: refused again for a day both by its value and by the sender's delivery id (the id
     * is not signed, so the signature is what stops a captured request sent again with another id).
     */
    private static String untimed(Signed s, String name, String idName, java.util.function.UnaryOperator<String> normal,
            String expected) {
        String got = s.header(name);
        if (got == null) {
            return "Missing " + name + " signature header";
        }
        if (!Secrets.same(normal.apply(got), expected)) {
            return "Invalid " + name + " signature";
        }
        long until = s.now() + UNTIMED_RETENTION_SECONDS;
        String refused = s.firstUse(expected, until);
        String id = s.header(idName);
        return refused != null || id == null ? refused : s.firstUse(idName.toLowerCase(Locale.ROOT) + "=" + id, until);
    }

    /** Stripe: {@code Stripe-Signature: t=<ts>,v1=<hex HMAC of "ts.body">[,v1=...]}, any v1 may match. */
    private static String stripe(Signed s) {
        String header = s.header("Stripe-Signature");
        if (header == null) {
            return "Missing Stripe-Signature signature header";
        }
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? "" : part.substring(0, eq).trim();
            if (name.equals("t")) {
                t = part.substring(eq + 1).trim();
            } else if (name.equals("v1")) {
                v1.add(part.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
            }
        }
        Long sentAt = seconds(t);
        if (sentAt == null) {
            return "Stripe-Signature has no t=<Unix seconds>";
        }
        if (v1.isEmpty()) {
            return "Stripe-Signature has no v1= signature";
        }
        String stale = stale(s, sentAt, "Stripe-Signature t");
        if (stale != null) {
            return stale;
        }
        String expected = hex(sign(s.key(), t + ".", s.body()));
        if (!anySame(v1, expected)) {
            return "Invalid Stripe-Signature signature";
        }
        return s.firstUse(expected, sentAt + s.tolerance());
    }

    /** Slack: {@code X-Slack-Signature: v0=<hex HMAC of "v0:ts:body">} with {@code X-Slack-Request-Timestamp}. */
    private static String slack(Signed s) {
        String got = s.header("X-Slack-Signature");
        if (got == null) {
            return "Missing X-Slack-Signature signature header";
        }
        String t = s.header("X-Slack-Request-Timestamp");
        Long sentAt = seconds(t);
        if (sentAt == null) {
            return "Missing X-Slack-Request-Timestamp header (Unix seconds)";
        }
        String stale = stale(s, sentAt, "X-Slack-Request-Timestamp");
        if (stale != null) {
            return stale;
        }
        String expected = "v0=" + hex(sign(s.key(), "v0:" + t + ":", s.body()));
        if (!Secrets.same(got.toLowerCase(Locale.ROOT), expected)) {
            return "Invalid X-Slack-Signature signature";
        }
        return s.firstUse(expected, sentAt + s.tolerance());
    }

    /**
     * Standard Webhooks: {@code webhook-signature: v1,<base64 HMAC of "id.ts.body"> [v1,...]} under the base64 key of
     * a {@code whsec_} secret, any v1 may match; a replay is refused by {@code webhook-id}.
     */
    private static String standard(Signed s) {
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            if (s.header(name) == null) {
                return "Missing " + name + " header";
            }
        }
        String id = s.header("webhook-id");
        String t = s.header("webhook-timestamp");
        Long sentAt = seconds(t);
        if (sentAt == null) {
            return "webhook-timestamp must be Unix seconds";
        }
        String stale = stale(s, sentAt, "webhook-timestamp");
        if (stale != null) {
            return stale;
        }
        List<String> v1 = new ArrayList<>();
        for (String entry : s.header("webhook-signature").split(" ")) {
            if (entry.startsWith("v1,")) {
                v1.add(entry.substring(3));
            }
        }
        String expected = Base64.getEncoder().encodeToString(sign(s.key(), id + "." + t + ".", s.body()));
        if (!anySame(v1, expected)) {
            return "Invalid webhook-signature signature";
        }
        return s.firstUse("webhook-id=" + id, sentAt + s.tolerance());
    }

    private static String stale(Signed s, long sentAt, String what) {
        return Math.abs(s.now() - sentAt) > s.tolerance()
                ? what + " is more than " + s.tolerance() + " s from the server's time" : null;
    }

    private static Long seconds(String value) {
        try {
            return value == null ? null : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** HMAC-SHA256 of {@code prefix} followed by the body, as every scheme signs. */
    static byte[] sign(byte[] key, String prefix, ByteBuffer body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            mac.update(body.duplicate()); // each scheme signs the same body again: its position stays
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Constant-time over every candidate (no early exit that would tell which one matched). */
    private static boolean anySame(List<String> candidates, String expected) {
        boolean any = false;
        for (String candidate : candidates) {
            any |= Secrets.same(candidate, expected);
        }
        return any;
    }
}
