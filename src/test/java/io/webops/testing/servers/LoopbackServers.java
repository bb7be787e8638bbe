package io.webops.testing.servers;

/**
 * The three connector servers together, for a test class that needs them all: start in {@code @BeforeAll}, close in
 * {@code @AfterAll}.
 */
public record LoopbackServers(EmbeddedFtp ftp, EmbeddedSftp sftp, EmbeddedArtemis artemis) implements AutoCloseable {

    public static LoopbackServers start() {
        EmbeddedFtp ftp = EmbeddedFtp.start();
        EmbeddedSftp sftp = null;
        try {
            sftp = EmbeddedSftp.start();
            return new LoopbackServers(ftp, sftp, EmbeddedArtemis.start());
        } catch (RuntimeException e) {
            ftp.close();
            if (sftp != null) {
                sftp.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try (EmbeddedFtp f = ftp; EmbeddedSftp s = sftp; EmbeddedArtemis a = artemis) {
            // closed in reverse order by try-with-resources, each even if another fails
        }
    }
}
