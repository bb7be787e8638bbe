package io.webops.testing.servers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The three connector servers together, for a test class that needs them all, as a JUnit extension:
 * {@code @RegisterExtension static final LoopbackServers servers = new LoopbackServers();} starts them before the
 * class's tests and closes them after.
 */
public final class LoopbackServers implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedFtp ftp;
    private EmbeddedSftp sftp;
    private EmbeddedArtemis artemis;

    @Override
    public void beforeAll(ExtensionContext context) {
        ftp = EmbeddedFtp.start();
        sftp = EmbeddedSftp.start();
        artemis = EmbeddedArtemis.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // closed in reverse order, each even if another fails; a server that did not start is null and skipped
        try (EmbeddedFtp f = ftp; EmbeddedSftp s = sftp; EmbeddedArtemis a = artemis) {
            ftp = null;
            sftp = null;
            artemis = null;
        }
    }

    public EmbeddedFtp ftp() {
        return ftp;
    }

    public EmbeddedSftp sftp() {
        return sftp;
    }

    public EmbeddedArtemis artemis() {
        return artemis;
    }
}
