package io.webops.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An Apache MINA SSHD server on 127.0.0.1, on a free port, offering only SFTP, with password
 * authentication for one user and a virtual file system rooted at {@link #root()}, a fresh
 * temporary folder. Its host key is generated into another temporary folder at start.
 */
public final class EmbeddedSftp extends LoopbackFileServer {

    private final SshServer server;
    private final Path keyFolder;

    private EmbeddedSftp(SshServer server, String user, String password, Path root, Path keyFolder) {
        super(user, password, root);
        this.server = server;
        this.keyFolder = keyFolder;
    }

    /** Starts a server with user {@code webops} / password {@code sftp-secret}. */
    public static EmbeddedSftp start() {
        return start("webops", "sftp-secret");
    }

    public static EmbeddedSftp start(String user, String password) {
        Path root = TempFolders.create("embedded-sftp");
        Path keyFolder = TempFolders.create("embedded-sftp-key");
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(HOST);
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(keyFolder.resolve("host-key.ser")));
        server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        server.setPublickeyAuthenticator(RejectAllPublickeyAuthenticator.INSTANCE);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        try {
            server.start();
        } catch (IOException e) {
            TempFolders.delete(root);
            TempFolders.delete(keyFolder);
            throw new UncheckedIOException("Could not start the embedded SFTP server", e);
        }
        return new EmbeddedSftp(server, user, password, root, keyFolder);
    }

    @Override
    public int port() {
        return server.getPort();
    }

    /**
     * The connection properties plus {@code strictHostKeyChecking: no} (the stock sftp Kamelets cannot be given a
     * known_hosts entry) and {@code useUserKnownHostsFile: false}, which keeps the test user's
     * {@code ~/.ssh/known_hosts} out of it.
     */
    @Override
    public Map<String, Object> kameletProperties(String directory) {
        Map<String, Object> properties = super.kameletProperties(directory);
        properties.put("strictHostKeyChecking", "no");
        properties.put("useUserKnownHostsFile", false);
        return properties;
    }

    @Override
    void stopServer() throws IOException {
        try {
            server.stop(true);
        } finally {
            TempFolders.delete(keyFolder);
        }
    }
}
