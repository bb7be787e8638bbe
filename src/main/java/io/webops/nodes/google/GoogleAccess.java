package io.webops.nodes.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens and failures for the Google node types with a {@code google} credential: a service account (a JWT
 * signed RS256 with its private key, exchanged at its {@code token_uri}) or an OAuth client with a refresh token.
 * Access tokens are cached until a minute before they expire; the exchange goes through the runtime's HTTP caller, so
 * a user-set API root or token URI passes the SSRF guard. The API calls themselves are the nodes' route steps
 * ({@code google-sheets:}, {@code kamelet:webops-http-action}); Google's answers become clear node errors: 403
 * permission, 404 not found, 401 authentication, 429/5xx transient. Secrets are scrubbed from every message.
 */
final class GoogleAccess {

    /** Google's OAuth token endpoint for refresh tokens, under the API root. */
    static final String REFRESH_PATH = "oauth2/v4/token";
    private static final String DEFAULT_TOKEN_ROOT = "https://www.googleapis.com/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Token(String value, Instant refreshAt) {
    }

    private final Node node;
    private final HttpCaller http;
    private final long timeoutMillis;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    GoogleAccess(Node node, HttpCaller http) {
        this.node = node;
        this.http = http;
        this.timeoutMillis = node.timeoutSeconds() * 1000L;
    }

    /** The API root: the credential's {@code api_root_url}, or the given API's default. */
    static String root(ResolvedCredential google, String defaultRoot) {
        String root = google.text("api_root_url", defaultRoot);
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    private static String tokenKey(ResolvedCredential google, String scope) {
        return google.id() + "\u0000" + scope + "\u0000" + fingerprint(google);
    }

    private Token cached(String key) {
        Token cached = tokens.get(key);
        return cached != null && clock.instant().isBefore(cached.refreshAt()) ? cached : null;
    }

    /** Whether an access token for {@code scope} is cached: one Google refuses was revoked before it expired. */
    boolean hasCachedToken(ResolvedCredential google, String scope) {
        return cached(tokenKey(google, scope)) != null;
    }

    /** Drops the cached access token for {@code scope}, so that the next call gets a fresh one. */
    void forgetToken(ResolvedCredential google, String scope) {
        tokens.remove(tokenKey(google, scope));
    }

    /** An access token for {@code scope}: the cached one, or one exchanged for the credential now. */
    String token(ResolvedCredential google, String scope) {
        String key = tokenKey(google, scope);
        Token cached = cached(key);
        if (cached != null) {
            return cached.value();
        }
        Token fresh = google.text("service_account_json") != null ? serviceAccountToken(google, scope) : refreshToken(google);
        tokens.put(key, fresh);
        return fresh.value();
    }

    private Token serviceAccountToken(ResolvedCredential google, String scope) {
        JsonNode account;
        try {
            account = JSON.readTree(google.text("service_account_json"));
        } catch (java.io.IOException e) {
            // the parser's message would quote the key file
            throw NodeFailure.config("Node '" + node.id() + "': the google credential's service_account_json is not JSON;"
                    + " paste the service account's key file as it was downloaded");
        }
        String email = account.path("client_email").asText(null);
        String pem = account.path("private_key").asText(null);
        String tokenUri = account.path("token_uri").asText("https://oauth2.googleapis.com/token");
        if (email == null || pem == null) {
            throw NodeFailure.config("Node '" + node.id() + "': the google credential's service_account_json lacks client_email"
                    + " or private_key; paste the service account's key file as it was downloaded");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (account.hasNonNull("private_key_id")) {
            header.put("kid", account.get("private_key_id").asText());
        }
        ObjectNode claims = JSON.createObjectNode().put("iss", email).put("scope", scope).put("aud", tokenUri)
                .put("iat", now).put("exp", now + 3600);
        String unsigned = base64Url(write(header)) + "." + base64Url(write(claims));
        String jwt = unsigned + "." + base64Url(sign(unsigned, pem));
        return exchange(google, tokenUri, "grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + enc(jwt));
    }

    private Token refreshToken(ResolvedCredential google) {
        String clientId = google.text("client_id");
        String secret = google.text("client_secret");
        String refresh = google.text("refresh_token");
        if (clientId == null || secret == null || refresh == null) {
            throw NodeFailure.config("Node '" + node.id() + "': the google credential needs service_account_json, or client_id,"
                    + " client_secret and refresh_token; complete the credential");
        }
        String tokenUrl = root(google, DEFAULT_TOKEN_ROOT) + "/" + REFRESH_PATH;
        return exchange(google, tokenUrl, "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&refresh_token=" + enc(refresh));
    }

    private Token exchange(ResolvedCredential google, String tokenUrl, String form) {
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");
        HttpCaller.Response r = send(google, new HttpCaller.Request(tokenUrl, "POST", headers,
                form.getBytes(StandardCharsets.UTF_8), timeoutMillis));
        JsonNode answer = parse(r.body());
        if (r.status() == 200 && answer != null && answer.hasNonNull("access_token")) {
            long expiresIn = answer.path("expires_in").asLong(3600);
            return new Token(answer.get("access_token").asText(), clock.instant().plusSeconds(Math.max(0, expiresIn - 60)));
        }
        boolean transientFailure = r.status() == 429 || r.status() >= 500;
        String error = answer == null ? "HTTP " + r.status()
                : answer.path("error").asText("HTTP " + r.status()) + (answer.hasNonNull("error_description")
                        ? " (" + answer.get("error_description").asText() + ")" : "");
        throw new NodeFailure(transientFailure ? "GoogleError" : "AuthenticationError", "Node '" + node.id()
                + "': Google refused the google credential for an access token: " + google.scrub(error)
                + (transientFailure ? "" : "; check the credential's service account key or client id, secret and refresh token"),
                transientFailure);
    }

    /**
     * Google's error answer as the node's failure: 429, 5xx and rate-limit 403s are transient (with the answer's
     * Retry-After), 401 authentication, 403 permission, 404 not found; Google's message is quoted without secrets.
     * {@code what} names the document or sheet.
     */
    static NodeFailure apiFailure(Node node, ResolvedCredential google, int status, byte[] body, Map<String, String> headers,
                                  String what) {
        JsonNode answer = body == null ? null : parse(body);
        String message = answer == null ? "" : answer.path("error").path("message").asText("");
        String reason = answer == null ? "" : answer.toString();
        String detail = message.isEmpty() ? "" : " (Google: " + google.scrub(message) + ")";
        String prefix = "Node '" + node.id() + "': ";
        if (status == 429 || status >= 500 || (status == 403 && (reason.contains("rateLimitExceeded") || reason.contains("RESOURCE_EXHAUSTED")))) {
            return io.webops.nodes.RetryAfterFailure.of("GoogleError", prefix + "Google answered HTTP " + status + " for " + what
                    + detail + "; temporary, retried when the node retries", true, headers);
        }
        return switch (status) {
            case 401 -> new NodeFailure("AuthenticationError", prefix + "Google did not accept the access token for " + what
                    + detail + "; check the google credential", false);
            case 403 -> new NodeFailure("PermissionError", prefix + "no permission to access " + what + detail
                    + "; share it with the service account's client_email or the OAuth user", false);
            case 404 -> new NodeFailure("NotFound", prefix + what + " was not found" + detail + "; check its id", false);
            default -> new NodeFailure("GoogleError", prefix + "Google answered HTTP " + status + " for " + what + detail, false);
        };
    }

    /** A call to Google that got no answer (refused by the SSRF guard, timed out, unreachable), named for the node. */
    static NodeFailure unanswered(Node node, ResolvedCredential google, NodeFailure f) {
        return new NodeFailure(f.kind(), "Node '" + node.id() + "': calling Google failed: " + google.scrub(f.getMessage()), f.isTransient());
    }

    private HttpCaller.Response send(ResolvedCredential google, HttpCaller.Request request) {
        try {
            return http.call(request);
        } catch (NodeFailure f) {
            throw unanswered(node, google, f);
        }
    }

    private byte[] sign(String data, String pem) {
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(data.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw NodeFailure.config("Node '" + node.id() + "': the private_key of the google credential's service account"
                    + " is not a PKCS#8 RSA key; paste the service account's key file as it was downloaded");
        }
    }

    private static String fingerprint(ResolvedCredential google) {
        StringBuilder b = new StringBuilder();
        for (String field : new String[] {"service_account_json", "client_id", "client_secret", "refresh_token", "api_root_url"}) {
            b.append(google.text(field, "")).append('\u0000');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Encodes one URL path segment (a spreadsheet id, a range such as {@code Sheet 1!A1:C9}). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!").replace("%3A", ":");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] write(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
