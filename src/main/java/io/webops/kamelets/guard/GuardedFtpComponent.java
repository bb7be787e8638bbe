package io.webops.kamelets.guard;

import io.webops.security.SsrfGuard;
import io.webops.security.SsrfSocketFactory;
import java.net.URI;
import java.util.Map;
import javax.net.SocketFactory;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.FtpEndpointConfigurer;
import org.apache.camel.component.file.remote.CamelFTPParserFactory;
import org.apache.camel.component.file.remote.FtpComponent;
import org.apache.camel.component.file.remote.FtpConfiguration;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.camel.component.file.remote.RemoteFileComponent;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;

/**
 * camel-ftp's {@code ftp} component whose FTP clients open every socket, the control connection and the passive data
 * connections, through {@link SsrfSocketFactory}. commons-net connects passive data to the control connection's peer
 * (it ignores the address in the PASV reply since 3.9), which the guard has already judged; it checks again anyway.
 * An endpoint cannot swap the guarded client or its socket factory ({@code ftpClient=#bean},
 * {@code ftpClient.socketFactory}, {@code ftpClient.proxy}): those are refused.
 */
public final class GuardedFtpComponent extends FtpComponent {

    private final SocketFactory sockets;

    public GuardedFtpComponent(SsrfGuard guard) {
        this.sockets = new SsrfSocketFactory(guard);
    }

    /** The stock endpoint options configurer: it is found by component name, which this subclass does not carry. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new FtpEndpointConfigurer();
    }

    @Override
    protected GenericFileEndpoint<FTPFile> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        // as FtpComponent builds it, with the guarded endpoint in place of FtpEndpoint
        FtpConfiguration config = new FtpConfiguration(new URI(getBaseUri(uri)));
        FtpUtils.ensureRelativeFtpDirectory(this, config);
        FtpEndpoint<FTPFile> endpoint = new GuardedFtpEndpoint(uri, this, config, sockets);
        extractAndSetFtpClientConfigParameters(parameters, endpoint);
        extractAndSetFtpClientParameters(parameters, endpoint);
        return endpoint;
    }

    private static final class GuardedFtpEndpoint extends FtpEndpoint<FTPFile> {

        private final SocketFactory sockets;

        GuardedFtpEndpoint(String uri, RemoteFileComponent<FTPFile> component, FtpConfiguration config, SocketFactory sockets) {
            super(uri, component, config);
            this.sockets = sockets;
        }

        @Override
        protected FTPClient createFtpClient() {
            FTPClient client = new GuardedFtpClient(sockets);
            client.setParserFactory(new CamelFTPParserFactory(getCamelContext().getClassResolver()));
            return client;
        }

        @Override
        public void setFtpClient(FTPClient ftpClient) {
            throw new IllegalArgumentException("The ftp option ftpClient is not allowed: the client must be the SSRF-guarded one");
        }
    }

    private static final class GuardedFtpClient extends FTPClient {

        GuardedFtpClient(SocketFactory sockets) {
            super.setSocketFactory(sockets);
        }

        @Override
        public void setSocketFactory(SocketFactory factory) {
            // FTPClient.setProxy and the ftpClient.socketFactory endpoint option both land here
            throw new IllegalArgumentException("The FTP client's socket factory is the SSRF guard's and cannot be replaced");
        }
    }
}
