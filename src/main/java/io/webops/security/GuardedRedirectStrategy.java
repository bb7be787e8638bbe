package io.webops.security;

import java.net.URI;

import org.apache.hc.client5.http.protocol.RedirectStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Delegates redirect decisions and runs {@link SsrfGuard#checkUrl(String)} on every Location before it is followed. */
final class GuardedRedirectStrategy implements RedirectStrategy {

    private final SsrfGuard guard;
    private final RedirectStrategy delegate;

    GuardedRedirectStrategy(SsrfGuard guard, RedirectStrategy delegate) {
        this.guard = guard;
        this.delegate = delegate;
    }

    @Override
    public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        return delegate.isRedirected(request, response, context);
    }

    @Override
    public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        URI location = delegate.getLocationURI(request, response, context);
        guard.checkUrl(location.toASCIIString());
        return location;
    }

    @Override
    public boolean isRedirectAllowed(HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect,
                                     HttpContext context) {
        return delegate.isRedirectAllowed(currentTarget, newTarget, redirect, context);
    }
}
