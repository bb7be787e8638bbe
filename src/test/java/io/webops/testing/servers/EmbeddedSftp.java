package io.webops.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An Apache MINA SSHD server on 127.0.0.1, on a free port, offering only SFTP, with password
 * authentication for one user and a virtual file system rooted at {@link #root()}, a fresh
 * temporary folder. Its host key is generated into another temporary folder at start;
 * {@link #knownHostsLine()} gives the {@code known_hosts} line for it.
 */
public final class EmbeddedSftp implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final SshServer server;
    private final String user;
    private final String password;
    private final Path root;
    private final Path keyFolder;

    private EmbeddedSftp(SshServer server, String user, String password, Path root, Path keyFolder) {
        this.server = server;
        this.user = user;
        this.password = password;
        this.root = root;
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
            throw new UncheckedIOException("Could not start the embedded SFTP server", e);
        }
        return new EmbeddedSftp(server, user, password, root, keyFolder);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return server.getPort();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The folder the SFTP user sees as {@code /}. */
    public Path root() {
        return root;
    }

    /**
     * The properties the stock {@code sftp-source} / {@code sftp-sink} Kamelets need for this server and
     * {@code directory} (relative to {@link #root()}). Those Kamelets cannot be given a known_hosts entry, so host
     * key checking is off ({@code strictHostKeyChecking: no}), and {@code useUserKnownHostsFile: false} keeps the
     * test user's {@code ~/.ssh/known_hosts} out of it.
     */
    public Map<String, Object> kameletProperties(String directory) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("connectionHost", HOST);
        properties.put("connectionPort", port());
        properties.put("username", user);
        properties.put("password", password);
        properties.put("directoryName", directory);
        properties.put("strictHostKeyChecking", "no");
        properties.put("useUserKnownHostsFile", false);
        return properties;
    }

    /** Writes a file under {@link #root()} (creating its folders), as if someone had uploaded it. */
    public Path put(String relativePath, String content) {
        return TempFolders.write(root, relativePath, content);
    }

    /** The {@code known_hosts} line for this server's host key: {@code [127.0.0.1]:port ssh-... AAAA...}. */
    public String knownHostsLine() {
        KeyPairProvider keys = server.getKeyPairProvider();
        try {
            PublicKey key = keys.loadKeys(null).iterator().next().getPublic();
            return "[" + HOST + "]:" + port() + " " + PublicKeyEntry.toString(key);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the host key", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempFolders.delete(root);
            TempFolders.delete(keyFolder);
        }
    }
}
