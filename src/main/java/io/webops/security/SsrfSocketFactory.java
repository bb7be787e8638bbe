package io.webops.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Plain sockets that connect only where the {@link SsrfGuard} allows, for clients that are not HTTP (the mail client).
 * The host is resolved through {@link SsrfGuard#resolve(String)} when the socket connects and the socket connects to
 * the address that was checked, so DNS answering differently between check and connect changes nothing. A refusal is an
 * {@link IOException} whose cause is the {@link SsrfException}.
 *
 * <p>A mail client given this factory must not fall back to a socket of its own when the factory refuses (Jakarta
 * Mail's {@code mail.<protocol>.socketFactory.fallback=false}).
 */
public final class SsrfSocketFactory extends SocketFactory {

    private final SsrfGuard guard;

    public SsrfSocketFactory(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private final class GuardedSocket extends Socket {

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IOException(new SsrfException("Refused a connection to an address that is not an internet address"));
            }
            InetAddress[] allowed;
            try {
                allowed = guard.resolve(target.getHostString());
            } catch (SsrfException e) {
                throw new IOException(e.getMessage(), e);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            super.connect(new InetSocketAddress(allowed[0], target.getPort()), timeout);
        }
    }
}
