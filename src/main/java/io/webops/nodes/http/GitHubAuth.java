package io.webops.nodes.http;

import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.nodes.NodeFailure;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A github credential on an HTTP node: its token goes as {@code Authorization: Bearer <token>} to the GitHub API it
 * names ({@code api_url}, default {@value #DEFAULT_API}; a GitHub Enterprise server's {@code https://host/api/v3})
 * and nowhere else. A call to any other URL fails the node before anything is sent: a token picked for GitHub that
 * went to the URL a template or an upstream field made up would be a token handed to whoever runs that host. The
 * HTTP client does not follow a redirect to another host while the request carries the token.
 */
final class GitHubAuth {

    static final String KIND = "github";
    static final String DEFAULT_API = "https://api.github.com";

    private GitHubAuth() {
    }

    static void authorize(Node node, ResolvedCredential credential, String target, Map<String, String> headers) {
        String base = credential.text("api_url", DEFAULT_API);
        if (!within(base, target)) {
            throw NodeFailure.config("Node '" + node.id() + "': credential '" + credential.id() + "' is a github credential,"
                    + " sent only to its GitHub API " + base + "; " + HttpNode.redact(target)
                    + " is elsewhere: call the GitHub API, or pick an http credential for this URL");
        }
        headers.put("Authorization", "Bearer " + credential.text("token", ""));
    }

    /** Whether the URL is on the base's scheme, host and port, under its path (on a segment boundary). */
    static boolean within(String base, String url) {
        URI b;
        URI u;
        try {
            b = URI.create(base.trim());
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (b.getScheme() == null || u.getScheme() == null || b.getHost() == null || u.getHost() == null
                || u.getRawUserInfo() != null) {
            return false;
        }
        String basePath = b.getRawPath() == null ? "" : b.getRawPath().replaceAll("/+$", "");
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        return b.getScheme().equalsIgnoreCase(u.getScheme())
                && b.getHost().toLowerCase(Locale.ROOT).equals(u.getHost().toLowerCase(Locale.ROOT))
                && port(b) == port(u)
                && (basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/"));
    }

    private static int port(URI u) {
        if (u.getPort() > 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
