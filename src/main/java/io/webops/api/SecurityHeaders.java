package io.webops.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The security headers of every answer on the port, set in one place: a Vert.x handler in front of every route, so
 * they are on the answers of Camel routes (API, webhooks, canvas, observe), of the raw event stream, and on those no
 * route gives (Vert.x's own 404, the body limit's 413). They are set when the answer's headers are written, over
 * whatever a route put there.
 *
 * <p>Webhook answers ({@code /webhooks/**}) carry what their workflow wrote, and a workflow's author is not trusted
 * with the editor's origin: {@code Content-Security-Policy: sandbox} makes a browser open such an answer in an
 * opaque origin without scripts, so an HTML answer cannot read the {@code webops_csrf} cookie or call the API with
 * the session of whoever follows the link. Everything else is the editor or its API and gets a policy that allows
 * only the canvas's own bundles, and is never framed.
 */
public final class SecurityHeaders {

    /** The canvas's own scripts only; React Flow sets inline style attributes, hence 'unsafe-inline' for styles. */
    static final String EDITOR_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    static final String WEBHOOK_POLICY = "sandbox";
    private static final String INSTALLED = "webops.securityHeaders";

    private final boolean webhookSandbox;

    private SecurityHeaders(boolean webhookSandbox) {
        this.webhookSandbox = webhookSandbox;
    }

    /**
     * Puts the handler in front of every route of the port's router, once. Call when the HTTP server has started and
     * before any route answers (a startup listener's {@code onCamelContextStarted} runs before the routes' consumers
     * start).
     *
     * @param webhookSandbox false drops the sandbox from webhook answers (insecure: see application.properties)
     */
    public static void install(CamelContext camel, int port, boolean webhookSandbox) {
        VertxPlatformHttpRouter router = PortRouter.of(camel, port);
        if (router.metadata().containsKey(INSTALLED)) {
            return; // Camel may call a startup listener twice, before and after the routes' consumers start
        }
        router.putMetadata(INSTALLED, true);
        SecurityHeaders headers = new SecurityHeaders(webhookSandbox);
        router.route().order(Integer.MIN_VALUE).handler(headers::handle);
    }

    private void handle(RoutingContext ctx) {
        boolean webhook = isWebhook(ctx.normalizedPath());
        ctx.addHeadersEndHandler(v -> {
            if (webhook) {
                webhook(ctx.response().headers());
            } else {
                editor(ctx.response().headers());
            }
        });
        ctx.next();
    }

    private static boolean isWebhook(String path) {
        return path != null && (path.equals("/webhooks") || path.startsWith("/webhooks/"));
    }

    private void webhook(MultiMap h) {
        if (webhookSandbox) {
            h.set("Content-Security-Policy", WEBHOOK_POLICY);
        }
        h.set("X-Content-Type-Options", "nosniff");
    }

    private static void editor(MultiMap h) {
        h.set("Content-Security-Policy", EDITOR_POLICY);
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
    }
}
