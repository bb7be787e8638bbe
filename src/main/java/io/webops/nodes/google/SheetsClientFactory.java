package io.webops.nodes.google;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import io.webops.credentials.ResolvedCredential;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.sheets.GoogleSheetsClientFactory;

/**
 * The runtime's one Sheets client for camel-google-sheets: on {@link CallerTransport} (camel-http through the SSRF
 * guard), with no credential of its own. Each request finds what it needs in the {@link Call} that the node's run put
 * in its request headers ({@code CamelGoogleSheets.requestHeaders}): the credential's API root, the node's timeout and
 * the access token, fetched (or taken from the cache) when the request is sent, so no secret is an endpoint option or
 * part of the route. A cached token Google refuses (revoked before it expired) is replaced once, as Google's own
 * credential does; any other failure goes back to the route, unretried.
 */
final class SheetsClientFactory implements GoogleSheetsClientFactory {

    /** The root the client builds its URLs on, replaced per request by the credential's. */
    static final String DEFAULT_ROOT = "https://sheets.googleapis.com/";
    /** The request header carrying the {@link Call}; taken off before the request is sent. */
    static final String CALL_HEADER = "x-webops-google-call";

    /**
     * What one request needs that the shared client cannot know: the node's token cache and credential, the scope of
     * the operation, the credential's API root and the node's timeout.
     */
    record Call(GoogleAccess google, ResolvedCredential credential, String scope, String root, long timeoutMillis) {

        /** The request headers that carry this call to the client. */
        HttpHeaders headers() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(CALL_HEADER, this);
            return headers;
        }

        @Override
        public String toString() {
            return "Call[credential " + credential.id() + ", " + scope + ", " + root + "]";
        }
    }

    private final HttpCaller http;

    SheetsClientFactory(HttpCaller http) {
        this.http = http;
    }

    /** Google's client id, secret and tokens are not used: each request carries its node's credential. */
    @Override
    public Sheets makeClient(String clientId, String clientSecret, Collection<String> scopes, String applicationName,
                             String refreshToken, String accessToken) {
        return client(applicationName);
    }

    /** Google's service account key is not used: each request carries its node's credential. */
    @Override
    public Sheets makeClient(CamelContext camelContext, String serviceAccountKey, Collection<String> scopes,
                             String applicationName, String delegate) {
        return client(applicationName);
    }

    Sheets client(String applicationName) {
        return new Sheets.Builder(new CallerTransport(http), GsonFactory.getDefaultInstance(), SheetsClientFactory::initialize)
                .setRootUrl(DEFAULT_ROOT)
                .setApplicationName(applicationName == null ? "webops" : applicationName)
                // bodies go as JSON, not gzip: what a node sent stays readable by whatever receives it
                .setGoogleClientRequestInitializer(request -> request.setDisableGZipContent(true))
                .build();
    }

    private static void initialize(HttpRequest request) {
        PerRequest auth = new PerRequest();
        request.setInterceptor(auth::intercept);
        request.setUnsuccessfulResponseHandler((r, response, supportsRetry) -> auth.refused(r, response.getStatusCode()));
        request.setIOExceptionHandler(null);
        request.setNumberOfRetries(1);
    }

    /** The call of one request, taken from its headers before its first attempt, and its access token. */
    private static final class PerRequest {
        private Call call;
        private boolean tokenWasCached;
        private boolean renewed;

        void intercept(HttpRequest request) {
            if (call == null) {
                Object carried = request.getHeaders().remove(CALL_HEADER);
                if (!(carried instanceof Call c)) {
                    throw new IllegalStateException("google-sheets: this runtime's Sheets client sends only the requests of"
                            + " google_sheets nodes, which carry their credential; configure another client for other routes");
                }
                call = c;
                request.setUrl(onRoot(request.getUrl(), call));
                int timeout = (int) Math.min(Integer.MAX_VALUE, call.timeoutMillis());
                request.setConnectTimeout(timeout);
                request.setReadTimeout(timeout);
                tokenWasCached = call.google().hasCachedToken(call.credential(), call.scope());
            }
            request.getHeaders().setAuthorization("Bearer " + call.google().token(call.credential(), call.scope()));
        }

        /** A cached token Google refused: once more with a fresh one. */
        boolean refused(HttpRequest request, int status) {
            if (status != 401 || !tokenWasCached || renewed) {
                return false;
            }
            renewed = true;
            call.google().forgetToken(call.credential(), call.scope());
            return true;
        }
    }

    /** The request's URL on the credential's API root instead of the client's. */
    private static GenericUrl onRoot(GenericUrl url, Call call) {
        GenericUrl root;
        try {
            root = new GenericUrl(call.root() + "/");
        } catch (IllegalArgumentException e) {
            throw NodeFailure.config("the google credential's api_root_url is not a URL; set it to the API's root, e.g. "
                    + DEFAULT_ROOT);
        }
        GenericUrl moved = url.clone();
        moved.setScheme(root.getScheme());
        moved.setHost(root.getHost());
        moved.setPort(root.getPort());
        // the root's path (it ends in "/"), then the request's path after its leading "/"
        List<String> parts = new ArrayList<>(root.getPathParts());
        parts.remove(parts.size() - 1);
        List<String> path = url.getPathParts();
        parts.addAll(path.subList(1, path.size()));
        moved.setPathParts(parts);
        return moved;
    }
}
