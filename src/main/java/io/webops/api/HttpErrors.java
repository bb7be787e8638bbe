package io.webops.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.webops.json.Json;
import java.lang.reflect.Field;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * The errors the HTTP server answers by itself, before any route runs: a body over the limit (whether its length was
 * announced or it arrived in chunks), a path nobody serves, a method a path does not take, a failure no route
 * answered. They get the JSON error shape of the API (§6) instead of Vert.x's plain text or HTML.
 *
 * <p>Vert.x consults only the error handlers of the router the server hands requests to, and platform-http keeps that
 * router to itself (the router it registers is mounted inside it), so it is read from the server's field;
 * HttpLayerErrorsTest fails if a Camel upgrade moves it.
 */
public final class HttpErrors {

    private HttpErrors() {
    }

    /** Sets the answers on platform-http's server; call once Camel has started. */
    public static void register(CamelContext camel, int port, long maxBodyBytes) {
        Router router = serverRouter(PortRouter.of(camel, port).getServer());
        router.errorHandler(400, ctx -> answer(ctx, ErrorCode.INVALID_REQUEST, "The request could not be read"));
        router.errorHandler(404, ctx -> answer(ctx, ErrorCode.NOT_FOUND,
                "Nothing is served at " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(405, ctx -> answer(ctx, ErrorCode.METHOD_NOT_ALLOWED,
                ctx.request().path() + " does not take " + ctx.request().method()));
        router.errorHandler(413, ctx -> answer(ctx, ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBodyBytes + " bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES)"));
        router.errorHandler(500, ctx -> answer(ctx, ErrorCode.INTERNAL, "Internal error"));
    }

    private static Router serverRouter(VertxPlatformHttpServer server) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            return (Router) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("platform-http's server router is not where it was: " + e, e);
        }
    }

    private static void answer(RoutingContext ctx, ErrorCode code, String message) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(code.status())
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.bytes(ApiJson.error(new ApiException(code, message)))));
    }
}
