package io.webops.nodes.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The response headers a workflow may set on its webhook answer (a {@code respond} node's {@code headers}). A webhook
 * answer is served from the editor's origin, so a header that acts on that origin (cookies, security policies, CORS,
 * HSTS) or on the connection (hop-by-hop, framing) is the runtime's alone. Names are compared case-insensitively.
 * Checked when a workflow is validated and again when the answer is written.
 */
public final class ResponseHeaders {

    private static final Set<String> ALLOWED = Set.of(
            "content-type", "content-language", "content-disposition", "cache-control", "pragma", "expires",
            "etag", "last-modified", "location", "retry-after", "vary", "link");

    /** X- headers that browsers or reverse proxies act on (nginx's X-Accel-Redirect serves internal files, etc.). */
    private static final Set<String> REFUSED_X = Set.of(
            "x-frame-options", "x-content-type-options", "x-xss-protection", "x-permitted-cross-domain-policies",
            "x-dns-prefetch-control", "x-download-options", "x-real-ip", "x-sendfile", "x-lighttpd-send-file",
            "x-original-url", "x-rewrite-url", "x-csrf-token");
    private static final List<String> REFUSED_X_PREFIXES = List.of("x-forwarded-", "x-accel-", "x-litespeed-");

    /** The allow-list as the catalogue and the validation messages state it. */
    public static final String DESCRIPTION = "Content-Type, Content-Language, Content-Disposition, Cache-Control, Pragma,"
            + " Expires, ETag, Last-Modified, Location, Retry-After, Vary, Link, and X-* headers except X-Frame-Options,"
            + " X-Content-Type-Options, X-XSS-Protection, X-Permitted-Cross-Domain-Policies, X-DNS-Prefetch-Control,"
            + " X-Download-Options, X-Real-IP, X-Forwarded-*, X-Accel-*, X-Sendfile, X-Lighttpd-Send-File, X-LiteSpeed-*,"
            + " X-Original-URL, X-Rewrite-URL and X-CSRF-Token";

    /** RFC 9110 token: what a header name may be made of (so never a {{ template }}). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private ResponseHeaders() {
    }

    /** Why a workflow may not set this header, or null when it may. */
    public static String refusal(String name) {
        if (name.contains("{{") || !TOKEN.matcher(name).matches()) {
            return "'" + name + "' is not a header name: use letters, digits and !#$%&'*+-.^_`|~ only"
                    + " (header names are not templates)";
        }
        String n = name.toLowerCase(Locale.ROOT);
        boolean allowed = ALLOWED.contains(n)
                || (n.startsWith("x-") && !REFUSED_X.contains(n) && REFUSED_X_PREFIXES.stream().noneMatch(n::startsWith));
        return allowed ? null : "header " + name + " may not be set by a workflow (allowed: " + DESCRIPTION + ")";
    }

    /** Why this value may not be sent, or null when it may: a line break would end the header early. */
    public static String valueRefusal(String name, String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0
                ? "the value of header " + name + " may not contain a line break or NUL" : null;
    }

    /**
     * The headers of a respond node's (rendered) {@code headers} object that may be sent; each one that may not is
     * passed to {@code dropped} with the reason and left out.
     */
    public static Map<String, String> sendable(JsonNode headers, BiConsumer<String, String> dropped) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null || !headers.isObject()) {
            return out;
        }
        headers.fields().forEachRemaining(h -> {
            String value = h.getValue().isValueNode() ? h.getValue().asText() : h.getValue().toString();
            String why = refusal(h.getKey());
            if (why == null) {
                why = valueRefusal(h.getKey(), value);
            }
            if (why == null) {
                out.put(h.getKey(), value);
            } else {
                dropped.accept(h.getKey(), why);
            }
        });
        return out;
    }
}
