package io.webops.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Serves the canvas (the Vite build of {@code ui/}, packed into the jar under {@code ui/}): the page at {@code /} and
 * at the canvas's own paths ({@code /workflows/...}, {@code /templates}, {@code /credentials}, {@code /tokens},
 * {@code /dashboard}, {@code /agents}, {@code /users}, {@code /audit}, {@code /notifications}, and
 * {@code /setup?token=...}, the one-time link that creates the first admin) so a reload or a shared link opens the
 * same view, and the hashed bundles under {@code /assets/}.
 */
public final class UiRoutes extends RouteBuilder {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript", "css", "text/css",
            "svg", "image/svg+xml", "png", "image/png", "json", "application/json", "ico", "image/x-icon");

    @Override
    public void configure() {
        from("platform-http:/?httpMethodRestrict=GET").routeId("ui.index").routeGroup("ui")
                .process(e -> serve(e, "index.html"));
        for (String page : new String[] {"workflows", "templates", "credentials", "tokens", "setup", "dashboard", "agents",
                "users", "audit", "notifications"}) {
            from("platform-http:/" + page + "?matchOnUriPrefix=true&httpMethodRestrict=GET").routeId("ui." + page).routeGroup("ui")
                    .process(e -> serve(e, "index.html"));
        }
        from("platform-http:/assets?matchOnUriPrefix=true&httpMethodRestrict=GET").routeId("ui.assets").routeGroup("ui")
                .process(e -> {
                    String path = e.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
                    serve(e, path.startsWith("/") ? path.substring(1) : path);
                });
    }

    private static void serve(Exchange e, String file) throws IOException {
        if (file.contains("..") || file.contains("\\")) {
            notFound(e);
            return;
        }
        String name = file.startsWith("assets/") || file.equals("index.html") ? file : "assets/" + file;
        try (InputStream in = UiRoutes.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            if (in == null) {
                notFound(e);
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            e.getMessage().getHeaders().clear();
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
            e.getMessage().setBody(in.readAllBytes());
        }
    }

    private static void notFound(Exchange e) {
        e.getMessage().getHeaders().clear();
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        e.getMessage().setBody(null);
    }
}
