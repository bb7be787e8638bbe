package io.webops.kamelets.guard;

import io.webops.security.SsrfGuard;
import org.apache.camel.CamelContext;

/** Installs the SSRF guard for the stock ftp, sftp and jms-apache-artemis Kamelets in a CamelContext. */
public final class ConnectionGuards {

    private ConnectionGuards() {
    }

    /**
     * Binds {@link GuardedFtpComponent} as {@code ftp} and {@link GuardedSftpComponent} as {@code sftp}, and registers
     * {@link ArtemisBrokerGuard} for JMS endpoints: endpoints created afterwards (including those inside Kamelets)
     * connect only where {@code guard} allows. {@code ftps} is refused until it can be guarded too. Call it before any route using those schemes is added; a second call on the same context does nothing.
     */
    public static void install(CamelContext camel, SsrfGuard guard) {
        if (camel.hasComponent("ftp") instanceof GuardedFtpComponent) {
            return; // another engine on this context installed them
        }
        camel.addComponent("ftp", new GuardedFtpComponent(guard));
        camel.addComponent("sftp", new GuardedSftpComponent(guard));
        camel.getCamelContextExtension().registerEndpointCallback(new ArtemisBrokerGuard(guard));
        camel.addComponent("ftps", new UnguardedComponent("ftps",
                "the SSRF guard cannot see its connections (commons-net's FTPSClient replaces the guarded socket factory)"));
    }
}
