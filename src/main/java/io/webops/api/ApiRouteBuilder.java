package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Caller;
import io.webops.json.Json;
import io.webops.triggers.QueryString;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The shape every API area shares: one platform-http route per path, a handler that returns
 * the JSON (or text) to answer, failures mapped to the one error shape of §6, and the caller
 * the request was made by. Each area of the API (workflows, credentials, accounts, agents…)
 * is one subclass.
 *
 * <p>Every route made with {@link #api} authenticates first (anonymous: 401), so a new area is
 * protected without doing anything; only {@link #publicApi} routes (sign-in, health) are open.
 * Areas check access to one resource with {@link #requireRead} / {@link #requireWrite} (the
 * rule of {@link io.webops.auth.Access}, backed by the shares table) and record changes with
 * {@link #audit}.
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** Exchange property holding the {@link Caller} a request was authenticated as. */
    public static final String CALLER = "webops.caller";

    /** The headers a handler may answer with; request headers are dropped so none is echoed back. */
    private static final java.util.Set<String> ANSWER_HEADERS = java.util.Set.of(
            Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, "Set-Cookie", "Retry-After");

    private ApiSecurity security;

    /** One API operation: reads the exchange, returns the JSON (or text) to answer. */
    @FunctionalInterface
    protected interface Handler {
        Object handle(Exchange exchange) throws Exception;
    }

    /** A route only signed-in callers reach; the handler finds them with {@link #caller}. */
    protected final void api(String name, String path, String methods, Handler handler) {
        ApiSecurity security = security();
        route(name, path, methods, e -> {
            e.setProperty(CALLER, security.authenticate(e));
            return handler.handle(e);
        });
    }

    /** A route anyone may call (sign-in, setup, health): keep these few and free of data. */
    protected final void publicApi(String name, String path, String methods, Handler handler) {
        route(name, path, methods, handler);
    }

    /** The registry's {@link ApiSecurity}, looked up once. */
    protected final ApiSecurity security() {
        if (security == null) {
            security = ApiSecurity.from(getContext());
        }
        return security;
    }

    private void route(String name, String path, String methods, Handler handler) {
        from("platform-http:" + path + "?httpMethodRestrict=" + methods)
                .routeId("api." + name)
                .routeGroup("api")
                .process(e -> respond(e, handler));
    }

    private static void respond(Exchange e, Handler handler) {
        Object result;
        try {
            result = handler.handle(e);
        } catch (io.webops.runtime.Engine.Stopping ex) {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ErrorCode.UNAVAILABLE.status());
            e.getMessage().setHeader("Retry-After", String.valueOf(ex.retryAfterSeconds()));
            result = ApiJson.error(new ApiException(ErrorCode.UNAVAILABLE, ex.getMessage()));
        } catch (io.webops.runtime.Engine.Conflict ex) {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ErrorCode.CONFLICT.status());
            result = ApiJson.error(new ApiException(ErrorCode.CONFLICT, ex.getMessage()));
        } catch (ApiException ex) {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ex.code().status());
            result = ApiJson.error(ex);
        } catch (io.webops.kamelets.KameletNode.Refused ex) { // a Kamelet node's deployment refused
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ErrorCode.VALIDATION_FAILED.status());
            result = ApiJson.error(new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage()));
        } catch (StackOverflowError ex) { // something in the request nests deeper than a parser checks: one line, a 400
            org.slf4j.LoggerFactory.getLogger(ApiRouteBuilder.class).warn("API {}: the request nests too deeply to process",
                    e.getMessage().getHeader(Exchange.HTTP_URI));
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ErrorCode.INVALID_REQUEST.status());
            result = ApiJson.error(new ApiException(ErrorCode.INVALID_REQUEST,
                    "The request nests too deeply to be processed; flatten it"));
        } catch (Exception ex) {
            org.slf4j.LoggerFactory.getLogger(ApiRouteBuilder.class).warn("API {} failed", e.getMessage().getHeader(Exchange.HTTP_URI), ex);
            ApiException internal = new ApiException(ErrorCode.INTERNAL, "Internal error: " + ex.getMessage());
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            result = ApiJson.error(internal);
        }
        e.getMessage().getHeaders().keySet().removeIf(h -> !ANSWER_HEADERS.contains(h));
        if (result == null) {
            e.getMessage().setBody(null);
        } else if (result instanceof Download file) {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, file.contentType());
            e.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + file.filename() + "\"");
            e.getMessage().setBody(file.bytes());
        } else if (result instanceof byte[] bytes) {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(bytes);
        } else if (result instanceof String text) {
            e.getMessage().setBody(text.getBytes(StandardCharsets.UTF_8));
        } else {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody(Json.bytes(result));
        }
    }

    /** A handler's answer that is a file to download (its name made of safe characters by the handler). */
    protected record Download(String contentType, String filename, byte[] bytes) {
    }

    /** Who made the request (set by {@link #api} before the handler runs). */
    protected static Caller caller(Exchange e) {
        Caller c = e.getProperty(CALLER, Caller.class);
        if (c == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Sign in first");
        }
        return c;
    }

    /** 403 unless the caller is an admin. */
    protected static void requireAdmin(Exchange e) {
        if (!caller(e).isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only admins may do this");
        }
    }

    /** 403 for viewers, who may not create, change or run anything. */
    protected static void requireWriter(Exchange e) {
        if (!caller(e).canWrite()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Viewers may not create, change or run anything");
        }
    }

    /** 404 (as if it did not exist, so ids do not leak) unless the caller may read the resource. */
    protected final void requireRead(Exchange e, String kind, String id, String ownerId, String what) {
        if (!security().access().canRead(caller(e), kind, id, ownerId)) {
            throw ApiException.notFound(what, id);
        }
    }

    /** 404 unless the caller may read the resource, then 403 unless they may also change it. */
    protected final void requireWrite(Exchange e, String kind, String id, String ownerId, String what) {
        requireRead(e, kind, id, ownerId, what);
        if (!security().access().canWrite(caller(e), kind, id, ownerId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, caller(e).canWrite()
                    ? what + " '" + id + "' is shared with you read-only: ask its owner for edit access"
                    : "Viewers may not create, change or run anything");
        }
    }

    /**
     * The share endpoint of any resource kind: {@code GET} answers the resource's shares, {@code POST {user_id|email,
     * access: read|edit}} grants (answers the shares), {@code DELETE} with the same user fields in the body or query
     * revokes (204). Only the owner or an admin may see or change shares; the caller must already have passed
     * {@link #requireRead}.
     */
    protected final Object share(Exchange e, String kind, String id, String ownerId, String what) {
        if (!security().access().canShare(caller(e), ownerId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only the owner of " + what + " '" + id + "' or an admin may share it");
        }
        if (method(e).equals("GET")) {
            return shares(kind, id);
        }
        boolean revoke = method(e).equals("DELETE");
        JsonNode b = revoke ? bodyOrEmpty(e) : body(e);
        String userId = b.path("user_id").asText(query(e, "user_id"));
        String email = b.path("email").asText(query(e, "email"));
        var users = security().store().users();
        var user = (userId != null ? users.get(userId) : email != null ? users.byEmail(email) : java.util.Optional.<io.webops.history.Users.User>empty())
                .orElseThrow(() -> userId == null && email == null
                        ? new ApiException(ErrorCode.INVALID_REQUEST, "Name the user to share with: user_id or email")
                        : ApiException.notFound("User", userId != null ? userId : email));
        var shares = security().access().shares();
        if (revoke) {
            shares.remove(kind, id, user.id());
            audit(e, kind + ".unshare", kind, id, Json.object().put("user_id", user.id()));
            status(e, 204);
            return null;
        }
        String access = b.path("access").asText(io.webops.auth.Access.READ);
        if (!access.equals(io.webops.auth.Access.READ) && !access.equals(io.webops.auth.Access.EDIT)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "access must be read or edit, not '" + access + "'");
        }
        if (user.id().equals(ownerId)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, user.email() + " owns " + what + " '" + id + "' already");
        }
        shares.put(kind, id, user.id(), access);
        audit(e, kind + ".share", kind, id, Json.object().put("user_id", user.id()).put("access", access));
        return shares(kind, id);
    }

    /** {@code {shares: [{user_id, email, access}]}} of one resource. */
    private JsonNode shares(String kind, String id) {
        var users = security().store().users();
        com.fasterxml.jackson.databind.node.ArrayNode list = Json.NODES.arrayNode();
        for (var s : security().access().shares().of(kind, id)) {
            list.addObject().put("user_id", s.userId())
                    .put("email", users.get(s.userId()).map(io.webops.history.Users.User::email).orElse(null))
                    .put("access", s.access());
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.object();
        out.set("shares", list);
        return out;
    }

    /** Records who did what to which resource; {@code detail} is a small JSON object or null, never a secret. */
    protected final void audit(Exchange e, String action, String kind, String id, JsonNode detail) {
        security().audit(caller(e).userId(), action, kind, id, detail == null ? null : Json.write(detail));
    }

    protected static String method(Exchange e) {
        return e.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }

    protected static String id(Exchange e) {
        return e.getMessage().getHeader("id", String.class);
    }

    protected static String query(Exchange e, String name) {
        return QueryString.parse(e.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).get(name);
    }

    protected static void status(Exchange e, int code) {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code);
    }

    protected static int limit(Exchange e) {
        String l = query(e, "limit");
        if (l == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(l);
            if (n < 1 || n > 200) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 to 200");
        }
    }

    /** The request body as a JSON object, or a 400 that says what is wrong with it. */
    protected static JsonNode body(Exchange e) {
        byte[] raw = e.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body must be a JSON document");
        }
        JsonNode node = parse(raw);
        if (!node.isObject()) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
        }
        return node;
    }

    /** The request body as any JSON value, {@code {}} when there is none. */
    protected static JsonNode bodyOrEmpty(Exchange e) {
        byte[] raw = e.getMessage().getBody(byte[].class);
        return raw == null || raw.length == 0 ? Json.object() : parse(raw);
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return Json.parse(raw);
        } catch (Json.TooDeep ex) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body is refused: " + ex.getMessage());
        } catch (IllegalArgumentException ex) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + ex.getMessage());
        }
    }
}
