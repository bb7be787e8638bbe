package io.webops.kamelets.guard;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import io.webops.security.SsrfGuard;
import io.webops.security.SsrfSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.SftpEndpointConfigurer;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.util.StringHelper;

/**
 * camel-ftp's {@code sftp} component whose JSch sessions open their socket through {@link SsrfSocketFactory} (JSch's
 * {@code Session.setSocketFactory}, set on every session the operations create). The endpoint options that would
 * route the session elsewhere, {@code proxy} and {@code bindAddress}, are refused.
 */
public final class GuardedSftpComponent extends SftpComponent {

    private final SsrfSocketFactory sockets;

    public GuardedSftpComponent(SsrfGuard guard) {
        this.sockets = new SsrfSocketFactory(guard);
    }

    /** The stock endpoint options configurer: it is found by component name, which this subclass does not carry. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new SftpEndpointConfigurer();
    }

    @Override
    protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        // as SftpComponent builds it, with the guarded endpoint in place of SftpEndpoint
        SftpConfiguration config = new GuardedSftpConfiguration(new URI(StringHelper.before(uri, "?", uri)));
        FtpUtils.ensureRelativeFtpDirectory(this, config);
        return new GuardedSftpEndpoint(uri, this, config, sockets);
    }

    private static final class GuardedSftpConfiguration extends SftpConfiguration {

        GuardedSftpConfiguration(URI uri) {
            super(uri);
        }

        @Override
        public void setBindAddress(String bindAddress) {
            throw new IllegalArgumentException("The sftp option bindAddress is not allowed: the SSRF guard opens the socket");
        }
    }

    private static final class GuardedSftpEndpoint extends SftpEndpoint {

        private final SsrfSocketFactory sockets;

        GuardedSftpEndpoint(String uri, SftpComponent component, SftpConfiguration config, SsrfSocketFactory sockets) {
            super(uri, component, config);
            this.sockets = sockets;
        }

        @Override
        public RemoteFileOperations<SftpRemoteFile> createRemoteFileOperations() {
            SftpOperations operations = new GuardedSftpOperations(sockets);
            operations.setEndpoint(this);
            return operations;
        }

        @Override
        public void setProxy(Proxy proxy) {
            throw new IllegalArgumentException("The sftp option proxy is not allowed: the SSRF guard opens the socket");
        }
    }

    private static final class GuardedSftpOperations extends SftpOperations {

        private final SsrfSocketFactory sockets;

        GuardedSftpOperations(SsrfSocketFactory sockets) {
            this.sockets = sockets;
        }

        @Override
        protected Session createSession(RemoteFileConfiguration configuration) throws JSchException {
            Session session = super.createSession(configuration);
            int connectTimeout = Math.max(0, configuration.getConnectTimeout());
            session.setSocketFactory(new com.jcraft.jsch.SocketFactory() {
                @Override
                public Socket createSocket(String host, int port) throws IOException {
                    Socket socket = sockets.createSocket();
                    socket.connect(InetSocketAddress.createUnresolved(host, port), connectTimeout);
                    return socket;
                }

                @Override
                public InputStream getInputStream(Socket socket) throws IOException {
                    return socket.getInputStream();
                }

                @Override
                public OutputStream getOutputStream(Socket socket) throws IOException {
                    return socket.getOutputStream();
                }
            });
            return session;
        }
    }
}
