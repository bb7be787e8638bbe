package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Caller;
import io.webops.runtime.Json;
import io.webops.runtime.QueryString;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The shape every API area shares: one platform-http route per path, a handler that returns
 * the JSON (or text) to answer, failures mapped to the one error shape of §6, and the caller
 * the request was made by. Each area of the API (workflows, credentials, accounts, agents…)
 * is one subclass.
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    /** Exchange property holding the {@link Caller} a request was authenticated as. */
    public static final String CALLER = "webops.caller";

    /** One API operation: reads the exchange, returns the JSON (or text) to answer. */
    @FunctionalInterface
    protected interface Handler {
        Object handle(Exchange exchange) throws Exception;
    }

    protected final void api(String name, String path, String methods, Handler handler) {
        from("platform-http:" + path + "?httpMethodRestrict=" + methods)
                .routeId("api." + name)
                .routeGroup("api")
                .process(e -> respond(e, handler));
    }

    private static void respond(Exchange e, Handler handler) {
        Object result;
        try {
            result = handler.handle(e);
        } catch (ApiException ex) {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, ex.code().status());
            result = ApiJson.error(ex);
        } catch (Exception ex) {
            org.slf4j.LoggerFactory.getLogger(ApiRouteBuilder.class).warn("API {} failed", e.getMessage().getHeader(Exchange.HTTP_URI), ex);
            ApiException internal = new ApiException(ErrorCode.INTERNAL, "Internal error: " + ex.getMessage());
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            result = ApiJson.error(internal);
        }
        e.getMessage().getHeaders().keySet().removeIf(h -> !h.equals(Exchange.HTTP_RESPONSE_CODE) && !h.equals(Exchange.CONTENT_TYPE));
        if (result == null) {
            e.getMessage().setBody(null);
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

    /** Who made the request; {@link Caller#SYSTEM} until sign-in is enforced. */
    protected static Caller caller(Exchange e) {
        Caller c = e.getProperty(CALLER, Caller.class);
        return c == null ? Caller.SYSTEM : c;
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
        } catch (IllegalArgumentException ex) {
            throw new ApiException(ErrorCode.INVALID_JSON, "The request body is not valid JSON: " + ex.getMessage());
        }
    }
}
