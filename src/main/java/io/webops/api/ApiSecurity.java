package io.webops.api;

import io.webops.auth.Access;
import io.webops.auth.Caller;
import io.webops.auth.Secrets;
import io.webops.history.Store;
import io.webops.history.Users;
import io.webops.security.RateLimiter;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Who a request is from: an API token ({@code Authorization: Bearer}) or a canvas session (the {@code webops_session}
 * cookie, whose unsafe requests must repeat the session's CSRF token in {@code X-CSRF-Token}). Bound in the Camel
 * registry so every {@link ApiRouteBuilder} subclass finds it without being handed it. Also holds what the routes
 * share to enforce and record access: the access rule, the audit log and the sign-in rate limit.
 */
public final class ApiSecurity {

    public static final String BEAN = "webops.apiSecurity";
    public static final String SESSION_COOKIE = "webops_session";
    public static final String CSRF_COOKIE = "webops_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    private final Store store;
    private final Access access;
    private final RateLimiter signIn;

    public ApiSecurity(Store store, RateLimiter signIn) {
        this.store = store;
        this.access = new Access(store.shares());
        this.signIn = signIn;
    }

    static ApiSecurity from(CamelContext camel) {
        ApiSecurity s = camel.getRegistry().lookupByNameAndType(BEAN, ApiSecurity.class);
        if (s == null) {
            throw new IllegalStateException("Bind an ApiSecurity as '" + BEAN + "' in the Camel registry before adding API routes");
        }
        return s;
    }

    /** The caller of a request, or a 401 (no or unknown credentials) / 403 (cookie without its CSRF token). */
    Caller authenticate(Exchange e) {
        String authorization = e.getMessage().getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return store.apiTokens().use(Secrets.sha256(authorization.substring(7).trim()))
                    .flatMap(t -> store.users().get(t.userId()))
                    .map(AccountService::enabled)
                    .map(ApiSecurity::caller)
                    .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
                            "The API token is not valid (revoked or mistyped): create one with POST /api/auth/token"));
        }
        String sessionId = cookie(e, SESSION_COOKIE);
        if (sessionId != null) {
            var session = store.sessions().get(Secrets.sha256(sessionId)).orElseThrow(() -> new ApiException(
                    ErrorCode.UNAUTHORIZED, "The session has ended: sign in again with POST /api/auth/login"));
            if (UNSAFE.contains(ApiRouteBuilder.method(e))
                    && !Secrets.same(e.getMessage().getHeader(CSRF_HEADER, String.class), session.csrfToken())) {
                throw new ApiException(ErrorCode.FORBIDDEN,
                        "The " + CSRF_HEADER + " header must equal the " + CSRF_COOKIE + " cookie for " + ApiRouteBuilder.method(e));
            }
            return store.users().get(session.userId()).map(AccountService::enabled).map(ApiSecurity::caller).orElseThrow(() -> new ApiException(
                    ErrorCode.UNAUTHORIZED, "The account of this session no longer exists"));
        }
        throw new ApiException(ErrorCode.UNAUTHORIZED,
                "Sign in first: send 'Authorization: Bearer <token>' (POST /api/auth/token) or sign in with POST /api/auth/login");
    }

    /** A 429 with Retry-After when this client has tried to sign in too often. */
    void limitSignIn(Exchange e) {
        long wait = signIn.acquire(clientAddress(e));
        if (wait > 0) {
            e.getMessage().setHeader("Retry-After", String.valueOf(wait));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many sign-in attempts from this address: try again in " + wait + " s");
        }
    }

    void audit(String actorId, String action, String kind, String resourceId, String detailJson) {
        store.audit().record(actorId, action, kind, resourceId, detailJson);
    }

    Access access() {
        return access;
    }

    Store store() {
        return store;
    }

    static String cookie(Exchange e, String name) {
        Object header = e.getMessage().getHeader("Cookie");
        List<?> values = header instanceof List<?> l ? l : header == null ? List.of() : List.of(header);
        for (Object v : values) {
            for (String part : String.valueOf(v).split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return part.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    private static String clientAddress(Exchange e) {
        Object remote = e.getMessage().getHeader(REMOTE_ADDRESS);
        return remote instanceof io.vertx.core.net.SocketAddress a ? a.hostAddress() : String.valueOf(remote);
    }

    private static Caller caller(Users.User u) {
        return Caller.of(u.id(), u.role());
    }
}
